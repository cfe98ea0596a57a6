// Helpers for the cross-node tests (cross-node-*.test.ts): which node owns an actor, a
// host-side tally of invocations, and a wait for conditions the test cannot get an
// event for (state on another node, rows in the store).
import { defineActor } from "@actorgate/client/host";
import type { Gateway } from "../../server/src/gateway.js";
import { partitionOf, preferredOwner } from "../../server/src/cluster/partitions.js";
import type { ConfigInput } from "../../server/src/config.js";
import { createTestCluster, settled, type TestCluster } from "./cluster-support.js";

export const SYSTEM = "test";
export const IDS = ["n1", "n2", "n3"];

/**
 * Leases long enough that a node of this (loaded, shared) machine never misses one here:
 * a lapsed lease makes a node refuse turns its host already ran (at-least-once, so the
 * host would see a repeat). These tests are about work spread over healthy nodes;
 * lapses and takeovers are the failover tests' subject.
 */
const STEADY: ConfigInput = { clusterNodeTtlMs: 10_000, leaseTtlMs: 10_000 };

/** Nodes n1, n2, n3 of a new cluster, settled (every partition owned). */
export async function threeNodes(dialect: "postgres" | "mysql" = "postgres", settings: ConfigInput = {}): Promise<{ cluster: TestCluster; nodes: Gateway[] }> {
  const cluster = await createTestCluster(dialect, { ...STEADY, ...settings });
  const nodes: Gateway[] = [];
  for (const id of IDS) nodes.push(await cluster.start(id));
  await settled(nodes);
  return { cluster, nodes };
}

/**
 * The node that owns `type/name` once the cluster has settled: the one rendezvous
 * hashing prefers among the members (what every node's directory converges to).
 */
export function ownerOf(nodeIds: readonly string[], type: string, name: string, partitions = 64): string {
  return preferredOwner(partitionOf({ system: SYSTEM, type, name }, partitions), [...nodeIds].sort())!;
}

/** Names `prefix-<i>` owned by `node`, the first `count` found. */
export function namesOwnedBy(nodeIds: readonly string[], node: string, type: string, prefix: string, count: number): string[] {
  const names: string[] = [];
  for (let i = 0; names.length < count; i++) {
    const name = `${prefix}-${i}`;
    if (ownerOf(nodeIds, type, name) === node) names.push(name);
  }
  return names;
}

/** The nodes on which the actor is active now. */
export function activeOn(nodes: readonly Gateway[], type: string, name: string): Gateway[] {
  return nodes.filter((n) => n.runtime.find({ system: SYSTEM, type, name } as never) !== undefined);
}

/**
 * Resolves once `check` holds, looking every 20 ms; for conditions on other nodes or in
 * the store that raise no event in this process.
 */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Counts, on the host, how often each invocation id ran; `Tally` (UNNAMED, stateful)
 * also counts its runs in its state, so a lost or doubled turn shows in both.
 */
export class TallyHost {
  readonly runs = new Map<string, number>();
  #waiters: Array<() => void> = [];

  readonly actor = defineActor<{ count: number }>({
    name: "Tally",
    kind: "unnamed",
    initialState: () => ({ count: 0 }),
    actions: {
      hit: (_input: unknown, ctx) => {
        this.runs.set(ctx.invocationId, (this.runs.get(ctx.invocationId) ?? 0) + 1);
        const waiters = this.#waiters;
        this.#waiters = [];
        for (const w of waiters) w();
        return { state: { count: ctx.state.count + 1 }, reply: { count: ctx.state.count + 1 } };
      },
      get: (_input: unknown, ctx) => ({ reply: ctx.state }),
    },
  });

  /** Resolves once every id in `ids` ran at least once (checked after every run). */
  async ran(ids: Iterable<string>): Promise<void> {
    const wanted = [...ids];
    while (!wanted.every((id) => this.runs.has(id))) await new Promise<void>((r) => this.#waiters.push(r));
  }

  /** Ids that ran more than once. */
  repeated(): string[] {
    return [...this.runs].filter(([, n]) => n > 1).map(([id]) => id);
  }
}
