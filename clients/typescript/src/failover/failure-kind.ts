import { Code, ConnectError } from "@connectrpc/connect";

/**
 * What a failed call says about the gateway node it went to:
 * - "unreached": the request never got there (connection refused, DNS, TLS handshake,
 *   HTTP/2 REFUSED_STREAM); any call may be sent to another node.
 * - "node-failed": the node is gone or unavailable, but the request may have reached it
 *   and run (connection reset or HTTP/2 stream cancelled mid-call, an `unavailable`
 *   answer); only a call that is safe to repeat may be sent to another node.
 * - "answered": the node answered with an error of the call itself (not_found,
 *   deadline_exceeded, …): another node would not do better.
 */
export type FailureKind = "unreached" | "node-failed" | "answered";

/** Node errors raised before a byte of the request left: nothing can have run. */
const UNREACHED_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "EPROTO", // TLS handshake (the ClientHello got a non-TLS answer)
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
]);

/** Syscalls that fail only while connecting (a reset during `connect` sent nothing). */
const UNREACHED_SYSCALLS = new Set(["connect", "getaddrinfo"]);

/** Node errors of a connection that broke while the request may have been in flight. */
const BROKEN_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "ETIMEDOUT", "ERR_HTTP2_GOAWAY_SESSION", "ERR_HTTP2_SESSION_ERROR", "ERR_HTTP2_STREAM_CANCEL", "ERR_STREAM_PREMATURE_CLOSE"]);

export function failureKind(err: unknown): FailureKind {
  const chain = errorChain(err);
  for (const e of chain) {
    const { code, syscall } = e as { code?: unknown; syscall?: unknown };
    if (typeof code === "string" && (UNREACHED_CODES.has(code) || code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_"))) return "unreached";
    if (typeof syscall === "string" && UNREACHED_SYSCALLS.has(syscall)) return "unreached";
  }
  const ce = ConnectError.from(err);
  // connect-node's name for an HTTP/2 stream the server refused before processing it.
  if (ce.code === Code.Unavailable && ce.rawMessage.includes("REFUSED_STREAM")) return "unreached";
  if (ce.code === Code.Unavailable) return "node-failed";
  // What connect-node reports for an HTTP/2 stream whose connection died (the node was
  // killed mid-call). A caller's own abort is also `canceled`: callers check that first.
  if (ce.code === Code.Canceled) return "node-failed";
  for (const e of chain) {
    const { code } = e as { code?: unknown };
    if (typeof code === "string" && BROKEN_CODES.has(code)) return "node-failed";
  }
  return "answered";
}

/** The error and its causes, outermost first. */
function errorChain(err: unknown): Error[] {
  const chain: Error[] = [];
  for (let e = err; e instanceof Error && !chain.includes(e); e = e.cause) chain.push(e);
  return chain;
}
