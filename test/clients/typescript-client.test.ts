// The TypeScript client SDK (clients/typescript/src/client.ts) against a live gateway.
// Every option is checked where it shows: on the wire, through a recording proxy (content
// type, HTTP version, headers, request body), or in what the gateway and host did. A test
// whose option the client ignored sees a different request and fails.

import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { create, fromBinary, fromJson } from "@bufbuild/protobuf";
import { StringValueSchema, timestampDate } from "@bufbuild/protobuf/wkt";
import { createRouterTransport, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { Code, ConnectError, createActorgateClient, registerSchemas, type ActorgateClient, type ClientOptions } from "@actorgate/client";
import { ActorService, InvokeRequestSchema, InvokeResponseSchema, type InvokeRequest } from "@actorgate/client/gen";
import { defineActor } from "@actorgate/client/host";
import type { Gateway } from "../../server/src/gateway.js";
import { deferred, startGateway, startHost, uniqueName } from "../support/harness.js";
import { counter, Gates, gatedActor } from "../support/test-actors.js";
import { startRecordingProxy, type RecordedRequest, type RecordingProxy } from "./support/recording-proxy.js";

/** Keeps a protobuf (StringValue) state, so getState(…, { schema }) has a message to decode. */
const note = defineActor<{ value: string } | undefined>({
  name: "Note",
  kind: "unnamed",
  stateSchema: StringValueSchema,
  durability: "per-call",
  actions: {
    set: { input: StringValueSchema, output: StringValueSchema, handler: (input: { value: string }) => ({ state: input, reply: input }) },
  },
});

/** A counter that keeps its past revisions, so they can be read and copied. */
const ledger = defineActor<{ value: number }>({
  name: "Ledger",
  kind: "unnamed",
  initialState: () => ({ value: 0 }),
  historyRevisions: 10,
  // Every revision is written, so each one is kept in the history.
  durability: "per-call",
  actions: {
    add: (input: { by: number }, ctx) => ({ state: { value: ctx.state.value + input.by }, reply: { value: ctx.state.value + input.by } }),
    get: (_: unknown, ctx) => ({ reply: { value: ctx.state.value } }),
  },
});

/** Records what reached it: action, input, metadata, in order. */
const listener = defineActor<{ seen: { action: string; input: unknown; metadata: Record<string, string> }[] }>({
  name: "Listener",
  kind: "unnamed",
  initialState: () => ({ seen: [] }),
  channels: [{ topic: "news", action: "onNews" }],
  actions: {
    onNews: (input: unknown, ctx) => ({ state: { seen: [...ctx.state.seen, { action: ctx.action, input, metadata: { ...ctx.metadata } }] } }),
    special: (input: unknown, ctx) => ({ state: { seen: [...ctx.state.seen, { action: ctx.action, input, metadata: { ...ctx.metadata } }] } }),
    seen: (_: unknown, ctx) => ({ reply: ctx.state.seen }),
  },
});

const gates = new Gates();

/** A gateway with the test actors, behind a recording proxy. */
async function setup(): Promise<{ gw: Gateway; proxy: RecordingProxy; via: (o?: ClientOptions) => ActorgateClient }> {
  const gw = await startGateway();
  await startHost(gw, [counter, ledger, note, listener, gatedActor(gates)]);
  const proxy = await startRecordingProxy(gw.url);
  return { gw, proxy, via: (o = {}) => createActorgateClient({ url: proxy.url, ...o }) };
}

const counterRef = (name = uniqueName("c")) => ({ system: "test", type: "Counter", name });
const ledgerRef = (name = uniqueName("l")) => ({ system: "test", type: "Ledger", name });

/** The one Invoke request the proxy saw, decoded from whichever codec it used. */
function invokeRequest(rec: RecordedRequest): InvokeRequest {
  const type = rec.headers["content-type"] ?? "";
  if (type === "application/json") return fromJson(InvokeRequestSchema, JSON.parse(rec.body.toString("utf8")));
  if (type === "application/proto") return fromBinary(InvokeRequestSchema, rec.body);
  // gRPC and gRPC-Web frame the message: 1 flag byte, 4 length bytes.
  if (type.endsWith("+json")) return fromJson(InvokeRequestSchema, JSON.parse(rec.body.subarray(5).toString("utf8")));
  return fromBinary(InvokeRequestSchema, rec.body.subarray(5, 5 + rec.body.readUInt32BE(1)));
}

async function rejection(p: Promise<unknown>): Promise<ConnectError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "the call should have failed").toBeInstanceOf(ConnectError);
  return err as ConnectError;
}

describe("createActorgateClient options", () => {
  it("url: every call goes to the given gateway", async () => {
    const { proxy, via } = await setup();
    const c = via();
    expect(await c.invoke(counterRef(), "add", { by: 2 })).toEqual({ value: 2 });
    expect(proxy.to("Invoke")).toHaveLength(1);
  });

  describe("the default URL", () => {
    const saved = process.env["ACTORGATE_URL"];
    afterEach(() => {
      if (saved === undefined) delete process.env["ACTORGATE_URL"];
      else process.env["ACTORGATE_URL"] = saved;
    });

    it("is ACTORGATE_URL when no url is given", async () => {
      const { proxy } = await setup();
      process.env["ACTORGATE_URL"] = proxy.url;
      const c = createActorgateClient();
      expect(await c.invoke(counterRef(), "add", { by: 1 })).toEqual({ value: 1 });
      expect(proxy.to("Invoke")).toHaveLength(1);
      // An explicit url still wins over the environment.
      process.env["ACTORGATE_URL"] = "http://127.0.0.1:1";
      expect(await createActorgateClient({ url: proxy.url }).invoke(counterRef(), "get")).toEqual({ value: 0 });
      expect(proxy.to("Invoke")).toHaveLength(2);
    });

    it("is http://127.0.0.1:9300 without ACTORGATE_URL", async () => {
      delete process.env["ACTORGATE_URL"];
      // What listens on 9300 must be ours, so the test sees the client arrive there.
      const gw = await startGateway();
      await startHost(gw, [counter]);
      const proxy = await startRecordingProxy(gw.url, 9300).catch((e: Error) => {
        throw new Error(`port 9300 must be free for this test: ${e.message}`);
      });
      expect(await createActorgateClient().invoke(counterRef(), "add", { by: 4 })).toEqual({ value: 4 });
      expect(proxy.to("Invoke")).toHaveLength(1);
    });
  });

  it("protocol, binary and httpVersion choose what goes on the wire", async () => {
    const { proxy, via } = await setup();
    const cases: [ClientOptions, { type: string; http: string }][] = [
      [{}, { type: "application/proto", http: "2.0" }],
      [{ protocol: "connect", binary: false }, { type: "application/json", http: "2.0" }],
      [{ protocol: "connect", httpVersion: "1.1" }, { type: "application/proto", http: "1.1" }],
      [{ protocol: "grpc" }, { type: "application/grpc+proto", http: "2.0" }],
      // gRPC is always binary here, and always HTTP/2.
      [{ protocol: "grpc", binary: false, httpVersion: "1.1" }, { type: "application/grpc+proto", http: "2.0" }],
      [{ protocol: "grpc-web" }, { type: "application/grpc-web+proto", http: "2.0" }],
      [{ protocol: "grpc-web", binary: false, httpVersion: "1.1" }, { type: "application/grpc-web+json", http: "1.1" }],
    ];
    const ref = counterRef();
    for (const [i, [options, wire]] of cases.entries()) {
      expect(await via(options).invoke(ref, "add", { by: 1 }), JSON.stringify(options)).toEqual({ value: i + 1 });
      const rec = proxy.to("Invoke").at(-1)!;
      expect({ type: rec.headers["content-type"], http: rec.httpVersion }, JSON.stringify(options)).toEqual(wire);
      expect(invokeRequest(rec).payload?.kind.case, JSON.stringify(options)).toBe("json");
    }
    expect(proxy.to("Invoke")).toHaveLength(cases.length);
  });

  it("interceptors run on every call, for every protocol", async () => {
    const { proxy, via } = await setup();
    const seen: string[] = [];
    const auth: Interceptor = (next) => (req) => {
      seen.push(req.method.name);
      req.header.set("authorization", "Bearer t0ken");
      return next(req);
    };
    for (const protocol of ["connect", "grpc", "grpc-web"] as const) {
      const c = via({ protocol, interceptors: [auth] });
      await c.invoke(counterRef(), "get");
      await c.admin.health({});
    }
    expect(seen).toEqual(["Invoke", "Health", "Invoke", "Health", "Invoke", "Health"]);
    expect(proxy.requests.map((r) => r.headers["authorization"])).toEqual(Array(6).fill("Bearer t0ken"));
  });

  it("transport: any Transport is used as given, overriding url, protocol, binary and httpVersion", async () => {
    const { gw, proxy } = await setup();
    const ignored = { url: "http://127.0.0.1:1", protocol: "grpc", binary: true, httpVersion: "2" } as const;
    const transports = [
      [createConnectTransport({ baseUrl: proxy.url, httpVersion: "1.1", useBinaryFormat: false }), "application/json", "1.1"],
      [createGrpcTransport({ baseUrl: proxy.url }), "application/grpc+proto", "2.0"],
      [createGrpcWebTransport({ baseUrl: proxy.url, httpVersion: "1.1", useBinaryFormat: true }), "application/grpc-web+proto", "1.1"],
    ] as const;
    const ref = counterRef();
    for (const [i, [transport, type, http]] of transports.entries()) {
      const c = createActorgateClient({ ...ignored, transport });
      expect(await c.invoke(ref, "add", { by: 1 })).toEqual({ value: i + 1 });
      const rec = proxy.to("Invoke").at(-1)!;
      expect([rec.headers["content-type"], rec.httpVersion]).toEqual([type, http]);
    }
    // Not even a network: an in-process transport answers without reaching the gateway.
    const local = createRouterTransport(({ service }) => {
      service(ActorService, {
        invoke: (req) => create(InvokeResponseSchema, { reply: { kind: { case: "json", value: { kind: { case: "stringValue", value: `local ${req.action}` } } } } }),
      });
    });
    expect(await createActorgateClient({ ...ignored, transport: local }).invoke(ref, "get")).toBe("local get");
    expect(proxy.to("Invoke")).toHaveLength(3);
    expect(await createActorgateClient({ url: gw.url }).invoke(ref, "get")).toEqual({ value: 3 });
  });
});

describe("ActorgateClient methods", () => {
  it("invoke sends metadata, idempotency key and timeout, and returns the natural reply", async () => {
    const { proxy, via } = await setup();
    const c = via();
    const ref = counterRef();
    const options = { metadata: { trace: "t-1" }, idempotencyKey: uniqueName("idem"), timeoutMs: 5_000 };
    expect(await c.invoke(ref, "add", { by: 5 }, options)).toEqual({ value: 5 });
    // The same idempotency key answers from the first call instead of adding again.
    expect(await c.invoke(ref, "add", { by: 5 }, options)).toEqual({ value: 5 });
    expect(await c.invoke(ref, "get")).toEqual({ value: 5 });
    const [first] = proxy.to("Invoke");
    const req = invokeRequest(first!);
    expect(req).toMatchObject({ action: "add", metadata: { trace: "t-1" }, idempotencyKey: options.idempotencyKey, timeoutMs: 5_000, async: false });
    expect(req.actor).toMatchObject(ref);
    // The deadline travels as the protocol's header too, for every hop that reads it.
    expect(first!.headers["connect-timeout-ms"]).toBe("5000");
    expect(proxy.to("Invoke")[2]!.headers["connect-timeout-ms"]).toBeUndefined();
  });

  it("invoke with replySchema decodes a protobuf reply; without it, the Any comes back", async () => {
    const { via } = await setup();
    const c = via();
    registerSchemas(StringValueSchema);
    const ref = { system: "test", type: "Note", name: uniqueName("n") };
    const reply = await c.invoke(ref, "set", create(StringValueSchema, { value: "hi" }), { replySchema: StringValueSchema });
    expect(reply).toMatchObject({ $typeName: "google.protobuf.StringValue", value: "hi" });
    const any = await c.invoke<{ typeUrl: string }>(ref, "set", create(StringValueSchema, { value: "ho" }));
    expect(any.typeUrl).toBe("type.googleapis.com/google.protobuf.StringValue");
  });

  it("invokeRaw returns the whole response", async () => {
    const { via } = await setup();
    const c = via();
    const ref = counterRef();
    await c.invoke(ref, "add", { by: 1 });
    const res = await c.invokeRaw(ref, "add", { by: 2 });
    expect(res.revision).toBe(2n);
    expect(res.invocationId).not.toBe("");
    expect(res.reply?.kind.case).toBe("json");
  });

  it("invokeAsync enqueues durably, at scheduledAt, with metadata, and returns the invocation id", async () => {
    const { proxy, via } = await setup();
    const c = via();
    const ref = counterRef();
    const at = new Date(Date.now() + 300);
    const id = await c.invokeAsync(ref, "add", { by: 7 }, { scheduledAt: at, metadata: { m: "1" }, idempotencyKey: "once" });
    expect(id).not.toBe("");
    const req = invokeRequest(proxy.to("Invoke")[0]!);
    expect(req).toMatchObject({ action: "add", async: true, metadata: { m: "1" }, idempotencyKey: "once" });
    expect(timestampDate(req.scheduledAt!).getTime()).toBe(at.getTime());
    await expect.poll(() => c.invoke(ref, "get"), { timeout: 10_000 }).toEqual({ value: 7 });
  });

  it("invokeAsync with timeoutMs sends the deadline and gives up when it passes", async () => {
    const { proxy, via } = await setup();
    const c = via();
    expect(await c.invokeAsync(counterRef(), "add", { by: 1 }, { timeoutMs: 4_000 })).not.toBe("");
    expect(proxy.to("Invoke")[0]!.headers["connect-timeout-ms"]).toBe("4000");
    // Held at the proxy until the client gives up: only the client's deadline ends it.
    proxy.hold = (_req, gone) => gone;
    const err = await rejection(c.invokeAsync(counterRef(), "add", { by: 1 }, { timeoutMs: 150 }));
    expect(err.code).toBe(Code.DeadlineExceeded);
  });

  it("invokeAsync with signal: aborting cancels the call before the gateway has it", async () => {
    const { proxy, via } = await setup();
    const c = via();
    const reached = deferred<void>();
    const release = deferred<void>();
    proxy.hold = () => {
      reached.resolve();
      return release.promise;
    };
    const abort = new AbortController();
    const ref = counterRef();
    const call = rejection(c.invokeAsync(ref, "add", { by: 1 }, { signal: abort.signal }));
    await reached.promise;
    abort.abort();
    // Released now, an ignored signal would let the call through and succeed.
    release.resolve();
    expect((await call).code).toBe(Code.Canceled);
    proxy.hold = undefined;
    expect(await c.invoke(ref, "get")).toEqual({ value: 0 });
  });

  it("invoke with signal aborts the host's turn; timeoutMs ends the call at the gateway", async () => {
    const { via } = await setup();
    const c = via();
    const ref = { system: "test", type: "Gated", name: uniqueName("g") };
    const abort = new AbortController();
    const call = rejection(c.invoke(ref, "hold", { gate: `${ref.name}-a` }, { signal: abort.signal }));
    await gates.entered(`${ref.name}-a`);
    abort.abort();
    expect((await call).code).toBe(Code.Canceled);
    await gates.aborted(`${ref.name}-a`);

    const late = await rejection(c.invoke(ref, "hold", { gate: `${ref.name}-b` }, { timeoutMs: 200 }));
    expect(late.code).toBe(Code.DeadlineExceeded);
    await gates.aborted(`${ref.name}-b`);
  });

  it("activate creates and copies actors and reports them as system/type/name", async () => {
    const { proxy, via } = await setup();
    const c = via();
    const a = counterRef();
    const b = counterRef();
    expect(await c.activate([a, b])).toEqual([
      { actor: `test/Counter/${a.name}`, revision: 0, created: true },
      { actor: `test/Counter/${b.name}`, revision: 0, created: true },
    ]);
    const l = ledgerRef();
    await c.invoke(l, "add", { by: 3 });
    await c.invoke(l, "add", { by: 4 });
    expect(await c.snapshot(l)).toBe(2);
    const copy = ledgerRef();
    const [made] = await c.activate(copy, { from: l, fromRevision: 1 });
    expect(made).toMatchObject({ actor: `test/Ledger/${copy.name}`, created: true });
    expect(await c.invoke(copy, "get")).toEqual({ value: 3 });
    const latest = ledgerRef();
    await c.activate(latest, { from: l });
    expect(await c.invoke(latest, "get")).toEqual({ value: 7 });
    const sent = proxy.to("Activate").at(-1)!;
    expect(sent.headers["content-type"]).toBe("application/proto");
  });

  it("broadcast reaches every subscriber, with the action and metadata given", async () => {
    const { via } = await setup();
    const c = via();
    const refs = [1, 2, 3].map((i) => ({ system: "test", type: "Listener", name: uniqueName(`l${i}`) }));
    await c.activate(refs);
    expect(await c.broadcast("test", "news", { n: 1 })).toBeGreaterThanOrEqual(3);
    expect(await c.broadcast("test", "news", { n: 2 }, { action: "special", metadata: { k: "v" } })).toBeGreaterThanOrEqual(3);
    for (const ref of refs) {
      expect(await c.invoke(ref, "seen")).toEqual([
        { action: "onNews", input: { n: 1 }, metadata: { "actorgate-channel": "news" } },
        { action: "special", input: { n: 2 }, metadata: { "actorgate-channel": "news", k: "v" } },
      ]);
    }
  });

  it("snapshot and getState: current, by revision, and as a message with schema", async () => {
    const { gw, via } = await setup();
    const c = via();
    const ref = ledgerRef();
    await c.invoke(ref, "add", { by: 1 });
    await c.invoke(ref, "add", { by: 1 });
    expect(await c.snapshot(ref)).toBe(2);
    expect(await gw.store.load(ref)).toMatchObject({ revision: 2 });
    expect(await c.getState(ref)).toEqual({ state: { value: 2 }, revision: 2 });
    expect(await c.getState(ref, { revision: 1 })).toEqual({ state: { value: 1 }, revision: 1 });

    registerSchemas(StringValueSchema);
    const n = { system: "test", type: "Note", name: uniqueName("n") };
    await c.invoke(n, "set", create(StringValueSchema, { value: "one" }));
    await c.invoke(n, "set", create(StringValueSchema, { value: "two" }));
    const typed = await c.getState(n, { schema: StringValueSchema });
    expect(typed.revision).toBe(2);
    expect(typed.state).toMatchObject({ $typeName: "google.protobuf.StringValue", value: "two" });
    expect((await c.getState(n, { revision: 1, schema: StringValueSchema })).state?.value).toBe("one");
    // Without the schema, the caller gets the packed Any.
    expect((await c.getState(n)).state).toMatchObject({ typeUrl: "type.googleapis.com/google.protobuf.StringValue" });
  });

  it("exposes the raw service clients", async () => {
    const { proxy, via } = await setup();
    const c = via();
    const ref = ledgerRef();
    await c.actors.invoke({ actor: ref, action: "add", payload: { kind: { case: "json", value: { kind: { case: "structValue", value: { fields: { by: { kind: { case: "numberValue", value: 1 } } } } } } } } });
    expect((await c.state.listRevisions({ actor: ref })).revisions.map((r) => r.revision)).toEqual([1n]);
    expect((await c.admin.listHosts({ system: "test" })).hosts).toHaveLength(1);
    const err = await rejection(c.hosts.heartbeat({ leaseId: "no-such-lease" }));
    expect(err.code).toBe(Code.NotFound);
    expect(proxy.requests.map((r) => r.path)).toEqual([
      "/actorgate.v1.ActorService/Invoke",
      "/actorgate.v1.StateService/ListRevisions",
      "/actorgate.v1.AdminService/ListHosts",
      "/actorgate.v1.HostService/Heartbeat",
    ]);
  });
});

describe("errors", () => {
  it("arrive as ConnectError with the gateway's or the host's code and message, on every protocol", async () => {
    const { via } = await setup();
    for (const protocol of ["connect", "grpc", "grpc-web"] as const) {
      const c = via({ protocol });
      const ref = counterRef();
      const failed = await rejection(c.invoke(ref, "addThenFail", { by: 1 }));
      expect([failed.code, failed.rawMessage], protocol).toEqual([Code.FailedPrecondition, "refusing to add 1"]);
      expect((await rejection(c.invoke(ref, "noSuchAction"))).code, protocol).toBe(Code.NotFound);
      expect((await rejection(c.invoke({ system: "test", type: "Counter", name: "bad name" }, "get"))).code, protocol).toBe(Code.InvalidArgument);
      expect((await rejection(c.invoke({ system: "test", type: "NoSuchType", name: "x" }, "get"))).code, protocol).toBe(Code.NotFound);
      expect((await rejection(c.getState(counterRef()))).code, protocol).toBe(Code.NotFound);
    }
  });

  it("a gateway nobody answers at is unavailable", async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const err = await rejection(createActorgateClient({ url: `http://127.0.0.1:${port}` }).invoke(counterRef(), "get"));
    expect(err.code).toBe(Code.Unavailable);
  });
});
