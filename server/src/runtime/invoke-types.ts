// The call types shared by the runtime and whatever calls it (rpc, channels, activators).
// In a file of their own so that callers inside the runtime (channels.ts) need not import
// actor-runtime.ts, which would close an import circle; actor-runtime.ts re-exports them.
import type { ActorRef, Payload } from "@actorgate/client/gen";

/** What a client (or another actor) asks the runtime to run. */
export interface InvokeInput {
  readonly actor: ActorRef | undefined;
  readonly action: string;
  readonly payload?: Payload | undefined;
  readonly metadata?: { [key: string]: string };
  readonly caller?: ActorRef | undefined;
  readonly invocationId?: string;
  readonly attempt?: number;
  /** Epoch ms; the call fails with deadline_exceeded after it. */
  readonly deadline: number;
  readonly signal?: AbortSignal | undefined;
  /** A repeated call with the same key (per actor) returns the first result. */
  readonly idempotencyKey?: string;
  /** Timer turns: not activity for idle deactivation. */
  readonly internal?: boolean;
  /**
   * Cluster mode: another node sent this call here because this node owns the actor. It
   * is not sent on again: if ownership moved meanwhile, it fails with ActorMovedError
   * and the sending node looks the owner up again.
   */
  readonly forwarded?: boolean;
}

export interface InvokeOutput {
  readonly reply: Payload | undefined;
  /** The target's revision after the call (0 for stateless actors). */
  readonly revision: number;
  readonly invocationId: string;
}

/** What Activate reports per actor. */
export interface ActivateOutput {
  readonly actor: ActorRef;
  readonly revision: number;
  readonly created: boolean;
}

/** Spawn's spawn-from-revision: new instances start from this actor's state. */
export interface ActivateFrom {
  readonly actor: ActorRef;
  /** 0 = its latest state. */
  readonly revision: number;
}
