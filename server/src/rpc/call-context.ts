import type { HandlerContext } from "@connectrpc/connect";

/**
 * What an RPC implementation needs from its call: the client's cancellation and the
 * protocol's timeout. connect-node's HandlerContext is one; the Invoke fast path makes
 * its own.
 */
export type CallContext = Pick<HandlerContext, "signal" | "timeoutMs">;
