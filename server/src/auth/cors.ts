import { cors } from "@connectrpc/connect";
import type { UnaryRequest, UnaryResponse } from "../rpc/unary-protocol.js";

const ALLOW_METHODS = cors.allowedMethods.join(", ");
// Browsers send the bearer token in `authorization`, which is not in connect's list.
const ALLOW_HEADERS = [...cors.allowedHeaders, "Authorization"].join(", ");
const EXPOSE_HEADERS = [...cors.exposedHeaders, "Retry-After", "Retry-After-Ms"].join(", ");

/**
 * CORS for browser clients of the listed origins (`*`: any): answers preflights with the
 * methods and headers the Connect and gRPC-Web protocols need, and marks responses to
 * allowed origins readable. Returns true when it answered the request itself (a
 * preflight). An origin not listed gets no CORS headers, so the browser refuses.
 */
export function corsHandler(origins: readonly string[]): (req: UnaryRequest, res: UnaryResponse) => boolean {
  const any = origins.includes("*");
  const allowed = new Set(origins);
  return (req, res) => {
    const origin = req.headers["origin"];
    if (typeof origin !== "string") return false;
    const ok = any || allowed.has(origin);
    if (req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined) {
      if (!ok) {
        res.writeHead(403, { "content-type": "text/plain", vary: "Origin" });
        res.end(`origin ${origin} is not allowed (--cors-origins)\n`);
        return true;
      }
      res.writeHead(204, {
        "access-control-allow-origin": origin,
        "access-control-allow-methods": ALLOW_METHODS,
        "access-control-allow-headers": ALLOW_HEADERS,
        "access-control-max-age": "7200",
        vary: "Origin",
      });
      res.end();
      return true;
    }
    if (ok) {
      res.setHeader("access-control-allow-origin", origin);
      res.setHeader("access-control-expose-headers", EXPOSE_HEADERS);
      res.setHeader("vary", "Origin");
    }
    return false;
  };
}
