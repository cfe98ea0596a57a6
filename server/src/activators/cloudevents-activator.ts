// CloudEvents over HTTP (structured, binary and batch content modes) on the gateway port.
// Each configured `cloudevents` activator selects events by type/source/subject; the
// first that matches invokes its action with the event's data as the payload. The event's
// source and id are the idempotency key (`<source>#<id>`; CloudEvents makes that pair
// unique), so a redelivered event runs once and gets the first answer again. The reply
// is plain JSON or, with `"reply": "cloudevent"`, a structured CloudEvent.
// Only this file imports the `cloudevents` SDK.

import { randomUUID } from "node:crypto";
import { CloudEvent, HTTP } from "cloudevents";
import type { JsonValue } from "@bufbuild/protobuf";
import { invalidArgument, notFound } from "../errors.js";
import { headerValue, readBody, requestHeaders, type UnaryRequest, type UnaryResponse } from "../rpc/unary-protocol.js";
import type { CloudEventsSpec } from "./activator-config.js";
import { mapMessage, parseJsonBody } from "./activator-mapping.js";
import type { ActivatorCounters } from "./activator-stats.js";
import type { Lookup } from "./activator-template.js";
import { clientGone, INVOCATION_ID_HEADER, type HttpCallDeps } from "./http-call.js";
import { httpStatusOf, replyJson, sendError, sendJson } from "./http-response.js";
import { toClientError } from "../errors.js";
import { codeName } from "@actorgate/client/common";

export interface CloudEventsEndpoint {
  readonly path: string;
  readonly activators: readonly { readonly spec: CloudEventsSpec; readonly counters: ActivatorCounters }[];
}

type Event = CloudEvent<unknown>;
const REQUIRED = ["specversion", "id", "source", "type"] as const;

/** What one event came to: a reply, an async invocation id, or an error. */
interface EventResult {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

/** Serves a POST (or the webhook validation OPTIONS) to a CloudEvents path. */
export async function serveCloudEvents(deps: HttpCallDeps, endpoint: CloudEventsEndpoint, req: UnaryRequest, res: UnaryResponse): Promise<void> {
  if (req.method === "OPTIONS") {
    // CloudEvents HTTP webhook spec, abuse protection: allow the asking origin.
    const origin = headerValue(req.headers["webhook-request-origin"]);
    res.writeHead(200, { allow: "POST, OPTIONS", ...(origin ? { "webhook-allowed-origin": origin } : {}) });
    res.end();
    return;
  }
  if (req.method !== "POST") {
    sendJson(res, 405, { code: "unimplemented", message: `CloudEvents are POSTed to ${endpoint.path}` }, { allow: "POST, OPTIONS" });
    return;
  }
  let events: Event[];
  let batch: boolean;
  try {
    const body = await readBody(req, deps.maxBodyBytes);
    ({ events, batch } = parseEvents(req, body));
  } catch (err) {
    sendError(res, err);
    return;
  }
  const gone = clientGone(res);
  const headers = requestHeaders(req);
  if (!batch) {
    const r = await deliver(deps, endpoint, events[0]!, headers, gone.signal);
    gone.answered();
    sendJson(res, r.status, r.body, r.headers);
    return;
  }
  // A batch: each event on its own, in order; the answer lists each one's outcome.
  const results = [];
  for (const event of events) {
    const r = await deliver(deps, endpoint, event, headers, gone.signal);
    results.push({ id: event.id, status: r.status, ...(r.status < 300 ? { result: r.body } : { error: r.body }) });
  }
  gone.answered();
  sendJson(res, 200, results);
}

function parseEvents(req: UnaryRequest, body: Uint8Array): { events: Event[]; batch: boolean } {
  const contentType = headerValue(req.headers["content-type"]) ?? "";
  const structured = /^application\/cloudevents(-batch)?\+json/i.test(contentType);
  if (structured) {
    const raw = parseJsonBody(body, "the CloudEvents body");
    const list = Array.isArray(raw) ? raw : [raw];
    if (/batch/i.test(contentType) !== Array.isArray(raw)) {
      throw invalidArgument("application/cloudevents-batch+json takes a JSON array of events; application/cloudevents+json one event object");
    }
    list.forEach((e, i) => {
      if (typeof e !== "object" || e === null || Array.isArray(e)) throw invalidArgument(`event ${i} is not a JSON object`);
      for (const attr of REQUIRED) {
        if (typeof e[attr] !== "string" || e[attr] === "") throw invalidArgument(`event ${i} has no "${attr}" attribute (required: ${REQUIRED.join(", ")})`);
      }
    });
  } else {
    for (const attr of REQUIRED) {
      if (!headerValue(req.headers[`ce-${attr}`])) {
        throw invalidArgument(
          `not a CloudEvent: binary mode needs the ce-${attr} header (required: ${REQUIRED.map((a) => `ce-${a}`).join(", ")}); structured mode needs content-type application/cloudevents+json`,
        );
      }
    }
  }
  let parsed: Event | Event[];
  try {
    parsed = HTTP.toEvent({ headers: req.headers, body: Buffer.from(body).toString("utf8") }) as Event | Event[];
  } catch (err) {
    throw invalidArgument(`not a valid CloudEvent: ${(err as Error).message}`);
  }
  return Array.isArray(parsed) ? { events: parsed, batch: true } : { events: [parsed], batch: false };
}

function matches(spec: CloudEventsSpec, event: Event): boolean {
  return (["type", "source", "subject"] as const).every((attr) => {
    const want = spec.match[attr];
    if (want === undefined) return true;
    const have = event[attr];
    if (typeof have !== "string") return false;
    return want.endsWith("*") ? have.startsWith(want.slice(0, -1)) : have === want;
  });
}

async function deliver(deps: HttpCallDeps, endpoint: CloudEventsEndpoint, event: Event, headers: Headers, signal: AbortSignal): Promise<EventResult> {
  const chosen = endpoint.activators.find((a) => matches(a.spec, event));
  if (!chosen) {
    return failure(notFound(`no activator on ${endpoint.path} takes events of type ${JSON.stringify(event.type)} from source ${JSON.stringify(event.source)}${event.subject ? ` (subject ${JSON.stringify(event.subject)})` : ""}`));
  }
  const { spec, counters } = chosen;
  counters.received++;
  try {
    const call = mapMessage(spec, eventLookup(event, headers), eventData(event), `${event.source}#${event.id}`);
    if (spec.async) {
      const invocationId = await deps.delivery.invokeAsync(call, headers);
      counters.invoked++;
      return { status: 202, body: { invocationId }, headers: { [INVOCATION_ID_HEADER]: invocationId } };
    }
    const out = await deps.delivery.invoke({ ...call, deadline: Date.now() + (spec.timeoutMs ?? deps.requestTimeoutMs), signal }, headers);
    counters.invoked++;
    const reply = replyJson(out.reply, deps.descriptors);
    if (spec.reply === "cloudevent") {
      const answer = new CloudEvent({
        id: randomUUID(),
        source: `actorgate:${spec.system}/${spec.type}${call.actor.name ? `/${call.actor.name}` : ""}`,
        type: spec.replyType ?? `${event.type}.reply`,
        subject: event.id,
        datacontenttype: "application/json",
        ...(reply === undefined ? {} : { data: reply }),
      });
      const message = HTTP.structured(answer);
      return { status: 200, body: JSON.parse(message.body as string), headers: { "content-type": "application/cloudevents+json", [INVOCATION_ID_HEADER]: out.invocationId } };
    }
    return { status: reply === undefined ? 204 : 200, body: reply, headers: { [INVOCATION_ID_HEADER]: out.invocationId } };
  } catch (err) {
    counters.failed++;
    return failure(err);
  }
}

function failure(err: unknown): EventResult {
  const ce = toClientError(err);
  return { status: httpStatusOf(ce.code), body: { code: codeName(ce.code), message: ce.rawMessage }, headers: {} };
}

/** The event's data as the payload: JSON data as it is; text that is JSON parsed; none without data. */
function eventData(event: Event): JsonValue | undefined {
  const data = event.data;
  if (data === undefined || data === null) return undefined;
  if (Buffer.isBuffer(data) || data instanceof Uint8Array) return parseJsonBody(data, `data of event ${event.id}`);
  if (typeof data === "string" && /json/i.test(event.datacontenttype ?? "application/json")) {
    return parseJsonBody(Buffer.from(data), `data of event ${event.id}`);
  }
  return data as JsonValue;
}

/** `ce.<attribute>` (extensions included) and `header.<name>`. */
function eventLookup(event: Event, headers: Headers): Lookup {
  return (ref) => {
    if (ref.startsWith("header.")) return headers.get(ref.slice(7)) ?? undefined;
    if (!ref.startsWith("ce.")) return undefined;
    const value = (event as unknown as Record<string, unknown>)[ref.slice(3)];
    return value === undefined || value === null ? undefined : String(value);
  };
}
