// Cluster mode, assembled: membership (node leases), the partition directory, forwarding
// to owners and cluster-wide hosts. The runtime sees it only as its ActorPlacement.
import type { ActorRef } from "@actorgate/client/gen";
import type { Logger } from "pino";
import { actorKeyString } from "@actorgate/client/common";
import { deadlineExceeded } from "../errors.js";
import type { Bus } from "../bus/bus.js";
import type { Activation } from "../runtime/activation.js";
import { ActorMovedError, type ActorPlacement } from "../runtime/placement.js";
import type { ActivateFrom, ActivateOutput, InvokeInput, InvokeOutput } from "../runtime/invoke-types.js";
import type { Registry } from "../runtime/registry.js";
import type { ActorKey, OwnerFence, PartitionClaim } from "../store/store.js";
import { Directory } from "./directory.js";
import { Forwarder, serveForwarded, type ForwardedServer, type ForwardTarget } from "./forwarding.js";
import { HostReplication } from "./host-replication.js";
import type { KvBucket } from "./kv-bucket.js";
import { Membership, type NodeRecord } from "./membership.js";
import { partitionOf } from "./partitions.js";

/** What cluster mode needs from the runtime (attached once both exist). */
export interface ClusterRuntime {
  invoke(input: InvokeInput): Promise<InvokeOutput>;
  activate(refs: readonly ActorRef[], deadline: number, from: ActivateFrom | undefined, forwarded: boolean): Promise<ActivateOutput[]>;
  releaseWhere(matches: (act: Activation) => boolean, handOver: boolean): Promise<number>;
  activateNamed(matches: (key: ActorRef) => boolean): void;
  readonly activeCount: number;
}

export interface ClusterBuckets {
  readonly nodes: KvBucket;
  readonly partitions: KvBucket;
  readonly hosts: KvBucket;
}

export interface ClusterNodeOptions {
  readonly cluster: string;
  readonly nodeId: string;
  readonly partitions: number;
  readonly nodeTtlMs: number;
  readonly leaseTtlMs: number;
  readonly buckets: ClusterBuckets;
  readonly bus: Bus;
  readonly registry: Registry;
  readonly claim: (claims: readonly PartitionClaim[]) => Promise<number[]>;
  readonly log: Logger;
}

export class ClusterNode implements ActorPlacement {
  readonly membership: Membership;
  readonly directory: Directory;
  readonly hosts: HostReplication;
  readonly remote: Forwarder;
  readonly #opts: ClusterNodeOptions;
  #runtime: ClusterRuntime | undefined;
  #rpc: ForwardTarget["rpc"] | undefined;
  #serving: ForwardedServer | undefined;
  #reconciler: NodeJS.Timeout | undefined;

  constructor(opts: ClusterNodeOptions) {
    this.#opts = opts;
    this.membership = new Membership(opts.buckets.nodes, {
      nodeId: opts.nodeId,
      ttlMs: opts.nodeTtlMs,
      log: opts.log,
      stats: () => ({
        activeActors: this.#runtime?.activeCount ?? 0,
        ownedPartitions: this.directory.owned,
        hosts: opts.registry.hosts().filter((h) => !h.replica).length,
      }),
    });
    this.remote = new Forwarder(opts.bus, opts.cluster, (node, listener) => this.membership.onGone(node, listener));
    this.directory = new Directory(opts.buckets.partitions, {
      nodeId: opts.nodeId,
      partitions: opts.partitions,
      log: opts.log,
      claim: opts.claim,
      members: this.membership,
      onGained: (ps) => {
        const gained = new Set(ps);
        // Named actors with timers (and pools' minimum members) run wherever their owner is.
        this.#runtime?.activateNamed((key) => gained.has(this.partitionOf(key)));
      },
      handOver: async (p) => {
        await this.#runtime?.releaseWhere((act) => act.fence?.partition === p, true);
      },
      onLost: (ps) => {
        const lost = new Set(ps);
        void this.#runtime?.releaseWhere((act) => act.fence !== undefined && lost.has(act.fence.partition), false);
      },
    });
    this.hosts = new HostReplication(opts.buckets.hosts, opts.registry, opts.nodeId, opts.leaseTtlMs, opts.log);
    this.membership.onChange(() => void this.directory.reconcile());
    // While the lease is lapsed nothing is served here (leaseValid() is false); once it is
    // back, the directory checks which partitions are still this node's.
    this.membership.onLeaseRenewed(() => this.directory.revalidate());
  }

  /** Gives cluster mode the runtime and the RPC runner (they need the placement first). */
  attach(runtime: ClusterRuntime, rpc: ForwardTarget["rpc"]): void {
    this.#runtime = runtime;
    this.#rpc = rpc;
  }

  /** Joins: answers forwarded calls, heartbeats, copies hosts, takes partitions. */
  async start(): Promise<void> {
    const runtime = this.#runtime;
    const rpc = this.#rpc;
    if (!runtime || !rpc) throw new Error("ClusterNode.attach() must run before start()");
    this.#serving = serveForwarded(
      this.#opts.bus,
      this.#opts.cluster,
      this.#opts.nodeId,
      {
        invoke: (input) => runtime.invoke(input),
        activate: async (ref, deadline, from) => (await runtime.activate([ref], deadline, from, true))[0]!,
        rpc,
      },
      this.#opts.log,
    );
    await this.#opts.bus.flush();
    await this.hosts.start();
    await this.membership.start();
    await this.directory.start();
    // Now and then as well: ownership can also change without a member change (a lease
    // that lapsed and came back, a claim the store refused while it was down).
    this.#reconciler = setInterval(() => void this.directory.reconcile(), Math.max(100, this.#opts.nodeTtlMs / 2));
    this.#reconciler.unref();
    this.#opts.log.info(
      { cluster: this.#opts.cluster, node: this.#opts.nodeId, members: this.membership.candidates, owned: this.directory.owned },
      "joined the cluster",
    );
  }

  /**
   * Graceful exit, part one: take no more partitions, write and hand over every actor
   * this node owns, so the others serve them with no call failing.
   */
  async leave(): Promise<void> {
    await this.membership.leave();
    await this.directory.handOverAll();
  }

  /** Part two, after the runtime closed: stop answering, drop the membership entry. */
  async close(): Promise<void> {
    clearInterval(this.#reconciler);
    this.#serving?.unsubscribe();
    // Answer the calls already taken before the others see this node gone: they stop
    // waiting for it then, and would report those calls as failed.
    await this.#serving?.settled();
    this.directory.close();
    this.hosts.close();
    await this.membership.close();
  }

  partitionOf(key: ActorKey): number {
    return partitionOf(key, this.#opts.partitions);
  }

  /** The cluster's members, for AdminService.ListNodes. */
  nodes(): readonly NodeRecord[] {
    return this.membership.records;
  }

  get ownedPartitions(): number {
    return this.directory.owned;
  }

  async route<T>(
    key: ActorKey,
    deadline: number,
    local: (fence: OwnerFence | undefined) => Promise<T>,
    remote: ((node: string) => Promise<T>) | undefined,
  ): Promise<T> {
    const partition = this.partitionOf(key);
    for (let attempt = 0; ; attempt++) {
      const where = this.directory.route(partition);
      try {
        if (where.kind === "local") return await local(where.fence);
        if (where.kind === "remote") {
          if (!remote) throw new ActorMovedError(`this node does not own partition ${partition} (node ${where.node} does)`);
          return await remote(where.node);
        }
      } catch (err) {
        if (!(err instanceof ActorMovedError) || !remote) throw err;
      }
      // Between owners (failover, hand-over) or just moved: wait for the directory.
      const left = deadline - Date.now();
      if (left <= 0) {
        throw deadlineExceeded(
          `no node could take the call for partition ${partition} before its deadline (the actor is moving between nodes); retry`,
        );
      }
      await this.directory.changed(Math.min(left, 25 * 2 ** Math.min(attempt, 5)));
    }
  }

  fence(key: ActorKey): OwnerFence | undefined {
    const where = this.directory.route(this.partitionOf(key));
    if (where.kind !== "local") throw new ActorMovedError(`this node does not own ${actorKeyString(key)} now`);
    return where.fence;
  }

  holds(fence: OwnerFence | undefined): boolean {
    return fence === undefined || this.directory.holds(fence);
  }
}
