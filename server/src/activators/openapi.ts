// `GET /openapi.json`: an OpenAPI 3.1 document of the REST surface and of every configured
// HTTP route and CloudEvents endpoint, built per request (types come and go with hosts).
// Where a host declared an action's input/output protobuf type and uploaded its
// descriptors, the route's request and response carry that type's JSON Schema.

import type { Registry as ProtoRegistry } from "@bufbuild/protobuf";
import type { ActivatorSpec, HttpRouteSpec } from "./activator-config.js";
import { messageSchema } from "./descriptor-json-schema.js";

/** What the document needs to know about registered types. */
export interface ActionTypes {
  /** The declared input and output message names of an action, if any. */
  actionTypes(system: string, type: string, action: string): { readonly input?: string; readonly output?: string } | undefined;
}

type Obj = Record<string, unknown>;

const ERROR = { $ref: "#/components/schemas/Error" };
const errors = (...statuses: number[]): Obj =>
  Object.fromEntries(statuses.map((s) => [String(s), { description: STATUS_TEXT[s] ?? "error", content: { "application/json": { schema: ERROR } } }]));
const STATUS_TEXT: Record<number, string> = {
  400: "invalid_argument: bad name, payload or parameter",
  404: "not_found: unknown system, type, action or state",
  409: "failed_precondition",
  429: "resource_exhausted: mailbox full",
  503: "unavailable: no host serves the type",
  504: "deadline_exceeded",
};
const ALL_ERRORS = [400, 404, 409, 429, 503, 504];
const pathParam = (name: string, description: string): Obj => ({ name, in: "path", required: true, schema: { type: "string" }, description });
const idempotencyHeader: Obj = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  schema: { type: "string", maxLength: 256 },
  description: "A repeated call with the same key (per actor) returns the first result instead of running again.",
};

export function openApiDocument(specs: readonly ActivatorSpec[], types: ActionTypes, descriptors: ProtoRegistry, serverUrl: string): Obj {
  const schemaOf = (name: string | undefined): Obj => {
    const message = name ? descriptors.getMessage(name) : undefined;
    return message ? messageSchema(message) : { description: "any JSON value" };
  };
  const paths: Record<string, Obj> = {
    "/v1/actors/{system}/{type}/{name}/{action}": {
      post: {
        operationId: "invoke",
        summary: "Invoke an action (JSON in, the reply as JSON out)",
        parameters: [
          pathParam("system", "actor system"),
          pathParam("type", "actor type"),
          pathParam("name", "actor name (a NAMED actor's name is its type)"),
          pathParam("action", "action"),
          idempotencyHeader,
          { name: "async", in: "query", required: false, schema: { type: "boolean" }, description: "Enqueue durably and answer 202 (also: Prefer: respond-async)." },
          { name: "timeoutMs", in: "query", required: false, schema: { type: "integer", minimum: 1 } },
        ],
        requestBody: { required: false, content: { "application/json": { schema: {} } } },
        responses: { ...replyResponses({}), ...accepted(), ...errors(...ALL_ERRORS) },
      },
    },
    "/v1/actors/{system}/{type}/{name}/{action}/async": {
      post: {
        operationId: "invokeAsync",
        summary: "Enqueue an invocation durably (outbox); answers its id",
        parameters: [pathParam("system", "actor system"), pathParam("type", "actor type"), pathParam("name", "actor name"), pathParam("action", "action"), idempotencyHeader],
        requestBody: { required: false, content: { "application/json": { schema: {} } } },
        responses: { ...accepted(), ...errors(400, 404, 503) },
      },
    },
    "/v1/actors/{system}/{type}/{name}/state": {
      get: {
        operationId: "getState",
        summary: "The actor's current state",
        parameters: [pathParam("system", "actor system"), pathParam("type", "actor type"), pathParam("name", "actor name")],
        responses: {
          "200": {
            description: "the state",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["state", "revision"],
                  properties: { state: {}, revision: { type: "string" }, updatedAt: { type: ["string", "null"], format: "date-time" } },
                },
              },
            },
          },
          ...errors(400, 404, 503),
        },
      },
    },
    "/v1/activators": {
      get: {
        operationId: "listActivators",
        summary: "The configured activators and their counters",
        responses: { "200": { description: "activators", content: { "application/json": { schema: { $ref: "#/components/schemas/Activators" } } } } },
      },
    },
  };
  for (const spec of specs) {
    if (spec.kind === "http") {
      const item = (paths[spec.path] ??= {});
      const types_ = spec.read ? undefined : types.actionTypes(spec.system, spec.type, spec.action);
      item[spec.method.toLowerCase()] = routeOperation(spec, schemaOf(types_?.input), schemaOf(types_?.output));
    } else if (spec.kind === "cloudevents") {
      const item = (paths[spec.path] ??= {});
      const ops = (item["post"] as Obj | undefined) ?? {
        operationId: `cloudevents_${spec.path.replace(/[^A-Za-z0-9]/g, "_")}`,
        summary: "CloudEvents (structured, binary or batch content mode)",
        description: "",
        requestBody: {
          required: true,
          content: {
            "application/cloudevents+json": { schema: { $ref: "#/components/schemas/CloudEvent" } },
            "application/cloudevents-batch+json": { schema: { type: "array", items: { $ref: "#/components/schemas/CloudEvent" } } },
            "application/json": { schema: { description: "binary mode: the data, with the attributes in ce-* headers" } },
          },
        },
        responses: { "200": { description: "the reply (JSON or a CloudEvent); for a batch, each event's outcome" }, ...accepted(), ...errors(...ALL_ERRORS) },
      };
      ops["description"] = `${String(ops["description"])}\n- ${describeMatch(spec.match)} → ${spec.system}/${spec.type}.${spec.action}`.trim();
      item["post"] = ops;
    }
  }
  return {
    openapi: "3.1.0",
    info: { title: "Actorgate REST surface and activators", version: "1.0.0" },
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: {
        Error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" } } },
        Accepted: { type: "object", required: ["invocationId"], properties: { invocationId: { type: "string" } } },
        CloudEvent: {
          type: "object",
          required: ["specversion", "id", "source", "type"],
          properties: { specversion: { type: "string" }, id: { type: "string" }, source: { type: "string" }, type: { type: "string" }, subject: { type: "string" }, data: {} },
        },
        Activators: {
          type: "object",
          properties: {
            activators: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  id: { type: "string" },
                  kind: { type: "string" },
                  source: { type: "string" },
                  target: { type: "string" },
                  received: { type: "integer" },
                  invoked: { type: "integer" },
                  failed: { type: "integer" },
                  deadLettered: { type: "integer" },
                },
              },
            },
          },
        },
      },
    },
  };
}

function routeOperation(spec: HttpRouteSpec, input: Obj, output: Obj): Obj {
  const params = [...spec.path.matchAll(/\{([^}]+)\}/g)].map((m) => pathParam(m[1]!, "path parameter"));
  const query = new Set<string>();
  const headers = new Set<string>();
  const refs = JSON.stringify([spec.name, spec.metadata, spec.idempotencyKey ?? "", Object.values(spec.fields).map((f) => `{${f.ref}}`)]);
  for (const m of refs.matchAll(/\{(query|header)\.([^}]+)\}/g)) (m[1] === "query" ? query : headers).add(m[2]!);
  const op: Obj = {
    operationId: spec.id.replace(/[^A-Za-z0-9_]/g, "_"),
    summary: spec.read ? `The state of ${spec.system}/${spec.type}` : `${spec.system}/${spec.type}.${spec.action}${spec.async ? " (async)" : ""}`,
    parameters: [
      ...params,
      ...[...query].map((q) => ({ name: q, in: "query", required: true, schema: { type: "string" } })),
      ...[...headers].map((h) => ({ name: h, in: "header", required: true, schema: { type: "string" } })),
      ...(spec.read ? [] : [idempotencyHeader]),
    ],
    responses: spec.async ? { ...accepted(), ...errors(400, 404, 503) } : { ...replyResponses(output), ...errors(...ALL_ERRORS) },
  };
  if (!spec.read && spec.method !== "GET" && spec.method !== "DELETE") op["requestBody"] = { required: false, content: { "application/json": { schema: input } } };
  return op;
}

function replyResponses(output: Obj): Obj {
  return {
    "200": { description: "the action's reply", content: { "application/json": { schema: output } } },
    "204": { description: "the action sent no reply" },
  };
}

function accepted(): Obj {
  return { "202": { description: "durably queued", content: { "application/json": { schema: { $ref: "#/components/schemas/Accepted" } } } } };
}

function describeMatch(match: { readonly type?: string; readonly source?: string; readonly subject?: string }): string {
  const parts = Object.entries(match).map(([k, v]) => `${k} ${v}`);
  return parts.length ? parts.join(", ") : "any event";
}
