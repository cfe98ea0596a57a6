// The mapping half of the activator model: one outside message (its values, its JSON
// body) → the actor, action, payload, metadata and idempotency key of an invocation.
// Shared by every kind, so a route, a CloudEvent and an MQTT message map the same way.

import { create, fromJson, type JsonValue } from "@bufbuild/protobuf";
import { ValueSchema } from "@bufbuild/protobuf/wkt";
import { PayloadSchema, type ActorRef, type Payload } from "@actorgate/client/gen";
import { invalidArgument } from "../errors.js";
import type { TargetSpec } from "./activator-config.js";
import { fillTemplate, MissingValueError, type Lookup } from "./activator-template.js";

/** The invocation a message asks for. */
export interface MappedCall {
  readonly actor: ActorRef;
  readonly action: string;
  readonly payload: Payload | undefined;
  readonly metadata: Record<string, string>;
  readonly idempotencyKey: string | undefined;
}

/**
 * Maps one message. `body` is its parsed JSON (undefined: none); `defaultKey` the kind's
 * idempotency key when the spec sets none. invalid_argument names what was missing.
 */
export function mapMessage(spec: TargetSpec, lookup: Lookup, body: JsonValue | undefined, defaultKey?: string): MappedCall {
  try {
    const name = fillTemplate(spec.name, lookup);
    const metadata: Record<string, string> = {};
    for (const [key, template] of Object.entries(spec.metadata)) metadata[key] = fillTemplate(template, lookup);
    const idempotencyKey = spec.idempotencyKey !== undefined ? fillTemplate(spec.idempotencyKey, lookup) : defaultKey;
    return {
      actor: { system: spec.system, type: spec.type, name } as ActorRef,
      action: spec.action,
      payload: toPayload(withFields(spec, lookup, body)),
      metadata,
      idempotencyKey: idempotencyKey || undefined,
    };
  } catch (err) {
    if (err instanceof MissingValueError) throw invalidArgument(`${err.message}, which activator ${spec.id} needs`);
    throw err;
  }
}

function withFields(spec: TargetSpec, lookup: Lookup, body: JsonValue | undefined): JsonValue | undefined {
  const entries = Object.entries(spec.fields);
  if (entries.length === 0) return body;
  if (body !== undefined && (typeof body !== "object" || body === null || Array.isArray(body))) {
    throw invalidArgument(`activator ${spec.id} fills payload fields (${entries.map(([k]) => k).join(", ")}), so the body must be a JSON object`);
  }
  const out: Record<string, JsonValue> = { ...(body ?? {}) };
  for (const [field, source] of entries) {
    const text = lookup(source.ref);
    if (text === undefined) throw new MissingValueError(source.ref);
    out[field] = convert(text, source.as, `${source.ref} (payload field ${field})`);
  }
  return out;
}

function convert(text: string, as: "string" | "number" | "boolean" | "json", what: string): JsonValue {
  switch (as) {
    case "string":
      return text;
    case "number": {
      const n = Number(text);
      if (text.trim() === "" || !Number.isFinite(n)) throw invalidArgument(`${what} must be a number, got ${JSON.stringify(text.slice(0, 64))}`);
      return n;
    }
    case "boolean":
      if (text !== "true" && text !== "false") throw invalidArgument(`${what} must be true or false, got ${JSON.stringify(text.slice(0, 64))}`);
      return text === "true";
    case "json":
      try {
        return JSON.parse(text) as JsonValue;
      } catch {
        throw invalidArgument(`${what} must be JSON`);
      }
  }
}

export function toPayload(json: JsonValue | undefined): Payload | undefined {
  if (json === undefined) return undefined;
  return create(PayloadSchema, { kind: { case: "json", value: fromJson(ValueSchema, json) } });
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** A message body as JSON; empty is none; anything else is invalid_argument. */
export function parseJsonBody(bytes: Uint8Array, what: string): JsonValue | undefined {
  if (bytes.length === 0) return undefined;
  try {
    return JSON.parse(decoder.decode(bytes)) as JsonValue;
  } catch (err) {
    throw invalidArgument(`${what} is not JSON (${(err as Error).message}); send a JSON body`);
  }
}
