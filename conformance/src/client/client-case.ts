import { toJson, type JsonValue } from "@bufbuild/protobuf";
import { ValueSchema } from "@bufbuild/protobuf/wkt";
import { fromJson } from "@bufbuild/protobuf";
import type { ClientOutput, ClientPayload } from "../../../clients/typescript/src/gen/actorgate/conformance/v1/client_pb.js";
import { CaseFailure } from "../assertions.js";
import type { CaseContext, CaseOf } from "../case.js";
import type { Json, Target } from "../contract.js";
import type { Observer } from "../observer.js";
import type { ClientProcess, CommandInit } from "./client-process.js";
import { SYSTEM } from "../contract.js";
import { actorKeyString } from "@actorgate/client/common";

/**
 * Optional client features an adapter declares in its features file. Core client cases
 * (invoke: payloads, replies, metadata, errors, deadlines, idempotency keys) always run.
 */
export const CLIENT_FEATURES = ["async", "subscribe", "broadcast", "activate", "state", "headers", "retries", "binary-payloads", "large-payloads"] as const;
export type ClientFeature = (typeof CLIENT_FEATURES)[number];

export type ClientCase = CaseOf<ClientCaseContext, ClientFeature>;

/** A binary payload as cases write and read it. */
export interface Binary {
  readonly typeUrl: string;
  readonly base64: string;
}

/** What the client reported for one command. */
export interface Answer {
  /** The reply / state payload as natural JSON, a Binary, or undefined when absent. */
  readonly reply?: unknown;
  readonly state?: unknown;
  readonly invocationId?: string;
  readonly revision?: number;
  readonly delivered?: number;
  readonly activated?: { actor: string; revision: number; created: boolean }[];
  readonly events?: number;
  /** Set when the command failed. */
  readonly error?: { readonly code: string; readonly message: string };
  readonly attempts: number;
  /** From writing the command to reading its answer. */
  readonly elapsedMs: number;
}

export interface InvokeSpec {
  readonly actor: Target;
  readonly action: string;
  /** undefined: no payload. */
  readonly payload?: Json | Binary;
  readonly binary?: boolean;
  readonly metadata?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly timeoutMs?: number;
  readonly idempotencyKey?: string;
  readonly async?: boolean;
  readonly retries?: number;
}

/** A subscription the adapter holds open. */
export interface Stream {
  /** Events so far, payloads as natural JSON (or Binary). */
  readonly events: { channel: string; payload: unknown; action: string }[];
  /** Resolves once `n` events arrived; fails the case after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  /** Resolves with the final answer (after `count` events, or a cancel). */
  readonly done: Promise<Answer>;
  /** Sends a cancel command for this subscription and waits for the final answer. */
  cancel(): Promise<Answer>;
}

/** What a client case gets. */
export interface ClientCaseContext {
  readonly features: ReadonlySet<ClientFeature>;
  readonly signal: AbortSignal;
  /** The runner's own gateway client and helpers, to set up and verify (not under test). */
  readonly gateway: CaseContext;
  /** Sees the client's calls inside the gateway; injects faults. */
  readonly observer: Observer;
  name(label?: string): string;
  invoke(spec: InvokeSpec): Promise<Answer>;
  /** Any command; waits for its answer. */
  command(init: CommandInit, what: string, timeoutMs?: number): Promise<Answer>;
  subscribe(channel: string, options?: { count?: number; actionFilter?: string }): Stream;
  log(line: string): void;
}

const ANSWER_TIMEOUT_MS = 10_000;

/** A case's payload as the protocol's ClientPayload init. */
export function toClientPayload(value: Json | Binary | undefined, binary = false) {
  if (value === undefined) return undefined;
  if (binary) {
    const b = value as Binary;
    return { kind: { case: "binary" as const, value: { typeUrl: b.typeUrl, value: Buffer.from(b.base64, "base64") } } };
  }
  return { kind: { case: "json" as const, value: fromJson(ValueSchema, value as JsonValue) } };
}

/** A reported payload as natural JSON, a Binary, or undefined when absent. */
export function fromClientPayload(p: ClientPayload | undefined): unknown {
  if (!p) return undefined;
  switch (p.kind.case) {
    case "json":
      return toJson(ValueSchema, p.kind.value);
    case "binary":
      return { typeUrl: p.kind.value.typeUrl, base64: Buffer.from(p.kind.value.value).toString("base64") } satisfies Binary;
    default:
      return undefined;
  }
}

function toAnswer(line: ClientOutput, elapsedMs: number): Answer {
  const attempts = line.attempts || 1;
  if (line.output.case === "error") return { error: { code: line.output.value.code, message: line.output.value.message }, attempts, elapsedMs };
  if (line.output.case !== "result") return { error: { code: "(protocol)", message: `unexpected ${line.output.case ?? "empty"} line` }, attempts, elapsedMs };
  const r = line.output.value;
  return {
    reply: fromClientPayload(r.reply),
    state: fromClientPayload(r.state),
    invocationId: r.invocationId,
    revision: Number(r.revision),
    delivered: r.delivered,
    activated: r.activated.map((a) => ({
      actor: a.actor ? actorKeyString(a.actor) : "",
      revision: Number(a.revision),
      created: a.created,
    })),
    events: r.events,
    attempts,
    elapsedMs,
  };
}

export interface ClientContextOptions {
  readonly client: () => ClientProcess;
  readonly gateway: CaseContext;
  readonly observer: Observer;
  readonly features: ReadonlySet<ClientFeature>;
  readonly signal: AbortSignal;
  readonly trace: (line: string) => void;
}

export function createClientCaseContext(o: ClientContextOptions): ClientCaseContext {
  const command = async (init: CommandInit, what: string, timeoutMs = ANSWER_TIMEOUT_MS): Promise<Answer> => {
    const started = Date.now();
    const pending = o.client().send(init);
    o.trace(`→ [${pending.id}] ${what}`);
    let timer: NodeJS.Timeout | undefined;
    const line = await Promise.race([
      pending.done,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CaseFailure(`${what}: the client adapter did not answer command ${pending.id} within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    const answer = toAnswer(line, Date.now() - started);
    o.trace(`← [${pending.id}] ${answer.error ? `${answer.error.code}: ${answer.error.message}` : "ok"} (${answer.elapsedMs} ms, ${answer.attempts} attempt${answer.attempts === 1 ? "" : "s"})`);
    return answer;
  };
  const ref = (t: Target) => ({ system: t.system ?? SYSTEM, type: t.type, name: t.name ?? "" });

  return {
    features: o.features,
    signal: o.signal,
    gateway: o.gateway,
    observer: o.observer,
    name: (label) => o.gateway.name(label),
    log: o.trace,
    command,
    invoke(spec) {
      const what = `invoke ${spec.actor.type}${spec.actor.name ? `/${spec.actor.name}` : ""}.${spec.action}`;
      return command(
        {
          command: {
            case: "invoke",
            value: {
              actor: ref(spec.actor),
              action: spec.action,
              payload: toClientPayload(spec.payload, spec.binary),
              metadata: spec.metadata,
              headers: spec.headers,
              timeoutMs: spec.timeoutMs,
              idempotencyKey: spec.idempotencyKey,
              async: spec.async,
              retries: spec.retries,
            },
          },
        },
        what,
        (spec.timeoutMs ?? 0) + ANSWER_TIMEOUT_MS,
      );
    },
    subscribe(channel, options = {}) {
      const started = Date.now();
      const pending = o.client().send({ command: { case: "subscribe", value: { system: SYSTEM, channel, count: options.count, actionFilter: options.actionFilter } } });
      o.trace(`→ [${pending.id}] subscribe ${channel}${options.count ? ` for ${options.count} events` : ""}`);
      const events: Stream["events"] = [];
      const waiters: (() => void)[] = [];
      pending.onEvent = (line) => {
        if (line.output.case !== "event") return;
        const e = line.output.value;
        events.push({ channel: e.channel, payload: fromClientPayload(e.payload), action: e.action });
        o.trace(`  [${pending.id}] event ${JSON.stringify(events.at(-1))}`);
        for (const w of waiters.splice(0)) w();
      };
      let finished = false;
      const done = pending.done.then((line) => {
        finished = true;
        return toAnswer(line, Date.now() - started);
      });
      return {
        events,
        done,
        async waitFor(n, timeoutMs = 5_000) {
          const deadline = Date.now() + timeoutMs;
          while (events.length < n) {
            const left = deadline - Date.now();
            if (left <= 0) throw new CaseFailure(`subscription ${channel}: ${n} events not reported within ${timeoutMs} ms`, { expected: `${n} events`, actual: events });
            let timer: NodeJS.Timeout | undefined;
            await Promise.race([
              new Promise<void>((r) => waiters.push(r)),
              done,
              new Promise<void>((r) => {
                timer = setTimeout(r, left);
              }),
            ]).finally(() => clearTimeout(timer));
            if (finished && events.length < n) {
              const end = await done;
              throw new CaseFailure(`subscription ${channel} ended after ${events.length} of ${n} events`, { expected: `${n} events`, actual: { events, end: end.error ?? "result" } });
            }
          }
        },
        async cancel() {
          await command({ command: { case: "cancel", value: { target: pending.id } } }, `cancel ${pending.id}`).then((a) => {
            if (a.error) throw new CaseFailure(`cancel of subscription ${pending.id} failed: ${a.error.code}: ${a.error.message}`);
          }, () => undefined);
          return done;
        },
      };
    },
  };
}
