import { readFileSync } from "node:fs";
import type { Interceptor } from "@connectrpc/connect";

/** How a client or host proves itself to the gateway and trusts its certificate. */
export interface CredentialOptions {
  /** Bearer token sent on every call. Default ACTORGATE_TOKEN; none when unset. */
  readonly token?: string;
  /** PEM CA that signed the gateway's certificate (https:// URLs). Default: the file ACTORGATE_CA names, else the system's CAs. */
  readonly ca?: string | Buffer;
  /** PEM client certificate and key, for a gateway that requires mTLS. */
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
}

/** The token to send: the option, else ACTORGATE_TOKEN. */
export function resolveToken(o: CredentialOptions): string | undefined {
  return o.token ?? (process.env["ACTORGATE_TOKEN"] || undefined);
}

/** `authorization: Bearer <token>` on every call (no interceptor without a token). */
export function bearerInterceptors(token: string | undefined): Interceptor[] {
  if (!token) return [];
  const value = `Bearer ${token}`;
  return [
    (next) => (req) => {
      req.header.set("authorization", value);
      return next(req);
    },
  ];
}

/** Node TLS options for connect-node transports (empty when nothing is set). */
export function tlsNodeOptions(o: CredentialOptions): { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer } {
  const caFile = process.env["ACTORGATE_CA"];
  const ca = o.ca ?? (caFile ? readFileSync(caFile) : undefined);
  return { ...(ca ? { ca } : {}), ...(o.cert ? { cert: o.cert } : {}), ...(o.key ? { key: o.key } : {}) };
}
