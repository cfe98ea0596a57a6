import { Code, ConnectError } from "@connectrpc/connect";
import { errorDetails, type ErrorDetails } from "./error-details.js";
import { StoreUnavailableError } from "./store/store.js";

/**
 * The one error the gateway raises on purpose. It carries a Connect code and a message
 * that says what was wrong and what to do; it becomes a ConnectError in exactly one
 * place (`toConnectError`, used by the call pipeline).
 */
export class GatewayError extends Error {
  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "GatewayError";
  }
}

export const invalidArgument = (msg: string) => new GatewayError(Code.InvalidArgument, msg);
export const notFound = (msg: string) => new GatewayError(Code.NotFound, msg);
export const unavailable = (msg: string, cause?: unknown) =>
  new GatewayError(Code.Unavailable, msg, { cause });
export const failedPrecondition = (msg: string) => new GatewayError(Code.FailedPrecondition, msg);
export const resourceExhausted = (msg: string) => new GatewayError(Code.ResourceExhausted, msg);
export const deadlineExceeded = (msg: string) => new GatewayError(Code.DeadlineExceeded, msg);
export const unimplemented = (msg: string) => new GatewayError(Code.Unimplemented, msg);

/** What a client is told about an error the gateway did not expect; the details are logged. */
export const INTERNAL_MESSAGE = "internal error in the gateway (details are in its log); retrying will likely fail the same way";

/**
 * Converts anything thrown inside the gateway into a ConnectError (for the runtime's
 * own records, e.g. an outbox row's last error):
 * - a ConnectError (e.g. a host's) passes unchanged;
 * - a GatewayError keeps its code and message;
 * - a store outage (StoreUnavailableError) is `unavailable`, its message naming the store;
 * - anything else is `internal`, keeping its message.
 */
export function toConnectError(err: unknown): ConnectError {
  if (err instanceof ConnectError) return err;
  if (err instanceof GatewayError) return new ConnectError(err.message, err.code, undefined, undefined, err);
  if (err instanceof StoreUnavailableError) return new ConnectError(err.message, Code.Unavailable, undefined, undefined, err);
  return ConnectError.from(err, Code.Internal);
}

/**
 * The error a client sees: `toConnectError`, except that an error nobody raised on
 * purpose (a driver's, a bug's) is `internal` without its message, which may hold SQL,
 * connection details or state. The original stays the `cause`, for the log.
 */
export function toClientError(err: unknown): ConnectError {
  if (err instanceof ConnectError || err instanceof GatewayError || err instanceof StoreUnavailableError) return toConnectError(err);
  return new ConnectError(INTERNAL_MESSAGE, Code.Internal, undefined, undefined, err);
}

/** True for a store outage, wherever it was wrapped (as `cause`) on its way up. */
export function isStoreOutage(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof StoreUnavailableError) return true;
  }
  return false;
}

/**
 * An unexpected error as plain data for an error-level log line: `errorDetails` (type,
 * code, message, causes; never the object, whose fields may hold a driver's client or
 * whole requests) plus the stack, which is what someone fixing an internal error needs.
 */
export function errorSummary(err: unknown): ErrorDetails & { readonly stack?: string } {
  const details = errorDetails(err);
  return err instanceof Error && err.stack ? { ...details, stack: err.stack } : details;
}
