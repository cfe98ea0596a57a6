import {
  actorKeyString,
  type DeadLetterRecord,
  type IdempotencyRecord,
  type OutboxRecord,
  FencedWriteError,
  StaleWriteError,
  type PartitionClaim,
  type ActorKey,
  type ListActorsQuery,
  type ListRevisionsQuery,
  type RevisionRecord,
  type StateWrite,
  type Store,
  type StoredActorSummary,
  type StoredState,
} from "./store.js";
import { validateWrites } from "./validate-writes.js";

interface Row {
  key: ActorKey;
  current: RevisionRecord;
  history: RevisionRecord[]; // oldest first
}

/** The "database": shared by every MemoryStore connected to it. */
interface Tables {
  readonly rows: Map<string, Row>;
  readonly outbox: Map<string, OutboxRecord>;
  readonly dead: Map<string, DeadLetterRecord>;
  readonly idempotency: Map<string, IdempotencyRecord>;
  /** Fencing epoch per partition (cluster mode). */
  readonly epochs: Map<number, number>;
}

/**
 * Keeps state in process memory: for unit tests and `--store memory`. Same semantics
 * as KyselyStore (fencing, history, retention), none of the durability.
 */
export class MemoryStore implements Store {
  readonly #rows: Map<string, Row>;
  readonly #outbox: Map<string, OutboxRecord>;
  readonly #dead: Map<string, DeadLetterRecord>;
  readonly #idempotency: Map<string, IdempotencyRecord>;
  readonly #epochs: Map<number, number>;

  /** `sharing`: another MemoryStore whose data this one uses (see connect()). */
  constructor(
    private readonly now: () => Date = () => new Date(),
    sharing?: MemoryStore,
  ) {
    const tables: Tables = sharing
      ? { rows: sharing.#rows, outbox: sharing.#outbox, dead: sharing.#dead, idempotency: sharing.#idempotency, epochs: sharing.#epochs }
      : { rows: new Map(), outbox: new Map(), dead: new Map(), idempotency: new Map(), epochs: new Map() };
    this.#rows = tables.rows;
    this.#outbox = tables.outbox;
    this.#dead = tables.dead;
    this.#idempotency = tables.idempotency;
    this.#epochs = tables.epochs;
  }

  /**
   * Another store on the same data, as a second node on the same database would be
   * (with its own clock, e.g. a skewed one). Tests of fencing and claims use it.
   */
  connect(now: () => Date = this.now): MemoryStore {
    return new MemoryStore(now, this);
  }

  async migrate(): Promise<void> {}

  async load(key: ActorKey): Promise<StoredState | undefined> {
    const row = this.#rows.get(actorKeyString(key));
    if (!row) return undefined;
    const c = row.current;
    return { key: row.key, revision: c.revision, state: c.state, stateType: c.stateType, updatedAt: c.validFrom };
  }

  async loadMany(keys: readonly ActorKey[]): Promise<Map<string, StoredState>> {
    const found = new Map<string, StoredState>();
    for (const key of keys) {
      const s = await this.load(key);
      if (s) found.set(actorKeyString(key), s);
    }
    return found;
  }

  async writeBatch(writes: readonly StateWrite[]): Promise<void> {
    if (writes.length === 0) return;
    validateWrites(writes);
    // One timestamp per batch, never earlier than a row it replaces: clocks of nodes may
    // disagree, and a replaced revision's [validFrom, validTo) must not run backwards.
    let now = this.now();
    for (const w of writes) {
      const current = this.#rows.get(actorKeyString(w.key))?.current;
      const actual = current?.revision ?? 0;
      if (actual !== w.expectedRevision) throw new StaleWriteError(w.key, w.expectedRevision, actual);
      if (current && current.validFrom > now) now = current.validFrom;
    }
    for (const w of writes) {
      if (!w.fence) continue;
      const actual = this.#epochs.get(w.fence.partition) ?? 0;
      if (actual !== w.fence.epoch) throw new FencedWriteError(w.fence.partition, w.fence.epoch, actual);
    }
    for (const w of writes) {
      if (w.outbox) await this.enqueue(w.outbox);
      if (w.idempotency) await this.putIdempotency(w.idempotency);
      const id = actorKeyString(w.key);
      const row = this.#rows.get(id);
      const current: RevisionRecord = { revision: w.revision, state: w.state, stateType: w.stateType, validFrom: now, validTo: null };
      if (!row) {
        this.#rows.set(id, { key: { ...w.key }, current, history: [] });
        continue;
      }
      row.history.push({ ...row.current, validTo: now });
      row.current = current;
      const { maxRevisions, maxAgeSeconds } = w.retention;
      if (row.history.length > maxRevisions) row.history.splice(0, row.history.length - maxRevisions);
      if (maxAgeSeconds > 0) {
        const cutoff = now.getTime() - maxAgeSeconds * 1000;
        row.history = row.history.filter((h) => (h.validTo?.getTime() ?? Infinity) >= cutoff);
      }
    }
  }

  async loadRevision(key: ActorKey, revision: number): Promise<RevisionRecord | undefined> {
    const row = this.#rows.get(actorKeyString(key));
    if (!row) return undefined;
    return row.current.revision === revision ? row.current : row.history.find((h) => h.revision === revision);
  }

  async loadAt(key: ActorKey, at: Date): Promise<RevisionRecord | undefined> {
    const row = this.#rows.get(actorKeyString(key));
    if (!row) return undefined;
    const t = at.getTime();
    return [row.current, ...row.history].find(
      (r) => r.validFrom.getTime() <= t && (r.validTo === null || t < r.validTo.getTime()),
    );
  }

  async listRevisions(key: ActorKey, query: ListRevisionsQuery): Promise<RevisionRecord[]> {
    const row = this.#rows.get(actorKeyString(key));
    if (!row) return [];
    return [row.current, ...[...row.history].reverse()]
      .filter((r) => query.before === undefined || r.revision < query.before)
      .slice(0, query.limit);
  }

  async listActors(query: ListActorsQuery): Promise<StoredActorSummary[]> {
    const after = query.after;
    return [...this.#rows.values()]
      .filter((r) => r.key.system === query.system && (!query.type || r.key.type === query.type))
      .sort((a, b) => cmp(a.key.type, b.key.type) || cmp(a.key.name, b.key.name))
      .filter((r) => !after || cmp(r.key.type, after.type) > 0 || (r.key.type === after.type && cmp(r.key.name, after.name) > 0))
      .slice(0, query.limit)
      .map((r) => ({ key: r.key, revision: r.current.revision, updatedAt: r.current.validFrom }));
  }

  async enqueue(records: readonly OutboxRecord[]): Promise<void> {
    for (const r of records) if (!this.#outbox.has(r.id)) this.#outbox.set(r.id, r);
  }

  async claimDue(now: Date, limit: number, claimUntil: Date): Promise<OutboxRecord[]> {
    const due = [...this.#outbox.values()]
      .filter((r) => r.nextAttemptAt.getTime() <= now.getTime())
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime())
      .slice(0, limit);
    for (const r of due) this.#outbox.set(r.id, { ...r, nextAttemptAt: claimUntil });
    return due;
  }

  async completeOutbox(id: string): Promise<void> {
    this.#outbox.delete(id);
  }

  async retryOutbox(id: string, attempt: number, nextAttemptAt: Date, lastError: string): Promise<void> {
    const r = this.#outbox.get(id);
    if (r) this.#outbox.set(id, { ...r, attempt, nextAttemptAt, lastError });
  }

  async deadLetter(id: string, attempt: number, error: string, failedAt: Date): Promise<void> {
    const r = this.#outbox.get(id);
    if (!r) return;
    this.#outbox.delete(id);
    this.#dead.set(id, { ...r, attempt, lastError: error, error, failedAt });
  }

  async listDeadLetters(query: { system: string; limit: number; after?: string }): Promise<DeadLetterRecord[]> {
    return [...this.#dead.values()]
      .filter((d) => d.target.system === query.system && (!query.after || d.id > query.after))
      .sort((a, b) => cmp(a.id, b.id))
      .slice(0, query.limit);
  }

  async replayDeadLetter(id: string, now: Date): Promise<boolean> {
    const d = this.#dead.get(id);
    if (!d) return false;
    this.#dead.delete(id);
    const { failedAt: _f, error: _e, ...record } = d;
    this.#outbox.set(id, { ...record, attempt: 0, nextAttemptAt: now });
    return true;
  }

  async deleteDeadLetter(id: string): Promise<boolean> {
    return this.#dead.delete(id);
  }

  async putIdempotency(records: readonly IdempotencyRecord[]): Promise<void> {
    for (const r of records) this.#idempotency.set(`${actorKeyString(r.key)}#${r.idempotencyKey}`, r);
  }

  async getIdempotency(key: ActorKey, idempotencyKey: string, now: Date): Promise<IdempotencyRecord | undefined> {
    const r = this.#idempotency.get(`${actorKeyString(key)}#${idempotencyKey}`);
    return r && r.expiresAt.getTime() > now.getTime() ? r : undefined;
  }

  async purgeIdempotency(now: Date): Promise<number> {
    let n = 0;
    for (const [k, r] of this.#idempotency) {
      if (r.expiresAt.getTime() <= now.getTime()) {
        this.#idempotency.delete(k);
        n++;
      }
    }
    return n;
  }

  async claimPartitions(claims: readonly PartitionClaim[]): Promise<number[]> {
    const granted: number[] = [];
    for (const c of claims) {
      if ((this.#epochs.get(c.partition) ?? 0) >= c.epoch) continue;
      this.#epochs.set(c.partition, c.epoch);
      granted.push(c.partition);
    }
    return granted;
  }

  async close(): Promise<void> {}
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
