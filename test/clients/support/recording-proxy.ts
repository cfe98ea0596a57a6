// A proxy between a client and the gateway that records what each request looked like on
// the wire (HTTP version, content type, headers, body), so a client test can prove that
// an option changed what was sent, not only that the call worked. It speaks HTTP/1.1 and
// cleartext HTTP/2 on one port, like the gateway, and can hold a request before
// forwarding it (for deadline and abort tests).

import http from "node:http";
import http2 from "node:http2";
import { DualServer } from "@actorgate/client/host";
import { onCleanup } from "../../support/harness.js";

export interface RecordedRequest {
  /** "1.1" or "2.0". */
  readonly httpVersion: string;
  /** e.g. "/actorgate.v1.ActorService/Invoke". */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface RecordingProxy {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests to one procedure ("ActorService/Invoke"). */
  to(method: string): RecordedRequest[];
  /**
   * Called once a request is read, before it is forwarded; forwarding waits for it.
   * `gone` resolves when the client closes the request (it gave up or was aborted).
   */
  hold: ((req: RecordedRequest, gone: Promise<void>) => Promise<void>) | undefined;
}

type Req = http.IncomingMessage | http2.Http2ServerRequest;
type Res = http.ServerResponse | http2.Http2ServerResponse;

// Hop-by-hop headers (HTTP/1.1) and pseudo-headers (HTTP/2) are not forwarded as such.
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "host", "proxy-connection", "http2-settings"]);

/** A proxy to `target` on `port` (default: a free one), closed after the test. */
export async function startRecordingProxy(target: string, port = 0): Promise<RecordingProxy> {
  const upstream = new URL(target);
  let session: http2.ClientHttp2Session | undefined;
  const h2 = () => {
    if (!session || session.closed || session.destroyed) session = http2.connect(upstream.origin);
    return session;
  };

  const proxy: RecordingProxy = {
    url: "",
    requests: [],
    to: (method) => proxy.requests.filter((r) => r.path.endsWith(`/${method}`)),
    hold: undefined,
  };

  const server = new DualServer((req: Req, res: Res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });

  async function handle(req: Req, res: Res): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (k.startsWith(":") || HOP.has(k) || v === undefined) continue;
      headers[k] = Array.isArray(v) ? v.join(", ") : v;
    }
    const rec: RecordedRequest = { httpVersion: req.httpVersion, path: req.url ?? "", headers, body: Buffer.concat(chunks) };
    proxy.requests.push(rec);
    if (proxy.hold) await proxy.hold(rec, new Promise<void>((resolve) => res.once("close", () => resolve())));
    if (res.destroyed || res.writableEnded) return;
    if (req.httpVersion === "2.0") forwardH2(rec, res as http2.Http2ServerResponse);
    else forwardH1(rec, req.method ?? "POST", res as http.ServerResponse);
  }

  function forwardH2(rec: RecordedRequest, res: http2.Http2ServerResponse): void {
    const up = h2().request({ ":method": "POST", ":path": rec.path, ...rec.headers });
    res.on("close", () => up.close(http2.constants.NGHTTP2_CANCEL));
    up.on("response", (h) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(h)) if (!k.startsWith(":") && v !== undefined) out[k] = v as string | string[];
      res.writeHead(Number(h[":status"] ?? 502), out);
    });
    up.on("trailers", (t) => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(t)) if (!k.startsWith(":") && v !== undefined) out[k] = String(v);
      res.addTrailers(out);
    });
    up.on("data", (d: Buffer) => res.write(d));
    up.on("end", () => res.end());
    up.on("error", () => res.destroy());
    up.end(rec.body);
  }

  function forwardH1(rec: RecordedRequest, method: string, res: http.ServerResponse): void {
    const up = http.request({ host: upstream.hostname, port: upstream.port, method, path: rec.path, headers: rec.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    res.on("close", () => up.destroy());
    up.on("error", () => res.destroy());
    up.end(rec.body);
  }

  const listening = await server.listen(port, "127.0.0.1");
  (proxy as { url: string }).url = `http://127.0.0.1:${listening}`;
  onCleanup(async () => {
    session?.destroy();
    await server.close(100);
  });
  return proxy;
}
