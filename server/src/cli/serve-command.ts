import { errorDetails } from "../error-details.js";
import type { GatewayConfig } from "../config.js";
import { createGateway } from "../gateway.js";
import { createLogger } from "../log.js";

/**
 * Runs the gateway until SIGTERM/SIGINT, then shuts down gracefully (readiness false,
 * no new calls, every accepted call answered, state flushed; see Gateway.close) and
 * exits 0; -1 = keep running. A second signal exits at once.
 */
export async function serveCommand(config: GatewayConfig): Promise<number> {
  const log = createLogger(config);
  const gateway = await createGateway(config, { log });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, timeoutMs: config.shutdownTimeoutMs }, "shutting down");
    // close() keeps to the timeout itself; this is the backstop should a store or bus
    // not let go.
    if (config.shutdownTimeoutMs > 0) {
      setTimeout(() => {
        log.error({ timeoutMs: config.shutdownTimeoutMs }, "shutdown did not finish in time: exiting");
        process.exit(1);
      }, config.shutdownTimeoutMs + 1_000).unref();
    }
    gateway.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ error: errorDetails(err) }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  return -1;
}
