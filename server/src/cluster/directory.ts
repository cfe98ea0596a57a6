// The partition directory: who owns each partition, kept in a JetStream KV bucket (one
// key per partition, written with compare-and-set), and which partitions this node holds.
//
// Taking a partition over is two steps, in this order:
//   1. compare-and-set its KV entry to this node; the entry's new revision is the epoch;
//   2. raise the partition's epoch in the store to it (Store.claimPartitions), which waits
//      for state writes of the previous owner in progress and fences every later one.
// Only then does this node serve the partition. Handing one over (a node joins, or this
// one leaves) is the reverse: stop taking calls for it, write its actors' state and
// release them, then mark the KV entry released so the preferred owner takes it at once.
import type { Logger } from "pino";
import { errorDetails } from "../error-details.js";
import type { OwnerFence, PartitionClaim } from "../store/store.js";
import type { KvBucket, KvChange } from "./kv-bucket.js";
import { preferredOwner } from "./partitions.js";

interface Entry {
  readonly owner: string;
  readonly released: boolean;
  readonly revision: number;
}

interface DirectoryValue {
  readonly owner: string;
  readonly released?: boolean;
}

/** Where a partition's calls go right now. */
export type PartitionRoute =
  | { readonly kind: "local"; readonly fence: OwnerFence }
  | { readonly kind: "remote"; readonly node: string }
  | { readonly kind: "pending" };

export interface DirectoryOptions {
  readonly nodeId: string;
  readonly partitions: number;
  readonly log: Logger;
  /** Raises store epochs (Store.claimPartitions). */
  readonly claim: (claims: readonly PartitionClaim[]) => Promise<number[]>;
  /** The nodes that should own partitions, and whether a node is alive at all. */
  readonly members: { readonly candidates: string[]; readonly leaving: boolean; isLive(node: string): boolean; leaseValid(): boolean };
  /** This node now serves these partitions (start their timers' actors). */
  readonly onGained: (partitions: readonly number[]) => void;
  /** Write the state of these partitions' actors and release them (hand-over). */
  readonly handOver: (partition: number) => Promise<void>;
  /** Drop these partitions' actors without writing (ownership already lost). */
  readonly onLost: (partitions: readonly number[]) => void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const keyOf = (p: number) => `p.${p}`;

export class Directory {
  readonly #bucket: KvBucket;
  readonly #opts: DirectoryOptions;
  readonly #table = new Map<number, Entry>();
  /** Partitions this node serves, with their epochs. */
  readonly #mine = new Map<number, number>();
  /** Partitions being handed over: their calls wait. */
  readonly #releasing = new Set<number>();
  #watch: { stop(): void } | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;
  #waiters: Array<() => void> = [];

  constructor(bucket: KvBucket, opts: DirectoryOptions) {
    this.#bucket = bucket;
    this.#opts = opts;
  }

  async start(): Promise<void> {
    // The watcher delivers every current entry, then every change; reading the entries
    // once more here makes start() return with the whole table.
    this.#watch = await this.#bucket.watch((c) => this.#onChange(c));
    for (const e of await this.#bucket.entries()) this.#apply(e.key, e.value, e.revision, false);
    await this.reconcile();
  }

  /** Where calls for `partition` go now. */
  route(partition: number): PartitionRoute {
    const epoch = this.#mine.get(partition);
    if (epoch !== undefined && !this.#releasing.has(partition) && this.#opts.members.leaseValid()) {
      return { kind: "local", fence: { partition, epoch } };
    }
    const e = this.#table.get(partition);
    if (e && !e.released && e.owner !== this.#opts.nodeId && this.#opts.members.isLive(e.owner)) {
      return { kind: "remote", node: e.owner };
    }
    return { kind: "pending" };
  }

  /** Whether this node still serves `partition` under `epoch`. */
  holds(fence: OwnerFence): boolean {
    return this.#mine.get(fence.partition) === fence.epoch && this.#opts.members.leaseValid();
  }

  get owned(): number {
    return this.#mine.size;
  }

  /** Resolves at the next change of the directory, or after `ms`. */
  changed(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, Math.max(1, ms));
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.#waiters.push(done);
    });
  }

  /** Brings ownership in line with the members: claims, hands over. One run at a time. */
  reconcile(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        await this.#reconcileOnce().catch((err: unknown) =>
          this.#opts.log.warn({ error: errorDetails(err) }, "cluster reconcile failed; will retry"),
        );
      } while (this.#again && !this.#closed);
    })().finally(() => (this.#running = undefined));
    return this.#running;
  }

  /**
   * After the lease lapsed and came back: keeps the partitions nobody took meanwhile
   * (their KV entry is still the one this node wrote, so no one raised their epoch
   * either) and drops the others' actors.
   */
  async revalidate(): Promise<void> {
    const lost: number[] = [];
    await Promise.all(
      [...this.#mine].map(async ([partition, epoch]) => {
        const e = await this.#bucket.get(keyOf(partition));
        const v = e ? (JSON.parse(decoder.decode(e.value)) as DirectoryValue) : undefined;
        if (e && v && v.owner === this.#opts.nodeId && !v.released && e.revision === epoch) return;
        this.#mine.delete(partition);
        lost.push(partition);
      }),
    );
    if (lost.length) {
      this.#opts.log.warn({ partitions: lost.length }, "partitions taken over while this node's lease lapsed; dropping their actors");
      this.#opts.onLost(lost);
    }
    this.#notify();
    void this.reconcile();
  }

  /** Hands every owned partition over (shutdown): the caller marked this node leaving. */
  async handOverAll(): Promise<void> {
    await Promise.all([...this.#mine.keys()].map((p) => this.#handOver(p)));
  }

  close(): void {
    this.#closed = true;
    this.#watch?.stop();
    this.#notify();
  }

  async #reconcileOnce(): Promise<void> {
    if (this.#closed || !this.#opts.members.leaseValid()) return;
    const self = this.#opts.nodeId;
    const leaving = this.#opts.members.leaving;
    // A leaving node takes nothing, even before the others have seen it leave.
    const candidates = this.#opts.members.candidates.filter((n) => !(leaving && n === self));
    const toClaim: Array<{ partition: number; revision: number }> = [];
    const toHandOver: number[] = [];
    const toRelease: number[] = [];
    for (let p = 0; p < this.#opts.partitions; p++) {
      const want = preferredOwner(p, candidates);
      const mine = this.#mine.has(p);
      if (want !== self) {
        if (mine && want !== undefined) toHandOver.push(p);
        // Held in the directory by an earlier life of this node (same id, restarted):
        // the others see this node live and wait for it, so let the partition go.
        const e = this.#table.get(p);
        if (!mine && e && e.owner === self && !e.released) toRelease.push(p);
        continue;
      }
      if (mine) continue;
      const e = this.#table.get(p);
      // Free: never owned, released, its owner gone, or a previous life of this node.
      const free = !e || e.released || e.owner === self || !this.#opts.members.isLive(e.owner);
      if (free) toClaim.push({ partition: p, revision: e?.revision ?? 0 });
    }
    await Promise.all(toHandOver.map((p) => this.#handOver(p)));
    await Promise.all(toRelease.map((p) => this.#markReleased(p)));
    if (toClaim.length) await this.#claim(toClaim);
  }

  async #claim(wanted: Array<{ partition: number; revision: number }>): Promise<void> {
    const self = this.#opts.nodeId;
    const value = encoder.encode(JSON.stringify({ owner: self } satisfies DirectoryValue));
    const swapped: PartitionClaim[] = [];
    await Promise.all(
      wanted.map(async ({ partition, revision }) => {
        const epoch = await this.#bucket.swap(keyOf(partition), value, revision);
        if (epoch === undefined) return; // someone else moved first; the watcher tells us who
        this.#table.set(partition, { owner: self, released: false, revision: epoch });
        swapped.push({ partition, epoch, node: self });
      }),
    );
    if (swapped.length === 0) return;
    // Fence the previous owner's writes before serving anything.
    const granted = new Set(await this.#opts.claim(swapped));
    const gained: number[] = [];
    for (const c of swapped) {
      if (!granted.has(c.partition)) {
        this.#opts.log.error(
          { partition: c.partition, epoch: c.epoch },
          "the store holds a newer epoch for this partition than the cluster directory (was the NATS KV bucket reset?); not serving it",
        );
        continue;
      }
      this.#mine.set(c.partition, c.epoch);
      gained.push(c.partition);
    }
    if (gained.length) {
      this.#opts.log.info({ partitions: gained.length, owned: this.#mine.size }, "cluster partitions taken");
      this.#opts.onGained(gained);
      this.#notify();
    }
  }

  async #handOver(partition: number): Promise<void> {
    if (this.#releasing.has(partition) || !this.#mine.has(partition)) return;
    this.#releasing.add(partition);
    this.#notify();
    try {
      await this.#opts.handOver(partition);
    } finally {
      this.#mine.delete(partition);
      this.#releasing.delete(partition);
    }
    await this.#markReleased(partition);
    this.#notify();
  }

  /** Marks a partition this node no longer serves as free in the directory. */
  async #markReleased(partition: number): Promise<void> {
    const e = this.#table.get(partition);
    const value = encoder.encode(JSON.stringify({ owner: this.#opts.nodeId, released: true } satisfies DirectoryValue));
    const done = await this.#bucket.swap(keyOf(partition), value, e?.revision ?? 0).catch((err: unknown) => {
      this.#opts.log.warn({ error: errorDetails(err), partition }, "could not mark a partition released");
      return undefined;
    });
    if (done === undefined) {
      // Someone wrote the entry meanwhile (or it failed): the next reconcile looks again.
      this.#opts.log.debug({ partition }, "partition entry changed before it was released");
      return;
    }
    this.#table.set(partition, { owner: this.#opts.nodeId, released: true, revision: done });
  }

  #onChange(c: KvChange): void {
    this.#apply(c.key, c.deleted ? undefined : c.value, c.revision, true);
  }

  #apply(key: string, value: Uint8Array | undefined, revision: number, fromWatch: boolean): void {
    if (!key.startsWith("p.")) return;
    const partition = Number(key.slice(2));
    if (!Number.isInteger(partition)) return;
    const known = this.#table.get(partition);
    if (known && known.revision >= revision) return;
    if (!value) {
      this.#table.delete(partition);
    } else {
      try {
        const v = JSON.parse(decoder.decode(value)) as DirectoryValue;
        this.#table.set(partition, { owner: v.owner, released: v.released === true, revision });
      } catch {
        return;
      }
    }
    // Someone else took a partition this node thought it held: it lost it.
    const entry = this.#table.get(partition);
    if (this.#mine.has(partition) && (!entry || entry.owner !== this.#opts.nodeId)) {
      this.#mine.delete(partition);
      this.#opts.onLost([partition]);
    }
    this.#notify();
    if (fromWatch) void this.reconcile();
  }

  #notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}
