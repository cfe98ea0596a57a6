// Membership: every node keeps an entry in a JetStream KV bucket whose values expire
// after the node lease TTL, and rewrites it every quarter of the TTL. A node whose entry
// expired (killed, paused, cut off) is gone for everyone else; the node itself stops
// trusting its ownership as soon as its last acknowledged heartbeat is older than three
// quarters of the TTL, before anyone else can have taken its partitions over.
import type { Logger } from "pino";
import { errorDetails } from "../error-details.js";
import type { KvBucket } from "./kv-bucket.js";

/** What a node publishes about itself. */
export interface NodeRecord {
  readonly nodeId: string;
  readonly startedAt: number;
  readonly heartbeatAt: number;
  readonly activeActors: number;
  readonly ownedPartitions: number;
  readonly hosts: number;
  /** Shutting down: takes no partitions, hands its own over. */
  readonly leaving: boolean;
}

export interface MembershipOptions {
  readonly nodeId: string;
  readonly ttlMs: number;
  /** This node's figures for its entry. */
  readonly stats: () => Pick<NodeRecord, "activeActors" | "ownedPartitions" | "hosts">;
  readonly log: Logger;
  /** The clock (tests of lease expiry drive it). */
  readonly now?: () => number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class Membership {
  readonly #bucket: KvBucket;
  readonly #opts: MembershipOptions;
  readonly #now: () => number;
  readonly #startedAt: number;
  #records: NodeRecord[] = [];
  /** When the last heartbeat that the server acknowledged was sent. */
  #lastAck = 0;
  #leaving = false;
  #timer: NodeJS.Timeout | undefined;
  #beating: Promise<void> | undefined;
  #closed = false;
  readonly #listeners = new Set<() => void>();
  readonly #renewedListeners = new Set<() => Promise<void>>();
  /** Told when a node leaves the member list (its entry expired or was deleted). */
  readonly #goneListeners = new Map<string, Set<() => void>>();
  /** The lease lapsed and ownership has not been checked again since. */
  #suspended = false;

  constructor(bucket: KvBucket, opts: MembershipOptions) {
    this.#bucket = bucket;
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
    this.#startedAt = this.#now();
  }

  /** Writes the first heartbeat and reads the members; then keeps both up to date. */
  async start(): Promise<void> {
    await this.#beat();
    const every = Math.max(50, Math.floor(this.#opts.ttlMs / 4));
    this.#timer = setInterval(() => void this.beatNow(), every);
    this.#timer.unref();
  }

  /** Heartbeats now (one at a time). */
  beatNow(): Promise<void> {
    this.#beating ??= this.#beat().finally(() => (this.#beating = undefined));
    return this.#beating;
  }

  /** Called when the set of members (or their leaving flags) changes. */
  onChange(listener: () => void): void {
    this.#listeners.add(listener);
  }

  /**
   * Called once the lease is back after a lapse, before this node acts as an owner again:
   * the listener checks what it still owns.
   */
  onLeaseRenewed(listener: () => Promise<void>): void {
    this.#renewedListeners.add(listener);
  }

  /** Whether this node may still act as an owner. */
  leaseValid(): boolean {
    return !this.#closed && !this.#suspended && this.#now() - this.#lastAck < (this.#opts.ttlMs * 3) / 4;
  }

  /** Every node with a live entry, this one included while it beats. */
  get records(): readonly NodeRecord[] {
    return this.#records;
  }

  /** The nodes that take partitions: live and not leaving, sorted. */
  get candidates(): string[] {
    return this.#records.filter((r) => !r.leaving).map((r) => r.nodeId).sort();
  }

  /**
   * Calls `listener` once `nodeId` is no longer a member (killed, cut off, or gone after
   * leaving); at once if it is not one now. Returns a function that removes the listener.
   */
  onGone(nodeId: string, listener: () => void): () => void {
    if (!this.isLive(nodeId)) {
      listener();
      return () => undefined;
    }
    let set = this.#goneListeners.get(nodeId);
    if (!set) this.#goneListeners.set(nodeId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#goneListeners.get(nodeId) === set) this.#goneListeners.delete(nodeId);
    };
  }

  /** Whether a node has a live entry (leaving or not). */
  isLive(nodeId: string): boolean {
    return this.#records.some((r) => r.nodeId === nodeId);
  }

  get leaving(): boolean {
    return this.#leaving;
  }

  /** Marks this node as leaving (its partitions go to the others) and tells them now. */
  async leave(): Promise<void> {
    this.#leaving = true;
    await this.beatNow();
  }

  /** Stops heartbeating and removes the entry, so the others need not wait for it to expire. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#beating;
    await this.#bucket.delete(this.#opts.nodeId).catch(() => undefined);
  }

  async #beat(): Promise<void> {
    if (this.#closed) return;
    const sentAt = this.#now();
    const lapsed = this.#lastAck > 0 && sentAt - this.#lastAck >= (this.#opts.ttlMs * 3) / 4;
    if (lapsed && !this.#suspended) {
      // Paused or cut off past the point where others may have taken over: act as an
      // owner again only once it is clear what this node still owns.
      this.#suspended = true;
      this.#opts.log.warn({ node: this.#opts.nodeId, sinceMs: sentAt - this.#lastAck }, "cluster lease lapsed; checking which partitions are still ours");
    }
    const record: NodeRecord = {
      nodeId: this.#opts.nodeId,
      startedAt: this.#startedAt,
      heartbeatAt: sentAt,
      leaving: this.#leaving,
      ...this.#opts.stats(),
    };
    try {
      await this.#bucket.put(this.#opts.nodeId, encoder.encode(JSON.stringify(record)));
      this.#lastAck = sentAt;
      await this.#read();
      if (this.#suspended) {
        for (const l of this.#renewedListeners) await l();
        this.#suspended = false;
      }
    } catch (err) {
      this.#opts.log.warn({ error: errorDetails(err) }, "cluster heartbeat failed; will retry");
    }
  }

  async #read(): Promise<void> {
    const entries = await this.#bucket.entries();
    const records: NodeRecord[] = [];
    for (const e of entries) {
      try {
        records.push(JSON.parse(decoder.decode(e.value)) as NodeRecord);
      } catch {
        // Not ours; ignore.
      }
    }
    records.sort((a, b) => (a.nodeId === this.#opts.nodeId ? -1 : b.nodeId === this.#opts.nodeId ? 1 : a.nodeId < b.nodeId ? -1 : 1));
    const signature = (rs: readonly NodeRecord[]) => rs.map((r) => `${r.nodeId}:${r.leaving}`).sort().join(",");
    const changed = signature(records) !== signature(this.#records);
    this.#records = records;
    for (const [node, listeners] of this.#goneListeners) {
      if (this.isLive(node)) continue;
      this.#goneListeners.delete(node);
      for (const l of listeners) l();
    }
    if (changed) for (const l of this.#listeners) l();
  }
}
