import { readFileSync } from "node:fs";
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from "jose";
import { ROLES, type Principal, type Role } from "./principal.js";

export interface JwtOptions {
  /** A JWKS file path or an http(s) URL. */
  readonly jwks: string;
  readonly issuer?: string;
  readonly audience?: string;
}

/** Verifies a JWT and returns its principal, or throws an Error whose message the client may see. */
export type JwtVerifier = (token: string) => Promise<Principal>;

/**
 * JWTs signed by a key of the JWKS, issuer and audience checked (when configured), `exp`
 * and `nbf` honoured. Claims: `sub` is the principal's name; `actorgate/roles`,
 * `actorgate/systems` (and optionally `actorgate/types`, `actorgate/actions`) its grants.
 */
export function createJwtVerifier(options: JwtOptions): JwtVerifier {
  const keys = /^https?:\/\//.test(options.jwks)
    ? createRemoteJWKSet(new URL(options.jwks))
    : createLocalJWKSet(JSON.parse(readFileSync(options.jwks, "utf8")) as Parameters<typeof createLocalJWKSet>[0]);
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        ...(options.issuer ? { issuer: options.issuer } : {}),
        ...(options.audience ? { audience: options.audience } : {}),
      }));
    } catch (err) {
      throw new Error(describe(err));
    }
    return {
      name: typeof payload.sub === "string" && payload.sub ? payload.sub : "jwt",
      roles: new Set(strings(payload, "actorgate/roles").filter((r): r is Role => (ROLES as string[]).includes(r))),
      systems: optionalSet(payload, "actorgate/systems"),
      types: optionalSet(payload, "actorgate/types"),
      actions: optionalSet(payload, "actorgate/actions"),
      via: "jwt",
    };
  };
}

function describe(err: unknown): string {
  if (err instanceof errors.JWTExpired) return "the JWT has expired";
  if (err instanceof errors.JWTClaimValidationFailed) return `the JWT's "${err.claim}" claim is not accepted (${err.reason})`;
  if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey) return "the JWT is not signed by a trusted key";
  if (err instanceof errors.JOSEError) return `the JWT is not valid (${err.code})`;
  return "the JWT could not be verified";
}

function strings(payload: JWTPayload, claim: string): string[] {
  const v = payload[claim];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function optionalSet(payload: JWTPayload, claim: string): Set<string> | undefined {
  return Array.isArray(payload[claim]) ? new Set(strings(payload, claim)) : undefined;
}
