import { Code } from "@connectrpc/connect";
import { GatewayError } from "../errors.js";
import type { Peer } from "../rpc/peer.js";
import { sha256Hex, type PrincipalFile } from "./auth-file.js";
import type { JwtVerifier } from "./jwt-verifier.js";
import type { Principal } from "./principal.js";

/** Finds who is calling, from the `authorization` header or the client certificate. */
export type Authenticator = (authorization: string | null, peer: Peer | undefined) => Promise<Principal>;

export interface AuthenticatorOptions {
  readonly file?: PrincipalFile;
  readonly jwt?: JwtVerifier;
  /** Verified JWTs kept (until they expire) so a client's repeated token is checked once. */
  readonly cacheSize?: number;
  readonly now?: () => number;
}

const unauthenticated = (message: string) => new GatewayError(Code.Unauthenticated, message);

/**
 * One function for every entry (connect-node, the Invoke fast path, activators): a
 * bearer token from the auth file (compared by its SHA-256), else a JWT, else a client
 * certificate named in the auth file. Never puts a token in a message or a log.
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const cache = new Map<string, { principal: Principal; until: number }>();
  const cacheSize = options.cacheSize ?? 10_000;
  const now = options.now ?? Date.now;
  return async (authorization, peer) => {
    if (authorization) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) throw unauthenticated('the authorization header must be "Bearer <token>"');
      const token = match[1]!;
      const fromFile = options.file?.byTokenHash(sha256Hex(token));
      if (fromFile) return fromFile;
      if (options.jwt && token.split(".").length === 3) {
        const hit = cache.get(token);
        if (hit && hit.until > now()) return hit.principal;
        const principal = await options.jwt(token).catch((err: unknown) => {
          throw unauthenticated(`${(err as Error).message}: send a valid token`);
        });
        const exp = jwtExp(token);
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
        cache.set(token, { principal, until: Math.min(exp ?? Infinity, now() + 60_000) });
        return principal;
      }
      throw unauthenticated("the bearer token is not known to this gateway: check ACTORGATE_TOKEN / --token");
    }
    const cn = peer?.certificateCn;
    if (cn !== undefined) {
      const byCert = options.file?.byCertificate(cn);
      if (byCert) return byCert;
      throw unauthenticated(`the client certificate ${JSON.stringify(cn)} names no principal of this gateway`);
    }
    throw unauthenticated("this gateway requires authentication: send authorization: Bearer <token> (ACTORGATE_TOKEN) or a client certificate");
  };
}

/** The `exp` claim (epoch ms) of a JWT already verified, so a cached one expires on time. */
function jwtExp(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as { exp?: unknown };
    return typeof payload.exp === "number" ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
