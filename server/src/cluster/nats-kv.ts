// JetStream KV buckets for cluster mode (the one file in cluster/ that imports NATS).
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import type { KvBucket, KvChange, KvValue } from "./kv-bucket.js";

/** A NATS connection for the cluster's buckets. */
export class NatsKv {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly kvm: Kvm,
  ) {}

  /** `servers`: the bus URL(s), comma-separated. */
  static async connect(servers: string, name: string): Promise<NatsKv> {
    const list = servers.split(",").map((s) => s.trim()).filter(Boolean);
    const nc = await connect({ servers: list, name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
    return new NatsKv(nc, new Kvm(nc));
  }

  /**
   * Opens (creating if missing) a bucket keeping one value per key. `ttlMs`: values not
   * rewritten within it expire (membership leases); 0 keeps them.
   */
  async bucket(name: string, ttlMs: number): Promise<KvBucket> {
    const kv = await this.kvm.create(name, { history: 1, ...(ttlMs > 0 ? { ttl: ttlMs } : {}) });
    return new NatsKvBucket(kv);
  }

  async close(): Promise<void> {
    await this.nc.drain().catch(() => this.nc.close());
  }
}

const value = (e: { key: string; value: Uint8Array; revision: number; created: Date }): KvValue => ({
  key: e.key,
  value: e.value,
  revision: e.revision,
  created: e.created,
});

function casConflict(err: unknown): boolean {
  return (
    err instanceof JetStreamApiError &&
    (err.code === JetStreamApiCodes.StreamWrongLastSequence || err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}

class NatsKvBucket implements KvBucket {
  constructor(private readonly kv: KV) {}

  async get(key: string): Promise<KvValue | undefined> {
    const e = await this.kv.get(key);
    return e && e.operation === "PUT" ? value(e) : undefined;
  }

  async entries(): Promise<KvValue[]> {
    const keys: string[] = [];
    for await (const k of await this.kv.keys()) keys.push(k);
    const found = await Promise.all(keys.map((k) => this.get(k)));
    return found.filter((e): e is KvValue => e !== undefined);
  }

  put(key: string, data: Uint8Array): Promise<number> {
    return this.kv.put(key, data);
  }

  async swap(key: string, data: Uint8Array, revision: number): Promise<number | undefined> {
    try {
      return revision === 0 ? await this.kv.create(key, data) : await this.kv.update(key, data, revision);
    } catch (err) {
      if (casConflict(err) || (revision === 0 && /exists/i.test((err as Error).message))) return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.kv.delete(key);
  }

  async watch(onChange: (change: KvChange) => void): Promise<{ stop(): void }> {
    const it = await this.kv.watch(); // the last value of every key, then every change
    void (async () => {
      for await (const e of it) onChange({ ...value(e), deleted: e.operation !== "PUT" });
    })().catch(() => undefined);
    return { stop: () => it.stop() };
  }
}
