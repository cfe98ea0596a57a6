import { create, type DescMessage } from "@bufbuild/protobuf";
import { anyPack, ValueSchema } from "@bufbuild/protobuf/wkt";
import { InvokeRequestSchema, RegisterRequestSchema } from "@actorgate/client/gen";
import { describe, expect, it } from "vitest";
import { checkStrings, MAX_TYPE_URL_LENGTH } from "./request-strings.js";

const check = (schema: DescMessage, message: unknown) => () => checkStrings(schema, message as Record<string, unknown>, "");

describe("checkStrings", () => {
  it("finds a NUL in any string field, nested, repeated, in map keys and values, and names the field", () => {
    const nul = "a\u0000b";
    const ref = { system: "s", type: "T", name: "n" };
    expect(check(InvokeRequestSchema, create(InvokeRequestSchema, { actor: { ...ref, name: nul }, action: "x" }))).toThrow(/^actor\.name contains a NUL/);
    expect(check(InvokeRequestSchema, create(InvokeRequestSchema, { actor: ref, idempotencyKey: nul }))).toThrow(/^idempotency_key contains a NUL/);
    expect(check(InvokeRequestSchema, create(InvokeRequestSchema, { metadata: { k: nul } }))).toThrow(/^metadata\["k"\] contains a NUL/);
    expect(check(InvokeRequestSchema, create(InvokeRequestSchema, { metadata: { [nul]: "v" } }))).toThrow(/^metadata key contains a NUL/);
    const register = create(RegisterRequestSchema, { system: "s", types: [{ name: "T", actions: [{ name: nul }] }] });
    expect(check(RegisterRequestSchema, register)).toThrow(/^types\[\]\.actions\[\]\.name contains a NUL/);
  });

  it("leaves JSON payload contents alone but checks a binary payload's type URL", () => {
    const json = create(InvokeRequestSchema, {
      payload: { kind: { case: "json", value: create(ValueSchema, { kind: { case: "stringValue", value: "a\u0000b" } }) } },
    });
    expect(check(InvokeRequestSchema, json)).not.toThrow();
    const binary = (typeUrl: string) =>
      create(InvokeRequestSchema, { payload: { kind: { case: "binary", value: { ...anyPack(ValueSchema, create(ValueSchema)), typeUrl } } } });
    expect(check(InvokeRequestSchema, binary("t/".padEnd(MAX_TYPE_URL_LENGTH, "x")))).not.toThrow();
    expect(check(InvokeRequestSchema, binary("t/".padEnd(MAX_TYPE_URL_LENGTH + 1, "x")))).toThrow(/^payload\.binary\.type_url must be at most 512/);
    expect(check(InvokeRequestSchema, binary("t/\u0000"))).toThrow(/^payload\.binary\.type_url contains a NUL/);
  });
});
