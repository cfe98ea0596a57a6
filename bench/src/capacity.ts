// Capacity scenarios.
//
// idle: activate up to `max` small actors (type Idle, deactivation timeout one day)
//   through ActorService.Activate in batches of 1000, sampling the gateway's resident
//   set; stop at `max` or at 4 GiB RSS. Reports actors per GB and bytes per actor.
// cold: pre-write N actors' state into a fresh Postgres schema (the gateway's store,
//   group-committed 1000 per batch), start a gateway on it, then bring the actors up:
//   the first half by their first call (`add`, 64 callers, every key once: each call
//   loads the state from Postgres), the second half by Activate batches of 1000; each
//   phase stops after at most `maxSeconds`.
//   Reports actors/s for each, and checks that each actor saw its stored state.
import { join } from "node:path";
import { createActorgateClient } from "@actorgate/client";
import { collectWindows } from "./measure.js";
import { CpuWindow, freePort, memory, sleep, spawnProc } from "./procs.js";
import { analyzeSchema, benchSchema, dropSchema, POSTGRES_URL, startGateway, startHost } from "./sut.js";

const GiB = 1024 ** 3;
const BATCH = 1000;

export interface IdleResult {
  readonly actors: number;
  readonly target: number;
  readonly stoppedBy: "count" | "rss" | "error";
  readonly error?: string;
  /** Gateway RSS with the host registered and no actor active. */
  readonly baseRss: number;
  /** RSS once filling ended, garbage included. */
  readonly filledRss: number;
  /** RSS after a full GC: what the activations hold. */
  readonly rss: number;
  readonly peakRss: number;
  readonly seconds: number;
  /** Activations per second while filling. */
  readonly rate: number;
  /** actors / RSS (whole process), per GiB. */
  readonly actorsPerGiB: number;
  /** (RSS - base) / actors. */
  readonly bytesPerActor: number;
  readonly samples: { actors: number; rss: number; seconds: number }[];
  readonly commands: string[];
}

export async function idleCapacity(max: number, logDir: string, rssLimit = 4 * GiB): Promise<IdleResult> {
  // The store plays no part (idle actors that were never called have no state); the
  // memory store keeps activation as cheap as it can be. A larger heap limit lets the
  // process grow to the RSS limit instead of failing at V8's default.
  // The inspector (loopback only) lets the bench ask for a full GC before the final reading.
  const inspectPort = await freePort();
  const nodeFlags = ["--max-old-space-size=8192", `--inspect=127.0.0.1:${inspectPort}`];
  const gw = await startGateway({ store: "memory", nodeFlags, logDir });
  const host = await startHost("gateway", logDir, gw.url);
  const client = createActorgateClient({ url: gw.url });
  const pid = gw.proc.pid;
  const samples: IdleResult["samples"] = [];
  let activated = 0;
  let stoppedBy: IdleResult["stoppedBy"] = "count";
  let error: string | undefined;
  try {
    await sleep(1000);
    await collectGarbage(inspectPort, logDir); // the same way as the final reading
    const baseRss = memory(pid).rss;
    const t0 = performance.now();
    const batch = (start: number) =>
      client.actors.activate({
        actors: Array.from({ length: Math.min(BATCH, max - start) }, (_, i) => ({ system: "bench", type: "Idle", name: `idle-${start + i}` })),
      });
    try {
      // Two batches in flight: the gateway is never idle, and never swamped.
      while (activated < max) {
        const starts = [activated, activated + BATCH].filter((s) => s < max);
        const res = await Promise.all(starts.map(batch));
        activated += res.reduce((a, r) => a + r.actors.length, 0);
        if (activated % 20_000 < 2 * BATCH || activated >= max) {
          const rss = memory(pid).rss;
          samples.push({ actors: activated, rss, seconds: (performance.now() - t0) / 1000 });
          if (rss >= rssLimit) {
            stoppedBy = "rss";
            break;
          }
        }
      }
    } catch (err) {
      stoppedBy = "error";
      error = (err as Error).message;
    }
    const seconds = (performance.now() - t0) / 1000;
    // Let allocation settle (V8 may still be sweeping) before reading.
    await sleep(3000);
    const filledRss = memory(pid).rss;
    // Then what the activations really hold: after a full GC, without the garbage the
    // Activate requests left (how much of it is still uncollected varies run to run).
    await collectGarbage(inspectPort, logDir);
    const { rss, peakRss } = memory(pid);
    return {
      actors: activated,
      target: max,
      stoppedBy,
      ...(error ? { error } : {}),
      baseRss,
      filledRss,
      rss,
      peakRss,
      seconds,
      rate: activated / seconds,
      actorsPerGiB: activated / (rss / GiB),
      bytesPerActor: activated ? (rss - baseRss) / activated : NaN,
      samples,
      commands: [gw.command, host.command, `Activate batches of ${BATCH} Idle actors (idle-0, idle-1, ...) over Connect binary / HTTP/2, 2 batches in flight`],
    };
  } finally {
    await host.proc.stop(30_000);
    await gw.proc.stop(60_000);
  }
}

/** A full GC in the process whose inspector listens on `port`; resolves after it settled. */
async function collectGarbage(port: number, logDir: string): Promise<void> {
  const log = join(logDir, "collect-garbage.log");
  const gc = spawnProc("collect-garbage", process.execPath, ["--experimental-websocket", "--import", "tsx", "bench/src/collect-garbage.ts", String(port)], { log });
  const code = await gc.exited;
  if (code !== 0) throw new Error(`could not make the gateway collect garbage (exit ${code}); see ${log}`);
  await sleep(1000);
}

export interface ColdResult {
  readonly actors: number;
  readonly writeSeconds: number;
  /** First call (add) of each actor, 64 callers. */
  readonly byCall: { actors: number; seconds: number; rate: number; errors: number; p50: number; p99: number; gatewayCpuPer1k: number; firstError?: string };
  /** Activate batches of 1000. */
  readonly byActivate: { actors: number; seconds: number; rate: number; loadedState: number; gatewayCpuPer1k: number };
  readonly commands: string[];
}

/**
 * `n` actors pre-written; each half's phase stops after `maxSeconds` (the first-call
 * phase is bounded by the call rate, which is far below the activation rate).
 */
export async function coldActivation(n: number, logDir: string, maxSeconds: number): Promise<ColdResult> {
  const schema = benchSchema();
  const half = Math.floor(n / 2);
  const value = 41;
  try {
    // Pre-write every actor's state with the gateway's own store (revision 1, {"value":41}).
    const { createStore } = await import("../../server/src/store/kysely/create-store.js");
    const store = await createStore(POSTGRES_URL, { schema });
    const tw = performance.now();
    try {
      await store.migrate();
      const state = new TextEncoder().encode(JSON.stringify({ value }));
      for (let start = 0; start < n; start += BATCH) {
        const writes = Array.from({ length: Math.min(BATCH, n - start) }, (_, i) => ({
          key: { system: "bench", type: "Counter", name: `cold-${start + i}` },
          revision: 1,
          expectedRevision: 0,
          retention: { maxRevisions: 0, maxAgeSeconds: 0 },
          state,
          stateType: "json",
        }));
        await store.writeBatch(writes);
      }
    } finally {
      await store.close();
    }
    await analyzeSchema(schema);
    const writeSeconds = (performance.now() - tw) / 1000;

    const gw = await startGateway({ store: POSTGRES_URL, storeSchema: schema, logDir });
    const host = await startHost("gateway", logDir, gw.url);
    try {
      const sut = { gateway: gw.proc.pid, host: host.proc.pid };
      // First half: the first call of each actor loads its state.
      const options = { url: gw.url, mode: "gateway", action: "add", keys: half, keyPrefix: "cold-", concurrency: 64, connections: 1, warmupS: 0, durationS: maxSeconds, reps: 1, order: "once", expectValue: value + 1 };
      const args = ["--import", "tsx", "bench/src/grpc-load.ts", JSON.stringify(options)];
      const gen = spawnProc("grpc-load", process.execPath, args, { log: join(logDir, "grpc-load.log") });
      const [rep] = await collectWindows(gen, sut, 1, 600_000);
      const byCall = {
        actors: rep!.ok,
        seconds: rep!.seconds,
        rate: rep!.ok / rep!.seconds,
        errors: rep!.errors,
        p50: rep!.latencyMs.p50,
        p99: rep!.latencyMs.p99,
        gatewayCpuPer1k: ((rep!.cpu["gateway"] ?? 0) / Math.max(1, rep!.ok)) * 1000,
        ...(rep!.firstError ? { firstError: rep!.firstError } : {}),
      };

      // Second half: Activate batches, two in flight.
      const client = createActorgateClient({ url: gw.url });
      const w = new CpuWindow({ gateway: gw.proc.pid });
      const ta = performance.now();
      let activated = 0;
      let loadedState = 0;
      for (let start = half; start < n && performance.now() - ta < maxSeconds * 1000; start += 2 * BATCH) {
        const batches = [start, start + BATCH].filter((s) => s < n);
        const res = await Promise.all(
          batches.map((s) =>
            client.actors.activate({ actors: Array.from({ length: Math.min(BATCH, n - s) }, (_, i) => ({ system: "bench", type: "Counter", name: `cold-${s + i}` })) }),
          ),
        );
        for (const r of res) {
          activated += r.actors.length;
          loadedState += r.actors.filter((a) => a.revision === 1n).length;
        }
      }
      const seconds = (performance.now() - ta) / 1000;
      const cpu = w.end().cpu["gateway"] ?? 0;
      return {
        actors: n,
        writeSeconds,
        byCall,
        byActivate: { actors: activated, seconds, rate: activated / seconds, loadedState, gatewayCpuPer1k: (cpu / Math.max(1, activated)) * 1000 },
        commands: [
          `pre-write: KyselyStore.writeBatch of ${BATCH} actors per transaction into schema bench_<random> (state {"value":${value}}, revision 1)`,
          gw.command.replace(schema, "bench_<random>"),
          host.command,
          `node --import tsx bench/src/grpc-load.ts '${JSON.stringify(options)}'`,
          `Activate batches of ${BATCH} (cold-${half} ... cold-${n - 1}, at most ${maxSeconds} s), 2 in flight, Connect binary / HTTP/2`,
        ],
      };
    } finally {
      await host.proc.stop(30_000);
      await gw.proc.stop(60_000);
    }
  } finally {
    await dropSchema(schema).catch(() => undefined);
  }
}
