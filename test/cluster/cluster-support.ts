// Several gateway nodes in one test process, as one cluster: their own NATS cluster
// name (so runs never share buckets or subjects) and their own Postgres schema.
import { randomBytes } from "node:crypto";
import { loadConfig, type ConfigInput } from "../../server/src/config.js";
import { createGateway, type Gateway } from "../../server/src/gateway.js";
import { createTestStore, type TestStore } from "../support/databases.js";
import { client, onCleanup } from "../support/harness.js";

export const NATS_URL = process.env["ACTORGATE_TEST_NATS_URL"] ?? "nats://127.0.0.1:4222";

export interface TestCluster {
  readonly name: string;
  readonly db: TestStore;
  /** Settings every node of the cluster shares. */
  readonly settings: ConfigInput;
  /** Starts a node in this process (closed after the test unless closed before). */
  start(nodeId: string, overrides?: ConfigInput): Promise<Gateway>;
}

export async function createTestCluster(dialect: "postgres" | "mysql" = "postgres", overrides: ConfigInput = {}): Promise<TestCluster> {
  const db = await createTestStore(dialect);
  onCleanup(() => db.cleanup());
  const name = `t${randomBytes(5).toString("hex")}`;
  const settings: ConfigInput = {
    cluster: true,
    clusterName: name,
    bus: NATS_URL,
    store: db.url,
    ...(db.schema ? { storeSchema: db.schema } : {}),
    clusterNodeTtlMs: 2_000,
    leaseTtlMs: 3_000,
    logLevel: "silent",
    ...overrides,
  };
  return {
    name,
    db,
    settings,
    async start(nodeId, more = {}) {
      const config = loadConfig({}, {}, { port: 0, ...settings, nodeId, ...more });
      const gateway = await createGateway(config);
      onCleanup(() => gateway.close());
      return gateway;
    },
  };
}

/**
 * Resolves once `nodes` are exactly the cluster's members and own every partition
 * between them (each at least one): joins and hand-overs are done.
 */
export async function settled(nodes: readonly Gateway[], timeoutMs = 20_000): Promise<void> {
  const admin = client(nodes[0]!).admin;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await admin.listNodes({});
    const owned = res.nodes.map((n) => n.ownedPartitions);
    const total = owned.reduce((a, b) => a + b, 0);
    if (res.nodes.length === nodes.length && total === res.partitions && owned.every((n) => n > 0)) return;
    if (Date.now() > deadline) throw new Error(`the cluster did not settle: ${JSON.stringify(res.nodes.map((n) => [n.nodeId, n.ownedPartitions]))}`);
    // Membership and ownership move with heartbeats; look again shortly.
    await new Promise((r) => setTimeout(r, 50));
  }
}
