import http from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { ConnectError } from "@connectrpc/connect";
import { createActorgateClient, type ClientOptions } from "@actorgate/client";
import { createHost, defineActor } from "@actorgate/client/host";
import { client, deferred, onCleanup, startGateway, startHost } from "../support/harness.js";
import { createTestStore } from "../support/databases.js";
import { spawnTs } from "../support/processes.js";

const SHUTDOWN_TIMEOUT_MS = 10_000;

const gate = deferred();
const held = deferred();

/** Each add takes a few ms at the host, so calls queue in mailboxes under load. */
const slow = defineActor<{ value: number }>({
  name: "Slow",
  kind: "unnamed",
  initialState: () => ({ value: 0 }),
  actions: {
    add: async (_: unknown, ctx) => {
      // The host's work (not a test wait): keeps calls in flight when SIGTERM comes.
      await delay(5 + Math.floor(Math.random() * 15));
      const value = ctx.state.value + 1;
      return { state: { value }, reply: { value } };
    },
    /** Holds until the test opens the gate: a call surely in flight at SIGTERM. */
    hold: async (_: unknown, ctx) => {
      held.resolve();
      await gate.promise;
      const value = ctx.state.value + 1;
      return { state: { value }, reply: { value } };
    },
    get: (_: unknown, ctx) => ({ reply: { value: ctx.state.value } }),
  },
});

/** GET on one kept-alive socket (opened before SIGTERM). */
function probe(agent: http.Agent, url: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}${path}`, { agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
  });
}

/** How a call may end once the gateway shuts down, other than with its answer. */
const REFUSED = [/shutting down/, /ECONNREFUSED/, /REFUSED_STREAM/];

describe("graceful shutdown (SIGTERM) under load", () => {
  it("answers every accepted call, refuses new ones, flushes every acknowledged value and exits 0 in time", async () => {
    const db = await createTestStore("sqlite", { migrate: false });
    onCleanup(() => db.cleanup());
    const gw = spawnTs(
      "server/bin/actorgate.js",
      ["serve", "--port", "0", "--log-level", "info", "--store", db.url, "--shutdown-timeout-ms", String(SHUTDOWN_TIMEOUT_MS)],
      {},
    );
    const url = await new Promise<string>((resolve, reject) => {
      gw.child.stderr!.on("data", () => {
        const m = gw.stderr().match(/"url":"(http:\/\/[^"]+)"[^\n]*actorgate listening/);
        if (m) resolve(m[1]!);
      });
      void gw.exited.then((code) => reject(new Error(`gateway exited (${code}):\n${gw.stderr()}`)));
    });
    const host = createHost({ system: "test", actors: [slow], gatewayUrl: url });
    await host.start();
    onCleanup(() => host.stop());

    // 32 callers on 8 actors over every protocol and HTTP version.
    const transports: ClientOptions[] = [
      { url },
      { url, httpVersion: "1.1" },
      { url, protocol: "grpc" },
      { url, protocol: "grpc-web", httpVersion: "1.1" },
    ];
    const clients = transports.map((t) => createActorgateClient(t));
    const acknowledged = new Map<string, number>();
    const cut: string[] = [];
    let answered = 0;
    const enoughLoad = deferred();
    let stopping = false;
    let signalledAt = 0;
    const callers = Array.from({ length: 32 }, async (_, i) => {
      const name = `slow-${i % 8}`;
      const c = clients[i % clients.length]!;
      for (;;) {
        try {
          const { value } = (await c.invoke({ system: "test", type: "Slow", name }, "add")) as { value: number };
          acknowledged.set(name, Math.max(acknowledged.get(name) ?? 0, value));
          if (++answered === 64) enoughLoad.resolve();
        } catch (err) {
          const e = ConnectError.from(err);
          if (!stopping || !REFUSED.some((re) => re.test(e.message))) cut.push(`caller ${i}: ${e.message} at ${Date.now() - signalledAt}`);
          return;
        }
      }
    });
    await enoughLoad.promise;

    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    onCleanup(async () => agent.destroy());
    expect(await probe(agent, url, "/readyz")).toBe(200);
    const holding = clients[1]!.invoke({ system: "test", type: "Slow", name: "held" }, "hold");
    await held.promise;

    stopping = true;
    signalledAt = Date.now();
    gw.child.kill("SIGTERM");
    // Readiness goes false while a call is still in flight (the held one).
    let status = 200;
    while (status === 200) status = await probe(agent, url, "/readyz");
    expect(status).toBe(503);
    // A new connection is refused (or answered unavailable).
    const fresh = await createActorgateClient({ url, httpVersion: "1.1" })
      .invoke({ system: "test", type: "Slow", name: "late" }, "add")
      .then(
        () => "answered",
        (err: unknown) => ConnectError.from(err).message,
      );
    expect(REFUSED.some((re) => re.test(fresh)), fresh).toBe(true);

    gate.resolve();
    expect(await holding).toEqual({ value: 1 });
    await Promise.all(callers);
    if (cut.length) console.log(gw.stderr().split("\n").filter((l) => !l.includes("host registered")).slice(-15).join("\n"));
    expect(cut).toEqual([]);
    expect(await gw.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(gw.stderr()).toContain("actorgate stopped");
    expect(answered).toBeGreaterThanOrEqual(64);

    // Every acknowledged value reached the store.
    const after = await startGateway({ store: db.url });
    await startHost(after, [slow]);
    const c = client(after);
    for (const [name, value] of acknowledged) {
      expect(await c.invoke({ system: "test", type: "Slow", name }, "get"), name).toEqual({ value });
    }
    expect(await c.invoke({ system: "test", type: "Slow", name: "held" }, "get")).toEqual({ value: 1 });
  }, 60_000);
});
