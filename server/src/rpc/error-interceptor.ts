import type { ConnectError, Interceptor } from "@connectrpc/connect";
import type { Logger } from "pino";
import { toConnectError } from "../errors.js";

/** The one place where gateway errors become the ConnectErrors clients see. */
export function errorInterceptor(log: Logger): Interceptor {
  return (next) => async (req) => {
    try {
      return await next(req);
    } catch (err) {
      throw clientError(log, err, req.method.name);
    }
  };
}

/** The error a client sees for `err`; internal errors are logged (their cause is not sent). */
export function clientError(log: Logger, err: unknown, procedure: string): ConnectError {
  const ce = toConnectError(err);
  if (ce.code === 13 /* internal */) log.error({ err, procedure }, "internal error");
  return ce;
}
