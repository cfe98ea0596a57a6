// The `activators` setting (issue 14): one config shape for every kind of activator. An
// activator = a source (an HTTP route, CloudEvents, a cron schedule, a RabbitMQ queue, an
// MQTT topic filter, a NATS subject) + a mapping to (system, type, name, action, payload,
// metadata, idempotency key) + sync or async (durable outbox) delivery. Validated once at
// start-up; every error names the entry and the field. No driver import here: config.ts
// loads this on every start.

import { readFileSync } from "node:fs";
import { Cron } from "croner";
import { parseNatsActivators, type NatsActivatorSpec } from "./nats-activator-config.js";
import { parseFieldSource, refOffered, templateRefs, type FieldSource } from "./activator-template.js";

/** What every kind shares: the target and how a message maps onto it. */
export interface TargetSpec {
  /** The activator's id in listings and counters. Default `<kind>-<index>`. */
  readonly id: string;
  readonly system: string;
  readonly type: string;
  /** The action to invoke. */
  readonly action: string;
  /** Template of the actor name, e.g. `"{path.name}"`. Default empty (NAMED, POOLED, STATELESS types). */
  readonly name: string;
  /** Payload fields filled from the message (`{"by": "query.by:number"}`), merged over the body. */
  readonly fields: Readonly<Record<string, FieldSource>>;
  /** Invocation metadata from templates (`{"tenant": "{header.x-tenant}"}`). */
  readonly metadata: Readonly<Record<string, string>>;
  /** Template of the idempotency key; each kind has a default (see README). */
  readonly idempotencyKey?: string;
  /** Durable delivery through the outbox: answered/acknowledged once stored. */
  readonly async: boolean;
  /** Deadline of a sync invocation (ms). Default the gateway's requestTimeoutMs. */
  readonly timeoutMs?: number;
}

export interface HttpRouteSpec extends TargetSpec {
  readonly kind: "http";
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** `/counters/{name}/add`: `{x}` is a path parameter (`path.x`). */
  readonly path: string;
  /** `"state"`: the route answers the actor's state (no action runs). */
  readonly read?: "state";
}

export interface CloudEventsSpec extends TargetSpec {
  readonly kind: "cloudevents";
  /** Where events are POSTed. Default `/cloudevents`. */
  readonly path: string;
  /** Exact values, or a prefix ending in `*`, the event must have. */
  readonly match: { readonly type?: string; readonly source?: string; readonly subject?: string };
  /** `"cloudevent"`: the reply is sent as a structured CloudEvent. Default plain JSON. */
  readonly reply: "json" | "cloudevent";
  /** The reply event's type. Default `<event type>.reply`. */
  readonly replyType?: string;
}

export interface CronSpec extends TargetSpec {
  readonly kind: "cron";
  /** Cron expression (5 fields, or 6 with seconds first). */
  readonly schedule: string;
  /** IANA time zone. Default UTC. */
  readonly timezone: string;
  /** Ticks missed while no gateway ran: `skip` (default) or `run-once` (the latest one). */
  readonly missed: "skip" | "run-once";
  /** The payload of every tick. */
  readonly payload?: unknown;
}

export interface AmqpSpec extends TargetSpec {
  readonly kind: "amqp";
  /** Default `amqp://guest:guest@127.0.0.1:5672`. */
  readonly url: string;
  readonly queue: string;
  /** Declare the queue (durable) and the dead-letter queue at start. Default true. */
  readonly declare: boolean;
  /** Messages in flight per activator. Default 16. */
  readonly prefetch: number;
  /** Failed deliveries before a message is dead-lettered. Default 5. */
  readonly maxDeliveries: number;
  /** Queue that takes poison messages. Default `<queue>.dead`. */
  readonly deadLetterQueue: string;
  /** Wait before attempt n+1 of a failed message: this × n ms, at most 30 s. Default 1000. */
  readonly retryDelayMs: number;
}

export interface MqttSpec extends TargetSpec {
  readonly kind: "mqtt";
  /** Default `mqtt://127.0.0.1:1883`. */
  readonly url: string;
  /** Topic filter; `+` and `#` allowed. */
  readonly topic: string;
  /** Subscription QoS. Default 1. */
  readonly qos: 0 | 1 | 2;
  /** Client id of the persistent session. Default `actorgate-<id>`. */
  readonly clientId: string;
  /** Failed attempts before a message is dead-lettered. Default 5. */
  readonly maxDeliveries: number;
  /** Topic that takes poison messages. Default `actorgate/dead/<id>`. */
  readonly deadLetterTopic: string;
  /** Wait before attempt n+1 of a failed message: this × n ms, at most 30 s. Default 1000. */
  readonly retryDelayMs: number;
}

export interface NatsSpec extends NatsActivatorSpec {
  readonly kind: "nats";
  readonly id: string;
}

export type ActivatorSpec = HttpRouteSpec | CloudEventsSpec | CronSpec | AmqpSpec | MqttSpec | NatsSpec;
export type ActivatorKind = ActivatorSpec["kind"];

/** A bad `activators` value; the message names the entry and the field. */
export class ActivatorConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ActivatorConfigError";
  }
}

const COMMON = ["kind", "id", "system", "type", "action", "name", "fields", "metadata", "idempotencyKey", "async", "timeoutMs"];
const KIND_FIELDS: Record<ActivatorKind, readonly string[]> = {
  http: ["method", "path", "read"],
  cloudevents: ["path", "match", "reply", "replyType"],
  cron: ["schedule", "timezone", "missed", "payload"],
  amqp: ["url", "queue", "declare", "prefetch", "maxDeliveries", "deadLetterQueue", "retryDelayMs"],
  mqtt: ["url", "topic", "qos", "clientId", "maxDeliveries", "deadLetterTopic", "retryDelayMs"],
  nats: [],
};
/** The references each kind offers to templates. */
export const KIND_REFS: Record<Exclude<ActivatorKind, "nats">, readonly string[]> = {
  http: ["path.*", "query.*", "header.*"],
  cloudevents: ["ce.*", "header.*"],
  cron: ["tick", "id"],
  amqp: ["header.*", "routingKey", "messageId", "correlationId", "type"],
  mqtt: ["topic", "topic.*", "property.*"],
};

const NAME = /^[A-Za-z0-9_\-.:@~]{1,200}$/;
const ID = /^[A-Za-z0-9_\-.]{1,100}$/;
const EXAMPLE = '[{"kind":"http","method":"POST","path":"/counters/{name}/add","system":"demo","type":"Counter","name":"{path.name}","action":"add"}]';

/**
 * Parses the setting: undefined or "" means none; a string starting with `[` is JSON, any
 * other string the path of a JSON file; an array (from the config file) is used as it is.
 * @throws ActivatorConfigError
 */
export function parseActivators(value: unknown): ActivatorSpec[] {
  if (value === undefined || value === "") return [];
  let list: unknown = value;
  if (typeof value === "string") {
    let text = value;
    if (!value.trimStart().startsWith("[")) {
      try {
        text = readFileSync(value, "utf8");
      } catch (err) {
        throw new ActivatorConfigError(`cannot read activators file ${value}: ${(err as Error).message}`);
      }
    }
    try {
      list = JSON.parse(text);
    } catch (err) {
      throw new ActivatorConfigError(`not valid JSON (${(err as Error).message}); expected an array like ${EXAMPLE}`);
    }
  }
  if (!Array.isArray(list)) throw new ActivatorConfigError(`expected a JSON array of activators, like ${EXAMPLE}`);
  const specs = list.map((entry, i) => parseEntry(entry, i));
  const ids = new Map<string, number>();
  specs.forEach((s, i) => {
    const other = ids.get(s.id);
    if (other !== undefined) throw new ActivatorConfigError(`entries ${other} and ${i} both have id "${s.id}"; ids must be unique`);
    ids.set(s.id, i);
  });
  checkRouteClashes(specs);
  return specs;
}

/** The old `natsActivators` entries on the one model. */
export function fromNatsActivators(specs: readonly NatsActivatorSpec[]): NatsSpec[] {
  return specs.map((s, i) => ({ ...s, kind: "nats", id: `nats-${i}` }));
}

function parseEntry(entry: unknown, i: number): ActivatorSpec {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw new ActivatorConfigError(`entry ${i} must be an object like ${EXAMPLE.slice(1, -1)}`);
  }
  const e = entry as Record<string, unknown>;
  const kind = e["kind"];
  const where = `entry ${i}${typeof e["id"] === "string" ? ` (${e["id"]})` : ""}`;
  const fail = (msg: string): never => {
    throw new ActivatorConfigError(`${where}: ${msg}`);
  };
  if (typeof kind !== "string" || !(kind in KIND_FIELDS)) {
    fail(`"kind" must be one of ${Object.keys(KIND_FIELDS).join(", ")}, got ${JSON.stringify(kind)}`);
  }
  const k = kind as ActivatorKind;
  const id = e["id"] ?? `${k}-${i}`;
  if (typeof id !== "string" || !ID.test(id)) fail(`"id" must be 1-100 letters, digits, _ - or .`);

  if (k === "nats") {
    const { kind: _k, id: _id, ...rest } = e;
    try {
      const [nats] = parseNatsActivators([rest]);
      return { ...nats!, kind: "nats", id: id as string };
    } catch (err) {
      return fail((err as Error).message.replace(/^entry 0( \([^)]*\))?: /, ""));
    }
  }

  const allowed = [...COMMON, ...KIND_FIELDS[k]];
  const unknown = Object.keys(e).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) fail(`unknown field(s) ${unknown.join(", ")}; a ${k} activator allows: ${allowed.join(", ")}`);
  const p = new FieldReader(e, fail);
  const refs = KIND_REFS[k];
  const template = (key: string, value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    for (const ref of templateRefs(value)) {
      if (!refOffered(ref, refs)) fail(`"${key}": a ${k} activator has no {${ref}}; it offers ${refs.map((r) => `{${r}}`).join(", ")}`);
    }
    return value;
  };

  const read = k === "http" ? p.oneOf("read", ["state"] as const, undefined) : undefined;
  const target: TargetSpec = {
    id: id as string,
    system: p.name("system", true)!,
    type: p.name("type", true)!,
    action: read ? (p.name("action", false) ?? "") : p.name("action", true)!,
    name: template("name", p.str("name", false)) ?? "",
    fields: p.record("fields", (key, v) => {
      const source = parseFieldSource(v);
      if (typeof source === "string") return fail(`"fields.${key}": ${source}`);
      if (!refOffered(source.ref, refs)) fail(`"fields.${key}": a ${k} activator has no ${source.ref}; it offers ${refs.join(", ")}`);
      return source;
    }),
    metadata: p.record("metadata", (key, v) => template(`metadata.${key}`, v)!),
    idempotencyKey: template("idempotencyKey", p.str("idempotencyKey", false)),
    async: p.bool("async", k === "cron"),
    timeoutMs: p.int("timeoutMs", 10, 3_600_000),
  };
  if (k === "cron" && !target.async) fail('"async" must be true: cron ticks always go through the durable outbox');

  switch (k) {
    case "http": {
      const method = p.oneOf("method", ["GET", "POST", "PUT", "PATCH", "DELETE"] as const, read ? "GET" : "POST");
      const path = p.str("path", true)!;
      checkPath(path, fail);
      for (const ref of templateRefs(JSON.stringify([target.name, target.metadata, target.idempotencyKey ?? ""]))) {
        if (ref.startsWith("path.") && !path.includes(`{${ref.slice(5)}}`)) fail(`{${ref}} is not a parameter of "path" ${path}`);
      }
      if (read && target.async) fail('"read": "state" cannot be "async"');
      return { ...target, kind: k, method, path, ...(read ? { read } : {}) };
    }
    case "cloudevents": {
      const path = p.str("path", false) ?? "/cloudevents";
      checkPath(path, fail);
      if (path.includes("{")) fail('"path" of a cloudevents activator takes no parameters');
      const match = p.record("match", (key, v) => {
        if (key !== "type" && key !== "source" && key !== "subject") fail(`"match" may only have type, source and subject, not ${key}`);
        return v;
      });
      return {
        ...target,
        kind: k,
        path,
        match,
        reply: p.oneOf("reply", ["json", "cloudevent"] as const, "json"),
        replyType: p.str("replyType", false),
      };
    }
    case "cron": {
      const schedule = p.str("schedule", true)!;
      const timezone = p.str("timezone", false) ?? "UTC";
      try {
        new Cron(schedule, { timezone, paused: true }).nextRun();
      } catch (err) {
        fail(`"schedule" ${JSON.stringify(schedule)} with timezone ${JSON.stringify(timezone)} is not valid: ${(err as Error).message}`);
      }
      return { ...target, kind: k, schedule, timezone, missed: p.oneOf("missed", ["skip", "run-once"] as const, "skip"), payload: e["payload"] };
    }
    case "amqp": {
      const queue = p.str("queue", true)!;
      return {
        ...target,
        kind: k,
        url: p.url("url", ["amqp:", "amqps:"], "amqp://guest:guest@127.0.0.1:5672"),
        queue,
        declare: p.bool("declare", true),
        prefetch: p.int("prefetch", 1, 10_000) ?? 16,
        maxDeliveries: p.int("maxDeliveries", 1, 1000) ?? 5,
        deadLetterQueue: p.str("deadLetterQueue", false) ?? `${queue}.dead`,
        retryDelayMs: p.int("retryDelayMs", 0, 60_000) ?? 1000,
      };
    }
    case "mqtt": {
      const topic = p.str("topic", true)!;
      if (/#./.test(topic) || topic.split("/").some((l) => l.length > 1 && /[+#]/.test(l))) {
        fail(`"topic" ${JSON.stringify(topic)}: + and # must fill a whole level, and # must be last`);
      }
      const deadLetterTopic = p.str("deadLetterTopic", false) ?? `actorgate/dead/${id as string}`;
      if (/[+#]/.test(deadLetterTopic)) fail('"deadLetterTopic" must not contain wildcards');
      return {
        ...target,
        kind: k,
        url: p.url("url", ["mqtt:", "mqtts:", "ws:", "wss:"], "mqtt://127.0.0.1:1883"),
        topic,
        qos: (p.int("qos", 0, 2) ?? 1) as 0 | 1 | 2,
        clientId: p.str("clientId", false) ?? `actorgate-${id as string}`,
        maxDeliveries: p.int("maxDeliveries", 1, 1000) ?? 5,
        deadLetterTopic,
        retryDelayMs: p.int("retryDelayMs", 0, 60_000) ?? 1000,
      };
    }
  }
}

/** Reads typed fields of one entry; every failure names the field. */
class FieldReader {
  constructor(
    private readonly e: Record<string, unknown>,
    private readonly fail: (msg: string) => never,
  ) {}
  str(key: string, required: boolean): string | undefined {
    const v = this.e[key];
    if (v === undefined) return required ? this.fail(`"${key}" is required`) : undefined;
    if (typeof v !== "string" || v === "") return this.fail(`"${key}" must be a non-empty string`);
    return v;
  }
  name(key: string, required: boolean): string | undefined {
    const v = this.str(key, required);
    if (v !== undefined && !NAME.test(v)) this.fail(`"${key}" ${JSON.stringify(v)} may only use letters, digits and _ - . : @ ~`);
    return v;
  }
  int(key: string, min: number, max: number): number | undefined {
    const v = this.e[key];
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      return this.fail(`"${key}" must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
    }
    return v;
  }
  bool(key: string, fallback: boolean): boolean {
    const v = this.e[key];
    if (v === undefined) return fallback;
    if (typeof v !== "boolean") return this.fail(`"${key}" must be true or false`);
    return v;
  }
  oneOf<T extends string>(key: string, values: readonly T[], fallback: T): T;
  oneOf<T extends string>(key: string, values: readonly T[], fallback: undefined): T | undefined;
  oneOf<T extends string>(key: string, values: readonly T[], fallback: T | undefined): T | undefined {
    const v = this.e[key];
    if (v === undefined) return fallback;
    if (!values.includes(v as T)) return this.fail(`"${key}" must be one of ${values.join(", ")}, got ${JSON.stringify(v)}`);
    return v as T;
  }
  url(key: string, protocols: readonly string[], fallback: string): string {
    const v = this.str(key, false) ?? fallback;
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      return this.fail(`"${key}" is not a URL`);
    }
    if (!protocols.includes(url.protocol)) this.fail(`"${key}" must start with ${protocols.join(" or ")}`);
    return v;
  }
  record<T>(key: string, each: (key: string, value: string) => T): Record<string, T> {
    const v = this.e[key];
    if (v === undefined) return {};
    if (typeof v !== "object" || v === null || Array.isArray(v)) return this.fail(`"${key}" must be an object of strings`);
    const out: Record<string, T> = {};
    for (const [k, item] of Object.entries(v)) {
      if (typeof item !== "string" || item === "") return this.fail(`"${key}.${k}" must be a non-empty string`);
      out[k] = each(k, item);
    }
    return out;
  }
}

function checkPath(path: string, fail: (msg: string) => never): void {
  if (!path.startsWith("/") || /[?#\s]/.test(path)) fail(`"path" ${JSON.stringify(path)} must start with / and hold no ?, # or spaces`);
  if (path.startsWith("/actorgate.") || path.startsWith("/v1/") || path === "/openapi.json" || path === "/healthz" || path === "/readyz") {
    fail(`"path" ${path} is the gateway's own (RPC services, /v1/, /openapi.json, /healthz, /readyz); choose another`);
  }
  for (const segment of path.split("/")) {
    if (segment.includes("{") && !/^\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(segment)) {
      fail(`"path" segment ${JSON.stringify(segment)}: a parameter fills a whole segment, like {name}`);
    }
  }
}

/** Two routes (or CloudEvents endpoints) that would answer the same request. */
function checkRouteClashes(specs: readonly ActivatorSpec[]): void {
  const seen = new Map<string, number>();
  specs.forEach((s, i) => {
    if (s.kind !== "http") return;
    const shape = `${s.method} ${s.path.replace(/\{[^}]+\}/g, "{}")}`;
    const other = seen.get(shape);
    if (other !== undefined) throw new ActivatorConfigError(`entries ${other} and ${i} both route ${shape}; give each its own method or path`);
    seen.set(shape, i);
  });
  specs.forEach((s, i) => {
    if (s.kind !== "cloudevents") return;
    const other = specs.findIndex((h) => h.kind === "http" && h.method === "POST" && h.path === s.path);
    if (other >= 0) throw new ActivatorConfigError(`entries ${other} and ${i} both take POST ${s.path}; move the CloudEvents "path"`);
  });
}
