import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import type { ActorService, HostService, StateService } from "@actorgate/client/gen";
import type { CallContext } from "../rpc/call-context.js";

/**
 * The gateway's own service implementations, the very ones connect-node routes to: the
 * adapter turns each Spawn request into one of their calls (Register, Activate, Invoke,
 * Restore), so validation, limits and semantics are the same as for our own clients.
 */
export interface SpawnGatewayServices {
  readonly actors: Pick<ServiceImpl<typeof ActorService>, "activate" | "invoke">;
  readonly hosts: Pick<ServiceImpl<typeof HostService>, "register" | "heartbeat">;
  readonly state: Pick<ServiceImpl<typeof StateService>, "restore">;
}

/**
 * The handler context of a call the adapter makes. The implementations read only what
 * CallContext has (signal, timeoutMs, values), as the Invoke fast path relies on too.
 */
export function handlerContext(ctx: CallContext): HandlerContext {
  return ctx as HandlerContext;
}
