import { once } from "node:events";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { Code, ConnectError, createContextKey } from "@connectrpc/connect";
import { GatewayError } from "../../server/src/errors.js";
import type { CallLink, RpcCall } from "../../server/src/rpc/pipeline.js";
import { client, startGateway, startHost, uniqueName } from "../support/harness.js";
import { counter } from "../support/test-actors.js";

/** What a link saw of one call, and how the call ended for it. */
interface Seen {
  readonly procedure: string;
  readonly path: RpcCall["path"];
  readonly protocol: RpcCall["protocol"];
  readonly probe: string | null;
  readonly timeoutMs: number | undefined;
  readonly messageType: string;
  outcome?: "ok" | Code;
}

/** A link that records every call it sees; refuses calls carrying `x-deny`. */
function recorder() {
  const seen: Seen[] = [];
  const waiters: { procedure: string; resolve: (s: Seen) => void }[] = [];
  const link: CallLink = {
    name: "recorder",
    async handle(call, next) {
      const entry: Seen = {
        procedure: call.procedure,
        path: call.path,
        protocol: call.protocol,
        probe: call.requestHeader.get("x-probe"),
        timeoutMs: call.timeoutMs,
        messageType: call.message.$typeName,
      };
      seen.push(entry);
      if (call.requestHeader.get("x-deny")) throw new GatewayError(Code.PermissionDenied, `denied by the recorder: ${call.procedure}`);
      try {
        await next();
        entry.outcome = "ok";
      } catch (err) {
        // Links always see the ConnectError the client will get.
        expect(err).toBeInstanceOf(ConnectError);
        entry.outcome = (err as ConnectError).code;
        throw err;
      } finally {
        for (const w of waiters.filter((x) => x.procedure === call.procedure)) w.resolve(entry);
      }
    },
  };
  /** Resolves when a call to `procedure` has ended (for a stream: the stream). */
  const ended = (procedure: string) => new Promise<Seen>((resolve) => waiters.push({ procedure, resolve }));
  return { link, seen, ended, procedures: () => new Set(seen.map((s) => s.procedure)) };
}

const INVOKE = "/actorgate.v1.ActorService/Invoke";

async function setup() {
  const rec = recorder();
  const gw = await startGateway({}, { links: [rec.link] });
  await startHost(gw, [counter]);
  const actor = { system: "test", type: "Counter", name: uniqueName() };
  return { rec, gw, actor };
}

function fetchInvoke(url: string, body: unknown, headers: Record<string, string> = {}, gzip = false) {
  const json = Buffer.from(JSON.stringify(body));
  return fetch(`${url}${INVOKE}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(gzip ? { "content-encoding": "gzip" } : {}), ...headers },
    body: gzip ? gzipSync(json) : json,
  });
}

describe("one call pipeline: a link added through createGateway sees every call", () => {
  it("sees Invoke over the fast path (Connect JSON and binary, gRPC) and over connect-node (gzip, gRPC-Web), with the same call info", async () => {
    const { rec, gw, actor } = await setup();
    const add = { actor, action: "add", payload: { json: { by: 1 } } };
    const headers = { "x-probe": "p", "connect-timeout-ms": "60000" };

    expect((await fetchInvoke(gw.url, add, headers)).status).toBe(200);
    expect((await fetchInvoke(gw.url, add, headers, true)).status).toBe(200);
    const probe = (protocol: "connect" | "grpc" | "grpc-web", httpVersion: "1.1" | "2") =>
      client(gw, {
        protocol,
        binary: true,
        httpVersion,
        interceptors: [(next) => (req) => (req.header.set("x-probe", "p"), next(req))],
      });
    await probe("connect", "1.1").invoke(actor, "add", { by: 1 }, { timeoutMs: 60_000 });
    await probe("grpc", "2").invoke(actor, "add", { by: 1 }, { timeoutMs: 60_000 });
    await probe("grpc-web", "1.1").invoke(actor, "add", { by: 1 }, { timeoutMs: 60_000 });
    expect(await client(gw).invoke(actor, "get")).toEqual({ value: 5 });

    const invokes = rec.seen.filter((s) => s.procedure === INVOKE).slice(0, 5);
    expect(invokes.map((s) => [s.path, s.protocol])).toEqual([
      ["fast-path", "connect"], // Connect JSON
      ["connect-node", "connect"], // gzip: connect-node's path
      ["fast-path", "connect"], // Connect binary
      ["fast-path", "grpc"],
      ["connect-node", "grpc-web"],
    ]);
    for (const s of invokes) {
      expect(s).toMatchObject({ probe: "p", messageType: "actorgate.v1.InvokeRequest", outcome: "ok" });
      // Both paths read the protocol's deadline header (connect-timeout-ms, grpc-timeout).
      expect(s.timeoutMs).toBeGreaterThan(50_000);
      expect(s.timeoutMs).toBeLessThanOrEqual(60_000);
    }
  });

  it("sees every other method: Activate, Broadcast, Subscribe, StateService, AdminService and HostService calls", async () => {
    const { rec, gw, actor } = await setup();
    const c = client(gw);
    await c.activate(actor);
    await c.invoke(actor, "add", { by: 2 });
    await c.snapshot(actor);
    await c.getState(actor);
    await c.state.listRevisions({ actor });
    await c.state.restore({ actor, target: { case: "revision", value: 1n } });
    await c.admin.describeActor({ actor });
    await c.admin.listActors({ system: "test" });
    await c.admin.listHosts({});
    await c.admin.health({});
    await c.admin.listDeadLetters({ system: "test" });
    await c.admin.deactivate({ actor });
    await c.hosts.heartbeat({ leaseId: "no-such-lease" }).catch(() => undefined);

    // A server stream: the link's next() settles when the stream ends, not when it opens.
    const abort = new AbortController();
    const opened = once(gw.channels.events, "streamOpened");
    const stream = c.actors.subscribe({ system: "test", channel: "news" }, { signal: abort.signal })[Symbol.asyncIterator]();
    const first = stream.next();
    await opened;
    await c.broadcast("test", "news", { n: 1 });
    expect((await first).value).toMatchObject({ channel: "news" });
    expect(rec.seen.find((s) => s.procedure.endsWith("/Subscribe"))?.outcome).toBeUndefined();
    const subscribeEnded = rec.ended("/actorgate.v1.ActorService/Subscribe");
    abort.abort();
    await expect(stream.next()).rejects.toThrow();
    await subscribeEnded;

    const expected = [
      "/actorgate.v1.HostService/Register", // the host's registration
      "/actorgate.v1.HostService/Heartbeat",
      "/actorgate.v1.ActorService/Activate",
      INVOKE,
      "/actorgate.v1.ActorService/Broadcast",
      "/actorgate.v1.ActorService/Subscribe",
      "/actorgate.v1.StateService/Snapshot",
      "/actorgate.v1.StateService/GetState",
      "/actorgate.v1.StateService/ListRevisions",
      "/actorgate.v1.StateService/Restore",
      "/actorgate.v1.AdminService/DescribeActor",
      "/actorgate.v1.AdminService/ListActors",
      "/actorgate.v1.AdminService/ListHosts",
      "/actorgate.v1.AdminService/Health",
      "/actorgate.v1.AdminService/ListDeadLetters",
      "/actorgate.v1.AdminService/Deactivate",
    ];
    expect([...rec.procedures()].sort()).toEqual(expect.arrayContaining(expected.sort()));
    expect(rec.seen.find((s) => s.procedure.endsWith("/Heartbeat"))?.outcome).toBe(Code.NotFound);
  });

  it("lets a link refuse a call with its code, on both paths and for a stream, before the runtime runs", async () => {
    const { rec, gw, actor } = await setup();
    const deny = { "x-deny": "1" };
    const add = { actor, action: "add", payload: { json: { by: 1 } } };

    for (const gzip of [false, true]) {
      const res = await fetchInvoke(gw.url, add, deny, gzip);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: "permission_denied", message: `denied by the recorder: ${INVOKE}` });
    }
    const denied = (protocol: "connect" | "grpc" | "grpc-web", httpVersion: "1.1" | "2") =>
      client(gw, { protocol, httpVersion, interceptors: [(next) => (req) => (req.header.set("x-deny", "1"), next(req))] });
    for (const [protocol, version] of [["connect", "1.1"], ["grpc", "2"], ["grpc-web", "1.1"]] as const) {
      const err = await denied(protocol, version).invoke(actor, "add", { by: 1 }).catch((e: unknown) => e);
      expect(ConnectError.from(err).code).toBe(Code.PermissionDenied);
      const state = await denied(protocol, version).getState(actor).catch((e: unknown) => e);
      expect(ConnectError.from(state).code).toBe(Code.PermissionDenied);
    }
    const stream = denied("connect", "2").actors.subscribe({ system: "test", channel: "news" });
    const err = await stream[Symbol.asyncIterator]().next().catch((e: unknown) => e);
    expect(ConnectError.from(err).code).toBe(Code.PermissionDenied);

    // Not one of them reached the runtime: the actor was never even activated.
    expect(gw.runtime.activeCount).toBe(0);
    expect(gw.channels.stats()).toMatchObject({ published: 0 });
    expect(await client(gw).invoke(actor, "get")).toEqual({ value: 0 });
    expect(rec.seen.filter((s) => s.procedure === INVOKE).map((s) => s.path)).toEqual([
      "fast-path",
      "connect-node",
      "fast-path",
      "fast-path",
      "connect-node",
      "fast-path", // the last get, let through
    ]);
  });

  it("maps an error raised while a stream runs, and the link sees it", async () => {
    const { rec, gw } = await setup();
    const c = client(gw);
    // Subscribe's channel check runs inside the stream: once `internal`, now the client's mistake.
    const err = await c.actors.subscribe({ system: "test", channel: "../x" })[Symbol.asyncIterator]().next().catch((e: unknown) => e);
    expect(ConnectError.from(err).code).toBe(Code.InvalidArgument);
    expect(ConnectError.from(err).rawMessage).toContain("invalid channel");
    expect(rec.seen.find((s) => s.procedure.endsWith("/Subscribe"))?.outcome).toBe(Code.InvalidArgument);
  });
});

describe("call pipeline order", () => {
  it("runs links in the order given, inside error logging and before the request checks; values pass from link to link", async () => {
    const order: string[] = [];
    const key = createContextKey<string>("none", { description: "test value" });
    const first: CallLink = {
      name: "first",
      async handle(call, next) {
        order.push(`first:${call.method}`);
        call.values.set(key, "from-first");
        await next();
      },
    };
    const second: CallLink = {
      name: "second",
      async handle(call, next) {
        order.push(`second:${call.values.get(key)}`);
        await next();
      },
    };
    const gw = await startGateway({}, { links: [first, second] });
    expect(gw.links.map((l) => l.name)).toEqual(["error-logging", "first", "second", "request-strings"]);
    await client(gw).admin.health({});
    expect(order).toEqual(["first:Health", "second:from-first"]);
  });
});
