// The HTTP side of the activators on the gateway port: configured routes, CloudEvents
// endpoints, the REST surface and /openapi.json. The gateway asks it first; whatever it
// does not serve (RPC calls, /healthz) goes on to connect-node.

import type { Registry as ProtoRegistry } from "@bufbuild/protobuf";
import type { UnaryRequest, UnaryResponse } from "../rpc/unary-protocol.js";
import type { ActivatorSpec, CloudEventsSpec, HttpRouteSpec } from "./activator-config.js";
import type { ActivatorDelivery } from "./activator-delivery.js";
import type { ActivatorStats } from "./activator-stats.js";
import { serveCloudEvents, type CloudEventsEndpoint } from "./cloudevents-activator.js";
import type { HttpCallDeps } from "./http-call.js";
import { sendError, sendJson } from "./http-response.js";
import { serveRest } from "./http-rest.js";
import { compileRoute, serveRoute, type CompiledRoute } from "./http-routes.js";
import { openApiDocument, type ActionTypes } from "./openapi.js";

export interface HttpActivatorOptions {
  readonly specs: readonly ActivatorSpec[];
  readonly delivery: ActivatorDelivery;
  readonly stats: ActivatorStats;
  readonly descriptors: ProtoRegistry;
  readonly types: ActionTypes;
  readonly requestTimeoutMs: number;
  readonly maxBodyBytes: number;
  /** The gateway's URL, for the OpenAPI document's `servers`. */
  readonly url: () => string;
}

/** Returns a handler that serves a request and says true, or leaves it alone and says false. */
export function createHttpActivators(options: HttpActivatorOptions): (req: UnaryRequest, res: UnaryResponse) => boolean {
  const deps: HttpCallDeps = options;
  const routes: CompiledRoute[] = options.specs
    .filter((s): s is HttpRouteSpec => s.kind === "http")
    .map((s) => compileRoute(s, options.stats.add(s.id, "http", `${s.method} ${s.path}`, s.read ? `${s.system}/${s.type} state` : `${s.system}/${s.type}.${s.action}`)));
  const endpoints = new Map<string, CloudEventsEndpoint>();
  for (const s of options.specs.filter((x): x is CloudEventsSpec => x.kind === "cloudevents")) {
    const counters = options.stats.add(s.id, "cloudevents", `POST ${s.path} ${JSON.stringify(s.match)}`, `${s.system}/${s.type}.${s.action}`);
    const e = endpoints.get(s.path) ?? { path: s.path, activators: [] };
    endpoints.set(s.path, { path: s.path, activators: [...e.activators, { spec: s, counters }] });
  }

  return (req, res) => {
    const raw = req.url ?? "/";
    // RPC paths (/actorgate.v1.X/Method) are never ours: skip them without parsing.
    if (raw.startsWith("/actorgate.")) return false;
    const url = new URL(raw, "http://gateway");
    if (url.pathname === "/openapi.json" && req.method === "GET") {
      sendJson(res, 200, openApiDocument(options.specs, options.types, options.descriptors, options.url()));
      return true;
    }
    const endpoint = endpoints.get(url.pathname);
    if (endpoint && (req.method === "POST" || req.method === "OPTIONS")) {
      void serveCloudEvents(deps, endpoint, req, res).catch((err: unknown) => sendError(res, err));
      return true;
    }
    let pathMatched: string[] = [];
    for (const route of routes) {
      const params = route.match(url.pathname);
      if (!params) continue;
      if (route.spec.method !== req.method) {
        pathMatched.push(route.spec.method);
        continue;
      }
      void serveRoute(deps, route, params, url, req, res).catch((err: unknown) => sendError(res, err));
      return true;
    }
    if (pathMatched.length > 0) {
      pathMatched = [...new Set(pathMatched)];
      req.resume();
      sendJson(res, 405, { code: "unimplemented", message: `${req.method} is not routed on ${url.pathname}; use ${pathMatched.join(" or ")}` }, { allow: pathMatched.join(", ") });
      return true;
    }
    return serveRest(deps, options.stats, url, req, res);
  };
}
