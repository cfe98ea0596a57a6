import type http from "node:http";
import type http2 from "node:http2";
import { Code, ConnectError } from "@connectrpc/connect";
import type { JsonWriteOptions } from "@bufbuild/protobuf";

export type UnaryRequest = http.IncomingMessage | http2.Http2ServerRequest;
export type UnaryResponse = http.ServerResponse | http2.Http2ServerResponse;

/** One RPC protocol's framing of a unary call, for the Invoke fast path. */
export interface UnaryProtocol {
  /** The protocol's name, as call pipeline links see it. */
  readonly name: "connect" | "grpc";
  /** This protocol, uncompressed, in a content type the fast path serves: binary or JSON. */
  accepts(req: UnaryRequest): { readonly binary: boolean } | undefined;
  /** The call's timeout from the protocol's header (or the header's parse error). */
  timeout(req: UnaryRequest): { readonly timeoutMs?: number; readonly error?: ConnectError };
  /** The serialized request message inside the body (throws a ConnectError on bad framing). */
  unwrap(body: Uint8Array): Uint8Array;
  succeed(res: UnaryResponse, message: Uint8Array, binary: boolean): void;
  fail(res: UnaryResponse, error: ConnectError, binary: boolean, jsonOptions: Partial<JsonWriteOptions>): void;
  /** The reason a call is aborted with when its client goes away. */
  cancelled(): ConnectError;
}

/** The first value of a request header. */
export function headerValue(value: string | string[] | undefined): string | null {
  return value === undefined ? null : Array.isArray(value) ? (value[0] ?? null) : value;
}

/** The request's headers as a Headers object (HTTP/2 pseudo-headers left out). */
export function requestHeaders(req: UnaryRequest): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (key.startsWith(":") || value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else headers.set(key, value);
  }
  return headers;
}

/** The whole request body, refused with resource_exhausted past `maxBytes`. */
export function readBody(req: UnaryRequest, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > maxBytes) {
      req.resume();
      reject(tooLarge(declared, maxBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners("data");
        req.resume();
        reject(tooLarge(size, maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once("error", reject);
  });
}

function tooLarge(size: number, maxBytes: number): ConnectError {
  return new ConnectError(`message size ${size} is larger than configured readMaxBytes ${maxBytes}`, Code.ResourceExhausted);
}
