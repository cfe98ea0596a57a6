import { readFileSync, unwatchFile, watchFile } from "node:fs";
import type { Logger } from "pino";
import type { DualServer, DualServerOptions, DualServerTls } from "@actorgate/client/host";
import type { GatewayConfig } from "../config.js";
import { errorDetails } from "../error-details.js";
import type { CallLink } from "../rpc/pipeline.js";
import { loadPrincipalFile } from "./auth-file.js";
import { authLink } from "./auth-link.js";
import { createAuthenticator } from "./authenticator.js";
import { checkExposure } from "./exposure.js";
import { createJwtVerifier } from "./jwt-verifier.js";
import { rateLimitLink } from "./rate-limit.js";

/** TLS material for calling https:// hosts. */
export interface HostTls {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

/** Everything issue 12 adds to a gateway, built from its config once at start-up. */
export interface Security {
  /** Call pipeline links: authentication and authorization, then the rate limit. */
  readonly links: readonly CallLink[];
  /** TLS and connection limits for the gateway's server. */
  readonly server: DualServerOptions;
  readonly hostTls: HostTls | undefined;
  /** True when calls must authenticate. */
  readonly authenticating: boolean;
  /** Reloads the certificate when its files change; returns the function that stops watching. */
  watchCertificates(server: DualServer): () => void;
}

/** Validates the security settings (throws ConfigError / Error naming the bad one) and builds the parts. */
export function createSecurity(config: GatewayConfig, log: Logger): Security {
  checkExposure(config);
  if ((config.tlsCert === undefined) !== (config.tlsKey === undefined)) {
    throw new Error("--tls-cert and --tls-key go together: give both, or neither for cleartext");
  }
  if (config.tlsClientCa !== undefined && config.tlsCert === undefined) throw new Error("--tls-client-ca needs --tls-cert and --tls-key");
  if ((config.hostTlsCert === undefined) !== (config.hostTlsKey === undefined)) throw new Error("--host-tls-cert and --host-tls-key go together");

  const links: CallLink[] = [];
  const authenticating = config.authFile !== undefined || config.authJwks !== undefined;
  if (authenticating) {
    const file = config.authFile !== undefined ? loadPrincipalFile(config.authFile) : undefined;
    const jwt =
      config.authJwks !== undefined
        ? createJwtVerifier({ jwks: config.authJwks, issuer: config.authJwtIssuer, audience: config.authJwtAudience })
        : undefined;
    links.push(authLink(createAuthenticator({ file, jwt })));
  }
  if (config.rateLimitPerSecond > 0) links.push(rateLimitLink({ perSecond: config.rateLimitPerSecond, burst: config.rateLimitBurst }));

  const tlsFiles = (): DualServerTls | undefined =>
    config.tlsCert !== undefined && config.tlsKey !== undefined
      ? {
          cert: readFileSync(config.tlsCert),
          key: readFileSync(config.tlsKey),
          ...(config.tlsClientCa !== undefined ? { clientCa: readFileSync(config.tlsClientCa) } : {}),
        }
      : undefined;
  const read = (path: string | undefined) => (path !== undefined ? readFileSync(path) : undefined);
  const hostTls =
    config.hostTlsCa !== undefined || config.hostTlsCert !== undefined
      ? { ca: read(config.hostTlsCa), cert: read(config.hostTlsCert), key: read(config.hostTlsKey) }
      : undefined;

  return {
    links,
    authenticating,
    hostTls,
    server: {
      tls: tlsFiles(),
      headersTimeoutMs: config.headersTimeoutMs,
      idleTimeoutMs: config.idleTimeoutMs,
      maxHeaderBytes: config.maxHeaderBytes,
      maxConnectionsPerAddress: config.maxConnectionsPerClient,
      maxConcurrentStreams: config.maxStreamsPerConnection,
    },
    watchCertificates(server) {
      const files = [config.tlsCert, config.tlsKey, config.tlsClientCa].filter((f): f is string => f !== undefined);
      if (files.length === 0) return () => undefined;
      // Polling survives the rename a certificate manager does when it writes new files.
      const reload = () => {
        try {
          server.setTls(tlsFiles()!);
          log.info({ cert: config.tlsCert }, "TLS certificate reloaded");
        } catch (err) {
          // Half-written files (cert updated, key not yet): keep serving the old pair.
          log.warn({ cert: config.tlsCert, error: errorDetails(err) }, "TLS certificate not reloaded; keeping the previous one");
        }
      };
      for (const f of files) watchFile(f, { interval: 250, persistent: false }, reload);
      return () => {
        for (const f of files) unwatchFile(f, reload);
      };
    },
  };
}
