import { expectEqual, expectTrue } from "../../assertions.js";
import { asInspectResponse, asProcessResponse, refOf, type Json } from "../../contract.js";
import type { Answer, Binary, ClientCase, ClientFeature } from "../client-case.js";
import { expectOk } from "./expect.js";

interface EchoSpec {
  readonly label: string;
  readonly what: string;
  /** undefined: no payload. */
  readonly value: Json | undefined;
  readonly features?: readonly ClientFeature[];
}

const MIB = 1024 * 1024;

function nested(depth: number): Json {
  let v: Json = "bottom";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { level: v };
  return v;
}

const ECHOES: readonly EchoSpec[] = [
  { label: "object", what: "a JSON object with a list inside", value: { a: 1, list: [1, "two", true, null], nested: { k: "v" } } },
  { label: "absent", what: "no payload (the reply must be reported absent, not null)", value: undefined },
  { label: "null", what: "JSON null (present, unlike an absent payload)", value: null },
  { label: "falsy-values", what: "0, false, \"\", [] and {} at top level and inside an object", value: { zero: 0, no: false, empty: "", list: [], obj: {} } },
  { label: "empty-string", what: 'the empty string ""', value: "" },
  { label: "numbers", what: "integers, fractions, 1e300 and ±(2^53-1)", value: [0, -1, 1.5, 1e300, 1e-300, 9007199254740991, -9007199254740991] },
  {
    label: "unicode",
    what: "strings and keys in many scripts, emoji with ZWJ sequences and JSON escapes including NUL",
    value: { "ключ": "значение", "日本語": "テキスト", "emoji 🎉": "👩‍👩‍👧‍👦 🇺🇦", escapes: "\" \\ / \b\f\n\r\t \u0000 \u2028" },
  },
  { label: "nested", what: "a value nested 32 levels deep", value: nested(32) },
  { label: "large", what: "a 1 MiB string", value: "0123456789abcdef".repeat(MIB / 16), features: ["large-payloads"] },
];

const echoCase = (spec: EchoSpec): ClientCase => ({
  name: `payloads/${spec.label}`,
  description: `Invokes Echo.Echo with ${spec.what}. Asserts: the client reports the same value as the reply.`,
  features: spec.features,
  async run(t) {
    const a = await t.invoke({ actor: { type: "Echo" }, action: "Echo", payload: spec.value });
    expectOk(a, "Echo.Echo");
    expectEqual(a.reply, spec.value, "the reply the client reported");
  },
});

const TEXT = Buffer.from("binary ✓");
// google.protobuf.StringValue{value: "binary ✓"}: field 1, length-delimited.
const STRING_VALUE: Binary = { typeUrl: "type.googleapis.com/google.protobuf.StringValue", base64: Buffer.concat([Buffer.of(0x0a, TEXT.length), TEXT]).toString("base64") };
const OPAQUE: Binary = { typeUrl: "type.googleapis.com/conformance.Opaque", base64: Buffer.from(Uint8Array.from({ length: 64 }, (_, i) => (i * 7) % 256)).toString("base64") };

/** Every field of a successful invoke answer that the cases compare. */
const summary = (a: Answer) => ({ reply: a.reply, revision: a.revision });

export const invokeCases: ClientCase[] = [
  ...ECHOES.map(echoCase),
  {
    name: "payloads/binary",
    description:
      "Invokes Echo.Echo with two binary payloads (google.protobuf.Any): a StringValue and 64 opaque bytes of an " +
      "unknown type. Asserts: each reply is reported as a binary payload with the same type URL and bytes. Runs on " +
      "proto-codec transports only (JSON cannot carry an Any of a type the client does not know).",
    features: ["binary-payloads"],
    codec: "proto",
    async run(t) {
      for (const any of [STRING_VALUE, OPAQUE]) {
        const a = await t.invoke({ actor: { type: "Echo" }, action: "Echo", payload: any, binary: true });
        expectOk(a, `Echo.Echo of ${any.typeUrl}`);
        expectEqual(a.reply, any, `the reply to ${any.typeUrl}`);
      }
    },
  },
  {
    name: "invoke/revision-and-invocation-id",
    description:
      "Invokes Scripted.Process three times on a fresh actor, the first two setting a key, the third only reading. " +
      "Asserts: the reported revisions are 1, 2, 2, every invocation id is non-empty and they are all different.",
    async run(t) {
      const name = t.name("scripted");
      const answers: Answer[] = [];
      for (const steps of [[{ set: { key: "a", value: 1 } }], [{ set: { key: "a", value: 2 } }], [{ read: { key: "a" } }]]) {
        const a = await t.invoke({ actor: { type: "Scripted", name }, action: "Process", payload: { steps } });
        expectOk(a, "Scripted.Process");
        answers.push(a);
      }
      expectEqual(answers.map((a) => a.revision), [1, 2, 2], "InvokeResponse.revision of the three calls");
      const ids = answers.map((a) => a.invocationId ?? "");
      expectTrue(ids.every((id) => id !== "") && new Set(ids).size === 3, "three distinct, non-empty invocation ids", { expected: "3 distinct ids", actual: ids });
    },
  },
  {
    name: "invoke/reply-of-a-stateful-actor",
    description:
      "Sets a=1 and reads it back in one Scripted.Process call. Asserts: the reply is the ProcessResponse the host " +
      "built (trace [{key a, found, value 1}], the actor's ref), decoded by the client without change.",
    async run(t) {
      const name = t.name("scripted");
      const a = await t.invoke({ actor: { type: "Scripted", name }, action: "Process", payload: { steps: [{ set: { key: "a", value: 1 } }, { read: { key: "a" } }] } });
      expectOk(a, "Scripted.Process");
      const r = asProcessResponse(a.reply);
      expectEqual({ trace: r.trace, actor: r.actor }, { trace: [{ key: "a", found: true, value: 1 }], actor: refOf("Scripted", name) }, "the reply");
    },
  },
  {
    name: "invoke/named-actor-by-type",
    description: "Invokes Named.Hit with the actor name left empty (a named actor's name is its type). Asserts: a reply with a hit count.",
    async run(t) {
      const a = await t.invoke({ actor: { type: "Named" }, action: "Hit" });
      expectOk(a, "Named.Hit");
      expectTrue(typeof (a.reply as { hits?: unknown } | undefined)?.hits === "number", "the reply has a numeric hits", { expected: { hits: "a number" }, actual: a.reply });
    },
  },
  {
    name: "metadata/reaches-the-host",
    description:
      "Invokes Echo.Inspect with metadata {tenant: \"acme\", trace: \"t-1\", unicode: \"ünï ✓\"}. Asserts: the host " +
      "received exactly those entries (the reply reports them).",
    async run(t) {
      const metadata = { tenant: "acme", trace: "t-1", unicode: "ünï ✓" };
      const a = await t.invoke({ actor: { type: "Echo" }, action: "Inspect", payload: { x: 1 }, metadata });
      expectOk(a, "Echo.Inspect");
      const got = asInspectResponse(a.reply).metadata;
      expectEqual(Object.fromEntries(Object.keys(metadata).map((k) => [k, got[k]])), metadata, "metadata the host received");
    },
  },
  {
    name: "metadata/none-sent",
    description: "Invokes Echo.Inspect without metadata. Asserts: the host received no metadata entries the client made up.",
    async run(t) {
      const a = await t.invoke({ actor: { type: "Echo" }, action: "Inspect" });
      expectOk(a, "Echo.Inspect");
      const got = asInspectResponse(a.reply).metadata;
      // The gateway may add its own entries (none today); the client must add none.
      expectEqual(Object.keys(got).filter((k) => !k.startsWith("actorgate-")), [], "metadata keys the host received");
    },
  },
  {
    name: "headers/sent-with-the-call",
    description:
      "Invokes Scripted.Process with extra request headers x-conformance-a: \"1\" and x-conformance-b: \"two words\". " +
      "Asserts: the gateway received both on the call (seen from inside the gateway).",
    features: ["headers"],
    async run(t) {
      const name = t.name("headers");
      t.observer.watchHeaders(name);
      const headers = { "x-conformance-a": "1", "x-conformance-b": "two words" };
      const a = await t.invoke({ actor: { type: "Scripted", name }, action: "Process", payload: { steps: [] }, headers });
      expectOk(a, "Scripted.Process");
      const seen = t.observer.headersOf(name);
      expectEqual(seen.length, 1, "calls the gateway received");
      expectEqual({ a: seen[0]!.get("x-conformance-a"), b: seen[0]!.get("x-conformance-b") }, { a: "1", b: "two words" }, "the headers the gateway received");
    },
  },
  {
    name: "invoke/concurrent-calls",
    description:
      "Sends 6 Scripted.Process calls at once, each to its own actor, each sleeping 400 ms. Asserts: all succeed " +
      "and they finish within 2 s of the first being sent (the client does not run calls one at a time).",
    exclusive: true,
    async run(t) {
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => t.invoke({ actor: { type: "Scripted", name: t.name("concurrent") }, action: "Process", payload: { steps: [{ sleep: { ms: 400 } }, { set: { key: "i", value: i } }] } })),
      );
      const elapsed = Date.now() - started;
      for (const a of answers) expectOk(a, "a concurrent call");
      expectEqual(answers.map(summary).map((s) => s.revision), [1, 1, 1, 1, 1, 1], "revisions");
      expectTrue(elapsed < 2_000, "6 calls of 400 ms finished in under 2 s", { expected: "< 2000 ms", actual: `${elapsed} ms` });
    },
  },
];
