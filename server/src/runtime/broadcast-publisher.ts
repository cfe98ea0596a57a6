// What the runtime needs to publish a workflow's broadcast: one method, so that the
// runtime depends on this interface rather than on channels.ts (which calls the runtime
// and would otherwise close an import circle). Channels implements it; gateway.ts wires it.
import type { ActorRef, Payload } from "@actorgate/client/gen";

/** One broadcast on a channel. */
export interface BroadcastInput {
  readonly system: string;
  readonly channel: string;
  readonly payload: Payload | undefined;
  /** Overrides each subscription's action when set. */
  readonly action?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  /** The actor that broadcast it, if any. */
  readonly publisher?: ActorRef;
}

export interface BroadcastPublisher {
  /** Resolves, once every delivery on this node has settled, with the number that succeeded. */
  publish(msg: BroadcastInput): Promise<number>;
}
