// The Spawn-protocol adapter driven the way hosts written with eigr Spawn SDKs drive the
// Spawn proxy: real protobuf bytes over HTTP/1.1, from a test SDK (spawn-sdk.ts) that
// registers, spawns and invokes, and serves the actions callback. Against SQLite and
// Postgres, as the issue asks.
import { describe, expect, it } from "vitest";
import { Code } from "@connectrpc/connect";
import { defineActor } from "@actorgate/client/host";
import { create, toBinary } from "@bufbuild/protobuf";
import { AnySchema } from "@bufbuild/protobuf/wkt";
import {
  ActorInvocationResponseSchema,
  ActorStateSchema,
  InvocationResponseSchema,
  JSONTypeSchema,
  RegistrationResponseSchema,
  SpawnResponseSchema,
  Status,
} from "@actorgate/client/gen/spawn";
import { client, deferred, onCleanup, startGateway, startHost } from "../support/harness.js";
import { createTestStore, type SqlTestDialect } from "../support/databases.js";
import type { CallLink } from "../../server/src/rpc/pipeline.js";
import type { GatewayDeps } from "../../server/src/gateway.js";
import type { ConfigInput } from "../../server/src/config.js";
import { GatewayError } from "../../server/src/errors.js";
import { jsonAny, Kind, postSpawn, SpawnSdkHost, valueOf, type SdkActor } from "./spawn-sdk.js";

const fast = { dispatcher: { pollMs: 20, baseBackoffMs: 10, maxBackoffMs: 50 } };
const DIALECTS: readonly SqlTestDialect[] = ["sqlite", "postgres"];

type Num = { value: number };
const counter: SdkActor = {
  name: "Counter",
  kind: Kind.UNNAMED,
  actions: {
    add: (input, ctx) => {
      const value = ((ctx.state as Num | undefined)?.value ?? 0) + (input as { by: number }).by;
      return { state: { value }, value: { value } };
    },
    addNow: (input, ctx) => {
      const value = ((ctx.state as Num | undefined)?.value ?? 0) + (input as { by: number }).by;
      return { state: { value }, value: { value }, checkpoint: true };
    },
  },
};

async function setup(dialect: SqlTestDialect, actors: readonly SdkActor[], config: ConfigInput = {}, deps: GatewayDeps = {}, system = "spawn-system") {
  const db = await createTestStore(dialect);
  onCleanup(() => db.cleanup());
  const sdk = new SpawnSdkHost(system, actors);
  const hostUrl = await sdk.listen();
  onCleanup(() => sdk.stop());
  const gw = await startGateway({ spawnPort: 0, spawnHostUrl: hostUrl, ...config }, { store: db.store, ...fast, ...deps });
  const registered = await sdk.register(gw.spawn!.url);
  expect(registered.message.status?.status, registered.message.status?.message).toBe(Status.OK);
  expect(registered.status).toBe(200);
  return { gw, sdk, store: db.store, c: client(gw) };
}

for (const dialect of DIALECTS) {
  describe(`Spawn adapter (${dialect})`, () => {
    it("registers, invokes a named actor, keeps its state, and answers get itself", async () => {
      const account: SdkActor = {
        name: "Account",
        kind: Kind.NAMED,
        actions: {
          deposit: (input, ctx) => {
            const balance = ((ctx.state as { balance: number } | undefined)?.balance ?? 0) + (input as { amount: number }).amount;
            return { state: { balance }, value: { balance } };
          },
          save: () => ({ checkpoint: true, value: "saved" }),
        },
      };
      const { sdk, c, store } = await setup(dialect, [account]);
      expect((await sdk.invoke("Account", "deposit", { amount: 5 })).value).toEqual({ balance: 5 });
      const second = await sdk.invoke("Account", "deposit", { amount: 7 });
      expect(second.status).toBe(200);
      expect(second.message.status?.status).toBe(Status.OK);
      expect(second.message.actor?.id).toMatchObject({ name: "Account", system: "spawn-system" });
      expect(second.value).toEqual({ balance: 12 });

      // get / get_state: the proxy answers with the current state; the host is not called.
      expect((await sdk.invoke("Account", "get")).value).toEqual({ balance: 12 });
      expect((await sdk.invoke("Account", "get_state")).value).toEqual({ balance: 12 });
      expect(sdk.received.map((r) => r.actionName)).toEqual(["deposit", "deposit"]);

      // An ordinary actor: our own clients call it and read its state as natural JSON.
      const ref = { system: "spawn-system", type: "Account", name: "" };
      expect(await c.invoke(ref, "deposit", { amount: 1 })).toEqual({ balance: 13 });
      expect(await c.getState(ref)).toMatchObject({ state: { balance: 13 }, revision: 3 });

      // checkpoint: durable before the reply.
      expect((await sdk.invoke("Account", "save")).value).toBe("saved");
      const stored = await store.load({ system: "spawn-system", type: "Account", name: "Account" });
      expect(stored?.revision).toBe(3);
    });

    it("keeps a Spawn actor's state across a gateway restart", async () => {
      const { sdk, gw, store } = await setup(dialect, [counter]);
      await sdk.spawn([{ name: "kept", parent: "Counter" }]);
      expect((await sdk.invoke("kept", "add", { by: 4 })).value).toEqual({ value: 4 });
      await gw.close(); // deactivation writes the state
      const next = await startGateway({ spawnPort: 0, spawnHostUrl: sdk.url }, { store, ...fast });
      expect((await sdk.register(next.spawn!.url)).message.status?.status).toBe(Status.OK);
      // The spawned names were in the old gateway's memory: the SDK names the parent again.
      expect((await sdk.invoke("kept", "add", { by: 1 }, { parent: "Counter" })).value).toEqual({ value: 5 });
    });

    it("spawns an unnamed actor from its parent, invokes it by name, and restarts it from a revision", async () => {
      const { sdk } = await setup(dialect, [counter]);
      const spawned = await sdk.spawn([{ name: "robert", parent: "Counter" }]);
      expect(spawned.status).toBe(200);
      expect(spawned.message.status?.status).toBe(Status.OK);
      expect((await sdk.invoke("robert", "addNow", { by: 2 })).value).toEqual({ value: 2 });
      expect((await sdk.invoke("robert", "addNow", { by: 3 })).value).toEqual({ value: 5 });
      // The host sees Spawn's id of an unnamed actor: its name and its parent.
      expect(sdk.received[0]?.actor).toMatchObject({ name: "robert", system: "spawn-system", parent: "Counter" });
      expect(sdk.received[0]?.currentContext?.self).toMatchObject({ name: "robert", parent: "Counter" });

      // ?revision=1: robert starts again from its state at revision 1.
      const again = await sdk.spawn([{ name: "robert", parent: "Counter" }], 1);
      expect(again.message.status?.status, again.message.status?.message).toBe(Status.OK);
      expect((await sdk.invoke("robert", "get")).value).toEqual({ value: 2 });

      // register_ref: invoked without a spawn first; remembered afterwards.
      expect((await sdk.invoke("lazy", "add", { by: 4 }, { registerRef: "Counter" })).value).toEqual({ value: 4 });
      expect((await sdk.invoke("lazy", "add", { by: 1 })).value).toEqual({ value: 5 });

      const unknown = await sdk.invoke("nobody", "add", { by: 1 });
      expect(unknown.status).toBe(404);
      expect(unknown.message.status?.status).toBe(Status.ACTOR_NOT_FOUND);
    });

    it("runs an SDK's example flow: spawn with a parent, invoke, a timer broadcasting to a channel (both metadata generations)", async () => {
      const ticks: number[] = [];
      const heard: unknown[] = [];
      const clock: SdkActor = {
        name: "Clock",
        kind: Kind.NAMED,
        timers: { tick: 50 },
        actions: {
          tick: (_input, ctx) => {
            const n = ((ctx.state as { n: number } | undefined)?.n ?? 0) + 1;
            return {
              state: { n },
              workflow: {
                broadcast: { channelGroup: "clock", payload: { case: "value", value: jsonOf({ tick: n }) } },
              },
            };
          },
          announce: (input) => ({
            value: "announced",
            // Older SDKs name the receiving action in the broadcast.
            workflow: { broadcast: { channelGroup: "legacy", actionName: "heard", payload: { case: "value", value: jsonOf(input) } } },
          }),
        },
      };
      const listener: SdkActor = {
        name: "Listener",
        kind: Kind.NAMED,
        channels: [{ topic: "clock", action: "onTick" }],
        actions: {
          onTick: (input) => {
            ticks.push((input as { tick: number }).tick);
            return {};
          },
        },
      };
      const oldListener: SdkActor = {
        name: "OldListener",
        kind: Kind.NAMED,
        channelTopic: "legacy",
        actions: {
          heard: (input) => {
            heard.push(input);
            return {};
          },
        },
      };
      const { sdk, gw } = await setup(dialect, [counter, clock, listener, oldListener]);
      expect((await sdk.spawn([{ name: "child-1", parent: "Counter" }])).message.status?.status).toBe(Status.OK);
      expect((await sdk.invoke("child-1", "add", { by: 9 })).value).toEqual({ value: 9 });
      await expect.poll(() => ticks.length, { timeout: 5000 }).toBeGreaterThan(0);
      expect(ticks[0]).toBeGreaterThanOrEqual(1);
      expect((await sdk.invoke("Clock", "announce", { hello: "old" })).value).toBe("announced");
      await expect.poll(() => heard, { timeout: 5000 }).toEqual([{ hello: "old" }]);
      // Our own clients broadcast to Spawn subscribers as to any actor.
      expect(await client(gw).broadcast("spawn-system", "clock", { tick: -1 })).toBeGreaterThanOrEqual(1);
      await expect.poll(() => ticks.includes(-1), { timeout: 5000 }).toBe(true);
      // The registered types carry both subscriptions.
      const types = gw.registry.types("spawn-system").map((t) => [t.settings.name, t.settings.spec.channels.map((ch) => `${ch.topic}->${ch.action}`)]);
      expect(Object.fromEntries(types)).toMatchObject({ Listener: ["clock->onTick"], OldListener: ["legacy->receive"] });
    });

    it("follows workflows: side effects, forward and pipe, to Spawn actors and to our own hosts' actors", async () => {
      const router: SdkActor = {
        name: "Router",
        kind: Kind.NAMED,
        actions: {
          spread: () => ({
            value: "spread",
            workflow: {
              effects: ["a", "b"].map((n) => ({
                request: { system: { name: "test" }, actor: { id: { name: n, system: "test" } }, actionName: "add", payload: { case: "value", value: jsonOf({ by: 1 }) }, registerRef: "Counter" },
              })),
            },
          }),
          fwd: () => ({ workflow: { routing: { case: "forward", value: { actor: "c", actionName: "add", registerRef: "Counter" } } } }),
          pipeIt: () => ({ value: { by: 10 }, workflow: { routing: { case: "pipe", value: { actor: "c", actionName: "add", registerRef: "Counter" } } } }),
          toNative: () => ({ workflow: { routing: { case: "forward", value: { actor: "Echo", actionName: "echo" } } } }),
        },
      };
      const { sdk, gw, c } = await setup(dialect, [counter, router], {}, {}, "test");
      expect((await sdk.invoke("Router", "spread")).value).toBe("spread");
      await expect.poll(async () => (await sdk.invoke("a", "get")).value).toEqual({ value: 1 });
      await expect.poll(async () => (await sdk.invoke("b", "get")).value).toEqual({ value: 1 });
      expect((await sdk.invoke("Router", "fwd", { by: 3 })).value).toEqual({ value: 3 });
      expect((await sdk.invoke("Router", "pipeIt")).value).toEqual({ value: 13 });
      // The effects' caller is the Spawn actor that emitted them.
      const effect = sdk.received.find((r) => r.actor?.name === "a");
      expect(effect?.caller).toMatchObject({ name: "Router", system: "test" });

      // Our own host's actors: a Spawn actor forwards to one, and one pipes to a Spawn actor.
      const relay = defineActor({
        name: "Relay",
        kind: "stateless",
        actions: { toSpawn: () => ({ reply: { by: 100 }, pipe: { target: { system: "test", type: "Counter", name: "c" }, action: "add" } }) },
      });
      const echo = defineActor({ name: "Echo", kind: "stateless", actions: { echo: (input: unknown) => ({ reply: { echoed: input } }) } });
      await startHost(gw, [relay, echo]);
      expect((await sdk.invoke("Router", "toNative", { x: 1 })).value).toEqual({ echoed: { x: 1 } });
      expect(await c.invoke({ system: "test", type: "Relay", name: "" }, "toSpawn")).toEqual({ value: 113 });
    });

    it("queues async and scheduled invocations durably", async () => {
      const { sdk } = await setup(dialect, [counter]);
      const queued = await sdk.invoke("q", "add", { by: 2 }, { registerRef: "Counter", async: true });
      expect(queued.message.status?.status).toBe(Status.OK);
      expect(queued.message.payload.case).toBe("noop");
      await expect.poll(async () => (await sdk.invoke("q", "get")).value).toEqual({ value: 2 });
      const at = Date.now() + 300;
      await sdk.invoke("q", "add", { by: 5 }, { scheduledTo: at });
      expect((await sdk.invoke("q", "get")).value).toEqual({ value: 2 });
      await expect.poll(async () => (await sdk.invoke("q", "get")).value, { timeout: 5000 }).toEqual({ value: 7 });
      const applied = sdk.received.filter((r) => r.actionName === "add").length;
      expect(applied).toBe(2);
      expect(Date.now()).toBeGreaterThanOrEqual(at);
    });

    it("runs setup on activation, keeps tags with the state, and serves pooled actors", async () => {
      const boot: SdkActor = {
        name: "Boot",
        kind: Kind.NAMED,
        tags: { team: "blue" },
        actions: {
          setup: () => ({ state: { booted: true } }),
          tag: () => ({ tags: { color: "red" }, value: "tagged" }),
          show: (_input, ctx) => ({ value: { state: ctx.state, tags: ctx.tags } }),
        },
      };
      const pool: SdkActor = { name: "Pool", kind: Kind.POOLED, stateful: false, minPoolSize: 1, maxPoolSize: 2, actions: { work: (input) => ({ value: { done: input } }) } };
      const { sdk, c, gw } = await setup(dialect, [boot, pool]);
      await expect.poll(async () => (await sdk.invoke("Boot", "get")).value).toEqual({ booted: true });
      expect(sdk.received.find((r) => r.actor?.name === "Boot")?.actionName).toBe("setup");
      expect((await sdk.invoke("Boot", "tag")).value).toBe("tagged");
      expect((await sdk.invoke("Boot", "show")).value).toEqual({ state: { booted: true }, tags: { team: "blue", color: "red" } });
      // The tags are part of the stored state (Spawn's ActorState), so they survive restarts.
      const state = await c.getState({ system: "spawn-system", type: "Boot", name: "" }, { schema: ActorStateSchema });
      expect(state.state).toMatchObject({ tags: { color: "red" } });
      // The registration uploaded Spawn's descriptors: JSON clients see it rendered.
      const res = await fetch(`${gw.url}/actorgate.v1.StateService/GetState`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ actor: { system: "spawn-system", type: "Boot" } }),
      });
      expect(((await res.json()) as { json: unknown }).json).toMatchObject({
        tags: { color: "red" },
        state: { "@type": "type.googleapis.com/eigr.functions.protocol.JSONType", content: '{"booted":true}' },
      });

      expect((await sdk.invoke("Pool", "work", 1, { pooled: true })).value).toEqual({ done: 1 });
      expect(sdk.received.find((r) => r.actionName === "work")?.actor).toMatchObject({ name: "Pool", parent: "" });
    });
  });
}

describe("Spawn adapter: errors, leases, pipeline", () => {
  it("answers malformed requests, unknown systems and refused kinds with Spawn statuses and changes nothing", async () => {
    const { sdk, gw } = await setup("sqlite", [counter]);
    const base = gw.spawn!.url;
    const garbage = new Uint8Array([0xff, 0xff, 0xff, 0x0f, 0x01]);
    const reg = await postSpawn(`${base}/api/v1/system`, garbage, RegistrationResponseSchema);
    expect([reg.status, reg.message.status?.status]).toEqual([400, Status.ERROR]);
    expect(reg.message.status?.message).toMatch(/not a protobuf eigr.functions.protocol.RegistrationRequest/);
    const inv = await postSpawn(`${base}/api/v1/system/spawn-system/actors/x/invoke`, garbage, InvocationResponseSchema);
    expect([inv.status, inv.message.status?.status]).toEqual([400, Status.ERROR]);
    const sp = await postSpawn(`${base}/api/v1/system/spawn-system/actors/spawn`, garbage, SpawnResponseSchema);
    expect([sp.status, sp.message.status?.status]).toEqual([400, Status.ERROR]);

    const other = new SpawnSdkHost("no-such-system", []);
    other.proxyUrl = base;
    const lost = await other.invoke("Counter", "add", { by: 1 });
    expect([lost.status, lost.message.status?.status]).toEqual([404, Status.ACTOR_NOT_FOUND]);

    const projection = new SpawnSdkHost("proj", [{ name: "View", kind: Kind.PROJECTION, actions: { a: () => ({}) } }]);
    const refused = await projection.register(base);
    expect([refused.status, refused.message.status?.status]).toEqual([400, Status.ERROR]);
    expect(refused.message.status?.message).toMatch(/PROJECTION is not supported/);
    expect(gw.registry.types("proj")).toEqual([]);

    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    const wrongType = await fetch(`${base}/api/v1/system`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(wrongType.status).toBe(400);
    expect(sdk.received).toEqual([]);
  });

  it("answers ERROR when the host answers garbage, fails or times out, and keeps the state", async () => {
    const release = deferred<void>();
    const flaky: SdkActor = {
      name: "Flaky",
      kind: Kind.NAMED,
      actions: {
        set: (input) => ({ state: input, value: input }),
        garbage: () => ({ state: { ruined: true }, raw: { status: 200, body: new Uint8Array([0x0a, 0xff, 0xff]) } }),
        fail: () => ({ raw: { status: 500, body: new TextEncoder().encode("boom") } }),
        badJson: () => ({ raw: { status: 200, body: badJsonResponse() } }),
        slow: async () => {
          await release.promise;
          return { state: { late: true } };
        },
      },
    };
    const { sdk } = await setup("postgres", [flaky], { callTimeoutMs: 300 });
    onCleanup(async () => release.resolve());
    expect((await sdk.invoke("Flaky", "set", { v: 1 })).value).toEqual({ v: 1 });
    for (const action of ["garbage", "fail", "badJson", "slow"]) {
      const res = await sdk.invoke("Flaky", action);
      expect([action, res.status, res.message.status?.status]).toEqual([action, 500, Status.ERROR]);
    }
    const messages = await Promise.all(["garbage", "fail", "slow"].map(async (a) => (await sdk.invoke("Flaky", a)).message.status?.message));
    expect(messages[0]).toMatch(/not an ActorInvocationResponse/);
    expect(messages[1]).toMatch(/HTTP 500: boom/);
    expect(messages[2]).toMatch(/DeadlineExceeded/);
    expect((await sdk.invoke("Flaky", "get")).value).toEqual({ v: 1 });
  });

  it("answers ERROR when the Spawn host is gone, without crashing", async () => {
    const { sdk, gw } = await setup("sqlite", [counter]);
    await sdk.stop();
    const res = await sdk.invoke("g", "add", { by: 1 }, { registerRef: "Counter" });
    expect([res.status, res.message.status?.status]).toEqual([500, Status.ERROR]);
    expect(res.message.status?.message).toMatch(/^Unavailable: /);
    expect((await fetch(`${gw.spawn!.url}/health`)).status).toBe(200);
  });

  it("keeps a Spawn host's lease alive (SDKs send no heartbeats) and lets a restarted SDK register again", async () => {
    const { sdk, gw } = await setup("sqlite", [counter], { leaseTtlMs: 500 });
    const [host] = gw.registry.hosts("spawn-system");
    const first = host!.leaseExpiresAt;
    // The adapter renews the lease every leaseTtl/3 on the host's behalf.
    await expect.poll(() => host!.leaseExpiresAt, { timeout: 3000 }).toBeGreaterThan(first + 400);
    expect(host!.removed).toBe(false);
    const again = await sdk.register(gw.spawn!.url);
    expect(again.message.status?.status, again.message.status?.message).toBe(Status.OK);
    expect(gw.registry.hosts("spawn-system")).toHaveLength(1);
    expect((await sdk.invoke("r", "add", { by: 1 }, { registerRef: "Counter" })).value).toEqual({ value: 1 });
  });

  it("passes every Spawn request's call through the gateway's call pipeline", async () => {
    const seen: string[] = [];
    const link: CallLink = {
      name: "spy",
      async handle(call, next) {
        seen.push(`${call.protocol} ${call.procedure}`);
        const msg = call.message as { action?: string };
        if (msg.action === "forbidden") throw new GatewayError(Code.PermissionDenied, "not you");
        await next();
      },
    };
    const { sdk } = await setup("sqlite", [counter], {}, { links: [link] });
    await sdk.spawn([{ name: "p", parent: "Counter" }]);
    await sdk.invoke("p", "add", { by: 1 });
    const refused = await sdk.invoke("p", "forbidden");
    expect([refused.status, refused.message.status?.status]).toEqual([500, Status.ERROR]);
    expect(refused.message.status?.message).toMatch(/PermissionDenied: not you/);
    expect(seen).toEqual([
      "spawn /actorgate.v1.HostService/Register",
      "spawn /actorgate.v1.ActorService/Activate",
      "spawn /actorgate.v1.ActorService/Invoke",
      "spawn /actorgate.v1.ActorService/Invoke",
    ]);
    expect(valueOf((await sdk.invoke("p", "get")).message)).toEqual({ value: 1 });
  });
});

function jsonOf(value: unknown) {
  return jsonAny(value);
}

/** A well-formed response whose JSONType payload holds no JSON. */
function badJsonResponse(): Uint8Array {
  const any = create(AnySchema, { typeUrl: "type.googleapis.com/eigr.functions.protocol.JSONType", value: toBinary(JSONTypeSchema, create(JSONTypeSchema, { content: "{nope" })) });
  return toBinary(ActorInvocationResponseSchema, create(ActorInvocationResponseSchema, { payload: { case: "value", value: any } }));
}
