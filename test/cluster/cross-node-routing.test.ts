// Messages that cross nodes in a 3-node cluster: broadcasts to actors active on every
// node, Subscribe streams, effects / forward / pipe between actors of different owners,
// and a host that registered through one node serving calls through the others.
import { describe, expect, it } from "vitest";
import { fromPayload } from "@actorgate/client";
import type { HostEvent } from "@actorgate/client/host";
import type { DeliveryReport } from "../../server/src/runtime/channels.js";
import { client, startHost } from "../support/harness.js";
import { counter } from "../support/test-actors.js";
import { flow, recorder } from "../support/workflow-actors.js";
import { channelActors, Recorder } from "../channels/support/recorder.js";
import { openStream } from "../channels/support/streams.js";
import { nextEvent } from "../channels/support/waits.js";
import { createTestCluster, settled } from "./cluster-support.js";
import { activeOn, IDS, namesOwnedBy, ownerOf, SYSTEM, threeNodes, until } from "./cross-node-support.js";

describe("calls and messages across nodes", { timeout: 90_000 }, () => {
  it("delivers a broadcast once to each subscribed actor, on whichever node it is active", async () => {
    const { nodes } = await threeNodes();
    const channel = "news";
    const rec = new Recorder();
    await startHost(nodes[0]!, channelActors(rec, channel));
    // Two UNNAMED listeners owned by each node, activated by calls through other nodes.
    const listeners = IDS.flatMap((id) => namesOwnedBy(IDS, id, "Listener", "l", 2));
    for (const [i, name] of listeners.entries()) await client(nodes[(i + 1) % 3]!).invoke({ system: SYSTEM, type: "Listener", name }, "touch");
    for (const name of listeners) expect(activeOn(nodes, "Listener", name).map((n) => IDS[nodes.indexOf(n)])).toEqual([ownerOf(IDS, "Listener", name)]);

    // Every node reports once its own deliveries have settled.
    const reports = nodes.map((n) => nextEvent(n.channels.events, "delivered", (r: DeliveryReport) => r.channel === channel));
    await client(nodes[0]!).broadcast(SYSTEM, channel, { m: 1 });
    const settledReports = (await Promise.all(reports)).map(([r]) => r);
    expect(settledReports.map((r) => [r.origin, r.failed])).toEqual([
      [true, 0],
      [false, 0],
      [false, 0],
    ]);
    // Each listener once (on its own node), the NAMED Singleton once (through the origin).
    const heard = rec.all.map((d) => `${d.type}/${d.name}`).sort();
    expect(heard).toEqual([...listeners.map((n) => `Listener/${n}`), "Singleton/Singleton"].sort());
    expect(settledReports.reduce((a, r) => a + r.delivered, 0)).toBe(listeners.length + 1);
  });

  it("streams a broadcast published through one node to a Subscribe stream on another, once", async () => {
    const { nodes } = await threeNodes();
    const channel = "feed";
    await startHost(nodes[0]!, channelActors(new Recorder(), channel));
    const opened = nextEvent(nodes[1]!.channels.events, "streamOpened", (_s, c) => c === channel);
    const stream = openStream("connect", nodes[1]!, { system: SYSTEM, channel });
    await opened;
    const c = client(nodes[2]!);
    await c.broadcast(SYSTEM, channel, { m: 1 });
    await c.broadcast(SYSTEM, channel, { m: 2 });
    // A third, published through the stream's own node, closes the window in which a
    // repeat of the first two (from any node) would have reached the stream.
    await client(nodes[1]!).broadcast(SYSTEM, channel, { m: 3 });
    const events = await stream.waitFor(3);
    expect(events.map((e) => fromPayload(e.payload))).toEqual([{ m: 1 }, { m: 2 }, { m: 3 }]);
    stream.cancel();
  });

  it("runs effects, forward and pipe between actors owned by different nodes", async () => {
    const { nodes } = await threeNodes();
    await startHost(nodes[0]!, [flow, recorder]);
    const [source] = namesOwnedBy(IDS, "n1", "Flow", "f", 1);
    const targets = [...namesOwnedBy(IDS, "n2", "Recorder", "r", 2), ...namesOwnedBy(IDS, "n3", "Recorder", "r", 2)];
    const entries = async (name: string) =>
      (await client(nodes[0]!).invoke<Array<{ caller: string; input: unknown }>>({ system: SYSTEM, type: "Recorder", name }, "get"));

    // Effects of a write-behind turn and of a durable (checkpoint) turn, through the outbox.
    const via = client(nodes[1]!);
    await via.invoke({ system: SYSTEM, type: "Flow", name: source! }, "emit", { to: targets.slice(0, 2) });
    await via.invoke({ system: SYSTEM, type: "Flow", name: source! }, "emit", { to: targets.slice(2), durable: true });
    for (const name of targets) {
      await until(`the effect on ${name}`, async () => (await entries(name)).length > 0);
      expect((await entries(name)).map((e) => e.caller)).toEqual([`${SYSTEM}/Flow/${source}`]);
    }
    expect(activeOn(nodes, "Flow", source!).map((n) => IDS[nodes.indexOf(n)])).toEqual(["n1"]);
    for (const name of targets) expect(activeOn(nodes, "Recorder", name).map((n) => IDS[nodes.indexOf(n)])).toEqual([ownerOf(IDS, "Recorder", name)]);

    // Forward: the Recorder on n3 answers a call made to the Flow on n1, through n2.
    const fwdTarget = namesOwnedBy(IDS, "n3", "Recorder", "fwd", 1)[0]!;
    expect(await via.invoke({ system: SYSTEM, type: "Flow", name: source! }, "forward", { to: fwdTarget })).toEqual({
      recorded: { to: fwdTarget },
      by: fwdTarget,
    });

    // Pipe: p → px → pxx, each hop on another node than the one before.
    let p = 0;
    const owner = (name: string) => ownerOf(IDS, "Flow", name);
    while (owner(`p${p}`) === owner(`p${p}x`) || owner(`p${p}x`) === owner(`p${p}xx`)) p++;
    const start = `p${p}`;
    expect(await client(nodes[2]!).invoke({ system: SYSTEM, type: "Flow", name: start }, "step", { v: 0, hops: 3, path: "" })).toEqual({
      v: 3,
      hops: 0,
      path: `>${start}>${start}x>${start}xx`,
    });
  });

  it("serves a host registered through one node from every node, and after that node leaves", async () => {
    const { nodes } = await threeNodes();
    const [a, b, c] = nodes as [typeof nodes[0], typeof nodes[0], typeof nodes[0]];
    const events: HostEvent[] = [];
    await startHost(a, [counter], { onEvent: (e) => events.push(e) });
    const leaseId = events.find((e) => e.type === "registered")!.leaseId as string;
    // Counters owned by every node, called through a node that is not where the host registered.
    const names = IDS.flatMap((id) => namesOwnedBy(IDS, id, "Counter", "h", 1));
    for (const name of names) expect(await client(b).invoke({ system: SYSTEM, type: "Counter", name }, "add", { by: 1 })).toEqual({ value: 1 });

    // The lease is cluster-wide: a heartbeat through c renews it on b too.
    const leaseOn = (node: typeof a) => node.registry.hosts().find((h) => h.leaseId === leaseId)?.leaseExpiresAt ?? 0;
    const before = leaseOn(b);
    await client(c).hosts.heartbeat({ leaseId });
    await until("the renewal to reach b", () => leaseOn(b) > before);

    // a leaves (its partitions are handed over). The TS host SDK knows only a's URL, so
    // its own heartbeats stop reaching the cluster; a host that heartbeats through
    // another node (as one with several gateway URLs would) keeps its lease.
    await a.close();
    const renewedAt = leaseOn(c);
    await client(b).hosts.heartbeat({ leaseId });
    await until("the renewal to reach c", () => leaseOn(c) > renewedAt);
    for (const name of names) {
      expect(await client(c).invoke({ system: SYSTEM, type: "Counter", name }, "add", { by: 1 })).toEqual({ value: 2 });
    }
  });

  it("lets a node that joins more than a lease after a host registered call that host", async () => {
    // Regression: the joining node read the registration's own time (never renewed) and
    // dropped it as a leftover, so every call through it was not_found.
    const leaseTtlMs = 3_000;
    const cluster = await createTestCluster("postgres", { clusterNodeTtlMs: 10_000, leaseTtlMs });
    const n1 = await cluster.start("n1");
    const registeredAt = Date.now();
    await startHost(n1, [counter]);
    // A heartbeat later than one lease after the registration has been shared.
    const expiry = () => n1.registry.hosts()[0]?.leaseExpiresAt ?? 0;
    await until("a renewal more than a lease after the registration", () => expiry() > registeredAt + 2 * leaseTtlMs);
    const n2 = await cluster.start("n2");
    await settled([n1, n2]);
    const ids = ["n1", "n2"];
    for (const name of [...namesOwnedBy(ids, "n1", "Counter", "late", 1), ...namesOwnedBy(ids, "n2", "Counter", "late", 1)]) {
      expect(await client(n2).invoke({ system: SYSTEM, type: "Counter", name }, "add", { by: 3 })).toEqual({ value: 3 });
    }
  });
});
