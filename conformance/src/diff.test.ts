import { create, fromJson } from "@bufbuild/protobuf";
import { AnySchema, ValueSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { InvokeResponseSchema, PayloadSchema } from "@actorgate/client/gen";
import { contractJson } from "./contract-json.js";
import { diffValues, render } from "./diff.js";

const jsonPayload = (v: unknown) => create(PayloadSchema, { kind: { case: "json", value: fromJson(ValueSchema, v as never) } });

describe("value diffs", () => {
  it("marks removed and added lines and keeps common ones", () => {
    expect(diffValues({ a: 1, b: 2 }, { a: 1, b: 3 }).split("\n")).toEqual(["  {", '    "a": 1,', '-   "b": 2', '+   "b": 3', "  }"]);
  });

  it("shows absent values as such and shortens long strings", () => {
    expect(diffValues(undefined, null)).toBe("- (absent)\n+ null");
    expect(diffValues("x".repeat(1000), "y")).toContain("…(1000 chars)…");
  });

  it("cuts long runs of unchanged lines to three lines of context", () => {
    const expected = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]));
    const diff = diffValues(expected, { ...expected, k15: "changed" }).split("\n");
    expect(diff).toEqual(["  …", '    "k12": 12,', '    "k13": 13,', '    "k14": 14,', '-   "k15": 15,', '+   "k15": "changed",', '    "k16": 16,', '    "k17": 17,', '    "k18": 18,', "  …"]);
  });
});

describe("values as the contract's JSON", () => {
  it("renders a protobuf reply as the JSON the contract defines, not protobuf-es internals", () => {
    const reply = create(InvokeResponseSchema, { reply: jsonPayload({ ok: true, list: [1, "two"] }), invocationId: "i-1", revision: 3n });
    expect(contractJson(reply)).toEqual({ reply: { json: { ok: true, list: [1, "two"] } }, invocationId: "i-1", revision: "3" });
    const text = render(reply);
    for (const internal of ["$typeName", '"case"', "structValue", "fields"]) expect(text).not.toContain(internal);
  });

  it("shows binary payloads as type URL and base64", () => {
    const any = create(AnySchema, { typeUrl: "type.googleapis.com/x.Unknown", value: Uint8Array.of(1, 2, 255) });
    const payload = create(PayloadSchema, { kind: { case: "binary", value: any } });
    expect(contractJson(payload)).toEqual({ binary: { typeUrl: "type.googleapis.com/x.Unknown", base64: "AQL/" } });
    expect(contractJson({ nested: [any] })).toEqual({ nested: [{ typeUrl: "type.googleapis.com/x.Unknown", base64: "AQL/" }] });
  });

  it("keeps a diff of two replies no longer than the replies", () => {
    const value = { trace: [{ key: "a", found: true, value: 1 }], revision: 0, metadata: {}, invocationId: "x", attempt: 1 };
    const actual = create(InvokeResponseSchema, { reply: jsonPayload({ ...value, trace: [{ key: "a", found: true, value: 2 }] }) });
    const diff = diffValues({ reply: { json: value } }, actual).split("\n");
    expect(diff.join("\n")).not.toContain("$typeName");
    expect(diff.filter((l) => !l.startsWith("+")).length).toBeLessThanOrEqual(render({ reply: { json: value } }).split("\n").length);
    expect(diff).toContain('-           "value": 1');
    expect(diff).toContain('+           "value": 2');
  });
});
