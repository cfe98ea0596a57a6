import http from "node:http";
import https from "node:https";
import type { Registry } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { ActorHostService, HostCodec, HostHttpVersion, HostProtocol } from "@actorgate/client/gen";
import { SIGNATURE_HEADER, signCallback } from "@actorgate/client/host";
import type { HostClient, HostEndpoint, HandleOptions } from "../runtime/host-client.js";
import { DEADLINE_PASSED } from "../runtime/turn-deadline.js";

export interface ConnectHostClientOptions {
  /** Renders binary payloads as JSON for JSON-codec hosts. */
  readonly registry?: Registry;
  /** A host response larger than this fails the call (resource_exhausted), as on the pooled client. */
  readonly maxResponseBytes: number;
  /** CA, and client certificate, for https:// hosts. */
  readonly tls?: { readonly ca?: Buffer; readonly cert?: Buffer; readonly key?: Buffer } | undefined;
}

/**
 * Calls a host over Connect, gRPC or gRPC-Web with @connectrpc/connect-node. HTTP/2
 * hosts get one multiplexed session (re-dialled on failure, pinged while idle);
 * HTTP/1.1 hosts a keep-alive socket pool, so no call pays for connection setup.
 */
export class ConnectHostClient implements HostClient {
  readonly #client: Client<typeof ActorHostService>;
  readonly #session: Http2SessionManager | undefined;
  readonly #agent: http.Agent | undefined;
  readonly #timeoutHeader: string;
  readonly #timeoutUnit: string;
  readonly #secret: string | undefined;

  constructor(endpoint: HostEndpoint, options: ConnectHostClientOptions) {
    const registry = options.registry;
    const readMaxBytes = options.maxResponseBytes;
    const protocol = endpoint.protocol === HostProtocol.UNSPECIFIED ? HostProtocol.CONNECT : endpoint.protocol;
    const h2 =
      endpoint.httpVersion === HostHttpVersion.HTTP2 ||
      (endpoint.httpVersion === HostHttpVersion.UNSPECIFIED && protocol === HostProtocol.GRPC);
    const baseUrl = endpoint.callbackUrl;
    const useBinaryFormat = endpoint.codec !== HostCodec.JSON;
    const jsonOptions = registry ? { registry } : undefined;
    let transport: Transport;
    if (h2) {
      this.#session = new Http2SessionManager(baseUrl, { pingIntervalMs: 15_000, pingTimeoutMs: 10_000, idleConnectionTimeoutMs: 300_000 }, options.tls ? { ...options.tls } : undefined);
      const opts = { baseUrl, httpVersion: "2" as const, useBinaryFormat, jsonOptions, readMaxBytes, sessionManager: this.#session };
      transport =
        protocol === HostProtocol.GRPC
          ? createGrpcTransport(opts)
          : protocol === HostProtocol.GRPC_WEB
            ? createGrpcWebTransport(opts)
            : createConnectTransport(opts);
    } else {
      if (protocol === HostProtocol.GRPC) throw new Error("gRPC callbacks need HTTP/2");
      const Agent = baseUrl.startsWith("https:") ? https.Agent : http.Agent;
      this.#agent = new Agent({ keepAlive: true, maxSockets: 512, keepAliveMsecs: 30_000, ...(options.tls ?? {}) });
      const opts = { baseUrl, httpVersion: "1.1" as const, useBinaryFormat, jsonOptions, readMaxBytes, nodeOptions: { agent: this.#agent } };
      transport = protocol === HostProtocol.GRPC_WEB ? createGrpcWebTransport(opts) : createConnectTransport(opts);
    }
    this.#client = createClient(ActorHostService, transport);
    const grpcTimeout = protocol === HostProtocol.GRPC || protocol === HostProtocol.GRPC_WEB;
    this.#timeoutHeader = grpcTimeout ? "grpc-timeout" : "connect-timeout-ms";
    this.#timeoutUnit = grpcTimeout ? "m" : "";
    this.#secret = endpoint.callbackSecret;
  }

  async handle(request: Parameters<HostClient["handle"]>[0], options: HandleOptions) {
    // The host learns its deadline from the timeout header; the runtime keeps it by
    // aborting `signal`. Passing timeoutMs to connect-es would add a second timer (and
    // its DOMException) per call, so the header is set here instead.
    const timeout = `${Math.max(1, Math.ceil(options.timeoutMs))}${this.#timeoutUnit}`;
    try {
      return await this.#client.handle(request, { headers: this.#headers(request, timeout), signal: options.signal });
    } catch (err) {
      if (options.signal?.reason === DEADLINE_PASSED) throw new ConnectError("the host did not answer in time", Code.DeadlineExceeded);
      throw err;
    }
  }

  #headers(request: Parameters<HostClient["handle"]>[0], timeout: string): Record<string, string> {
    const headers: Record<string, string> = { [this.#timeoutHeader]: timeout };
    if (this.#secret) headers[SIGNATURE_HEADER] = signCallback(this.#secret, request);
    return headers;
  }

  close(): void {
    this.#session?.abort();
    this.#agent?.destroy();
  }
}
