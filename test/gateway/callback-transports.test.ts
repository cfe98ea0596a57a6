import http from "node:http";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { Code, ConnectError } from "@connectrpc/connect";
import { ActorHostService, HostCodec, HostHttpVersion, HostProtocol } from "@actorgate/client/gen";
import { actorHostService, defineActor, DualServer, toActorType, type ActorDefinition } from "@actorgate/client/host";
import { client, onCleanup, startGateway, startHost, uniqueName } from "../support/harness.js";
import { counter, gatedActor, Gates } from "../support/test-actors.js";

/** The error a call fails with (a call that succeeds fails the test). */
function failure(call: Promise<unknown>): Promise<ConnectError> {
  return call.then(
    (reply) => {
      throw new Error(`expected the call to fail, got ${JSON.stringify(reply)}`);
    },
    (err: unknown) => ConnectError.from(err),
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- toActorType reads only the settings
const counterType = toActorType(counter as ActorDefinition<any>);

/** Serves the counter as a bare ActorHostService (no registration), stopped after the test. */
async function serveCounter(): Promise<string> {
  const server = new DualServer(connectNodeAdapter({ routes: (r) => r.service(ActorHostService, actorHostService([counter])) }));
  const port = await server.listen(0, "127.0.0.1");
  onCleanup(() => server.close(100));
  return `http://127.0.0.1:${port}`;
}

describe("gateway → host callbacks", () => {
  const transports = [
    { name: "Connect binary over pooled HTTP/1.1", protocol: HostProtocol.CONNECT, codec: HostCodec.PROTO, httpVersion: HostHttpVersion.HTTP1 },
    { name: "Connect JSON over pooled HTTP/1.1", protocol: HostProtocol.CONNECT, codec: HostCodec.JSON, httpVersion: HostHttpVersion.HTTP1 },
    { name: "Connect binary over h2c", protocol: HostProtocol.CONNECT, codec: HostCodec.PROTO, httpVersion: HostHttpVersion.HTTP2 },
    { name: "gRPC over h2c", protocol: HostProtocol.GRPC, codec: HostCodec.PROTO, httpVersion: HostHttpVersion.HTTP2 },
    { name: "gRPC-Web over HTTP/1.1", protocol: HostProtocol.GRPC_WEB, codec: HostCodec.PROTO, httpVersion: HostHttpVersion.HTTP1 },
  ];

  it.each(transports)("reach the host over $name", async ({ protocol, codec, httpVersion }) => {
    const gw = await startGateway();
    const c = client(gw);
    const callbackUrl = await serveCounter();
    await c.hosts.register({ system: "test", hostId: uniqueName("h"), callbackUrl, protocol, codec, httpVersion, types: [counterType] });
    const ref = { system: "test", type: "Counter", name: uniqueName() };
    await Promise.all(Array.from({ length: 20 }, () => c.invoke(ref, "add", { by: 1 })));
    expect(await c.invoke(ref, "get")).toEqual({ value: 20 });
    // The host's own error comes through with its code and message.
    const err = await failure(c.invoke(ref, "addThenFail", { by: 7 }));
    expect([err.code, err.rawMessage]).toEqual([Code.FailedPrecondition, expect.stringContaining("refusing to add 7")]);
    expect(await c.invoke(ref, "get")).toEqual({ value: 20 });
  });

  it("fails the call with unavailable, state unchanged, when the host drops the connection mid-call", async () => {
    const gw = await startGateway();
    const c = client(gw);
    const real = await serveCounter();
    let drop = false;
    // A proxy in front of the host that can cut a callback off after reading it.
    const proxy = http.createServer((req, res) => {
      if (drop) {
        req.resume();
        req.once("end", () => req.socket.destroy());
        return;
      }
      const up = http.request(`${real}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 500, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    onCleanup(() => new Promise((r) => proxy.close(() => r())));
    const callbackUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    await c.hosts.register({ system: "test", hostId: uniqueName("h"), callbackUrl, types: [counterType] });
    const ref = { system: "test", type: "Counter", name: uniqueName() };
    expect(await c.invoke(ref, "add", { by: 2 })).toEqual({ value: 2 });
    drop = true;
    const err = await failure(c.invoke(ref, "add", { by: 5 }));
    expect(err.code).toBe(Code.Unavailable);
    expect(err.rawMessage).toMatch(/dropped the connection.*state is unchanged/);
    drop = false;
    expect(await c.invoke(ref, "get")).toEqual({ value: 2 });
  });

  it("ignores JSON fields it does not know in a JSON host's answer, as connect's clients do", async () => {
    const gw = await startGateway();
    const c = client(gw);
    // A host from a newer SDK, answering with a field this gateway has never heard of.
    const newer = http.createServer((req, res) => {
      req.resume();
      req.once("end", () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ reply: { json: { value: 1 } }, state: { json: { value: 1 } }, fieldFromTheFuture: true }));
      });
    });
    await new Promise<void>((r) => newer.listen(0, "127.0.0.1", r));
    onCleanup(() => new Promise((r) => newer.close(() => r())));
    const callbackUrl = `http://127.0.0.1:${(newer.address() as { port: number }).port}`;
    await c.hosts.register({ system: "test", hostId: uniqueName("h"), callbackUrl, codec: HostCodec.JSON, types: [counterType] });
    expect(await c.invoke({ system: "test", type: "Counter", name: uniqueName() }, "add", { by: 1 })).toEqual({ value: 1 });
  });

  it.each(transports)("refuses a host response larger than the gateway accepts over $name, state unchanged", async ({ protocol, codec, httpVersion }) => {
    const gw = await startGateway({ maxPayloadBytes: 1024 });
    const c = client(gw);
    const inflater = defineActor<{ n: number }>({
      name: "Inflater",
      kind: "unnamed",
      initialState: () => ({ n: 0 }),
      actions: {
        inflate: (input: { bytes: number }, ctx) => ({ state: { n: ctx.state.n + 1 }, reply: "x".repeat(input.bytes) }),
        get: (_: unknown, ctx) => ({ reply: ctx.state.n }),
      },
    });
    const server = new DualServer(connectNodeAdapter({ routes: (r) => r.service(ActorHostService, actorHostService([inflater])) }));
    const port = await server.listen(0, "127.0.0.1");
    onCleanup(() => server.close(100));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- toActorType reads only the settings
    const types = [toActorType(inflater as ActorDefinition<any>)];
    await c.hosts.register({ system: "test", hostId: uniqueName("h"), callbackUrl: `http://127.0.0.1:${port}`, protocol, codec, httpVersion, types });
    const ref = { system: "test", type: "Inflater", name: uniqueName() };
    expect(await c.invoke(ref, "inflate", { bytes: 10 })).toBe("x".repeat(10));
    // The whole-message ceiling is 2 × maxPayloadBytes + 64 KiB, the same for every host client.
    const err = await failure(c.invoke(ref, "inflate", { bytes: 100_000 }));
    expect(err.code).toBe(Code.ResourceExhausted);
    expect(await c.invoke(ref, "get")).toBe(1);
  });
});

describe("Invoke fast path (Connect unary over HTTP/1.1) and connect-node agree", () => {
  async function post(url: string, body: Buffer | string, headers: Record<string, string>) {
    const res = await fetch(`${url}/actorgate.v1.ActorService/Invoke`, { method: "POST", headers, body });
    return { status: res.status, contentType: res.headers.get("content-type"), json: (await res.json()) as Record<string, unknown> };
  }

  it("answers plain, gzip-compressed (connect-node) and charset-tagged JSON the same way", async () => {
    const gw = await startGateway();
    await startHost(gw, [counter]);
    const actor = { system: "test", type: "Counter", name: uniqueName() };
    const body = JSON.stringify({ actor, action: "add", payload: { json: { by: 1 } } });
    const plain = await post(gw.url, body, { "content-type": "application/json" });
    const charset = await post(gw.url, body, { "content-type": "application/json; charset=utf-8", "connect-protocol-version": "1" });
    const gzip = await post(gw.url, gzipSync(body), { "content-type": "application/json", "content-encoding": "gzip" });
    expect([plain, charset, gzip].map((r) => [r.status, r.contentType, (r.json["reply"] as { json: unknown }).json])).toEqual([
      [200, "application/json", { value: 1 }],
      [200, "application/json", { value: 2 }],
      [200, "application/json", { value: 3 }],
    ]);
  });

  it("answers errors as Connect error JSON with the code's HTTP status, and changes nothing", async () => {
    const gw = await startGateway({ maxPayloadBytes: 1024 });
    await startHost(gw, [counter]);
    const actor = { system: "test", type: "Counter", name: uniqueName() };
    const json = { "content-type": "application/json" };
    const notFound = await post(gw.url, JSON.stringify({ actor: { ...actor, type: "Nope" }, action: "add" }), json);
    expect([notFound.status, notFound.json["code"]]).toEqual([404, "not_found"]);
    const malformed = await post(gw.url, "{not json", json);
    expect([malformed.status, malformed.json["code"]]).toEqual([400, "invalid_argument"]);
    const badTimeout = await post(gw.url, JSON.stringify({ actor, action: "get" }), { ...json, "connect-timeout-ms": "soon" });
    expect([badTimeout.status, badTimeout.json["code"]]).toEqual([400, "invalid_argument"]);
    const oversize = await post(gw.url, JSON.stringify({ actor, action: "add", payload: { json: { by: 1, pad: "x".repeat(2_000) } } }), json);
    expect([oversize.status, oversize.json["code"]]).toEqual([400, "invalid_argument"]); // payload over maxPayloadBytes
    // A whole message over 2 × maxPayloadBytes + 64 KiB is refused before it is parsed,
    // on the fast path and (compressed) through connect-node alike.
    const huge = JSON.stringify({ actor, action: "add", payload: { json: { by: 1, pad: "x".repeat(100_000) } } });
    const tooBig = await post(gw.url, huge, json);
    const tooBigGzip = await post(gw.url, gzipSync(huge), { ...json, "content-encoding": "gzip" });
    expect([tooBig, tooBigGzip].map((r) => [r.status, r.json["code"]])).toEqual([
      [429, "resource_exhausted"],
      [429, "resource_exhausted"],
    ]);
    const ok = await post(gw.url, JSON.stringify({ actor, action: "get" }), json);
    expect([ok.status, ok.json["revision"]]).toEqual([200, undefined]);
  });

  it("cancels the call when the client goes away, leaving the actor's state unchanged", async () => {
    const gates = new Gates();
    const gw = await startGateway();
    await startHost(gw, [gatedActor(gates)]);
    const c = client(gw);
    const ref = { system: "test", type: "Gated", name: uniqueName() };
    const controller = new AbortController();
    const call = failure(c.invoke(ref, "hold", { gate: "left" }, { signal: controller.signal }));
    await gates.entered("left");
    controller.abort();
    expect((await call).code).toBe(Code.Canceled);
    await gates.aborted("left"); // the gateway cancelled the callback
    gates.release("left");
    expect(await c.invoke(ref, "log")).toEqual([]);
  });
});
