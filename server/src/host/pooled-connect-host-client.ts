import { fromBinary, fromJsonString, toBinary, toJsonString, type Registry } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { codeFromHttpStatus, errorFromJsonBytes, headerTimeout, headerProtocolVersion, protocolVersion } from "@connectrpc/connect/protocol-connect";
import { Pool, errors as undiciErrors } from "undici";
import { ActorHostService, HandleRequestSchema, HandleResponseSchema, HostCodec, type HandleRequest, type HandleResponse } from "@actorgate/client/gen";
import { SIGNATURE_HEADER, signCallback } from "@actorgate/client/host";
import type { HandleOptions, HostClient, HostEndpoint } from "../runtime/host-client.js";
import { DEADLINE_PASSED } from "../runtime/turn-deadline.js";

export interface PooledHostClientOptions {
  /** Renders binary payloads as JSON for JSON-codec hosts. */
  readonly registry?: Registry;
  /** A host response larger than this fails the call (resource_exhausted). */
  readonly maxResponseBytes: number;
  /** CA, and client certificate, for https:// hosts. */
  readonly tls?: { readonly ca?: Buffer; readonly cert?: Buffer; readonly key?: Buffer } | undefined;
}

// Sockets open to one host at most; further calls queue in the pool (as many as the
// gateway's default hostConcurrency).
const MAX_CONNECTIONS = 256;

/**
 * Calls a Connect-protocol host over HTTP/1.1 keep-alive sockets pooled by undici.
 *
 * This is the hot path of every actor call, and connect-es's generic transport costs
 * more than the rest of the gateway's work for a unary call (linked AbortControllers, a
 * deadline timer and a DOMException per call, Headers objects, async-iterable bodies):
 * about 0.42 ms of CPU per call against 0.18 ms this way (`npm run bench:host-client`,
 * bench/results/host-client.md).
 * The Connect unary protocol itself is one POST; its error format, status mapping and
 * header names come from @connectrpc/connect/protocol-connect, so only the HTTP exchange
 * is ours, and undici does that.
 */
export class PooledConnectHostClient implements HostClient {
  readonly #pool: Pool;
  readonly #path: string;
  readonly #json: boolean;
  readonly #registry: Registry | undefined;
  readonly #contentType: string;
  readonly #secret: string | undefined;

  constructor(endpoint: HostEndpoint, options: PooledHostClientOptions) {
    const url = new URL(endpoint.callbackUrl);
    this.#path = `${url.pathname.replace(/\/+$/, "")}/${ActorHostService.typeName}/${ActorHostService.method.handle.name}`;
    this.#json = endpoint.codec === HostCodec.JSON;
    this.#registry = options.registry;
    this.#contentType = this.#json ? "application/json" : "application/proto";
    this.#secret = endpoint.callbackSecret;
    this.#pool = new Pool(url.origin, {
      connections: MAX_CONNECTIONS,
      pipelining: 1,
      maxResponseSize: options.maxResponseBytes,
      ...(options.tls ? { connect: { ...options.tls } } : {}),
    });
  }

  async handle(request: HandleRequest, options: HandleOptions): Promise<HandleResponse> {
    const timeoutMs = Math.max(1, Math.ceil(options.timeoutMs));
    let body: string | Uint8Array;
    try {
      body = this.#json
        ? toJsonString(HandleRequestSchema, request, { registry: this.#registry })
        : toBinary(HandleRequestSchema, request);
    } catch (err) {
      // Typically a binary payload whose type a JSON host cannot be shown (not registered).
      throw new ConnectError(`cannot encode the call for the host: ${(err as Error).message}`, Code.Internal);
    }
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let bytes: Uint8Array;
    try {
      const res = await this.#pool.request({
        path: this.#path,
        method: "POST",
        headers: {
          "content-type": this.#contentType,
          [headerProtocolVersion]: protocolVersion,
          [headerTimeout]: String(timeoutMs),
          ...(this.#secret ? { [SIGNATURE_HEADER]: signCallback(this.#secret, request) } : {}),
        },
        body,
        // The runtime aborts this signal at the call's deadline (its own timer): undici's
        // headers/body timeouts run on a coarse clock (answers came up to a second late),
        // so they are left at their defaults, as a backstop only.
        signal: options.signal,
      });
      status = res.statusCode;
      headers = res.headers;
      bytes = new Uint8Array(await res.body.arrayBuffer());
    } catch (err) {
      throw transportError(err, options.signal);
    }
    if (status !== 200) throw responseError(status, headers, bytes);
    const contentType = String(headers["content-type"] ?? "");
    if (!contentType.startsWith(this.#contentType)) {
      throw new ConnectError(`host answered with content-type ${JSON.stringify(contentType)}, expected ${this.#contentType}`, Code.Internal);
    }
    const encoding = headers["content-encoding"];
    if (encoding !== undefined && encoding !== "identity") {
      throw new ConnectError(`host answered with content-encoding ${String(encoding)}, which the gateway did not ask for`, Code.Internal);
    }
    try {
      return this.#json
        ? // Unknown JSON fields are ignored, as connect's clients do: a newer host may send more.
          fromJsonString(HandleResponseSchema, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"), {
            registry: this.#registry,
            ignoreUnknownFields: true,
          })
        : fromBinary(HandleResponseSchema, bytes);
    } catch (err) {
      throw new ConnectError(`host answered with a response that does not parse: ${(err as Error).message}`, Code.Internal);
    }
  }

  close(): void {
    void this.#pool.destroy().catch(() => undefined);
  }
}

/** A Connect error response: JSON `{code, message, details}`, or just the HTTP status. */
function responseError(status: number, headers: Record<string, string | string[] | undefined>, bytes: Uint8Array): ConnectError {
  const metadata = new Headers();
  for (const [k, v] of Object.entries(headers)) {
    if (Array.isArray(v)) for (const x of v) metadata.append(k, x);
    else if (v !== undefined) metadata.set(k, v);
  }
  const fallback = new ConnectError(`host answered HTTP ${status}`, codeFromHttpStatus(status), metadata);
  if (!String(headers["content-type"] ?? "").startsWith("application/json")) return fallback;
  return errorFromJsonBytes(bytes, metadata, fallback);
}

/**
 * An undici failure as the ConnectError connect-node would raise: socket errors keep
 * their errno-style code in `cause` (the invoker tells "host gone" from "host slow").
 */
export function transportError(err: unknown, signal: AbortSignal | undefined): ConnectError {
  if (err instanceof ConnectError) return err;
  const code = (err as { code?: unknown }).code;
  if (signal?.reason === DEADLINE_PASSED) return new ConnectError("the host did not answer in time", Code.DeadlineExceeded);
  if (signal?.aborted || err instanceof undiciErrors.RequestAbortedError) {
    return new ConnectError("the call was cancelled", Code.Canceled);
  }
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    return new ConnectError("the host did not answer in time", Code.DeadlineExceeded);
  }
  if (code === "UND_ERR_RES_EXCEEDED_MAX_SIZE") {
    return new ConnectError(`the host's response is larger than the gateway accepts (${(err as Error).message})`, Code.ResourceExhausted);
  }
  return new ConnectError((err as Error).message, Code.Unavailable, undefined, undefined, err);
}
