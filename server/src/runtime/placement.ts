// Where an actor lives. The runtime asks its ActorPlacement before it activates an actor
// or runs a call: single-node mode owns everything (SINGLE_NODE below); cluster mode
// (server/src/cluster/) answers from the partition directory, forwards calls for actors
// owned elsewhere, and fences this node's state writes with the partition's epoch.
import type { ActorRef } from "@actorgate/client/gen";
import { Code } from "@connectrpc/connect";
import { GatewayError } from "../errors.js";
import type { ActorKey, OwnerFence } from "../store/store.js";
import type { ActivateFrom, ActivateOutput, InvokeInput, InvokeOutput } from "./invoke-types.js";

/** The calls a node makes to an actor's owner on another node. */
export interface RemoteActors {
  invoke(node: string, input: InvokeInput): Promise<InvokeOutput>;
  activate(node: string, ref: ActorRef, deadline: number, from: ActivateFrom | undefined): Promise<ActivateOutput>;
}

export interface ActorPlacement {
  /**
   * Runs `local` when this node owns `key`, passing the fence its state writes carry, or
   * `remote` with the owner's node id. While the actor is between owners (failover,
   * hand-over) it waits, up to `deadline`; when either side throws ActorMovedError it
   * looks again. Without `remote` (a call another node forwarded here) an actor owned
   * elsewhere fails with ActorMovedError instead of travelling on.
   */
  route<T>(
    key: ActorKey,
    deadline: number,
    local: (fence: OwnerFence | undefined) => Promise<T>,
    remote: ((node: string) => Promise<T>) | undefined,
  ): Promise<T>;
  /**
   * The fence for a new activation of `key` on this node, which must own it (else
   * ActorMovedError); undefined on a single node.
   */
  fence(key: ActorKey): OwnerFence | undefined;
  /** Whether an activation with this fence may still answer: its partition is still ours. */
  holds(fence: OwnerFence | undefined): boolean;
  readonly remote: RemoteActors;
}

/**
 * This node does not own the actor (any more): its partition moved to another node, or
 * this node's lease lapsed. Nothing of the call was applied; placement retries it at the
 * new owner, and a client that sees it may retry too.
 */
export class ActorMovedError extends GatewayError {
  constructor(message: string) {
    super(Code.Unavailable, message);
    this.name = "ActorMovedError";
  }
}

/** One node owns every actor: no fences, nothing remote. */
export const SINGLE_NODE: ActorPlacement = {
  route: (_key, _deadline, local) => local(undefined),
  fence: () => undefined,
  holds: () => true,
  remote: {
    invoke: () => Promise.reject(new ActorMovedError("single-node gateway: no other node")),
    activate: () => Promise.reject(new ActorMovedError("single-node gateway: no other node")),
  },
};
