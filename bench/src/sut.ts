// Starting the systems under test: the gateway (its CLI, as users run it) and the bench
// host (the TS host SDK), each its own process.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { freePort, spawnProc, waitHttp, type Proc } from "./procs.js";

export const POSTGRES_URL = process.env["ACTORGATE_BENCH_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";

export interface GatewayOptions {
  readonly store: string;
  readonly storeSchema?: string;
  /** More `serve` flags. */
  readonly flags?: readonly string[];
  /** Write a V8 CPU profile into this directory (node --cpu-prof). */
  readonly profileDir?: string;
  /** Extra node flags, e.g. --max-old-space-size. */
  readonly nodeFlags?: readonly string[];
  readonly logDir: string;
}

export interface Started {
  readonly proc: Proc;
  readonly url: string;
  /** The command line as the report shows it (relative paths, placeholders for temp dirs). */
  readonly command: string;
}

export async function startGateway(o: GatewayOptions): Promise<Started> {
  const port = await freePort();
  const flags = [
    "serve",
    "--port", String(port),
    "--host", "127.0.0.1",
    "--store", o.store,
    ...(o.storeSchema ? ["--store-schema", o.storeSchema] : []),
    "--log-level", "warn",
    ...(o.flags ?? []),
  ];
  const nodeArgs = [...(o.nodeFlags ?? []), ...(o.profileDir ? ["--cpu-prof", "--cpu-prof-dir", o.profileDir] : [])];
  const proc = spawnProc("gateway", process.execPath, [...nodeArgs, "server/bin/actorgate.js", ...flags], { log: join(o.logDir, "gateway.log") });
  const url = `http://127.0.0.1:${port}`;
  await Promise.race([
    waitHttp(`${url}/readyz`, 120_000),
    proc.exited.then((code) => {
      throw new Error(`the gateway exited (${code}) while starting; see ${join(o.logDir, "gateway.log")}`);
    }),
  ]);
  const shown = ["node", ...nodeArgs.map((a) => (a === o.profileDir ? "<dir>" : a)), "server/bin/actorgate.js", ...flags]
    .map((a, i, all) => (all[i - 1] === "--port" ? "<port>" : a.replace(/^sqlite:.*\//, "sqlite:<tmp>/")))
    .join(" ");
  return { proc, url, command: shown };
}

/** The bench host: registered with the gateway ("gateway") or standalone ("direct"). */
export async function startHost(mode: "gateway" | "direct", logDir: string, gatewayUrl = ""): Promise<Started> {
  const args = ["--import", "tsx", "bench/src/host.ts", mode, ...(gatewayUrl ? [gatewayUrl] : [])];
  const proc = spawnProc("host", process.execPath, args, { log: join(logDir, "host.log") });
  const m = await proc.waitFor(/^HOST_READY (\S+)/, 120_000);
  return { proc, url: m[1]!, command: `node ${args.join(" ")}` };
}

/** A fresh Postgres schema name for one scenario. */
export function benchSchema(): string {
  return `bench_${randomBytes(5).toString("hex")}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/**
 * Refreshes the planner's statistics of a schema's tables, as after any bulk load
 * (autovacuum would within a minute). Without them Postgres treats a freshly filled
 * table as nearly empty and scans a whole type's rows for a batch of keys.
 */
export async function analyzeSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`analyze "${schema}".actor_state`);
  } finally {
    await client.end();
  }
}

export async function postgresVersion(): Promise<string> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await client.connect();
    const r = await client.query<{ v: string }>("select version() as v");
    return r.rows[0]?.v.split(" on ")[0] ?? "";
  } catch (err) {
    return `unreachable (${(err as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
