import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import tls from "node:tls";

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;
type Handler = (req: Request, res: Response) => void;

const PREFACE = Buffer.from("PRI * HTTP/2.0");

/** TLS for a DualServer: PEM certificate and key, and optionally the CA client certificates must chain to (mTLS). */
export interface DualServerTls {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
  /** Require client certificates signed by this CA (mTLS); handshakes without one fail. */
  readonly clientCa?: string | Buffer;
}

/** Connection limits against slow and greedy clients (issue 12). Every field has a default. */
export interface DualServerOptions {
  /** Serve TLS instead of cleartext, with ALPN h2 and http/1.1 on the same port. Default none. */
  readonly tls?: DualServerTls;
  /**
   * A connection must send its first request's headers (or its TLS handshake, or the
   * HTTP/2 preface) within this long, and a request's headers within this long of its
   * first byte; otherwise it is closed (slow-loris). Default 10000 ms.
   */
  readonly headersTimeoutMs?: number;
  /** A connection with no request in flight is closed after this long. Default 65000 ms. */
  readonly idleTimeoutMs?: number;
  /** Largest request header block, in bytes (HTTP/1.1 and HTTP/2). Default 16384. */
  readonly maxHeaderBytes?: number;
  /** Most connections open at once from one client address; more are closed at once. Default 0: no limit. */
  readonly maxConnectionsPerAddress?: number;
  /** Most concurrent HTTP/2 streams per connection. Default 1000. */
  readonly maxConcurrentStreams?: number;
}

/**
 * One TCP port that speaks HTTP/1.1 and cleartext HTTP/2 (prior knowledge, as gRPC
 * clients use it): the first bytes of each connection pick the protocol. Browsers,
 * curl and Connect/gRPC-Web clients use HTTP/1.1; gRPC clients and multiplexing
 * Connect clients use h2c.
 */
export class DualServer {
  readonly #tcp: net.Server | tls.Server;
  /** Open connections per client address, for `maxConnectionsPerAddress`. */
  readonly #perAddress = new Map<string, number>();
  readonly #h1: http.Server;
  readonly #h2: http2.Http2Server;
  readonly #sockets = new Set<net.Socket>();
  readonly #sessions = new Set<http2.ServerHttp2Session>();
  /** HTTP/1.1 requests in flight per socket, so closing can spare busy ones. */
  readonly #busy = new Map<net.Socket, number>();
  #closing = false;
  readonly #h2Sockets = new WeakSet<net.Socket>();
  /** Requests being handled (HTTP/1.1 and HTTP/2), so shutdown can wait for them. */
  readonly #inflight = new Set<Request>();
  #onSettled: (() => void) | undefined;
  /** Answers requests that arrive once `stopAccepting` was called (see there). */
  #refuse: Handler | undefined;
  /** HTTP/1.1 responses not yet finished, to tell their clients the socket closes. */
  readonly #h1Responses = new Set<http.ServerResponse>();

  constructor(handler: Handler, options: DualServerOptions = {}) {
    const headersTimeout = options.headersTimeoutMs ?? 10_000;
    const idleTimeout = options.idleTimeoutMs ?? 65_000;
    const maxHeaderSize = options.maxHeaderBytes ?? 16 * 1024;
    const track = (req: Request, res: Response) => {
      if (this.#closing && this.#refuse) {
        this.#refuse(req, res);
        return;
      }
      this.#inflight.add(req);
      res.on("close", () => {
        this.#inflight.delete(req);
        this.#onSettled?.();
      });
      handler(req, res);
    };
    this.#h1 = http.createServer({
      keepAliveTimeout: idleTimeout,
      headersTimeout,
      // A request's body too must arrive in reasonable time; long calls are fine, it
      // is only the upload that is timed.
      requestTimeout: Math.max(headersTimeout, 60_000),
      maxHeaderSize,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
    }, (req, res) => {
      const socket = req.socket;
      this.#busy.set(socket, (this.#busy.get(socket) ?? 0) + 1);
      this.#h1Responses.add(res);
      res.on("close", () => {
        this.#h1Responses.delete(res);
        const n = (this.#busy.get(socket) ?? 1) - 1;
        this.#busy.set(socket, n);
        // A graceful shutdown (`refuse` set) leaves the socket to the client: it was
        // told `connection: close`, or its next request is refused with it. Closing it
        // here would race the request it may be writing.
        if (n === 0 && this.#closing && !this.#refuse) socket.destroySoon();
      });
      if (this.#closing) res.setHeader("connection", "close");
      track(req, res);
    });
    // The header and request timeouts of an http.Server are checked by a timer it starts
    // when it listens; this one never listens itself (connections are handed to it).
    this.#h1.emit("listening");
    this.#h2 = http2.createServer({
      maxSessionMemory: 10,
      settings: { maxConcurrentStreams: options.maxConcurrentStreams ?? 1000, maxHeaderListSize: maxHeaderSize },
      maxHeaderListPairs: 256,
    }, track);
    // A session with no stream for this long is closed (connect clients ping and re-dial).
    this.#h2.setTimeout(idleTimeout);
    this.#h2.on("session", (s) => {
      this.#sessions.add(s);
      s.on("close", () => this.#sessions.delete(s));
    });
    const dispatch = (socket: net.Socket, first: Buffer | undefined, h2: boolean) => {
      if (h2) this.#h2Sockets.add(socket);
      if (first) {
        socket.pause();
        socket.unshift(first);
      }
      (h2 ? this.#h2 : this.#h1).emit("connection", socket);
      // HTTP/2 reads the socket's handle directly (and picks up the unshifted bytes);
      // the HTTP/1 parser reads through stream events and needs it flowing again.
      if (first && !h2) socket.resume();
    };
    const accept = (socket: net.Socket) => {
      socket.setNoDelay(true);
      const address = socket.remoteAddress ?? "";
      const open = (this.#perAddress.get(address) ?? 0) + 1;
      this.#perAddress.set(address, open);
      this.#sockets.add(socket);
      socket.on("close", () => {
        this.#sockets.delete(socket);
        this.#busy.delete(socket);
        const left = (this.#perAddress.get(address) ?? 1) - 1;
        if (left > 0) this.#perAddress.set(address, left);
        else this.#perAddress.delete(address);
      });
      if (options.maxConnectionsPerAddress && open > options.maxConnectionsPerAddress) {
        socket.destroy();
        return false;
      }
      return true;
    };
    /** A connection that sends nothing (or too little to choose a protocol) is closed in time. */
    const firstBytesTimer = (socket: net.Socket) => {
      const timer = setTimeout(() => socket.destroy(), headersTimeout);
      timer.unref();
      return timer;
    };
    if (options.tls) {
      const server = tls.createServer({
        ...secureOptions(options.tls),
        ALPNProtocols: ["h2", "http/1.1"],
        handshakeTimeout: headersTimeout,
      });
      server.on("connection", (socket: net.Socket) => {
        accept(socket);
      });
      server.on("secureConnection", (socket: tls.TLSSocket) => {
        if (socket.destroyed) return;
        const h2 = socket.alpnProtocol === "h2";
        if (h2) {
          dispatch(socket, undefined, true);
          return;
        }
        // HTTP/1.1 over TLS: the request headers are timed by the HTTP server from their first byte.
        const timer = firstBytesTimer(socket);
        socket.once("data", (first: Buffer) => {
          clearTimeout(timer);
          dispatch(socket, first, false);
        });
      });
      // A failed handshake (no client certificate, a plain-HTTP client) only closes that socket.
      server.on("tlsClientError", (_err, socket) => socket.destroy());
      this.#tcp = server;
    } else {
      this.#tcp = net.createServer((socket) => {
        if (!accept(socket)) return;
        const timer = firstBytesTimer(socket);
        socket.once("data", (first: Buffer) => {
          clearTimeout(timer);
          const h2 = first.subarray(0, PREFACE.length).equals(PREFACE.subarray(0, Math.min(first.length, PREFACE.length)));
          dispatch(socket, first, h2);
        });
      });
    }
  }

  /** Replaces the certificate and key (and client CA) for new TLS connections, e.g. after rotation. */
  setTls(options: DualServerTls): void {
    if (!(this.#tcp instanceof tls.Server)) throw new Error("this server was not started with TLS");
    this.#tcp.setSecureContext(secureOptions(options));
  }

  #sessionSocket(socket: net.Socket): boolean {
    return this.#h2Sockets.has(socket);
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#tcp.once("error", reject);
      this.#tcp.listen(port, host, () => {
        this.#tcp.off("error", reject);
        resolve((this.#tcp.address() as net.AddressInfo).port);
      });
    });
  }

  /**
   * The first step of a graceful shutdown: refuses new connections and sends HTTP/2
   * sessions GOAWAY, while requests in flight go on. Open HTTP/1.1 keep-alive sockets
   * stay open (closing an idle one races a request the client may be sending on it):
   * a request arriving on one goes to `refuse` (which should answer "unavailable"),
   * or, without it, is handled as usual; either way with `connection: close`.
   */
  stopAccepting(refuse?: Handler): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#refuse = refuse;
    this.#tcpClosed = new Promise<void>((r) => this.#tcp.close(() => r()));
    // HTTP/2 sessions get GOAWAY and end after their open streams.
    for (const s of this.#sessions) s.close();
    // HTTP/1.1 calls in flight get their answer with `connection: close`, so the client
    // sends its next call on a new connection (refused) rather than on a closing one.
    for (const res of this.#h1Responses) if (!res.headersSent) res.setHeader("connection", "close");
  }

  #tcpClosed: Promise<void> | undefined;

  /**
   * Resolves true once every request in flight has been answered (those `skip` names
   * excepted, e.g. endless streams), or false at `until` (epoch ms) if some are not.
   */
  drained(until: number, skip: (req: Request) => boolean = () => false): Promise<boolean> {
    const busy = () => [...this.#inflight].some((r) => !skip(r));
    if (!busy()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.#onSettled = undefined;
        resolve(ok);
      };
      // No timer for an unbounded wait (setTimeout takes Infinity as 1 ms).
      const timer = Number.isFinite(until) ? setTimeout(() => done(!busy()), Math.max(0, until - Date.now())) : undefined;
      this.#onSettled = () => {
        if (!busy()) done(true);
      };
    });
  }

  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes. */
  async close(graceMs = 5_000): Promise<void> {
    this.stopAccepting(this.#refuse);
    const closed = this.#tcpClosed!;
    for (const s of this.#sessions) s.close();
    // Idle keep-alive sockets would never close on their own; busy ones close after
    // their response (see the request wrapper).
    for (const socket of this.#sockets) {
      if (!this.#sessionSocket(socket) && !this.#busy.get(socket)) socket.destroySoon();
    }
    const timer = Number.isFinite(graceMs)
      ? setTimeout(() => {
          for (const s of this.#sockets) s.destroy();
        }, graceMs)
      : undefined;
    timer?.unref();
    try {
      await closed;
    } finally {
      clearTimeout(timer);
    }
  }
}

function secureOptions(options: DualServerTls): tls.SecureContextOptions & tls.TlsOptions {
  return {
    cert: options.cert,
    key: options.key,
    ...(options.clientCa ? { ca: options.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
  };
}
