// Configured HTTP routes (`{"kind":"http",…}`): path and query parameters and headers
// fill the actor name, payload fields and metadata; the JSON body is the payload; the
// actor's JSON reply is the response body. `Idempotency-Key` is the idempotency key
// unless the route maps another. `"read": "state"` routes answer the actor's state.

import { toJson, type JsonValue } from "@bufbuild/protobuf";
import { ValueSchema } from "@bufbuild/protobuf/wkt";
import { invalidArgument } from "../errors.js";
import { headerValue, readBody, type UnaryRequest, type UnaryResponse } from "../rpc/unary-protocol.js";
import type { HttpRouteSpec } from "./activator-config.js";
import { mapMessage, parseJsonBody } from "./activator-mapping.js";
import type { ActivatorCounters } from "./activator-stats.js";
import type { Lookup } from "./activator-template.js";
import { answerCall, clientGone, REVISION_HEADER, type HttpCallDeps } from "./http-call.js";
import { sendError, sendJson } from "./http-response.js";
import { requestHeaders } from "../rpc/unary-protocol.js";

/** A route compiled for matching. */
export interface CompiledRoute {
  readonly spec: HttpRouteSpec;
  readonly counters: ActivatorCounters;
  /** Path parameters in order; undefined when the path does not match. */
  match(pathname: string): Record<string, string> | undefined;
}

export function compileRoute(spec: HttpRouteSpec, counters: ActivatorCounters): CompiledRoute {
  const names: string[] = [];
  const pattern = spec.path
    .split("/")
    .map((segment) => {
      const param = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(param[1]!);
      return "([^/]+)";
    })
    .join("/");
  const re = new RegExp(`^${pattern}/?$`);
  return {
    spec,
    counters,
    match(pathname) {
      const m = re.exec(pathname);
      if (!m) return undefined;
      const params: Record<string, string> = {};
      names.forEach((n, i) => (params[n] = m[i + 1]!));
      return params;
    },
  };
}

/** The values a request offers to templates: `path.x`, `query.x`, `header.x`. */
export function httpLookup(req: UnaryRequest, url: URL, params: Record<string, string>): Lookup {
  return (ref) => {
    const dot = ref.indexOf(".");
    const scope = ref.slice(0, dot);
    const key = ref.slice(dot + 1);
    switch (scope) {
      case "path":
        return params[key] === undefined ? undefined : decode(params[key]);
      case "query":
        return url.searchParams.get(key) ?? undefined;
      case "header":
        return headerValue(req.headers[key.toLowerCase()]) ?? undefined;
      default:
        return undefined;
    }
  };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalidArgument(`path segment ${JSON.stringify(segment.slice(0, 64))} is not valid percent-encoding`);
  }
}

/** Serves one request on a matched route. */
export async function serveRoute(
  deps: HttpCallDeps,
  route: CompiledRoute,
  params: Record<string, string>,
  url: URL,
  req: UnaryRequest,
  res: UnaryResponse,
): Promise<void> {
  const { spec, counters } = route;
  counters.received++;
  let body: JsonValue | undefined;
  let call;
  try {
    body = parseJsonBody(await readBody(req, deps.maxBodyBytes), "the request body");
    const headerKey = headerValue(req.headers["idempotency-key"]) ?? undefined;
    call = mapMessage(spec, httpLookup(req, url, params), body, headerKey);
  } catch (err) {
    counters.failed++;
    sendError(res, err);
    return;
  }
  if (spec.read === "state") {
    const gone = clientGone(res);
    try {
      const state = await deps.delivery.getState(call.actor, requestHeaders(req), gone.signal);
      counters.invoked++;
      gone.answered();
      sendJson(res, 200, state.json === undefined ? null : toJson(ValueSchema, state.json), { [REVISION_HEADER]: String(state.revision) });
    } catch (err) {
      counters.failed++;
      gone.answered();
      sendError(res, err);
    }
    return;
  }
  await answerCall(deps, req, res, call, { async: spec.async, timeoutMs: spec.timeoutMs, counters });
}
