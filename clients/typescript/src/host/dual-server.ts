import http from "node:http";
import http2 from "node:http2";
import net from "node:net";

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;
type Handler = (req: Request, res: Response) => void;

const PREFACE = Buffer.from("PRI * HTTP/2.0");

/**
 * One TCP port that speaks HTTP/1.1 and cleartext HTTP/2 (prior knowledge, as gRPC
 * clients use it): the first bytes of each connection pick the protocol. Browsers,
 * curl and Connect/gRPC-Web clients use HTTP/1.1; gRPC clients and multiplexing
 * Connect clients use h2c.
 */
export class DualServer {
  readonly #tcp: net.Server;
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

  constructor(handler: Handler) {
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
    this.#h1 = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
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
    this.#h2 = http2.createServer({}, track);
    this.#h2.on("session", (s) => {
      this.#sessions.add(s);
      s.on("close", () => this.#sessions.delete(s));
    });
    this.#tcp = net.createServer((socket) => {
      socket.setNoDelay(true);
      this.#sockets.add(socket);
      socket.on("close", () => {
        this.#sockets.delete(socket);
        this.#busy.delete(socket);
      });
      socket.once("data", (first: Buffer) => {
        socket.pause();
        socket.unshift(first);
        const h2 = first.subarray(0, PREFACE.length).equals(PREFACE.subarray(0, Math.min(first.length, PREFACE.length)));
        if (h2) this.#h2Sockets.add(socket);
        (h2 ? this.#h2 : this.#h1).emit("connection", socket);
        // HTTP/2 reads the socket's handle directly (and picks up the unshifted bytes);
        // the HTTP/1 parser reads through stream events and needs it flowing again.
        if (!h2) socket.resume();
      });
    });
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
