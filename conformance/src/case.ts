import type { ActorgateClient } from "@actorgate/client";
import type { Payload } from "@actorgate/client/gen";
import type { ProcessResponse, Received, Step, Target } from "./contract.js";
import type { Controls } from "./environment.js";
import type { Feature } from "./features.js";

/** One host conformance case. Its name is `category/case`. */
export type Case = CaseOf<CaseContext, Feature>;

/** A case of any mode: host cases get a CaseContext, client cases a ClientCaseContext. */
export interface CaseOf<T, F extends string = string> {
  readonly name: string;
  /** One paragraph: the procedure and what is asserted. */
  readonly description: string;
  /** Optional features the case needs; core cases need none. */
  readonly features?: readonly F[];
  /**
   * Runs alone, after the parallel cases: it restarts something, observes something all
   * actors share (broadcasts, the pool, the named singleton), or measures wall-clock
   * time (which busy neighbours would stretch).
   */
  readonly exclusive?: boolean;
  /**
   * The codec the host must have registered: "proto" for cases a JSON host cannot pass
   * by design (an Any of a type it never uploaded has no JSON form). Skipped otherwise.
   */
  readonly codec?: "proto";
  /** Default 20000 ms. */
  readonly timeoutMs?: number;
  run(t: T): Promise<void>;
}

export interface CallOptions {
  readonly metadata?: Record<string, string>;
  /** InvokeRequest.timeout_ms, and the call's own deadline. */
  readonly timeoutMs?: number;
  readonly idempotencyKey?: string;
}

export interface CallResult {
  /** The reply: natural JSON, a google.protobuf.Any for binary replies, undefined when absent. */
  readonly reply: unknown;
  /** The raw reply payload. */
  readonly payload: Payload | undefined;
  readonly revision: number;
  readonly invocationId: string;
}

export interface ProcessResult extends CallResult {
  /** The reply parsed as a ProcessResponse (fails the case if it is not one). */
  readonly response: ProcessResponse;
}

/** What a case gets: a client, fresh names, helpers and the environment's controls. */
export interface CaseContext {
  /** A gateway client for this case; its calls show in the case's trace. */
  readonly client: ActorgateClient;
  readonly env: Controls;
  /** The features the host declared. */
  readonly features: ReadonlySet<Feature>;
  /** Aborted when the case times out. */
  readonly signal: AbortSignal;
  /** A fresh actor name, unique within the run. */
  name(label?: string): string;
  /** Invokes any action through the gateway. `input` undefined means no payload. */
  call(target: Target, action: string, input?: unknown, options?: CallOptions): Promise<CallResult>;
  /** Scripted.Process on Scripted/<name>. */
  process(name: string, steps: readonly Step[], options?: CallOptions): Promise<ProcessResult>;
  /** What Recorder/<name> has received so far. */
  received(name: string): Promise<Received[]>;
  /** Makes the actor release its activation (AdminService.Deactivate). */
  deactivate(target: Target): Promise<boolean>;
  /** The actor's current state as JSON (undefined when it has none) and revision (StateService.GetState). */
  stateOf(target: Target): Promise<{ state: unknown; revision: number }>;
  /**
   * Polls `probe` every 25 ms until `accept` holds; fails after `timeoutMs` (default 5000)
   * showing the last value seen.
   */
  eventually<T>(what: string, probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs?: number): Promise<T>;
  /** Polls `probe` for `forMs` and fails as soon as `ok` does not hold. */
  holds<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean, forMs: number): Promise<T>;
  /** Adds a line to the case's trace. */
  log(line: string): void;
}
