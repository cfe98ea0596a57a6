import { create, toBinary } from "@bufbuild/protobuf";
import { AnySchema, StringValueSchema, type Any } from "@bufbuild/protobuf/wkt";
import { PayloadSchema } from "@actorgate/client/gen";
import { expectEqual, expectTrue } from "../assertions.js";
import type { Case } from "../case.js";
import type { Json } from "../contract.js";
import type { Feature } from "../features.js";
import { ABSENT, scriptedCase } from "../scripted-case.js";

const MIB = 1024 * 1024;

function nested(depth: number): Json {
  let v: Json = "bottom";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { level: v };
  return v;
}

/** A 1 MiB string that is not all one character, so truncation or reordering shows. */
function largeString(bytes: number): string {
  const unit = "0123456789abcdef";
  return `${unit.repeat(bytes / unit.length - 1)}end ✓ 🎉`.slice(0, bytes);
}

interface EchoSpec {
  readonly label: string;
  readonly what: string;
  readonly value: Json | typeof ABSENT;
  readonly features?: readonly Feature[];
}

const ECHOES: readonly EchoSpec[] = [
  { label: "absent", what: "no payload at all (the reply must have no payload either)", value: ABSENT },
  { label: "null", what: "JSON null (a present payload, unlike an absent one)", value: null },
  { label: "empty-string", what: 'the empty string ""', value: "" },
  { label: "empty-object", what: "the empty object {}", value: {} },
  { label: "empty-list", what: "the empty list []", value: [] },
  { label: "falsy-values", what: "0, false and empty values inside an object", value: { zero: 0, no: false, empty: "", list: [], obj: {}, nil: null } },
  { label: "numbers", what: "integers, fractions, 1e300 and ±(2^53-1)", value: [0, 1, -1, 1.5, -2.25, 1e300, 1e-300, 9007199254740991, -9007199254740991] },
  {
    label: "unicode",
    what: "strings and keys in many scripts, emoji (with ZWJ sequences), combining marks and JSON escapes including NUL",
    value: {
      "ключ": "значение",
      "日本語": "テキスト",
      "emoji 🎉": "👩‍👩‍👧‍👦 🇺🇦 ✓",
      rtl: "עברית العربية",
      combining: "e\u0301",
      escapes: "\" \\ / \b\f\n\r\t \u0000 \u001f \u2028",
    },
  },
  { label: "nested", what: "a value nested 32 levels deep", value: nested(32) },
  { label: "large", what: "a 1 MiB string", value: largeString(MIB), features: ["large-payloads"] },
  // Every element is a google.protobuf.Value on the wire, costly to encode on each hop:
  // 10,000 keeps the case around a second while still far beyond typical payloads.
  { label: "large-list", what: "a list of 10,000 numbers and strings", value: Array.from({ length: 10_000 }, (_, i) => (i % 2 ? i : `s${i}`)), features: ["large-payloads"] },
];

const echoCase = (spec: EchoSpec): Case => ({
  name: `payloads/${spec.label}`,
  description: `Sends ${spec.what} to Echo.Echo. Asserts: the reply is exactly the same value.`,
  features: spec.features,
  async run(t) {
    const input = spec.value === ABSENT ? undefined : spec.value;
    const res = await t.call({ type: "Echo" }, "Echo", input);
    expectEqual(res.reply, input, "Echo's reply");
  },
});

function binary(typeUrl: string, value: Uint8Array): Any {
  return create(AnySchema, { typeUrl, value });
}

export const payloadCases: Case[] = [
  ...ECHOES.map(echoCase),
  scriptedCase({
    name: "payloads/large-state",
    description:
      "Stores a 1 MiB string in a Scripted actor's state, deactivates it and reads the value back. Asserts: the " +
      "value survives the store unchanged.",
    features: ["large-payloads"],
    turns: [
      { steps: [{ set: { key: "big", value: largeString(MIB) } }], revision: 1 },
      { before: "deactivate", steps: [{ read: { key: "big" } }], trace: [{ key: "big", found: true, value: largeString(MIB) }], revision: 1 },
    ],
  }),
  {
    name: "payloads/binary",
    description:
      "Sends Echo.Echo two binary payloads (google.protobuf.Any): a StringValue and opaque bytes of an unknown " +
      "type. Asserts: each reply is a binary payload with the same type URL and the same bytes. Runs on " +
      "transports with the proto codec only (a JSON host cannot be sent an Any of a type it did not upload).",
    features: ["binary-payloads"],
    codec: "proto",
    async run(t) {
      const inputs = [
        binary("type.googleapis.com/google.protobuf.StringValue", toBinary(StringValueSchema, create(StringValueSchema, { value: "binary ✓" }))),
        binary("type.googleapis.com/conformance.Opaque", Uint8Array.from({ length: 256 }, (_, i) => (i * 7) % 256)),
      ];
      for (const any of inputs) {
        const res = await t.call({ type: "Echo" }, "Echo", create(PayloadSchema, { kind: { case: "binary", value: any } }));
        const kind = res.payload?.kind;
        expectTrue(kind?.case === "binary", `the reply to ${any.typeUrl} is a binary payload`, { expected: "binary", actual: kind?.case ?? "(absent)" });
        expectEqual(
          { typeUrl: kind.value.typeUrl, bytes: Buffer.from(kind.value.value).toString("hex") },
          { typeUrl: any.typeUrl, bytes: Buffer.from(any.value).toString("hex") },
          `Echo's reply to ${any.typeUrl}`,
        );
      }
    },
  },
];
