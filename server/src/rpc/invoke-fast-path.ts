import type http from "node:http";
import type http2 from "node:http2";
import { create, type Registry } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { createMethodSerializationLookup } from "@connectrpc/connect/protocol";
import {
  codeToHttpStatus,
  contentTypeUnaryJson,
  contentTypeUnaryProto,
  errorToJsonBytes,
  parseContentType,
  parseTimeout,
} from "@connectrpc/connect/protocol-connect";
import { ActorService, InvokeResponseSchema, type InvokeRequest, type InvokeResponse } from "@actorgate/client/gen";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { CallContext } from "./call-context.js";

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;

export interface InvokeFastPathOptions {
  /** The same implementation connect-node routes ActorService/Invoke to. */
  readonly invoke: (req: InvokeRequest, ctx: CallContext) => Promise<MessageInitShape<typeof InvokeResponseSchema>>;
  /** Turns what the implementation threw into the error the client sees (and logs it). */
  readonly toError: (err: unknown) => ConnectError;
  readonly registry: Registry;
  readonly readMaxBytes: number;
}

const PATH = `/${ActorService.typeName}/${ActorService.method.invoke.name}`;

/**
 * Answers `ActorService/Invoke` over the Connect unary protocol (POST, JSON or binary,
 * uncompressed) without connect-node's generic handler; returns false for every other
 * request, which connect-node then serves.
 *
 * Invoke is the hot path, and for a unary call the generic handler's own bookkeeping
 * (three AbortSignals and a DOMException per call, Headers objects, async-iterable
 * bodies) cost about as much CPU as the rest of the gateway's work for the call. The
 * protocol pieces (content types, timeout header, serialization and its errors, error
 * JSON, status codes) are connect's own, imported from @connectrpc/connect/protocol*;
 * only the request/response plumbing is here. Anything unusual (GET, compression, a
 * streaming or gRPC content type) goes to connect-node.
 */
export function invokeFastPath(options: InvokeFastPathOptions): (req: Request, res: Response) => boolean {
  const jsonOptions = { registry: options.registry };
  const limits = { readMaxBytes: options.readMaxBytes, writeMaxBytes: 0xffffffff };
  const serialization = createMethodSerializationLookup(ActorService.method.invoke, undefined, jsonOptions, limits);

  return (req, res) => {
    if (req.method !== "POST" || req.url !== PATH) return false;
    const headers = req.headers;
    const type = parseContentType(headers["content-type"] ?? null);
    if (!type || type.stream) return false;
    const encoding = headers["content-encoding"];
    if (encoding !== undefined && encoding !== "identity") return false;
    const timeout = parseTimeout(headerValue(headers["connect-timeout-ms"]), Number.MAX_SAFE_INTEGER);

    // Aborted when the client goes away before its answer is sent: the runtime drops the
    // call from the mailbox, or cancels it at the host.
    const controller = new AbortController();
    let answered = false;
    res.once("close", () => {
      if (!answered) controller.abort(new ConnectError("the client closed the connection", Code.Canceled));
    });

    const answer = (status: number, contentType: string, body: Uint8Array, extra?: Headers) => {
      answered = true;
      const out: Record<string, string> = { "content-type": contentType, "content-length": String(body.byteLength) };
      extra?.forEach((value, key) => {
        out[key] = value;
      });
      res.writeHead(status, out);
      res.end(body);
    };
    const fail = (err: unknown) => {
      const error = options.toError(err);
      answer(codeToHttpStatus(error.code), contentTypeUnaryJson, errorToJsonBytes(error, jsonOptions), error.metadata);
    };

    readBody(req, options.readMaxBytes).then(
      async (bytes) => {
        try {
          if (timeout.error) throw timeout.error;
          const input = serialization.getI(type.binary).parse(bytes) as InvokeRequest;
          const ctx: CallContext = { signal: controller.signal, timeoutMs: () => timeout.timeoutMs };
          const output = create(InvokeResponseSchema, await options.invoke(input, ctx)) as InvokeResponse;
          const body = serialization.getO(type.binary).serialize(output);
          answer(200, type.binary ? contentTypeUnaryProto : contentTypeUnaryJson, body);
        } catch (err) {
          fail(err);
        }
      },
      (err: unknown) => {
        if (req.destroyed) return; // nobody to answer
        fail(err);
      },
    );
    return true;
  };
}

function headerValue(value: string | string[] | undefined): string | null {
  return value === undefined ? null : Array.isArray(value) ? (value[0] ?? null) : value;
}

/** The whole request body, refused with resource_exhausted past `maxBytes`. */
function readBody(req: Request, maxBytes: number): Promise<Uint8Array> {
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
