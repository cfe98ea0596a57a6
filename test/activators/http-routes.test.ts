// HTTP routes and the REST surface on a real gateway with a real counter host: mapping of
// path, query and header values, replies, async 202, Idempotency-Key, state reads, every
// error status, and every request passing the call pipeline.
import { describe, expect, it, vi } from "vitest";
import { Code, ConnectError } from "@connectrpc/connect";
import type { CallLink, RpcCall } from "../../server/src/rpc/pipeline.js";
import { startGateway, startHost, uniqueName } from "../support/harness.js";
import { counter, echo, gatedActor, Gates } from "../support/test-actors.js";

const routes = [
  { kind: "http", id: "add", method: "POST", path: "/counters/{name}/add", system: "test", type: "Counter", name: "{path.name}", action: "add" },
  { kind: "http", id: "add-query", method: "POST", path: "/counters/{name}/add-by", system: "test", type: "Counter", name: "{path.name}", action: "add", fields: { by: "query.by:number" } },
  { kind: "http", id: "add-later", method: "POST", path: "/counters/{name}/add-later", system: "test", type: "Counter", name: "{path.name}", action: "add", async: true },
  { kind: "http", id: "value", method: "GET", path: "/counters/{name}/value", system: "test", type: "Counter", name: "{path.name}", action: "get" },
  { kind: "http", id: "state", method: "GET", path: "/counters/{name}", system: "test", type: "Counter", name: "{path.name}", read: "state" },
  { kind: "http", id: "fail", method: "POST", path: "/counters/{name}/fail", system: "test", type: "Counter", name: "{path.name}", action: "addThenFail" },
  { kind: "http", id: "nosuch", method: "POST", path: "/counters/{name}/nosuch", system: "test", type: "Counter", name: "{path.name}", action: "nosuch" },
  { kind: "http", id: "ghost", method: "POST", path: "/ghosts/{name}", system: "test", type: "Ghost", name: "{path.name}", action: "boo" },
  {
    kind: "http",
    id: "echo",
    method: "PUT",
    path: "/echo/{word}",
    system: "test",
    type: "Echo",
    action: "echo",
    fields: { word: "path.word", n: "query.n:number", flag: "query.flag:boolean" },
    metadata: { tenant: "{header.x-tenant}", route: "echo-{path.word}" },
  },
  { kind: "http", id: "hold", method: "POST", path: "/hold/{name}", system: "test", type: "Gated", name: "{path.name}", action: "hold", timeoutMs: 300 },
];

async function setup(links: CallLink[] = []) {
  const gates = new Gates();
  const gw = await startGateway({ activators: routes }, { links });
  await startHost(gw, [counter, echo, gatedActor(gates, { mailboxCapacity: 1 })]);
  const http = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${gw.url}${path}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
  return { gw, gates, http };
}

describe("HTTP routes", () => {
  it("maps path, query and headers onto the call and answers the reply as JSON", async () => {
    const { http } = await setup();
    const name = uniqueName("c");
    const r1 = await http("POST", `/counters/${name}/add`, { by: 2 });
    expect(r1.status).toBe(200);
    expect(r1.headers.get("x-actorgate-invocation-id")).toBeTruthy();
    expect(r1.headers.get("x-actorgate-revision")).toBe("1");
    expect(await r1.json()).toEqual({ value: 2 });
    expect(await (await http("POST", `/counters/${name}/add-by?by=3`)).json()).toEqual({ value: 5 });
    expect(await (await http("GET", `/counters/${name}/value`)).json()).toEqual({ value: 5 });

    const echoed = await http("PUT", "/echo/hi%20there?n=4&flag=true", { extra: 1 }, { "x-tenant": "acme" });
    expect(echoed.status).toBe(200);
    expect(await echoed.json()).toMatchObject({
      input: { extra: 1, word: "hi there", n: 4, flag: true },
      metadata: { tenant: "acme", route: "echo-hi there" },
    });
  });

  it("reads state on GET routes", async () => {
    const { http } = await setup();
    const name = uniqueName("c");
    await http("POST", `/counters/${name}/add`, { by: 7 });
    const r = await http("GET", `/counters/${name}`);
    expect(r.status).toBe(200);
    expect(r.headers.get("x-actorgate-revision")).toBe("1");
    expect(await r.json()).toEqual({ value: 7 });
  });

  it("answers 202 with the invocation id for async routes, and the outbox runs the call", async () => {
    const { http } = await setup();
    const name = uniqueName("c");
    const r = await http("POST", `/counters/${name}/add-later`, { by: 4 });
    expect(r.status).toBe(202);
    const { invocationId } = (await r.json()) as { invocationId: string };
    expect(invocationId).toBeTruthy();
    expect(r.headers.get("x-actorgate-invocation-id")).toBe(invocationId);
    await vi.waitFor(async () => expect(await (await http("GET", `/counters/${name}/value`)).json()).toEqual({ value: 4 }), { timeout: 5000, interval: 20 });
  });

  it("makes the Idempotency-Key header the idempotency key", async () => {
    const { http } = await setup();
    const name = uniqueName("c");
    const key = { "idempotency-key": uniqueName("k") };
    const first = await http("POST", `/counters/${name}/add`, { by: 5 }, key);
    const again = await http("POST", `/counters/${name}/add`, { by: 5 }, key);
    expect(await first.json()).toEqual({ value: 5 });
    expect(await again.json()).toEqual({ value: 5 });
    expect(again.headers.get("x-actorgate-invocation-id")).toBe(first.headers.get("x-actorgate-invocation-id"));
    expect(await (await http("GET", `/counters/${name}/value`)).json()).toEqual({ value: 5 });
  });

  it("maps every Connect code to its HTTP status with a JSON error body", async () => {
    const { http, gates } = await setup();
    const name = uniqueName("c");
    const expectError = async (r: Response, status: number, code: string, message?: RegExp) => {
      expect(r.status).toBe(status);
      expect(r.headers.get("content-type")).toBe("application/json");
      const body = (await r.json()) as { code: string; message: string };
      expect(body.code).toBe(code);
      if (message) expect(body.message).toMatch(message);
    };
    await expectError(await http("POST", `/counters/${name}/add`, "{not json"), 400, "invalid_argument", /the request body is not JSON/);
    await expectError(await http("POST", `/counters/${name}/add-by`), 400, "invalid_argument", /the message has no query\.by, which activator add-query needs/);
    await expectError(await http("POST", `/counters/${name}/add-by?by=lots`), 400, "invalid_argument", /query\.by \(payload field by\) must be a number/);
    await expectError(await http("POST", `/counters/${name}/nosuch`, {}), 404, "not_found", /has no action "nosuch"/);
    await expectError(await http("POST", `/ghosts/${name}`, {}), 404, "not_found", /unknown actor type "Ghost"/);
    await expectError(await http("POST", `/counters/${name}/fail`, { by: 1 }), 409, "failed_precondition", /refusing to add 1/);
    await expectError(await http("GET", `/counters/${uniqueName("never")}`), 404, "not_found", /has no stored state/);
    const wrong = await http("DELETE", `/counters/${name}/add`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");

    // A held turn fills the mailbox (capacity 1): the next call waits, the one after is refused.
    const held = http("POST", `/hold/${name}`, { gate: "g1" });
    await gates.entered("g1");
    const waiting = http("POST", `/hold/${name}`, { gate: "g2" });
    await vi.waitFor(async () => {
      const r = await http("POST", `/hold/${name}`, { gate: "g3" });
      await expectError(r, 429, "resource_exhausted");
    }, { timeout: 5000, interval: 20 });
    // The route's 300 ms deadline passes while g1 is held.
    await expectError(await held, 504, "deadline_exceeded");
    await expectError(await waiting, 504, "deadline_exceeded");
    gates.release("g1");
  });

  it("passes every delivery through the call pipeline, whose links may refuse it", async () => {
    const seen: RpcCall[] = [];
    const refuse: CallLink = {
      name: "refuse-tenant",
      async handle(call, next) {
        seen.push(call);
        if (call.requestHeader.get("x-tenant") === "evil") throw new ConnectError("tenant evil may not call", Code.PermissionDenied);
        await next();
      },
    };
    const { http } = await setup([refuse]);
    const name = uniqueName("c");
    expect((await http("POST", `/counters/${name}/add`, { by: 1 }, { authorization: "Bearer t" })).status).toBe(200);
    const call = seen.at(-1)!;
    expect(call).toMatchObject({ path: "activator", procedure: "/actorgate.v1.ActorService/Invoke" });
    expect(call.requestHeader.get("authorization")).toBe("Bearer t");
    expect(call.message).toMatchObject({ actor: { system: "test", type: "Counter", name }, action: "add" });
    const refused = await http("POST", `/counters/${name}/add`, { by: 1 }, { "x-tenant": "evil" });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ code: "permission_denied", message: "tenant evil may not call" });
    expect((await http("GET", `/counters/${name}`)).status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ path: "activator", procedure: "/actorgate.v1.StateService/GetState" });
    // The refused call changed nothing.
    expect(await (await http("GET", `/counters/${name}`)).json()).toEqual({ value: 1 });
  });

  it("counts each route's calls in /v1/activators", async () => {
    const { http } = await setup();
    const name = uniqueName("c");
    await http("POST", `/counters/${name}/add`, { by: 1 });
    await http("POST", `/counters/${name}/add`, "{bad");
    const r = await http("GET", "/v1/activators");
    const { activators } = (await r.json()) as { activators: { id: string; received: number; invoked: number; failed: number }[] };
    expect(activators.find((a) => a.id === "add")).toMatchObject({ kind: "http", source: "POST /counters/{name}/add", target: "test/Counter.add", received: 2, invoked: 1, failed: 1 });
  });
});

describe("REST surface", () => {
  it("invokes, invokes async and reads state with no config", async () => {
    const { http } = await setup();
    const name = uniqueName("c");
    const base = `/v1/actors/test/Counter/${name}`;
    const r = await http("POST", `${base}/add`, { by: 3 }, { "actorgate-meta-tenant": "acme" });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ value: 3 });
    const echoed = await http("POST", "/v1/actors/test/Echo/x/echo", { a: 1 }, { "actorgate-meta-tenant": "acme" });
    expect(await echoed.json()).toMatchObject({ input: { a: 1 }, metadata: { tenant: "acme" } });

    const later = await http("POST", `${base}/add/async`, { by: 2 });
    expect(later.status).toBe(202);
    expect(((await later.json()) as { invocationId: string }).invocationId).toBeTruthy();
    const prefer = await http("POST", `${base}/add`, { by: 1 }, { prefer: "respond-async" });
    expect(prefer.status).toBe(202);
    await vi.waitFor(async () => {
      const s = await http("GET", `${base}/state`);
      expect(await s.json()).toMatchObject({ state: { value: 6 }, revision: "3" });
    }, { timeout: 5000, interval: 20 });
  });

  it("answers errors with their status and code", async () => {
    const { http } = await setup();
    const e = async (r: Promise<Response>, status: number, code: string) => {
      const res = await r;
      expect(res.status).toBe(status);
      expect(((await res.json()) as { code: string }).code).toBe(code);
    };
    await e(http("POST", "/v1/actors/nosys/Counter/x/add", {}), 404, "not_found");
    await e(http("POST", "/v1/actors/test/Counter/bad%20name/add", {}), 400, "invalid_argument");
    await e(http("POST", "/v1/actors/test/Counter/x", {}), 404, "not_found");
    await e(http("POST", "/v1/actors/test/Counter/x/add?timeoutMs=-1", {}), 400, "invalid_argument");
    await e(http("GET", "/v1/actors/test/Counter/x/add"), 405, "unimplemented");
    await e(http("GET", `/v1/actors/test/Counter/${uniqueName("none")}/state`), 404, "not_found");
  });

  it("leaves RPC calls and /healthz to connect-node", async () => {
    const { gw } = await setup();
    expect(await (await fetch(`${gw.url}/healthz`)).text()).toBe("ok\n");
    const r = await fetch(`${gw.url}/actorgate.v1.ActorService/Invoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ actor: { system: "test", type: "Counter", name: uniqueName("c") }, action: "add", payload: { json: { by: 1 } } }),
    });
    expect(((await r.json()) as { reply: unknown }).reply).toEqual({ json: { value: 1 } });
  });
});
