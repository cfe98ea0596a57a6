import { createHmac, timingSafeEqual } from "node:crypto";

/** The header a gateway signs each callback with (issue 12). */
export const SIGNATURE_HEADER = "actorgate-signature";

/** How far a callback's signing time may be from the host's clock. */
export const MAX_SIGNATURE_SKEW_MS = 5 * 60_000;

/** What a signature covers: the call's identity (who, what, which invocation). */
export interface SignedCall {
  readonly invocationId: string;
  readonly actor?: { readonly system: string; readonly type: string; readonly name: string } | undefined;
  readonly action: string;
}

/**
 * The string a signature is the HMAC-SHA256 of: `t.invocation_id.system/type/name.action`.
 * It is the same whatever the protocol and codec of the callback (Connect, gRPC, JSON or
 * binary), so every SDK can check it after parsing; TLS protects the bytes in between.
 */
export function signatureBase(t: string, call: SignedCall): string {
  const a = call.actor;
  return `${t}.${call.invocationId}.${a?.system ?? ""}/${a?.type ?? ""}/${a?.name ?? ""}.${call.action}`;
}

/** `t=<unix ms>,v1=<hex HMAC-SHA256(secret, signatureBase)>`. */
export function signCallback(secret: string, call: SignedCall, now = Date.now()): string {
  const t = String(now);
  return `t=${t},v1=${createHmac("sha256", secret).update(signatureBase(t, call)).digest("hex")}`;
}

/** Undefined when `header` is a valid signature of `call` under `secret`; otherwise why not. */
export function verifyCallback(secret: string, header: string | null | undefined, call: SignedCall, now = Date.now()): string | undefined {
  if (!header) return `the callback has no ${SIGNATURE_HEADER} header`;
  const parts = Object.fromEntries(header.split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = parts["t"];
  const v1 = parts["v1"];
  if (!t || !v1 || !/^\d+$/.test(t) || !/^[0-9a-f]{64}$/.test(v1)) return `the ${SIGNATURE_HEADER} header is malformed`;
  if (Math.abs(now - Number(t)) > MAX_SIGNATURE_SKEW_MS) return "the callback's signature is too old (or the clocks differ by more than 5 minutes)";
  const want = createHmac("sha256", secret).update(signatureBase(t, call)).digest();
  if (!timingSafeEqual(want, Buffer.from(v1, "hex"))) return "the callback's signature does not match this host's registration";
  return undefined;
}
