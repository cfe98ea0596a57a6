// A real cluster for failover tests: gateway nodes as processes (so a test can SIGKILL,
// SIGSTOP and SIGTERM them), HAProxy in front as the load balancer (health-checking
// /readyz, retrying refused connections elsewhere), and a host process.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startGatewayProcess, spawnTs, type GatewayProc, type Proc } from "../support/processes.js";
import { createTestStore, type TestStore } from "../support/databases.js";
import { NATS_URL } from "./cluster-support.js";

export const NODE_TTL_MS = 2_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ProcessCluster {
  readonly name: string;
  readonly dir: string;
  /** HAProxy's URL: what clients and the host use. */
  readonly url: string;
  readonly nodes: Map<string, GatewayProc>;
  readonly ports: Map<string, number>;
  /** Starts (or restarts) node `id` on its own port. */
  startNode(id: string): Promise<GatewayProc>;
  startHost(env?: Record<string, string>): Promise<Proc>;
  stop(): Promise<void>;
}

export async function startProcessCluster(nodeIds: readonly string[]): Promise<ProcessCluster> {
  const db: TestStore = await createTestStore("postgres");
  const name = `f${randomBytes(5).toString("hex")}`;
  const dir = mkdtempSync(join(tmpdir(), "actorgate-cluster-"));
  const ports = new Map<string, number>();
  for (const id of nodeIds) ports.set(id, await freePort());
  const lbPort = await freePort();
  const nodes = new Map<string, GatewayProc>();
  const hosts: Proc[] = [];

  const cfg = join(dir, "haproxy.cfg");
  writeFileSync(
    cfg,
    [
      "global",
      "  maxconn 2000",
      "defaults",
      "  mode http",
      "  timeout connect 1s",
      "  timeout client 60s",
      // A paused node keeps its sockets open: give up on it well before the client does.
      "  timeout server 30s",
      "  timeout check 2s",
      "  option redispatch",
      "  retries 3",
      // A node that refuses the connection, or closed it while shutting down, gets the
      // request again on another node.
      "  retry-on conn-failure empty-response 503",
      "frontend fe",
      `  bind 127.0.0.1:${lbPort}`,
      "  default_backend nodes",
      "backend nodes",
      "  balance roundrobin",
      "  option httpchk GET /readyz",
      "  http-check expect status 200",
      "  default-server inter 250ms fall 2 rise 1",
      ...nodeIds.map((id) => `  server ${id} 127.0.0.1:${ports.get(id)} check`),
      "",
    ].join("\n"),
  );
  const haproxy: ChildProcess = spawn("/usr/sbin/haproxy", ["-f", cfg, "-db"], { stdio: ["ignore", "ignore", "pipe"] });
  let haproxyErr = "";
  haproxy.stderr!.on("data", (d: Buffer) => (haproxyErr += d.toString()));
  const haproxyExit = new Promise<void>((resolve) => haproxy.on("exit", () => resolve()));

  const startNode = async (id: string): Promise<GatewayProc> => {
    const node = await startGatewayProcess([
      "--port", String(ports.get(id)),
      "--node-id", id,
      "--cluster",
      "--cluster-name", name,
      "--bus", NATS_URL,
      "--store", db.url,
      ...(db.schema ? ["--store-schema", db.schema] : []),
      "--cluster-node-ttl-ms", String(NODE_TTL_MS),
      "--lease-ttl-ms", "6000",
      "--shutdown-drain-ms", "600",
      "--cluster-partitions", "32",
      "--log-level", process.env["ACTORGATE_TEST_DEBUG"] ? "debug" : "info",
    ]);
    nodes.set(id, node);
    return node;
  };

  const cluster: ProcessCluster = {
    name,
    dir,
    url: `http://127.0.0.1:${lbPort}`,
    nodes,
    ports,
    startNode,
    async startHost(env = {}) {
      const host = spawnTs("test/cluster/ledger-host.ts", [], { ACTORGATE_URL: `http://127.0.0.1:${lbPort}`, ...env });
      hosts.push(host);
      await host.waitFor(/^READY/);
      return host;
    },
    async stop() {
      for (const p of [...hosts, ...nodes.values()]) {
        if (p.child.exitCode === null && p.child.signalCode === null) {
          p.child.kill("SIGCONT");
          p.child.kill("SIGKILL");
          await p.exited;
        }
      }
      haproxy.kill("SIGKILL");
      await haproxyExit;
      await db.cleanup();
      if (process.env["ACTORGATE_TEST_DEBUG"]) console.error(haproxyErr);
    },
  };
  for (const id of nodeIds) await startNode(id);
  return cluster;
}
