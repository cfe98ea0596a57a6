// Renders whatever a case compares as the contract's JSON, the form an SDK author reads
// in proto/ and sends on the wire, never as protobuf-es objects ($typeName, oneof
// {case, value}, Struct fields…). Binary payloads (google.protobuf.Any) become their type
// URL and base64 bytes, since the runner cannot know every host's message types.
import { createRegistry, isMessage, toJson, type DescMessage, type Message, type Registry } from "@bufbuild/protobuf";
import { file_actorgate_v1_actor } from "../../clients/typescript/src/gen/actorgate/v1/actor_pb.js";
import { file_actorgate_v1_actor_service } from "../../clients/typescript/src/gen/actorgate/v1/actor_service_pb.js";
import { file_actorgate_v1_admin_service } from "../../clients/typescript/src/gen/actorgate/v1/admin_service_pb.js";
import { file_actorgate_v1_host_service } from "../../clients/typescript/src/gen/actorgate/v1/host_service_pb.js";
import { file_actorgate_v1_state_service } from "../../clients/typescript/src/gen/actorgate/v1/state_service_pb.js";
import { file_actorgate_v1_actor_host_service } from "../../clients/typescript/src/gen/actorgate/v1/actor_host_service_pb.js";
import { WELL_KNOWN_TYPES } from "../../clients/typescript/src/well-known-types.js";

const REGISTRY: Registry = createRegistry(
  file_actorgate_v1_actor,
  file_actorgate_v1_actor_service,
  file_actorgate_v1_admin_service,
  file_actorgate_v1_host_service,
  file_actorgate_v1_state_service,
  file_actorgate_v1_actor_host_service,
  ...WELL_KNOWN_TYPES,
);

/** A binary payload as the report shows it. */
export interface BinaryJson {
  readonly typeUrl: string;
  readonly base64: string;
}

/**
 * The contract JSON of `value`: protobuf messages through their JSON mapping (Any as
 * type URL + base64), bytes as base64, bigints as numbers when exact (else strings, as
 * proto3 JSON writes int64); anything else unchanged. undefined stays undefined.
 */
export function contractJson(value: unknown): unknown {
  if (isMessage(value)) return messageJson(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(contractJson);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, contractJson(v)]));
  }
  return value;
}

function messageJson(message: Message): unknown {
  if (message.$typeName === "google.protobuf.Any") return anyJson(message as Message & { typeUrl: string; value: Uint8Array });
  const schema = REGISTRY.getMessage(message.$typeName);
  if (schema && !containsAny(message)) {
    try {
      return toJson(schema as DescMessage, message, { registry: REGISTRY });
    } catch {
      // Fall through to the structural rendering below.
    }
  }
  return structural(message);
}

function anyJson(any: { typeUrl: string; value: Uint8Array }): BinaryJson {
  return { typeUrl: any.typeUrl, base64: Buffer.from(any.value).toString("base64") };
}

/** True when an Any sits anywhere inside: toJson would unpack it (or fail on an unknown type). */
function containsAny(value: unknown, depth = 0): boolean {
  if (depth > 64 || value === null || typeof value !== "object" || value instanceof Uint8Array) return false;
  if (isMessage(value) && value.$typeName === "google.protobuf.Any") return true;
  return Object.values(value).some((v) => containsAny(v, depth + 1));
}

/**
 * The JSON mapping done by hand, for messages holding an Any: field names are already
 * lowerCamelCase; a oneof `{case, value}` becomes `{[case]: value}`; defaults are left
 * out, as proto3 JSON does.
 */
function structural(message: Message): unknown {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(message)) {
    if (key === "$typeName" || v === undefined || isDefault(v)) continue;
    if (v !== null && typeof v === "object" && "case" in v && !isMessage(v)) {
      const oneof = v as { case: string | undefined; value?: unknown };
      if (oneof.case !== undefined) out[oneof.case] = contractJson(oneof.value);
      continue;
    }
    out[key] = contractJson(v);
  }
  return out;
}

function isDefault(v: unknown): boolean {
  if (v === "" || v === 0 || v === false || v === 0n) return true;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  if (v !== null && typeof v === "object" && !isMessage(v) && "case" in v) return (v as { case: unknown }).case === undefined;
  if (v !== null && typeof v === "object" && !isMessage(v) && Object.getPrototypeOf(v) === Object.prototype) return Object.keys(v).length === 0;
  return false;
}
