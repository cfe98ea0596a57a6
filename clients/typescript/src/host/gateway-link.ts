import { Code, ConnectError, createClient, type Client, type Interceptor } from "@connectrpc/connect";
import type { tlsNodeOptions } from "../credentials.js";
import { createConnectTransport } from "@connectrpc/connect-node";
import { HostService } from "../gen/actorgate/v1/host_service_pb.js";
import { failureKind } from "../failover/failure-kind.js";
import { GatewayUrls } from "../failover/gateway-urls.js";

/** A move off a gateway URL that failed, to the next one. */
export interface Failover {
  readonly from: string;
  readonly to: string;
  readonly error: ConnectError;
}

/**
 * The host's HostService calls, on the current gateway URL, moving to the next URL when
 * a node cannot be reached, answers `unavailable` or does not answer in time. Every
 * HostService call is safe to repeat on another node (a registration carries the same
 * host id and lease; a heartbeat only extends the lease), so each one is tried on every
 * URL in turn before it fails.
 */
export class GatewayLink {
  readonly #urls: GatewayUrls;
  readonly #clients = new Map<string, Client<typeof HostService>>();
  readonly #onFailover: (f: Failover) => void;

  constructor(
    urls: readonly string[],
    onFailover: (f: Failover) => void = () => undefined,
    /** Credentials and TLS for every gateway (issue 12). */
    private readonly transportOptions: { readonly interceptors?: Interceptor[]; readonly nodeOptions?: ReturnType<typeof tlsNodeOptions> } = {},
  ) {
    this.#urls = new GatewayUrls(urls);
    this.#onFailover = onFailover;
  }

  /** The URL the next call goes to: the one that worked last. */
  get url(): string {
    return this.#urls.current;
  }

  get several(): boolean {
    return this.#urls.urls.length > 1;
  }

  /** Runs `fn` against the current URL, then the others while nodes fail. */
  async call<T>(fn: (gateway: Client<typeof HostService>) => Promise<T>): Promise<T> {
    const candidates = this.#urls.candidates();
    let lastError: ConnectError | undefined;
    for (const [i, url] of candidates.entries()) {
      try {
        const res = await fn(this.#client(url));
        this.#urls.succeeded(url);
        return res;
      } catch (err) {
        const error = ConnectError.from(err);
        if (failureKind(err) === "answered" && error.code !== Code.DeadlineExceeded) throw error;
        this.#urls.failed(url);
        lastError = error;
        const next = candidates[i + 1];
        if (next !== undefined) this.#onFailover({ from: url, to: next, error });
      }
    }
    throw lastError!;
  }

  #client(url: string): Client<typeof HostService> {
    let client = this.#clients.get(url);
    if (!client) this.#clients.set(url, (client = createClient(HostService, createConnectTransport({ baseUrl: url, httpVersion: "1.1", ...this.transportOptions }))));
    return client;
  }
}
