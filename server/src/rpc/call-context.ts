import type { HandlerContext } from "@connectrpc/connect";

/**
 * What an RPC implementation needs from its call: the client's cancellation, the
 * protocol's timeout and the values the call pipeline's links set (e.g. a principal).
 * connect-node's HandlerContext is one; the Invoke fast path makes its own.
 */
export type CallContext = Pick<HandlerContext, "signal" | "timeoutMs" | "values">;
