import { create, fromBinary, fromJson, toBinary, toJson, type JsonValue } from "@bufbuild/protobuf";
import { ValueSchema, type Any } from "@bufbuild/protobuf/wkt";
import { AnySchema } from "@bufbuild/protobuf/wkt";
import { PayloadSchema, type Payload } from "@actorgate/client/gen";
import { ActorStateSchema, JSONTypeSchema, NoopSchema } from "@actorgate/client/gen/spawn";

// Type URLs as the Spawn SDKs write them (their package names are part of them).
const PREFIX = "type.googleapis.com/";
export const JSON_TYPE_URL = `${PREFIX}${JSONTypeSchema.typeName}`;
export const NOOP_TYPE_URL = `${PREFIX}${NoopSchema.typeName}`;
export const ACTOR_STATE_TYPE_URL = `${PREFIX}${ActorStateSchema.typeName}`;

/** The message name of a type URL (whatever host part an SDK put before the last `/`). */
function typeNameOf(typeUrl: string): string {
  return typeUrl.slice(typeUrl.lastIndexOf("/") + 1);
}

/** A Spawn payload whose JSON an SDK wrapped does not parse (the caller says whose it was). */
export class BadJsonPayload extends Error {}

/**
 * A Spawn `Any` as our Payload: JSON that an SDK wrapped in `JSONType` becomes natural
 * JSON (what our JSON clients, CLI and StateService show), `Noop` or nothing becomes no
 * payload, and every other message stays a binary Any.
 */
export function payloadFromAny(any: Any | undefined): Payload | undefined {
  if (!any) return undefined;
  const name = typeNameOf(any.typeUrl);
  if (name === NoopSchema.typeName) return undefined;
  if (name === JSONTypeSchema.typeName) {
    const content = fromBinary(JSONTypeSchema, any.value).content;
    let value: JsonValue;
    try {
      value = JSON.parse(content) as JsonValue;
    } catch (err) {
      throw new BadJsonPayload(`a JSONType payload holds no JSON (${(err as Error).message})`);
    }
    return create(PayloadSchema, { kind: { case: "json", value: fromJson(ValueSchema, value) } });
  }
  return create(PayloadSchema, { kind: { case: "binary", value: any } });
}

/** Our Payload as the `Any` a Spawn SDK expects: natural JSON goes back into `JSONType`. */
export function anyFromPayload(payload: Payload | undefined): Any | undefined {
  const kind = payload?.kind;
  if (kind?.case === "binary") return kind.value;
  if (kind?.case !== "json") return undefined;
  const content = JSON.stringify(toJson(ValueSchema, kind.value));
  return create(AnySchema, { typeUrl: JSON_TYPE_URL, value: toBinary(JSONTypeSchema, create(JSONTypeSchema, { content })) });
}

/** A Spawn actor's state and tags, as the host sees them in its Context. */
export interface SpawnState {
  readonly state: Any | undefined;
  readonly tags: { readonly [key: string]: string };
}

/**
 * The state we keep for a Spawn actor. Without tags it is just the state (JSON state as
 * natural JSON, so our clients read it as such); with tags it is Spawn's own
 * `ActorState{tags, state}` in an Any, so tags survive restarts with the state they
 * belong to.
 */
export function stateToPayload(s: SpawnState): Payload | undefined {
  if (Object.keys(s.tags).length === 0) return payloadFromAny(s.state);
  const wrapped = create(ActorStateSchema, { tags: { ...s.tags }, state: s.state });
  return create(PayloadSchema, {
    kind: { case: "binary", value: create(AnySchema, { typeUrl: ACTOR_STATE_TYPE_URL, value: toBinary(ActorStateSchema, wrapped) }) },
  });
}

/** The reverse of `stateToPayload`. */
export function payloadToState(payload: Payload | undefined): SpawnState {
  const kind = payload?.kind;
  if (kind?.case === "binary" && typeNameOf(kind.value.typeUrl) === ActorStateSchema.typeName) {
    const wrapped = fromBinary(ActorStateSchema, kind.value.value);
    return { state: wrapped.state, tags: wrapped.tags };
  }
  return { state: anyFromPayload(payload), tags: {} };
}

/**
 * Whether two stored states are the same. SDKs send the whole state back after every
 * action; an unchanged one must not become a new revision (Spawn writes a snapshot only
 * when the state changed). JSON is compared as JSON, since SDKs re-serialise it.
 */
export function samePayload(a: Payload | undefined, b: Payload | undefined): boolean {
  const x = a?.kind;
  const y = b?.kind;
  if (!x?.case || !y?.case) return !x?.case && !y?.case;
  if (x.case === "json" && y.case === "json") {
    return JSON.stringify(toJson(ValueSchema, x.value)) === JSON.stringify(toJson(ValueSchema, y.value));
  }
  if (x.case === "binary" && y.case === "binary") {
    return x.value.typeUrl === y.value.typeUrl && Buffer.from(x.value.value).equals(Buffer.from(y.value.value));
  }
  return false;
}
