import { describe, expect, it } from "vitest";
import { create, fromJson, toBinary } from "@bufbuild/protobuf";
import { AnySchema, ValueSchema } from "@bufbuild/protobuf/wkt";
import { PayloadSchema } from "@actorgate/client/gen";
import { JSONTypeSchema, NoopSchema } from "@actorgate/client/gen/spawn";
import { anyFromPayload, BadJsonPayload, JSON_TYPE_URL, payloadFromAny, payloadToState, samePayload, stateToPayload } from "./payloads.js";

const jsonAny = (content: string) => create(AnySchema, { typeUrl: JSON_TYPE_URL, value: toBinary(JSONTypeSchema, create(JSONTypeSchema, { content })) });
const json = (v: unknown) => create(PayloadSchema, { kind: { case: "json", value: fromJson(ValueSchema, v as never) } });

describe("Spawn payloads", () => {
  it("renders JSONType as natural JSON and back", () => {
    const payload = payloadFromAny(jsonAny('{"a": [1, 2]}'));
    expect(payload?.kind.case).toBe("json");
    expect(samePayload(payload, json({ a: [1, 2] }))).toBe(true);
    expect(payloadFromAny(anyFromPayload(payload))).toEqual(payload);
  });

  it("treats Noop and nothing as no payload, and keeps other messages binary", () => {
    expect(payloadFromAny(create(AnySchema, { typeUrl: `type.googleapis.com/${NoopSchema.typeName}` }))).toBeUndefined();
    expect(payloadFromAny(undefined)).toBeUndefined();
    const other = create(AnySchema, { typeUrl: "type.googleapis.com/x.Y", value: new Uint8Array([8, 1]) });
    expect(payloadFromAny(other)).toMatchObject({ kind: { case: "binary", value: other } });
    expect(anyFromPayload(payloadFromAny(other))).toBe(other);
  });

  it("refuses a JSONType that holds no JSON", () => {
    expect(() => payloadFromAny(jsonAny("{nope"))).toThrow(BadJsonPayload);
  });

  it("keeps tags with the state only when there are tags", () => {
    expect(stateToPayload({ state: jsonAny("1"), tags: {} })?.kind.case).toBe("json");
    const tagged = stateToPayload({ state: jsonAny("1"), tags: { a: "b" } });
    expect(tagged?.kind.case).toBe("binary");
    const back = payloadToState(tagged);
    expect(back.tags).toEqual({ a: "b" });
    expect(samePayload(payloadFromAny(back.state), json(1))).toBe(true);
  });

  it("compares states by content", () => {
    expect(samePayload(json({ a: 1 }), json({ a: 1 }))).toBe(true);
    expect(samePayload(json({ a: 1 }), json({ a: 2 }))).toBe(false);
    expect(samePayload(undefined, undefined)).toBe(true);
    expect(samePayload(json(null), undefined)).toBe(false);
  });
});
