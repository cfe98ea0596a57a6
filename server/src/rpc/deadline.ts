import type { CallContext } from "./call-context.js";

/**
 * The epoch-ms deadline of a call: the protocol's timeout (grpc-timeout,
 * connect-timeout-ms) and the request's own timeout_ms, whichever is sooner, else the
 * fallback.
 */
export function deadlineOf(ctx: CallContext, requestTimeoutMs: number, fallbackMs: number): number {
  const now = Date.now();
  const protocolMs = ctx.timeoutMs();
  let ms = requestTimeoutMs > 0 ? requestTimeoutMs : fallbackMs;
  if (protocolMs !== undefined && protocolMs < ms) ms = protocolMs;
  // grpc-timeout may come in micro- or nanoseconds (grpc-go sends "299979u"); the host's
  // deadline is a Timestamp, whose nanos must be whole, and a deadline never later than
  // the client's: whole milliseconds, rounded down.
  return now + Math.floor(ms);
}

/**
 * The longest protocol timeout a call may ask for (about 24.8 days): the largest delay
 * a Node timer keeps. A longer one would fire at once (Node turns it into 1 ms), so it
 * is refused with invalid_argument instead.
 */
export const MAX_TIMEOUT_MS = 2_147_483_647;
