// Calls about one actor that its owner must answer (its in-memory state, its mailbox):
// in cluster mode a node that does not own the actor sends the RPC to the node that does
// and relays the answer. A single node owns everything (THIS_NODE).
import type { DescMessage, DescMethodUnary, MessageShape } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { ActorRef } from "@actorgate/client/gen";

export interface OwnerForwarding {
  /**
   * The owner's response when another node owns `actor`; undefined when this node does
   * (the caller goes on and answers itself).
   */
  forward<I extends DescMessage, O extends DescMessage>(
    actor: ActorRef,
    method: DescMethodUnary<I, O>,
    request: MessageShape<I>,
    ctx: HandlerContext,
  ): Promise<MessageShape<O> | undefined>;
}

export const THIS_NODE: OwnerForwarding = { forward: () => Promise.resolve(undefined) };

/** What AdminService.ListNodes reports. */
export interface ClusterView {
  readonly name: string;
  readonly partitions: number;
  nodes(): ReadonlyArray<{
    readonly nodeId: string;
    readonly startedAt: number;
    readonly heartbeatAt: number;
    readonly activeActors: number;
    readonly ownedPartitions: number;
    readonly hosts: number;
    readonly leaving: boolean;
  }>;
}
