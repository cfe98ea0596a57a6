// The throughput/latency scenarios: each starts its system under test, names the load
// generator target, and stops everything afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import type { LoadTarget, SutPids } from "./measure.js";
import { benchSchema, dropSchema, POSTGRES_URL, startGateway, startHost } from "./sut.js";

export interface RunningSut {
  readonly pids: SutPids;
  readonly target: LoadTarget;
  readonly commands: string[];
  /** Stops every process; `afterStop` runs once they are gone (e.g. collect a profile). */
  stop(): Promise<void>;
}

export interface ScenarioDef {
  readonly id: string;
  readonly title: string;
  readonly protocol: string;
  /** The direct scenario with the same client protocol and generator. */
  readonly baseline: string;
  /** The process the per-process figures (CPU/1k, peak RSS) are about. */
  readonly main: string;
  readonly description: string;
  readonly notes?: string[];
  /** Absent for restate, which runs in its own network namespace (see run.ts). */
  readonly start?: (ctx: StartContext) => Promise<RunningSut>;
}

export interface StartContext {
  readonly logDir: string;
  readonly keys: number;
  /** Run the main process under `node --cpu-prof`, writing into this directory. */
  readonly profileDir?: string;
}

const wrkEnv = (keys: number, extra: Record<string, string> = {}) => ({ BENCH_KEYS: String(keys), ...extra });

function tempSqlite(): { url: string; cleanup: () => void } {
  const dir = mkdtempSync(join(os.tmpdir(), "actorgate-bench-sqlite-"));
  return { url: `sqlite:${join(dir, "actorgate.db")}`, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A gateway on `store`, the bench host registered with it, and a load target. */
async function gatewayScenario(
  ctx: StartContext,
  store: { url: string; schema?: string; cleanup: () => void | Promise<void> },
  target: (gatewayUrl: string) => LoadTarget,
  flags: readonly string[] = [],
): Promise<RunningSut> {
  let gw: Awaited<ReturnType<typeof startGateway>> | undefined;
  let host: Awaited<ReturnType<typeof startHost>> | undefined;
  const stop = async () => {
    await host?.proc.stop(30_000);
    await gw?.proc.stop(60_000);
    await store.cleanup();
  };
  try {
    gw = await startGateway({ store: store.url, storeSchema: store.schema, logDir: ctx.logDir, profileDir: ctx.profileDir, flags });
    host = await startHost("gateway", ctx.logDir, gw.url);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    pids: { gateway: gw.proc.pid, host: host.proc.pid },
    target: target(gw.url),
    commands: [gw.command.replace(/bench_[0-9a-f]{10}/, "bench_<random>"), host.command],
    stop,
  };
}

async function directScenario(ctx: StartContext, target: (hostUrl: string) => LoadTarget): Promise<RunningSut> {
  const host = await startHost("direct", ctx.logDir);
  return {
    pids: { host: host.proc.pid },
    target: target(host.url),
    commands: [host.command],
    stop: () => host.proc.stop(30_000),
  };
}

const grpcOptions = (url: string, mode: "gateway" | "direct", keys: number, action = "add") =>
  ({ kind: "grpc", options: { url, mode, action, keys, keyPrefix: "k", connections: 1, order: "random" } }) as const;

/** The route the http-route scenario configures. */
const HTTP_ROUTE = JSON.stringify([
  { kind: "http", id: "add", method: "POST", path: "/counters/{name}/add", system: "bench", type: "Counter", name: "{path.name}", action: "add" },
]);

export const SCENARIOS: readonly ScenarioDef[] = [
  {
    id: "direct-json",
    title: "direct, Connect JSON / HTTP/1.1",
    protocol: "Connect JSON / HTTP/1.1 (wrk)",
    baseline: "direct-json",
    main: "host",
    description:
      "The limit: wrk calls the host's ActorHostService/Handle directly (one hop), with the request the gateway would send " +
      "(actor, action, input, the actor's current state and revision, invocation id, attempt, deadline). The state comes " +
      "from the load generator's own per-key count (per wrk thread), so the host does exactly the work it does behind the gateway.",
    start: (ctx) => directScenario(ctx, (url) => ({ kind: "wrk", url, script: "direct.lua", env: wrkEnv(ctx.keys) })),
  },
  {
    id: "direct-grpc",
    title: "direct, gRPC / HTTP/2",
    protocol: "gRPC binary / HTTP/2 (grpc-load)",
    baseline: "direct-grpc",
    main: "host",
    description:
      "The limit for gRPC: the Node generator (bench/src/grpc-load.ts) calls the host's ActorHostService/Handle over gRPC " +
      "(binary protobuf, one HTTP/2 connection), with the HandleRequest the gateway would send; the state comes from the " +
      "generator's own per-key count.",
    start: (ctx) => directScenario(ctx, (url) => grpcOptions(url, "direct", ctx.keys)),
  },
  {
    id: "gateway-json",
    title: "gateway write-behind, Connect JSON / HTTP/1.1",
    protocol: "Connect JSON / HTTP/1.1 (wrk)",
    baseline: "direct-json",
    main: "gateway",
    description:
      "client → gateway → host. wrk calls ActorService/Invoke (Connect protocol, JSON, HTTP/1.1 keep-alive, one call in " +
      "flight per connection); the gateway calls the host over its pooled HTTP/2 session (Connect, binary protobuf, the host " +
      "SDK's default). Write-behind: the store (SQLite, the embedded default) is written in the background every snapshot " +
      "interval (2 s), never on the reply path.",
    start: (ctx) => {
      const db = tempSqlite();
      return gatewayScenario(ctx, db, (url) => ({ kind: "wrk", url, script: "invoke.lua", env: wrkEnv(ctx.keys, { BENCH_ACTION: "add" }) }));
    },
  },
  {
    id: "http-route",
    title: "gateway write-behind, configured HTTP route (issue 14)",
    protocol: "plain JSON / HTTP/1.1 (wrk)",
    baseline: "gateway-json",
    main: "gateway",
    description:
      "client → configured HTTP route → host. wrk POSTs `{\"by\":1}` to `/counters/k<N>/add`; the route " +
      "(`--activators`, kind http) maps `{name}` to the actor and the body to the payload, passes the same call pipeline " +
      "and answers the reply as plain JSON. Otherwise as gateway-json (same counter, keys, SQLite, write-behind), its " +
      "baseline: the ratio is what a route costs over the RPC API.",
    start: (ctx) => {
      const db = tempSqlite();
      return gatewayScenario(ctx, db, (url) => ({ kind: "wrk", url, script: "route.lua", env: wrkEnv(ctx.keys) }), ["--activators", HTTP_ROUTE]);
    },
  },
  {
    id: "gateway-grpc",
    title: "gateway write-behind, gRPC / HTTP/2",
    protocol: "gRPC binary / HTTP/2 (grpc-load)",
    baseline: "direct-grpc",
    main: "gateway",
    description:
      "client → gateway → host over gRPC (binary protobuf, one multiplexed HTTP/2 connection from the generator). " +
      "Otherwise as gateway-json: SQLite store, write-behind.",
    start: (ctx) => {
      const db = tempSqlite();
      return gatewayScenario(ctx, db, (url) => grpcOptions(url, "gateway", ctx.keys));
    },
  },
  {
    id: "durable-sqlite",
    title: "gateway durable (checkpoint every call), SQLite",
    protocol: "Connect JSON / HTTP/1.1 (wrk)",
    baseline: "direct-json",
    main: "gateway",
    description:
      "As gateway-json, but every call runs `checkpointAdd` (the same counter, returning checkpoint=true): the reply is sent " +
      "only after the new state is durable in SQLite. Concurrent checkpoints share a transaction (group commit).",
    start: (ctx) => {
      const db = tempSqlite();
      return gatewayScenario(ctx, db, (url) => ({ kind: "wrk", url, script: "invoke.lua", env: wrkEnv(ctx.keys, { BENCH_ACTION: "checkpointAdd" }) }));
    },
  },
  {
    id: "durable-postgres",
    title: "gateway durable (checkpoint every call), Postgres",
    protocol: "Connect JSON / HTTP/1.1 (wrk)",
    baseline: "direct-json",
    main: "gateway",
    description:
      "As durable-sqlite, with the store in Postgres on 127.0.0.1:5432 (a fresh schema bench_<random> per run, dropped " +
      "afterwards; `--store-schema`). Postgres's own CPU is not counted in the SUT figures.",
    start: (ctx) => {
      const schema = benchSchema();
      return gatewayScenario(ctx, { url: POSTGRES_URL, schema, cleanup: () => dropSchema(schema) }, (url) => ({
        kind: "wrk",
        url,
        script: "invoke.lua",
        env: wrkEnv(ctx.keys, { BENCH_ACTION: "checkpointAdd" }),
      }));
    },
  },
  {
    id: "restate",
    title: "Restate (virtual object), HTTP/1.1 JSON ingress",
    protocol: "HTTP/1.1 JSON (wrk)",
    baseline: "direct-json",
    main: "server",
    description:
      "The peer: restate-server (npm @restatedev/restate-server, single node, temp data dir, loopback ports) and a TS " +
      "virtual object Counter (@restatedev/restate-sdk, bench/src/restate/service.ts) with the same counter in its " +
      "durable K/V state, registered through the admin API, driven by wrk through the ingress (`POST /Counter/{key}/add`, " +
      "body {\"by\":1}). Every call is durable (Restate journals it). Runs in its own network namespace (unshare -n) because " +
      "the server looks for a newer release on the internet at start-up.",
  },
];
