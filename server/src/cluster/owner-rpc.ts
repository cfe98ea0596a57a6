// OwnerForwarding for cluster mode: RPCs about one actor (GetState, Snapshot, Restore,
// DescribeActor, Deactivate) run on the node that owns it.
import type { DescMessage, DescMethodUnary, MessageShape } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import type { ActorRef } from "@actorgate/client/gen";
import type { OwnerForwarding } from "../rpc/owner-forwarding.js";
import type { ClusterNode } from "./cluster-node.js";
import { FORWARDED_MARK } from "./forwarding.js";

export function ownerRpc(node: ClusterNode, requestTimeoutMs: number): OwnerForwarding {
  return {
    forward<I extends DescMessage, O extends DescMessage>(
      actor: ActorRef,
      method: DescMethodUnary<I, O>,
      request: MessageShape<I>,
      ctx: HandlerContext,
    ): Promise<MessageShape<O> | undefined> {
      // Sent here by the node that found this one the owner: answer, never send on.
      if (ctx.requestHeader.has(FORWARDED_MARK)) return Promise.resolve(undefined);
      const timeout = ctx.timeoutMs();
      const deadline = Date.now() + (timeout ?? requestTimeoutMs);
      return node.route<MessageShape<O> | undefined>(
        actor,
        deadline,
        () => Promise.resolve(undefined),
        (owner) => node.remote.rpc(owner, method, request, ctx.requestHeader, deadline),
      );
    },
  };
}
