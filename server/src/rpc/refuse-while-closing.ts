import type http from "node:http";
import type http2 from "node:http2";

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;

/**
 * Answers a request that arrives on an open connection after a graceful shutdown began:
 * `unavailable` in the request's own protocol (a Connect error, or a trailers-only
 * gRPC / gRPC-Web answer), so the client retries elsewhere instead of seeing its
 * socket closed. Health probes get their plain answers (readiness: draining).
 */
export function refuseWhileClosing(req: Request, res: Response): void {
  // Read (and drop) the whole request first: answering and closing while the client
  // still writes its body would reset the socket under it (EPIPE) instead.
  req.resume();
  if (req.readableEnded) answer(req, res);
  else {
    req.once("end", () => answer(req, res));
    req.once("error", () => res.destroy());
  }
}

function answer(req: Request, res: Response): void {
  const message = "the gateway is shutting down; retry on another node";
  if (req.url === "/healthz" || req.url === "/readyz") {
    const ok = req.url === "/healthz";
    res.writeHead(ok ? 200 : 503, { "content-type": "text/plain", ...closeHeader(res) });
    res.end(ok ? "ok\n" : "draining\n");
    return;
  }
  const type = String(req.headers["content-type"] ?? "");
  if (type.startsWith("application/grpc")) {
    // Trailers-only: status and message as headers (gRPC and gRPC-Web alike).
    res.writeHead(200, {
      "content-type": type.split(";")[0]!,
      "grpc-status": "14",
      "grpc-message": encodeURIComponent(message),
      ...closeHeader(res),
    });
    res.end();
    return;
  }
  // Connect unary (and streaming: a non-200 status is the error before any message).
  res.writeHead(503, { "content-type": "application/json", ...closeHeader(res) });
  res.end(JSON.stringify({ code: "unavailable", message }));
}

/** HTTP/1.1 closes the connection after this answer; HTTP/2 forbids the header. */
function closeHeader(res: Response): Record<string, string> {
  return "stream" in res ? {} : { connection: "close" };
}
