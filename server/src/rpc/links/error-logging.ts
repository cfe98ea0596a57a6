import { Code, ConnectError } from "@connectrpc/connect";
import type { Logger } from "pino";
import { errorSummary, isStoreOutage, toClientError } from "../../errors.js";
import type { CallLink } from "../pipeline.js";

/**
 * Maps whatever the rest of the call threw to the error the client sees, and logs what
 * an operator must know, as plain data (never error objects, which may hold a driver's
 * connection):
 * - an error nobody raised on purpose (`internal`, its message hidden from the client)
 *   at error level, with its stack and causes;
 * - a store outage (`unavailable`, naming the store) at warn level, message only;
 * - a client's mistake (invalid_argument, not_found, …) not at all: it is the client's
 *   to see, and logging it would let any client fill the log.
 */
export function errorLogging(log: Logger): CallLink {
  return {
    name: "error-logging",
    async handle(call, next) {
      try {
        await next();
      } catch (err) {
        const ce = toClientError(err);
        if (ce.code === Code.Internal) {
          const cause = ce.cause;
          if (cause !== undefined && !(cause instanceof ConnectError)) {
            log.error({ procedure: call.procedure, err: errorSummary(cause) }, "internal error");
          } else {
            // A host (or its transport) reported internal: the host's problem, not ours.
            log.warn({ procedure: call.procedure, code: "internal", message: ce.rawMessage }, "call failed at the host");
          }
        } else if (ce.code === Code.Unavailable && isStoreOutage(ce.cause)) {
          log.warn({ procedure: call.procedure, code: "unavailable", message: ce.rawMessage }, "store unavailable");
        }
        throw ce;
      }
    },
  };
}
