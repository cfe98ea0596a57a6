// Work that every node could pick up runs exactly once in a 3-node cluster: async and
// scheduled invocations (the outbox), timers of NAMED actors, and NATS activator
// messages (core queue group and JetStream durable consumer).
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { defineActor } from "@actorgate/client/host";
import { client, onCleanup, startHost } from "../support/harness.js";
import { NATS_URL } from "./cluster-support.js";
import { activeOn, IDS, namesOwnedBy, ownerOf, SYSTEM, TallyHost, threeNodes, until } from "./cross-node-support.js";

describe("exactly one runner across nodes", { timeout: 90_000 }, () => {
  for (const dialect of ["postgres", "mysql"] as const) {
    it(`runs async and scheduled invocations enqueued through every node once each (${dialect})`, async () => {
      const { cluster, nodes } = await threeNodes(dialect);
      const tally = new TallyHost();
      await startHost(nodes[0]!, [tally.actor]);
      // Targets on every node, each enqueued through every node.
      const targets = IDS.flatMap((id) => namesOwnedBy(IDS, id, "Tally", `t-${dialect}`, 2));
      const ids: string[] = [];
      const soon = new Date(Date.now() + 300);
      await Promise.all(
        targets.flatMap((name, i) =>
          nodes.map(async (node, j) => {
            const c = client(node);
            const actor = { system: SYSTEM, type: "Tally", name };
            ids.push(await c.invokeAsync(actor, "hit", { i, j }));
            ids.push(await c.invokeAsync(actor, "hit", { i, j, scheduled: true }, { scheduledAt: soon }));
          }),
        ),
      );
      expect(new Set(ids).size).toBe(targets.length * nodes.length * 2);
      await tally.ran(ids);
      // Nothing is left to deliver: any second delivery would have been claimed by now.
      const db = cluster.db.store.kysely;
      await until("an empty outbox", async () => {
        const row = await db.selectFrom("outbox").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
        return Number(row.n) === 0;
      });
      expect(tally.repeated()).toEqual([]);
      expect([...tally.runs.keys()].sort()).toEqual([...ids].sort());
      // Each target applied exactly its own invocations, whichever node ran them.
      for (const name of targets) {
        const { state } = await client(nodes[1]!).getState({ system: SYSTEM, type: "Tally", name });
        expect(state).toEqual({ count: nodes.length * 2 });
      }
    });
  }

  it("ticks a NAMED actor's timer on one node only, and on another after that node leaves", async () => {
    const { nodes } = await threeNodes();
    const seen: number[] = [];
    let running = 0;
    let overlapped = false;
    const waiters: Array<() => void> = [];
    const ticker = defineActor<{ n: number }>({
      name: "Ticker",
      kind: "named",
      initialState: () => ({ n: 0 }),
      timers: [{ action: "tick", everyMs: 40 }],
      actions: {
        tick: async (_input: unknown, ctx) => {
          // Two activations (one per node) would run turns at once and repeat values.
          if (++running > 1) overlapped = true;
          seen.push(ctx.state.n);
          await new Promise((r) => setImmediate(r));
          running--;
          for (const w of waiters.splice(0)) w();
          return { state: { n: ctx.state.n + 1 } };
        },
      },
    });
    const ticks = async (n: number) => {
      while (seen.length < n) await new Promise<void>((r) => waiters.push(r));
    };
    const owner = ownerOf(IDS, "Ticker", "Ticker");
    // Registered through another node, so the host outlives the owner.
    const via = nodes.find((_, i) => IDS[i] !== owner)!;
    await startHost(via, [ticker]);
    await ticks(15);
    expect(activeOn(nodes, "Ticker", "Ticker").map((n) => IDS[nodes.indexOf(n)])).toEqual([owner]);

    const ownerNode = nodes[IDS.indexOf(owner)]!;
    await ownerNode.close();
    const before = seen.length;
    await ticks(before + 15);
    const rest = nodes.filter((n) => n !== ownerNode);
    const now = activeOn(rest, "Ticker", "Ticker");
    expect(now).toHaveLength(1);
    // One timer's sequence from start to end: each value once, in order, the state
    // handed over with the actor (no value repeated, none skipped).
    expect(seen).toEqual(seen.map((_, i) => i));
    expect(overlapped).toBe(false);
  });

  it("handles each NATS activator message once with the activator on every node (core and durable)", async () => {
    const tag = randomBytes(4).toString("hex");
    const core = `t${tag}.core.*`;
    const durable = `t${tag}.durable.*`;
    const stream = `CLUSTER_${tag}`;
    const natsActivators = JSON.stringify([
      { subject: core, system: SYSTEM, type: "Tally", action: "hit", nameToken: 3 },
      { subject: durable, system: SYSTEM, type: "Tally", action: "hit", nameToken: 3, stream, storage: "memory", consumer: `c${tag}` },
    ]);
    const nc = await connect({ servers: NATS_URL });
    onCleanup(() => nc.close());
    const jsm = await jetstreamManager(nc);
    onCleanup(async () => {
      await jsm.streams.delete(stream).catch(() => undefined);
    });
    const { nodes } = await threeNodes("postgres", { natsActivators });
    const tally = new TallyHost();
    await startHost(nodes[0]!, [tally.actor]);
    const names = IDS.flatMap((id) => namesOwnedBy(IDS, id, "Tally", "nats", 2));
    const total = 30;
    const encoder = new TextEncoder();

    // Core: requests, so each message has exactly one answer; the queue group must give
    // it to one node only.
    const replies = await Promise.all(
      Array.from({ length: total }, (_, i) => nc.request(core.replace("*", names[i % names.length]!), encoder.encode(JSON.stringify({ i })), { timeout: 10_000 })),
    );
    expect(replies.map((r) => r.headers?.get("actorgate-error-code") ?? "")).toEqual(replies.map(() => ""));

    // Durable: published into the stream, consumed by the shared consumer.
    const js = jetstream(nc);
    for (let i = 0; i < total; i++) await js.publish(durable.replace("*", names[i % names.length]!), encoder.encode(JSON.stringify({ i })));
    const streamIds = Array.from({ length: total }, (_, i) => `nats:${stream}:${i + 1}`);
    await tally.ran(streamIds);
    await until("every stream message acknowledged", async () => {
      const info = await jsm.consumers.info(stream, `c${tag}`);
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });

    // Read each actor through every node: these turns queue behind any late duplicate.
    let sum = 0;
    for (const name of names) {
      for (const node of nodes) await client(node).invoke({ system: SYSTEM, type: "Tally", name }, "get");
      const { state } = await client(nodes[2]!).getState({ system: SYSTEM, type: "Tally", name });
      sum += (state as { count: number }).count;
    }
    expect(tally.repeated()).toEqual([]);
    expect(tally.runs.size).toBe(2 * total);
    expect(sum).toBe(2 * total);
  });
});
