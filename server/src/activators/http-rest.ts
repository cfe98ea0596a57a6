// The generic REST surface beside the RPC API, for callers who want no config:
//   POST /v1/actors/{system}/{type}/{name}/{action}        JSON in, the reply as JSON out
//   POST /v1/actors/{system}/{type}/{name}/{action}/async  202 + invocation id (durable outbox)
//   GET  /v1/actors/{system}/{type}/{name}/state           {"state", "revision", "updatedAt"}
//   GET  /v1/activators                                    activators and their counters
// `Idempotency-Key` is the idempotency key, `Prefer: respond-async` (or `?async=true`)
// makes a call async, and `Actorgate-Meta-<key>` headers become metadata.

import { toJson, type JsonValue } from "@bufbuild/protobuf";
import { timestampDate, ValueSchema } from "@bufbuild/protobuf/wkt";
import type { ActorRef } from "@actorgate/client/gen";
import { invalidArgument, notFound } from "../errors.js";
import { headerValue, readBody, requestHeaders, type UnaryRequest, type UnaryResponse } from "../rpc/unary-protocol.js";
import { parseJsonBody, toPayload } from "./activator-mapping.js";
import type { ActivatorStats } from "./activator-stats.js";
import { answerCall, clientGone, REVISION_HEADER, type HttpCallDeps } from "./http-call.js";
import { sendError, sendJson } from "./http-response.js";

export const REST_PREFIX = "/v1/actors/";
const META_PREFIX = "actorgate-meta-";

/** Serves the REST surface; false when the request is not for it. */
export function serveRest(deps: HttpCallDeps, stats: ActivatorStats, url: URL, req: UnaryRequest, res: UnaryResponse): boolean {
  if (url.pathname === "/v1/activators") {
    if (req.method !== "GET") return methodNotAllowed(res, "GET");
    sendJson(res, 200, { activators: stats.list() });
    return true;
  }
  if (!url.pathname.startsWith(REST_PREFIX)) return false;
  const parts = url.pathname.slice(REST_PREFIX.length).split("/");
  void (async () => {
    try {
      const segments = parts.map(decodeSegment);
      const [system, type, name, action, suffix] = segments;
      const actor = { system, type, name } as ActorRef;
      if (segments.length === 4 && action === "state" && req.method === "GET") {
        const gone = clientGone(res);
        const out = await deps.delivery.getState(actor, requestHeaders(req), gone.signal);
        gone.answered();
        sendJson(
          res,
          200,
          {
            state: out.json === undefined ? null : toJson(ValueSchema, out.json),
            revision: String(out.revision),
            updatedAt: out.updatedAt ? timestampDate(out.updatedAt).toISOString() : null,
          },
          { [REVISION_HEADER]: String(out.revision) },
        );
        return;
      }
      const asyncSuffix = segments.length === 5 && suffix === "async";
      if (segments.length !== 4 && !asyncSuffix) {
        throw notARoute(url.pathname);
      }
      if (req.method !== "POST") {
        methodNotAllowed(res, action === "state" && segments.length === 4 ? "GET, POST" : "POST");
        return;
      }
      const body: JsonValue | undefined = parseJsonBody(await readBody(req, deps.maxBodyBytes), "the request body");
      const async = asyncSuffix || url.searchParams.get("async") === "true" || /respond-async/i.test(headerValue(req.headers["prefer"]) ?? "");
      const timeout = url.searchParams.get("timeoutMs");
      const timeoutMs = timeout === null ? undefined : Number(timeout);
      if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 1)) throw invalidArgument(`timeoutMs must be a positive integer of milliseconds, got ${JSON.stringify(timeout)}`);
      await answerCall(
        deps,
        req,
        res,
        {
          actor,
          action: action!,
          payload: toPayload(body),
          metadata: metadataOf(req),
          idempotencyKey: headerValue(req.headers["idempotency-key"]) ?? undefined,
        },
        { async, timeoutMs },
      );
    } catch (err) {
      sendError(res, err);
    }
  })();
  return true;
}

function metadataOf(req: UnaryRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (key.startsWith(META_PREFIX) && value !== undefined) out[key.slice(META_PREFIX.length)] = headerValue(value)!;
  }
  return out;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalidArgument(`path segment ${JSON.stringify(segment.slice(0, 64))} is not valid percent-encoding`);
  }
}

function notARoute(path: string) {
  return notFound(
    `no REST route ${path}: use POST ${REST_PREFIX}{system}/{type}/{name}/{action}[/async] or GET ${REST_PREFIX}{system}/{type}/{name}/state (see GET /openapi.json)`,
  );
}

function methodNotAllowed(res: UnaryResponse, allow: string): true {
  sendJson(res, 405, { code: "unimplemented", message: `method not allowed here; use ${allow}` }, { allow });
  return true;
}
