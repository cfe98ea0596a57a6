// Cluster mode with several nodes in one process: routing, forwarding, hosts shared by
// every node, hand-over on shutdown, fencing after a lost partition.
import { describe, expect, it } from "vitest";
import { Code } from "@connectrpc/connect";
import { client, startHost, uniqueName } from "../support/harness.js";
import { counter } from "../support/test-actors.js";
import { codeOf } from "../support/errors.js";
import { spawnTs } from "../support/processes.js";
import { createTestCluster, settled } from "./cluster-support.js";

describe("cluster mode (in process, postgres + NATS)", { timeout: 60_000 }, () => {
  it("answers for every actor on every node, with one consistent sequence per actor", async () => {
    const cluster = await createTestCluster();
    const nodes = [await cluster.start("n1"), await cluster.start("n2"), await cluster.start("n3")];
    await startHost(nodes[0]!, [counter]);
    await settled(nodes);
    const clients = nodes.map((n) => client(n));
    const names = Array.from({ length: 12 }, () => uniqueName("c"));
    // Each actor is called through every node in turn; the values must count up by one.
    for (let round = 1; round <= 6; round++) {
      await Promise.all(
        names.map(async (name, i) => {
          const via = clients[(i + round) % clients.length]!;
          expect(await via.invoke({ system: "test", type: "Counter", name }, "add", { by: 1 })).toEqual({ value: round });
        }),
      );
    }
    // Each actor is active on exactly one node.
    const active = nodes.map((n) => names.filter((name) => n.runtime.find({ system: "test", type: "Counter", name } as never)).length);
    expect(active.reduce((a, b) => a + b, 0)).toBe(names.length);
    // State reads are answered by the owner, from whichever node.
    for (const c of clients) {
      const { state } = await c.getState({ system: "test", type: "Counter", name: names[0]! });
      expect(state).toEqual({ value: 6 });
    }
  });

  it("lists the nodes with their partitions", async () => {
    const cluster = await createTestCluster(undefined, { clusterPartitions: 16 });
    const a = await cluster.start("a");
    const b = await cluster.start("b");
    await settled([b, a]);
    const res = await client(b).admin.listNodes({});
    expect(res.cluster).toBe(cluster.name);
    expect(res.partitions).toBe(16);
    expect(res.nodes.map((n) => n.nodeId).sort()).toEqual(["a", "b"]);
    expect(res.nodes.find((n) => n.self)?.nodeId).toBe("b");

    // The CLI shows the same.
    const p = spawnTs("server/bin/actorgate.js", ["nodes", "--json", "--url", a.url], {});
    let out = "";
    p.child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    expect(await p.exited).toBe(0);
    const shown = JSON.parse(out) as { cluster: string; nodes: { node: string; self: boolean; partitions: number }[] };
    expect(shown.cluster).toBe(cluster.name);
    expect(shown.nodes.map((n) => [n.node, n.self]).sort()).toEqual([["a", true], ["b", false]]);
    expect(shown.nodes.reduce((n, x) => n + x.partitions, 0)).toBe(16);
  });

  it("hands actors over with their state when a node shuts down", async () => {
    const cluster = await createTestCluster();
    const a = await cluster.start("a");
    const b = await cluster.start("b");
    await startHost(b, [counter]);
    const names = Array.from({ length: 10 }, () => uniqueName("h"));
    for (const name of names) await client(a).invoke({ system: "test", type: "Counter", name }, "add", { by: 5 });
    await a.close();
    for (const name of names) {
      expect(await client(b).invoke({ system: "test", type: "Counter", name }, "add", { by: 1 })).toEqual({ value: 6 });
    }
  });

  it("refuses to start without a shared store or a NATS bus", async () => {
    const { loadConfig } = await import("../../server/src/config.js");
    expect(() => loadConfig({}, {}, { cluster: true, store: "sqlite:./x.db", bus: "nats://127.0.0.1:4222" })).toThrow(/SQLite is private to one process/);
    expect(() => loadConfig({}, {}, { cluster: true, store: "memory", bus: "nats://127.0.0.1:4222" })).toThrow(/memory store/);
    expect(() => loadConfig({}, {}, { cluster: true, store: "postgres://x@y/z", bus: "memory" })).toThrow(/needs a NATS bus/);
    expect(loadConfig({}, {}, { cluster: "false", store: "memory" }).cluster).toBe(false);
  });

  it("answers a call for an unknown type the same on every node", async () => {
    const cluster = await createTestCluster();
    const nodes = [await cluster.start("a"), await cluster.start("b")];
    await startHost(nodes[0]!, [counter]);
    for (const n of nodes) {
      expect((await codeOf(client(n).invoke({ system: "test", type: "Nope", name: "x" }, "add", {}))).code).toBe(Code.NotFound);
    }
  });
});
