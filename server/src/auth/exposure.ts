import { isIP } from "node:net";
import { ConfigError, type GatewayConfig } from "../config.js";

const LOOPBACK_NAMES = new Set(["localhost", "ip6-localhost", "::1"]);

/** True for an address only this machine can reach. */
export function isLoopback(host: string): boolean {
  if (LOOPBACK_NAMES.has(host)) return true;
  return isIP(host) === 4 && host.startsWith("127.");
}

/**
 * Safe defaults (issue 12): without authentication the gateway listens on loopback only;
 * anything else needs `--insecure`, said out loud.
 */
export function checkExposure(config: GatewayConfig): void {
  const auth = config.authFile !== undefined || config.authJwks !== undefined || config.tlsClientCa !== undefined;
  if (auth || config.insecure || isLoopback(config.host)) return;
  throw new ConfigError(
    `refusing to listen on ${config.host} without authentication: anyone who can reach it could register hosts, ` +
      "call any actor and read any state. Configure --auth-file or --auth-jwks (see README, \"Securing a gateway\"), " +
      "listen on 127.0.0.1, or pass --insecure (ACTORGATE_INSECURE=true) if something in front of the gateway authenticates",
  );
}
