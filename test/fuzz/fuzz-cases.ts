import { fromJson, toBinary, type DescMethod, type JsonValue } from "@bufbuild/protobuf";
import { ActorService, AdminService, HostService, StateService } from "@actorgate/client/gen";
import fc from "fast-check";

/** One malformed (or odd) request, fully described so a failure can be replayed from its seed and index. */
export interface FuzzCase {
  readonly kind: string;
  readonly wire: "connect" | "grpc" | "grpc-web" | "connect-stream";
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

const SERVICES = [ActorService, HostService, StateService, AdminService];
export const METHODS: readonly DescMethod[] = SERVICES.flatMap((s) => s.methods);
const pathOf = (m: DescMethod) => `/${m.parent.typeName}/${m.name}`;

// Every field name any request has, with plausible values: fromJson keeps the ones a
// method's input knows, so each method gets a valid-looking base to mutate.
const SAMPLE: Record<string, JsonValue> = {
  actor: { system: "test", type: "Counter", name: "fuzz" },
  actors: [{ system: "test", type: "Counter", name: "fuzz" }],
  action: "get",
  system: "test",
  channel: "news",
  hostId: "fuzz-host",
  callbackUrl: "http://127.0.0.1:1",
  leaseId: "00000000-0000-0000-0000-000000000000",
  invocationId: "x",
  revision: "1",
  types: [{ name: "FuzzType" }],
  payload: { json: { by: 1 } },
  metadata: { k: "v" },
  timeoutMs: 1000,
};

function sampleJson(m: DescMethod): Record<string, JsonValue> {
  const names = new Set(m.input.fields.map((f) => f.jsonName));
  return Object.fromEntries(Object.entries(SAMPLE).filter(([k]) => names.has(k)));
}

function sampleBinary(m: DescMethod): Uint8Array {
  return toBinary(m.input, fromJson(m.input, sampleJson(m), { ignoreUnknownFields: true }));
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const envelope = (bytes: Uint8Array, flags = 0, declared = bytes.length) => {
  const out = new Uint8Array(5 + bytes.length);
  out[0] = flags;
  new DataView(out.buffer).setUint32(1, declared >>> 0);
  out.set(bytes, 5);
  return out;
};
const nested = (depth: number) => utf8("[".repeat(depth) + "]".repeat(depth));

const method = fc.constantFrom(...METHODS);
const badName = fc.oneof(
  fc.constant(""),
  fc.constant("a\u0000b"),
  fc.constant("x".repeat(5000)),
  fc.constant("../../etc/passwd"),
  fc.constant("a/b/c"),
  fc.constant("\ud800"),
  fc.string({ unit: "binary", maxLength: 40 }),
);
const jsonValue: fc.Arbitrary<JsonValue> = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<JsonValue>;
const bytes = fc.uint8Array({ maxLength: 300 });

function mutate(base: Uint8Array, at: number, value: number, cut: number): Uint8Array {
  const out = new Uint8Array(base.subarray(0, Math.max(0, base.length - (cut % (base.length + 1)))));
  if (out.length > 0) out[at % out.length] = value;
  return out;
}

/** The request body and protocol headers, per wire. */
const json = (body: Uint8Array, headers: Record<string, string> = {}) => ({ wire: "connect" as const, headers: { "content-type": "application/json", ...headers }, body });
const proto = (body: Uint8Array, headers: Record<string, string> = {}) => ({ wire: "connect" as const, headers: { "content-type": "application/proto", ...headers }, body });

/** Every kind of malformed request, each an arbitrary over methods and contents. */
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.oneof(
  fc.record({ m: method, v: jsonValue }).map(({ m, v }) => ({ kind: "json: random value", path: pathOf(m), ...json(utf8(JSON.stringify(v))) })),
  fc.record({ m: method, field: fc.string({ maxLength: 12 }), v: jsonValue }).map(({ m, field, v }) => {
    const base = sampleJson(m);
    const keys = Object.keys(base);
    const key = keys.length ? keys[field.length % keys.length]! : field;
    return { kind: "json: wrong type", path: pathOf(m), ...json(utf8(JSON.stringify({ ...base, [key]: v }))) };
  }),
  fc.record({ m: method, name: badName, where: fc.constantFrom("system", "type", "name") }).map(({ m, name, where }) => {
    const base = sampleJson(m);
    const actor = { system: "test", type: "Counter", name: "fuzz", [where]: name };
    return { kind: "json: bad name", path: pathOf(m), ...json(utf8(JSON.stringify({ ...base, actor, actors: [actor], system: actor.system, hostId: name, channel: name }))) };
  }),
  fc.record({ m: method, b: bytes }).map(({ m, b }) => ({ kind: "json: invalid utf-8 / bytes", path: pathOf(m), ...json(new Uint8Array([0x7b, 0xff, 0xfe, ...b])) })),
  fc.record({ m: method, cut: fc.nat(200) }).map(({ m, cut }) => {
    const full = utf8(JSON.stringify(sampleJson(m)));
    return { kind: "json: truncated", path: pathOf(m), ...json(full.subarray(0, Math.max(1, full.length - 1 - (cut % full.length)))) };
  }),
  fc.record({ m: method, depth: fc.integer({ min: 1000, max: 20000 }) }).map(({ m, depth }) => ({ kind: "json: deeply nested", path: pathOf(m), ...json(nested(depth)) })),
  fc.record({ m: method, size: fc.integer({ min: 100_000, max: 600_000 }) }).map(({ m, size }) => ({
    kind: "json: huge string",
    path: pathOf(m),
    ...json(utf8(JSON.stringify({ ...sampleJson(m), action: "x".repeat(size) }))),
  })),
  fc.record({ m: method, b: bytes }).map(({ m, b }) => ({ kind: "proto: random bytes", path: pathOf(m), ...proto(b) })),
  fc.record({ m: method, at: fc.nat(), v: fc.nat(255), cut: fc.nat() }).map(({ m, at, v, cut }) => ({
    kind: "proto: mutated message",
    path: pathOf(m),
    ...proto(mutate(sampleBinary(m), at, v, cut)),
  })),
  fc.record({ m: method, b: bytes, shape: fc.constantFrom("random", "truncated", "oversized", "compressed", "two", "empty") }).chain(({ m, b, shape }) =>
    fc.constantFrom("grpc" as const, "grpc-web" as const).map((wire) => {
      const message = b.length % 2 ? b : sampleBinary(m);
      const body =
        shape === "truncated"
          ? envelope(message).subarray(0, Math.max(0, 4 + (b.length % (message.length + 1))))
          : shape === "oversized"
            ? envelope(message, 0, 0xfffffff0)
            : shape === "compressed"
              ? envelope(message, 1)
              : shape === "two"
                ? new Uint8Array([...envelope(message), ...envelope(message)])
                : shape === "empty"
                  ? new Uint8Array()
                  : envelope(b);
      const type = wire === "grpc" ? "application/grpc" : "application/grpc-web+proto";
      return { kind: `${wire}: ${shape} frame`, wire, path: pathOf(m), headers: { "content-type": type }, body };
    }),
  ),
  fc.record({
    m: method,
    header: fc.constantFrom(
      ["connect-timeout-ms", "abc"],
      ["connect-timeout-ms", "-5"],
      ["connect-timeout-ms", "99999999999999999999"],
      ["connect-protocol-version", "7"],
      ["content-encoding", "gzip"],
      ["content-encoding", "br"],
      ["content-type", "application/proto; charset=latin1"],
      ["content-type", "text/plain"],
      ["content-type", "application/x-www-form-urlencoded"],
      ["authorization", "Bearer \u00ff"],
      ["grpc-timeout", "1000000000000H"],
    ),
  }).map(({ m, header }) => ({ kind: `header: ${header[0]}`, path: pathOf(m), ...json(utf8(JSON.stringify(sampleJson(m))), { [header[0]]: header[1] }) })),
  fc.record({ m: method, b: bytes, grpcTimeout: fc.constantFrom("garbage", "-1S", "1n", "99999999H", "") }).map(({ m, b, grpcTimeout }) => ({
    kind: "grpc: bad grpc-timeout",
    wire: "grpc" as const,
    path: pathOf(m),
    headers: { "content-type": "application/grpc", ...(grpcTimeout ? { "grpc-timeout": grpcTimeout } : {}) },
    body: envelope(b.length % 3 ? sampleBinary(m) : b),
  })),
  fc.record({ b: bytes, flags: fc.nat(255) }).map(({ b, flags }) => ({
    kind: "connect stream: Subscribe frames",
    wire: "connect-stream" as const,
    path: `/${ActorService.typeName}/Subscribe`,
    headers: { "content-type": b.length % 2 ? "application/connect+json" : "application/connect+proto", "connect-timeout-ms": "300" },
    body: envelope(b, flags & 0x03),
  })),
  fc.record({ name: fc.string({ maxLength: 30 }) }).map(({ name }) => ({
    kind: "unknown procedure",
    wire: "connect" as const,
    path: `/actorgate.v1.${encodeURIComponent(name)}/Nope`,
    headers: { "content-type": "application/json" },
    body: utf8("{}"),
  })),
);

/** The cases of one run: the same seed always gives the same cases. */
export function generateCases(seed: number, count: number): FuzzCase[] {
  return fc.sample(fuzzCase, { seed, numRuns: count });
}
