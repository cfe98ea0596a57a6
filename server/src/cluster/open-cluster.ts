// Opens cluster mode from the settings: a NATS connection for the KV buckets, the
// buckets, and the ClusterNode. gateway.ts calls this only with --cluster.
import type { Logger } from "pino";
import type { GatewayConfig } from "../config.js";
import type { Bus } from "../bus/bus.js";
import type { Registry } from "../runtime/registry.js";
import type { Store } from "../store/store.js";
import { ClusterNode } from "./cluster-node.js";
import type { KvBucket } from "./kv-bucket.js";
import { NatsKv } from "./nats-kv.js";

export interface OpenCluster {
  readonly node: ClusterNode;
  /** Closes the node, then its NATS connection. */
  close(): Promise<void>;
}

export async function openCluster(
  config: GatewayConfig,
  deps: { readonly bus: Bus; readonly registry: Registry; readonly store: Store; readonly log: Logger },
): Promise<OpenCluster> {
  const kv = await NatsKv.connect(config.bus, `actorgate-cluster-${config.nodeId}`);
  try {
    const prefix = `actorgate_${config.clusterName}`;
    const buckets = {
      // Entries expire unless renewed: a node's lease.
      nodes: await kv.bucket(`${prefix}_nodes`, config.clusterNodeTtlMs),
      partitions: await kv.bucket(`${prefix}_partitions`, 0),
      // Host registrations; a live host's are rewritten well within this (host-replication.ts).
      hosts: await kv.bucket(`${prefix}_hosts`, 10 * config.leaseTtlMs),
    };
    await agreeOnPartitions(buckets.partitions, config.clusterPartitions, config.clusterName);
    const node = new ClusterNode({
      cluster: config.clusterName,
      nodeId: config.nodeId,
      partitions: config.clusterPartitions,
      nodeTtlMs: config.clusterNodeTtlMs,
      leaseTtlMs: config.leaseTtlMs,
      buckets,
      bus: deps.bus,
      registry: deps.registry,
      claim: (claims) => deps.store.claimPartitions(claims),
      log: deps.log.child({ part: "cluster" }),
    });
    return {
      node,
      async close() {
        await node.close();
        await kv.close();
      },
    };
  } catch (err) {
    await kv.close();
    throw err;
  }
}

/** Every node must cut the actor space the same way; the first node records how. */
async function agreeOnPartitions(bucket: KvBucket, partitions: number, cluster: string): Promise<void> {
  const value = new TextEncoder().encode(JSON.stringify({ partitions }));
  await bucket.swap("meta", value, 0);
  const meta = await bucket.get("meta");
  const recorded = meta ? (JSON.parse(new TextDecoder().decode(meta.value)) as { partitions?: number }).partitions : partitions;
  if (recorded !== partitions) {
    throw new Error(
      `cluster ${cluster} is cut into ${recorded} partitions but this node was started with --cluster-partitions ${partitions}; ` +
        `start every node with the same value`,
    );
  }
}
