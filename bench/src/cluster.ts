// The cluster benchmark (`npm run bench -- --only cluster`): gateway processes in cluster
// mode on Postgres + NATS, HAProxy in front. Measures, in one run:
//   - throughput through HAProxy as the cluster grows from 1 to 2 to 3 nodes;
//   - a forwarded call (sent to a node that does not own the actor) against a local one
//     (sent to the owner), same keys, same load;
//   - failover: SIGKILL a node, time until each of its actors answers again (through a
//     surviving node), against the node lease TTL.
// Everything is reported as ratios from this run: the machine is shared and noisy.
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { partitionOf, preferredOwner } from "../../server/src/cluster/partitions.js";
import { freePort, ROOT, sleep, spawnProc, type Proc } from "./procs.js";
import { benchSchema, dropSchema, POSTGRES_URL, startGateway, startHost, type Started } from "./sut.js";
import { runWrk, wrkArgs, type LoadResult } from "./wrk.js";

export const HAPROXY = process.env["ACTORGATE_BENCH_HAPROXY"] ?? "/usr/sbin/haproxy";
const NATS_URL = process.env["ACTORGATE_BENCH_NATS_URL"] ?? "nats://127.0.0.1:4222";
const PARTITIONS = 64;
// The default: shorter leases lapse on a machine this loaded (a starved node misses its
// heartbeats and the others take its partitions over mid-measurement).
const NODE_TTL_MS = 5000;
const NODES = ["g1", "g2", "g3"];

export interface ClusterPlan {
  readonly connections: number;
  readonly warmupS: number;
  readonly durationS: number;
  readonly keys: number;
}

// Few keys, so the warm-up activates every one and the windows measure calls, not cold
// loads from Postgres.
export const CLUSTER_FULL: ClusterPlan = { connections: 16, warmupS: 3, durationS: 5, keys: 100 };
export const CLUSTER_QUICK: ClusterPlan = { connections: 16, warmupS: 2, durationS: 3, keys: 100 };

export interface ClusterLoad {
  readonly label: string;
  readonly connections: number;
  readonly throughput: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

export interface ClusterResult {
  readonly plan: ClusterPlan;
  /** Through HAProxy, with 1, 2, 3 nodes. */
  readonly scaling: ClusterLoad[];
  /** Keys of one node: called on the owner, and on another node (forwarded). */
  readonly local: ClusterLoad[];
  readonly forwarded: ClusterLoad[];
  readonly failover: { readonly actors: number; readonly ttlMs: number; readonly firstMs: number; readonly p50Ms: number; readonly lastMs: number; readonly failedCalls: number };
  readonly commands: string[];
  readonly loadAverage: string;
}

/** The node that owns `k<i>` of the bench Counter once the cluster has settled. */
function ownerOfKey(i: number, nodes: readonly string[]): string {
  return preferredOwner(partitionOf({ system: "bench", type: "Counter", name: `k${i}` }, PARTITIONS), [...nodes].sort())!;
}

function load(label: string, connections: number, r: LoadResult): ClusterLoad {
  return { label, connections, throughput: r.ok / r.seconds, p50: r.latencyMs.p50, p99: r.latencyMs.p99, errors: r.errors };
}

async function haproxy(backends: readonly string[], logDir: string, n: number): Promise<{ proc: Proc; url: string; config: string }> {
  const port = await freePort();
  const config = [
    "global",
    "  maxconn 4096",
    "defaults",
    "  mode http",
    "  timeout connect 2s",
    "  timeout client 30s",
    "  timeout server 30s",
    // A node answers /readyz behind the calls it is busy with: a short check timeout
    // would mark a loaded node down and turn the load into 503s.
    "  timeout check 10s",
    "frontend actorgate",
    `  bind 127.0.0.1:${port}`,
    "  default_backend gateways",
    "backend gateways",
    "  balance roundrobin",
    "  option httpchk GET /readyz",
    ...backends.map((url, i) => `  server ${NODES[i]} ${url.replace(/^http:\/\//, "")} check inter 1s fall 3 rise 1`),
    "",
  ].join("\n");
  const file = join(logDir, `haproxy-${n}.cfg`);
  writeFileSync(file, config);
  const proc = spawnProc("haproxy", HAPROXY, ["-db", "-f", file], { log: join(logDir, `haproxy-${n}.log`) });
  const url = `http://127.0.0.1:${port}`;
  // Up once it forwards a call to a gateway.
  for (let i = 0; ; i++) {
    const res = await fetch(`${url}/readyz`).catch(() => undefined);
    if (res?.ok) break;
    if (i > 200) throw new Error(`haproxy did not come up; see ${join(logDir, `haproxy-${n}.log`)}`);
    await sleep(50);
  }
  return { proc, url, config: file };
}

/** Resolves once `count` nodes are members and own every partition between them. */
async function settled(url: string, count: number): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const res = await fetch(`${url}/actorgate.v1.AdminService/ListNodes`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(() => undefined);
    if (res?.ok) {
      const body = (await res.json()) as { nodes?: Array<{ ownedPartitions?: number }>; partitions?: number };
      const owned = (body.nodes ?? []).map((n) => n.ownedPartitions ?? 0);
      if (owned.length === count && owned.every((o) => o > 0) && owned.reduce((a, b) => a + b, 0) === body.partitions) return;
    }
    await sleep(100);
  }
  throw new Error(`the cluster did not settle on ${count} nodes`);
}

async function invokeOnce(url: string, key: number, timeoutMs: number): Promise<boolean> {
  const body = JSON.stringify({ actor: { system: "bench", type: "Counter", name: `k${key}` }, action: "add", payload: { json: { by: 1 } } });
  try {
    const res = await fetch(`${url}/actorgate.v1.ActorService/Invoke`, {
      method: "POST",
      headers: { "content-type": "application/json", "connect-timeout-ms": String(timeoutMs) },
      body,
      signal: AbortSignal.timeout(timeoutMs + 500),
    });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

export async function clusterBench(plan: ClusterPlan, logDir: string): Promise<ClusterResult> {
  const schema = benchSchema();
  const cluster = `bench${randomBytes(4).toString("hex")}`;
  const gateways: Started[] = [];
  const commands: string[] = [];
  let host: Started | undefined;
  let lb: Awaited<ReturnType<typeof haproxy>> | undefined;
  const wrkEnv = (extra: Record<string, string> = {}) => ({ BENCH_KEYS: String(plan.keys), BENCH_ACTION: "add", ...extra });
  const measure = async (label: string, url: string, connections: number, env: Record<string, string>): Promise<ClusterLoad> => {
    await runWrk({ url, script: "invoke.lua", connections, durationS: plan.warmupS, env, log: join(logDir, "wrk.log") });
    const r = await runWrk({ url, script: "invoke.lua", connections, durationS: plan.durationS, env, log: join(logDir, "wrk.log") });
    const l = load(label, connections, r);
    console.log(`[bench] cluster ${label} c=${connections}: ${l.throughput.toFixed(0)} calls/s, p50 ${l.p50.toFixed(2)} ms, p99 ${l.p99.toFixed(2)} ms, errors ${l.errors}`);
    return l;
  };
  try {
    const startNode = async (i: number) => {
      const gw = await startGateway({
        store: POSTGRES_URL,
        storeSchema: schema,
        logDir: join(logDir, NODES[i]!),
        flags: ["--bus", NATS_URL, "--cluster", "--cluster-name", cluster, "--node-id", NODES[i]!, "--cluster-partitions", String(PARTITIONS), "--cluster-node-ttl-ms", String(NODE_TTL_MS)],
      });
      gateways.push(gw);
      commands.push(gw.command.replace(/bench_[0-9a-f]{10}/, "bench_<random>").replace(/bench[0-9a-f]{8}\b/, "bench<random>"));
      await settled(gw.url, gateways.length);
    };
    for (const n of NODES) mkdirSync(join(logDir, n), { recursive: true });

    // 1, 2, 3 nodes through HAProxy.
    const scaling: ClusterLoad[] = [];
    await startNode(0);
    host = await startHost("gateway", logDir, gateways[0]!.url);
    commands.push(host.command.replace(gateways[0]!.url, "<g1 url>"));
    for (let n = 1; n <= NODES.length; n++) {
      if (n > 1) await startNode(n - 1);
      await lb?.proc.stop(5000);
      lb = await haproxy(gateways.map((g) => g.url), logDir, n);
      scaling.push(await measure(`HAProxy → ${n} node${n > 1 ? "s" : ""}`, lb.url, plan.connections, wrkEnv()));
    }
    commands.push(`${HAPROXY} -db -f <config: roundrobin over the nodes, option httpchk GET /readyz>`);

    // Forwarded against local: keys owned by g2, called on g2 and on g3.
    const owned = (node: string) => Array.from({ length: plan.keys }, (_, i) => i).filter((i) => ownerOfKey(i, NODES) === node);
    const g2Keys = owned("g2").join(",");
    const local: ClusterLoad[] = [];
    const forwarded: ClusterLoad[] = [];
    for (const c of [plan.connections, 1]) {
      local.push(await measure("local (owner g2)", gateways[1]!.url, c, wrkEnv({ BENCH_KEY_IDS: g2Keys })));
      forwarded.push(await measure("forwarded (g3 → g2)", gateways[2]!.url, c, wrkEnv({ BENCH_KEY_IDS: g2Keys })));
    }
    const wrkLine = wrkArgs({ url: "<haproxy or node url>", script: "invoke.lua", connections: plan.connections, durationS: plan.durationS }).join(" ");
    commands.push(`wrk ${wrkLine.replace(ROOT, "")} (forwarded/local: BENCH_KEY_IDS=<keys owned by g2>; also at -c 1)`);

    // Failover: g3's actors, active, then g3 SIGKILLed; each called through g2 until it answers.
    const victims = owned("g3").slice(0, 30);
    for (const k of victims) await invokeOnce(gateways[1]!.url, k, 5000);
    const killedAt = performance.now();
    gateways[2]!.proc.child.kill("SIGKILL");
    await gateways[2]!.proc.exited;
    const answeredAfter = new Map<number, number>();
    let failedCalls = 0;
    await Promise.all(
      victims.map(async (k) => {
        while (performance.now() - killedAt < 20 * NODE_TTL_MS) {
          if (await invokeOnce(gateways[1]!.url, k, 1000)) {
            answeredAfter.set(k, performance.now() - killedAt);
            return;
          }
          failedCalls++;
          await sleep(20);
        }
      }),
    );
    if (answeredAfter.size < victims.length) throw new Error(`${victims.length - answeredAfter.size} of ${victims.length} actors never answered after the kill`);
    const times = [...answeredAfter.values()].sort((a, b) => a - b);
    const failover = {
      actors: victims.length,
      ttlMs: NODE_TTL_MS,
      firstMs: times[0]!,
      p50Ms: times[Math.floor(times.length / 2)]!,
      lastMs: times[times.length - 1]!,
      failedCalls,
    };
    console.log(`[bench] cluster failover: ${victims.length} actors answer again ${failover.firstMs.toFixed(0)}–${failover.lastMs.toFixed(0)} ms after SIGKILL (node TTL ${NODE_TTL_MS} ms)`);
    const loadAverage = os.loadavg().map((x) => x.toFixed(2)).join(" ");
    return { plan, scaling, local, forwarded, failover, commands, loadAverage };
  } finally {
    await lb?.proc.stop(5000);
    await host?.proc.stop(30_000);
    for (const g of [...gateways].reverse()) await g.proc.stop(30_000);
    await dropSchema(schema).catch(() => undefined);
  }
}

const f0 = (x: number) => x.toFixed(0);
const f2 = (x: number) => x.toFixed(2);

export function renderCluster(r: ClusterResult, run: { command: string; startedAt: string; machine: Record<string, string> }): string {
  const base = r.scaling[0]!;
  const lines = [
    "# Cluster mode benchmark",
    "",
    `Run: ${run.startedAt}, \`${run.command}\`. Machine: ${Object.entries(run.machine).map(([k, v]) => `${k} ${v}`).join("; ")}; load average at the end: ${r.loadAverage}.`,
    `Plan: wrk, ${r.plan.warmupS} s warm-up + ${r.plan.durationS} s per point, ${r.plan.keys} Counter keys (write-behind \`add\`), Postgres store, NATS bus,`,
    `${PARTITIONS} partitions, node TTL ${NODE_TTL_MS} ms. Every gateway process, the host, HAProxy, wrk, Postgres and NATS share this machine's cores,`,
    "so more nodes add no CPU here: the scaling rows show the cost of the cluster, not the gain of more machines. Read the ratios, not the absolute figures.",
    "",
    "## Throughput through HAProxy",
    "",
    "| nodes | calls/s | vs 1 node | p50 ms | p99 ms | errors |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...r.scaling.map((s) => `| ${s.label} | ${f0(s.throughput)} | ${f2(s.throughput / base.throughput)} | ${f2(s.p50)} | ${f2(s.p99)} | ${s.errors} |`),
    "",
    "## Forwarded against local",
    "",
    "The same keys (those g2 owns), called directly on g2 (local) and on g3 (g3 forwards each call to g2 over NATS request/reply).",
    "",
    "| connections | local calls/s | forwarded calls/s | forwarded / local throughput | local p50 ms | forwarded p50 ms | forwarded / local p50 |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...r.local.map((l, i) => {
      const fw = r.forwarded[i]!;
      return `| ${l.connections} | ${f0(l.throughput)} | ${f0(fw.throughput)} | ${f2(fw.throughput / l.throughput)} | ${f2(l.p50)} | ${f2(fw.p50)} | ${f2(fw.p50 / l.p50)} |`;
    }),
    "",
    "## Failover after SIGKILL",
    "",
    `${r.failover.actors} active actors owned by g3; g3 is killed with SIGKILL and each actor is called through g2 (1 s deadline, again every 20 ms) until it answers.`,
    "",
    "| first answer ms | median ms | last answer ms | last / node TTL | calls that failed meanwhile |",
    "| ---: | ---: | ---: | ---: | ---: |",
    `| ${f0(r.failover.firstMs)} | ${f0(r.failover.p50Ms)} | ${f0(r.failover.lastMs)} | ${f2(r.failover.lastMs / r.failover.ttlMs)} | ${r.failover.failedCalls} |`,
    "",
    "## Commands",
    "",
    "```",
    ...r.commands,
    "```",
    "",
  ];
  return lines.join("\n");
}
