// Cluster mode with real processes behind HAProxy: failover after SIGKILL, fencing of a
// node paused past its lease (SIGSTOP), a rolling restart under load, and, over all of
// it, never two live activations of one actor.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectError } from "@connectrpc/connect";
import { createActorgateClient, type ActorgateClient } from "@actorgate/client";
import { NODE_TTL_MS, startProcessCluster, type ProcessCluster } from "./cluster-processes.js";

const SYSTEM = "ledger";
const ref = (name: string) => ({ system: SYSTEM, type: "Ledger", name });

interface LoadResult {
  /** Logical increments acknowledged, per actor (each exactly once, in order). */
  readonly acked: Map<string, number>;
  /** Attempts that failed (then retried with the same idempotency key). */
  readonly failures: string[];
  /** Longest time an actor went without a successful call (ms). */
  readonly longestGapMs: number;
}

/**
 * Increments each actor by 1 again and again until `stop` resolves. Each increment has
 * its own idempotency key and is retried with it until acknowledged, so the actor's value
 * must be exactly the number of increments, and every reply the increment's ordinal.
 */
function load(client: ActorgateClient, names: readonly string[], stop: Promise<void>, wrong: string[], from = new Map<string, number>()): Promise<LoadResult> {
  let stopped = false;
  void stop.then(() => (stopped = true));
  const acked = new Map<string, number>();
  const failures: string[] = [];
  let longestGapMs = 0;
  return Promise.all(
    names.map(async (name) => {
      let n = from.get(name) ?? 0;
      let lastOk = Date.now();
      while (!stopped) {
        n++;
        for (;;) {
          try {
            const out = await client.invoke<{ value: number }>(ref(name), "add", { by: 1 }, { idempotencyKey: `${name}-${n}`, timeoutMs: 20_000 });
            if (out.value !== n) wrong.push(`${name}: increment ${n} answered ${out.value}`);
            const now = Date.now();
            longestGapMs = Math.max(longestGapMs, now - lastOk);
            lastOk = now;
            break;
          } catch (err) {
            failures.push(`${name}#${n}: ${ConnectError.from(err).message}`);
          }
        }
        acked.set(name, n);
      }
    }),
  ).then(() => ({ acked, failures, longestGapMs }));
}

interface Turn {
  readonly actor: string;
  readonly action: string;
  readonly revision: number;
  readonly start: number;
  readonly end: number;
}

/** Overlapping turns of one actor, or two changes computed from the same revision. */
function doubleActivations(logFile: string): string[] {
  const turns = readFileSync(logFile, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Turn);
  const byActor = new Map<string, Turn[]>();
  for (const t of turns) byActor.set(t.actor, [...(byActor.get(t.actor) ?? []), t]);
  const found: string[] = [];
  for (const [actor, list] of byActor) {
    list.sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.start < list[i - 1]!.end) found.push(`${actor}: turns overlap (${JSON.stringify(list[i - 1])} / ${JSON.stringify(list[i])})`);
    }
  }
  return found;
}

const until = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

let cluster: ProcessCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

describe("cluster failover (3 processes behind HAProxy, postgres + NATS)", { timeout: 180_000 }, () => {
  it("survives SIGKILL and SIGSTOP of nodes under load with no lost or wrong value and no double activation", async () => {
    cluster = await startProcessCluster(["n1", "n2", "n3"]);
    const log = join(cluster.dir, "ledger.log");
    await cluster.startHost({ LEDGER_LOG: log, SYSTEM });
    const lb = createActorgateClient({ url: cluster.url, httpVersion: "1.1" });
    const names = Array.from({ length: 12 }, (_, i) => `acct-${i}`);
    const wrong: string[] = [];

    // 1. Consistent through every node: each node answers for every actor.
    for (const [id, port] of cluster.ports) {
      const direct = createActorgateClient({ url: `http://127.0.0.1:${port}`, httpVersion: "1.1" });
      for (const name of names.slice(0, 4)) await direct.invoke(ref(`${name}-via`), "add", { by: 1 }, { idempotencyKey: `${id}-${name}` });
    }
    for (const name of names.slice(0, 4)) expect(await lb.invoke(ref(`${name}-via`), "get")).toEqual({ value: cluster.ports.size });

    // 2. SIGKILL a node under load: its actors answer again within twice the node TTL.
    let stopLoad!: () => void;
    let running = load(lb, names, new Promise<void>((r) => (stopLoad = r)), wrong);
    await until(1_500);
    cluster.nodes.get("n2")!.child.kill("SIGKILL");
    await until(4 * NODE_TTL_MS);
    stopLoad();
    const afterKill = await running;
    // (plus the time to notice and claim, which a loaded machine stretches)
    expect(afterKill.longestGapMs).toBeLessThan(2 * NODE_TTL_MS + 3_000);

    // 3. SIGSTOP a node past its lease with write-behind changes in memory, then SIGCONT.
    running = load(lb, names, new Promise<void>((r) => (stopLoad = r)), wrong, afterKill.acked);
    const paused = cluster.nodes.get("n3")!;
    const pausedDirect = createActorgateClient({ url: `http://127.0.0.1:${cluster.ports.get("n3")}`, httpVersion: "1.1" });
    const later = Array.from({ length: 6 }, (_, i) => `later-${i}`);
    for (const name of later) await pausedDirect.invoke(ref(name), "addLater", { by: 100 });
    paused.child.kill("SIGSTOP");
    await until(2.5 * NODE_TTL_MS);
    // The others took the actors over from the store (write-behind changes were not durable).
    // Asked of a live node directly: the balancer may still send to the paused one.
    const live = createActorgateClient({ url: `http://127.0.0.1:${cluster.ports.get("n1")}`, httpVersion: "1.1" });
    const takenOver = new Map<string, number>();
    for (const name of later) takenOver.set(name, (await live.invoke<{ value: number }>(ref(name), "add", { by: 1 })).value);
    paused.child.kill("SIGCONT");
    // The paused node finds its lease lapsed, and the store refuses its stale writes.
    await until(2 * NODE_TTL_MS);
    stopLoad();
    const result = await running;

    expect(wrong).toEqual([]);
    for (const name of names) {
      expect(await lb.invoke(ref(name), "get")).toEqual({ value: result.acked.get(name) });
    }
    for (const name of later) {
      // Not overwritten by the paused node's in-memory state (100 + ...).
      expect(await lb.invoke(ref(name), "get")).toEqual({ value: takenOver.get(name) });
    }
    expect(paused.stderr()).toMatch(/cluster lease lapsed/);
    expect(doubleActivations(log)).toEqual([]);
  });

  it("fails no call during a rolling restart of every node", { timeout: 400_000 }, async () => {
    cluster = await startProcessCluster(["n1", "n2", "n3"]);
    const log = join(cluster.dir, "ledger.log");
    await cluster.startHost({ LEDGER_LOG: log, SYSTEM });
    const lb = createActorgateClient({ url: cluster.url, httpVersion: "1.1" });
    const names = Array.from({ length: 10 }, (_, i) => `roll-${i}`);
    const wrong: string[] = [];
    let stopLoad!: () => void;
    const running = load(lb, names, new Promise<void>((r) => (stopLoad = r)), wrong);
    await until(1_000);
    for (const id of ["n1", "n2", "n3"]) {
      const node = cluster.nodes.get(id)!;
      const t0 = Date.now();
      node.child.kill("SIGTERM");
      const code = await node.exited;
      if (process.env["ACTORGATE_TEST_DEBUG"]) console.error(`${id} stopped in ${Date.now() - t0} ms`, node.stderr().split("\n").filter((l) => l.includes('"time":') && Number(/"time":(\d+)/.exec(l)?.[1]) >= t0).join("\n"));
      if (code !== 0) console.error(node.stderr().slice(-3000));
      expect(code).toBe(0);
      await cluster.startNode(id);
      await until(NODE_TTL_MS); // let it join and take its partitions before the next one goes
    }
    stopLoad();
    const result = await running;
    expect(result.failures.slice(0, 10)).toEqual([]);
    expect(wrong).toEqual([]);
    for (const name of names) expect(await lb.invoke(ref(name), "get")).toEqual({ value: result.acked.get(name) });
    expect(doubleActivations(log)).toEqual([]);
  });
});
