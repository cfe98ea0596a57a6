// The key-value operations cluster mode needs, as an interface: the directory and the
// membership are written against it, NatsKvBucket (nats-kv.ts) implements it on
// JetStream KV, and nothing else in cluster/ imports @nats-io/*.

/** One stored value with its revision (JetStream: the stream sequence, bucket-wide). */
export interface KvValue {
  readonly key: string;
  readonly value: Uint8Array;
  readonly revision: number;
  /** When the server stored it (the server's clock). */
  readonly created: Date;
}

/** A change seen by a watcher: a put, or a delete (value empty). */
export interface KvChange extends KvValue {
  readonly deleted: boolean;
}

export interface KvBucket {
  /** The current value, or undefined (never written, deleted or expired). */
  get(key: string): Promise<KvValue | undefined>;
  /** Every current value (expired and deleted keys left out). */
  entries(): Promise<KvValue[]>;
  /** Writes unconditionally; returns the new revision. */
  put(key: string, value: Uint8Array): Promise<number>;
  /**
   * Compare-and-set: writes only if the key's revision is still `revision` (0: the key
   * must not exist). Returns the new revision, or undefined when someone wrote first.
   */
  swap(key: string, value: Uint8Array, revision: number): Promise<number | undefined>;
  delete(key: string): Promise<void>;
  /** Calls `onChange` for every change from now on (and each current value first). */
  watch(onChange: (change: KvChange) => void): Promise<{ stop(): void }>;
}
