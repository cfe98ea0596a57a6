import { Kysely, Migrator } from "kysely";
import type { Selectable } from "kysely";
import type { StateCipher } from "../state-cipher.js";
import { StateKeyError } from "../state-cipher.js";
import { actorKeyString, FencedWriteError, StaleWriteError, StoreUnavailableError } from "../store.js";
import { applyPartitionClaims } from "./partition-fence.js";
import type {
  ActorKey,
  DeadLetterRecord,
  IdempotencyRecord,
  ListActorsQuery,
  OutboxRecord,
  PartitionClaim,
  ListRevisionsQuery,
  RevisionRecord,
  StateWrite,
  Store,
  StoredActorSummary,
  StoredState,
} from "../store.js";
import { detachedError, messageOf } from "../../error-details.js";
import { keyEquals, keysIn } from "./key-filter.js";
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, createMigrationProvider } from "./migrations.js";
import {
  claimDueOutbox,
  deleteDeadLetterRow,
  deleteExpiredIdempotency,
  deleteOutbox,
  insertOutbox,
  moveToDeadLetters,
  replayFromDeadLetters,
  selectDeadLetters,
  selectIdempotency,
  updateOutboxAttempt,
  upsertIdempotency,
} from "./outbox-queries.js";
import type { RekeyOptions, RekeyResult } from "./rekey.js";
import { rekeyAll } from "./rekey.js";
import type { ActorStateHistoryTable, ActorStateTable, DbTimeValue, StoreDatabase } from "./schema.js";
import { StateCodec } from "./state-codec.js";
import type { StoreDialect, StoreDialectName } from "./store-dialect.js";
import { applyWriteBatch, CHUNK, validateWrites } from "./write-batch.js";
import type { PreparedWrite } from "./write-batch.js";
import { runWriteTransaction } from "./write-transaction.js";

export interface KyselyStoreOptions {
  /** The database: see createSqliteDialect, createPostgresDialect, createMysqlDialect. */
  readonly dialect: StoreDialect;
  /** Encrypts state at rest. Default: none; encrypted rows then fail to load with StateKeyError. */
  readonly cipher?: StateCipher;
  /** The clock for updated_at, valid_to and age retention. Default: `() => new Date()`. */
  readonly now?: () => Date;
}

type StateRow = Pick<Selectable<ActorStateTable>, (typeof STATE_COLUMNS)[number]>;
type HistoryRow = Pick<Selectable<ActorStateHistoryTable>, (typeof HISTORY_COLUMNS)[number]>;

const STATE_COLUMNS = ["revision", "state", "state_type", "key_id", "updated_at"] as const;
const HISTORY_COLUMNS = ["revision", "state", "state_type", "key_id", "valid_from", "valid_to"] as const;

/** The Store on a SQL database through Kysely: SQLite, Postgres or MySQL/MariaDB. */
export class KyselyStore implements Store {
  readonly #db: Kysely<StoreDatabase>;
  readonly #dialect: StoreDialect;
  readonly #codec: StateCodec;
  readonly #now: () => Date;

  constructor(options: KyselyStoreOptions) {
    this.#dialect = options.dialect;
    this.#db = new Kysely<StoreDatabase>({ dialect: options.dialect.kysely });
    this.#codec = new StateCodec(options.cipher);
    this.#now = options.now ?? (() => new Date());
  }

  /** Which database this is. */
  get dialect(): StoreDialectName {
    return this.#dialect.name;
  }

  /**
   * The underlying Kysely instance, for admin tooling and tests (and the outbox, later).
   * The runtime goes through the Store methods.
   */
  get kysely(): Kysely<StoreDatabase> {
    return this.#db;
  }

  async migrate(): Promise<void> {
    await this.#guard("migrate", () =>
      // SQLite: one migrator per file in this process at a time; across processes the
      // migration's BEGIN IMMEDIATE transaction serializes them. Postgres and MySQL:
      // Kysely's migrator takes an advisory lock (pg_advisory_lock / GET_LOCK).
      this.#dialect.serializeWrites(async () => {
        const migrator = new Migrator({
          db: this.#db,
          provider: createMigrationProvider(this.#dialect.columnTypes),
          migrationTableName: MIGRATION_TABLE,
          migrationLockTableName: MIGRATION_LOCK_TABLE,
          ...(this.#dialect.migrationTableSchema ? { migrationTableSchema: this.#dialect.migrationTableSchema } : {}),
        });
        const { error, results } = await migrator.migrateToLatest();
        if (error === undefined) return;
        if (this.#dialect.isUnavailable(error)) throw error;
        const failed = results?.find((result) => result.status === "Error")?.migrationName;
        throw new Error(
          `store migration ${failed ?? "setup"} failed on ${this.#dialect.description}: ${messageOf(error)}`,
          { cause: error },
        );
      }),
    );
  }

  async load(key: ActorKey): Promise<StoredState | undefined> {
    const row = await this.#guard("load", () => this.#current(key));
    if (!row) return undefined;
    return {
      key,
      revision: Number(row.revision),
      state: this.#codec.decode(key, row.state, row.key_id, row.state_type),
      stateType: row.state_type,
      updatedAt: this.#time(row.updated_at),
    };
  }

  async loadMany(keys: readonly ActorKey[]): Promise<Map<string, StoredState>> {
    const found = new Map<string, StoredState>();
    for (let i = 0; i < keys.length; i += CHUNK) {
      const chunk = keys.slice(i, i + CHUNK);
      const rows = await this.#guard("loadMany", () =>
        this.#db
          .selectFrom("actor_state")
          .select(["system", "type", "name", "revision", "state", "state_type", "key_id", "updated_at"])
          .where((eb) => keysIn(eb, chunk))
          .execute(),
      );
      for (const row of rows) {
        const key = { system: row.system, type: row.type, name: row.name };
        found.set(actorKeyString(key), {
          key,
          revision: Number(row.revision),
          state: this.#codec.decode(key, row.state, row.key_id, row.state_type),
          stateType: row.state_type,
          updatedAt: this.#time(row.updated_at),
        });
      }
    }
    return found;
  }

  async writeBatch(writes: readonly StateWrite[]): Promise<void> {
    if (writes.length === 0) return;
    validateWrites(writes);
    // Encrypt before the transaction opens: no row locks are held during the crypto.
    const prepared: PreparedWrite[] = writes.map((write) => ({
      write,
      encoded: this.#codec.encode(write.key, write.state, write.stateType),
    }));
    await this.#guard("writeBatch", () =>
      runWriteTransaction(
        this.#db,
        this.#dialect,
        (trx) => applyWriteBatch(trx, this.#dialect, prepared, this.#now),
        // Someone created one of our "new" actors concurrently. Rolled back; the retry
        // reads their row and reports a precise StaleWriteError (or succeeds, if their
        // transaction rolled back instead).
        (error) => this.#dialect.isUniqueViolation(error),
      ),
    );
  }

  async claimPartitions(claims: readonly PartitionClaim[]): Promise<number[]> {
    if (claims.length === 0) return [];
    return this.#guard("claimPartitions", () =>
      runWriteTransaction(
        this.#db,
        this.#dialect,
        (trx) => applyPartitionClaims(trx, this.#dialect, claims, this.#now()),
        // Two nodes inserted the same partition's first row; the retry sees theirs.
        (error) => this.#dialect.isUniqueViolation(error),
      ),
    );
  }

  async loadRevision(key: ActorKey, revision: number): Promise<RevisionRecord | undefined> {
    return this.#guard("loadRevision", async () => {
      const current = await this.#current(key);
      if (!current) return undefined;
      const currentRevision = Number(current.revision);
      if (currentRevision === revision) return this.#currentRecord(key, current);
      if (revision > currentRevision) return undefined;
      const row = await this.#db
        .selectFrom("actor_state_history")
        .select(HISTORY_COLUMNS)
        .where((eb) => keyEquals(eb, key))
        .where("revision", "=", revision)
        .executeTakeFirst();
      return row && this.#historyRecord(key, row);
    });
  }

  async loadAt(key: ActorKey, at: Date): Promise<RevisionRecord | undefined> {
    return this.#guard("loadAt", async () => {
      const current = await this.#current(key);
      if (!current) return undefined;
      if (this.#time(current.updated_at).getTime() <= at.getTime()) return this.#currentRecord(key, current);
      const when = this.#dialect.toDbTime(at);
      const row = await this.#db
        .selectFrom("actor_state_history")
        .select(HISTORY_COLUMNS)
        .where((eb) => keyEquals(eb, key))
        .where("valid_from", "<=", when)
        .where("valid_to", ">", when)
        .orderBy("revision", "desc")
        .limit(1)
        .executeTakeFirst();
      return row && this.#historyRecord(key, row);
    });
  }

  async listRevisions(key: ActorKey, query: ListRevisionsQuery): Promise<RevisionRecord[]> {
    const limit = Math.trunc(query.limit);
    if (limit <= 0) return [];
    const { before } = query;
    return this.#guard("listRevisions", async () => {
      const records: RevisionRecord[] = [];
      const current = await this.#current(key);
      if (!current) return records;
      if (before === undefined || Number(current.revision) < before) records.push(this.#currentRecord(key, current));
      if (records.length >= limit) return records;
      const rows = await this.#db
        .selectFrom("actor_state_history")
        .select(HISTORY_COLUMNS)
        .where((eb) => keyEquals(eb, key))
        .$call((qb) => (before === undefined ? qb : qb.where("revision", "<", before)))
        .orderBy("revision", "desc")
        .limit(limit - records.length)
        .execute();
      for (const row of rows) records.push(this.#historyRecord(key, row));
      return records;
    });
  }

  async listActors(query: ListActorsQuery): Promise<StoredActorSummary[]> {
    const limit = Math.trunc(query.limit);
    if (limit <= 0) return [];
    const { type, after } = query;
    const rows = await this.#guard("listActors", () =>
      this.#db
        .selectFrom("actor_state")
        .select(["system", "type", "name", "revision", "updated_at"])
        .where("system", "=", query.system)
        .$call((qb) => (type === undefined ? qb : qb.where("type", "=", type)))
        .$call((qb) =>
          after === undefined
            ? qb
            : // Spelled out rather than a row-value comparison so every database uses the key index.
              qb.where((eb) =>
                eb.or([eb("type", ">", after.type), eb.and([eb("type", "=", after.type), eb("name", ">", after.name)])]),
              ),
        )
        .orderBy("type").orderBy("name")
        .limit(limit)
        .execute(),
    );
    return rows.map((row) => ({
      key: { system: row.system, type: row.type, name: row.name },
      revision: Number(row.revision),
      updatedAt: this.#time(row.updated_at),
    }));
  }

  async enqueue(records: readonly OutboxRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.#guard("enqueue", () =>
      runWriteTransaction(this.#db, this.#dialect, (trx) => insertOutbox(trx, this.#dialect, records)),
    );
  }

  async claimDue(now: Date, limit: number, claimUntil: Date): Promise<OutboxRecord[]> {
    const count = Math.trunc(limit);
    if (count <= 0) return [];
    return this.#guard("claimDue", () =>
      runWriteTransaction(this.#db, this.#dialect, (trx) => claimDueOutbox(trx, this.#dialect, now, count, claimUntil)),
    );
  }

  async completeOutbox(id: string): Promise<void> {
    await this.#guard("completeOutbox", () => this.#dialect.serializeWrites(() => deleteOutbox(this.#db, id)));
  }

  async retryOutbox(id: string, attempt: number, nextAttemptAt: Date, lastError: string): Promise<void> {
    await this.#guard("retryOutbox", () =>
      this.#dialect.serializeWrites(() =>
        updateOutboxAttempt(this.#db, this.#dialect, id, attempt, nextAttemptAt, lastError),
      ),
    );
  }

  async deadLetter(id: string, attempt: number, error: string, failedAt: Date): Promise<void> {
    await this.#guard("deadLetter", () =>
      runWriteTransaction(this.#db, this.#dialect, (trx) =>
        moveToDeadLetters(trx, this.#dialect, id, attempt, error, failedAt),
      ),
    );
  }

  async listDeadLetters(query: {
    readonly system: string;
    readonly limit: number;
    readonly after?: string;
  }): Promise<DeadLetterRecord[]> {
    return this.#guard("listDeadLetters", () => selectDeadLetters(this.#db, this.#dialect, query));
  }

  async replayDeadLetter(id: string, now: Date): Promise<boolean> {
    return this.#guard("replayDeadLetter", () =>
      runWriteTransaction(this.#db, this.#dialect, (trx) => replayFromDeadLetters(trx, this.#dialect, id, now)),
    );
  }

  async deleteDeadLetter(id: string): Promise<boolean> {
    return this.#guard("deleteDeadLetter", () =>
      this.#dialect.serializeWrites(() => deleteDeadLetterRow(this.#db, id)),
    );
  }

  async putIdempotency(records: readonly IdempotencyRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.#guard("putIdempotency", () =>
      runWriteTransaction(this.#db, this.#dialect, (trx) => upsertIdempotency(trx, this.#dialect, records)),
    );
  }

  async getIdempotency(key: ActorKey, idempotencyKey: string, now: Date): Promise<IdempotencyRecord | undefined> {
    return this.#guard("getIdempotency", () => selectIdempotency(this.#db, this.#dialect, key, idempotencyKey, now));
  }

  async purgeIdempotency(now: Date): Promise<number> {
    return this.#guard("purgeIdempotency", () =>
      this.#dialect.serializeWrites(() => deleteExpiredIdempotency(this.#db, this.#dialect, now)),
    );
  }

  /**
   * Re-encrypts every row (current and history) that is plaintext or encrypted with a
   * key other than the cipher's first, in batches. Afterwards keys other than the first
   * can be dropped from ACTORGATE_STATE_KEYS. Safe while the gateway runs.
   */
  async rekey(options?: RekeyOptions): Promise<RekeyResult> {
    const cipher = this.#codec.cipher;
    if (!cipher) throw new StateKeyError("rekey needs state keys: set ACTORGATE_STATE_KEYS (the first key encrypts)");
    return this.#guard("rekey", () => rekeyAll(this.#db, this.#dialect, this.#codec, cipher, options));
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }

  #current(key: ActorKey): Promise<StateRow | undefined> {
    return this.#db
      .selectFrom("actor_state")
      .select(STATE_COLUMNS)
      .where((eb) => keyEquals(eb, key))
      .executeTakeFirst();
  }

  #currentRecord(key: ActorKey, row: StateRow): RevisionRecord {
    return {
      revision: Number(row.revision),
      state: this.#codec.decode(key, row.state, row.key_id, row.state_type),
      stateType: row.state_type,
      validFrom: this.#time(row.updated_at),
      validTo: null,
    };
  }

  #historyRecord(key: ActorKey, row: HistoryRow): RevisionRecord {
    return {
      revision: Number(row.revision),
      state: this.#codec.decode(key, row.state, row.key_id, row.state_type),
      stateType: row.state_type,
      validFrom: this.#time(row.valid_from),
      validTo: this.#time(row.valid_to),
    };
  }

  #time(value: DbTimeValue): Date {
    return this.#dialect.fromDbTime(value);
  }

  /** Turns "cannot reach the database" into StoreUnavailableError; everything else passes through. */
  async #guard<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof StaleWriteError || error instanceof FencedWriteError || error instanceof StateKeyError) throw error;
      if (this.#dialect.isUnavailable(error)) {
        // The cause is detached from the driver: pg errors can hold their Client, mysql2
        // errors their SQL, and this error travels to callers and into logs.
        const cause = detachedError(error);
        const code = (cause as { code?: string }).code;
        throw new StoreUnavailableError(
          `store ${operation} failed: ${this.#dialect.description} is unavailable ` +
            `(${code !== undefined && !cause.message.includes(code) ? `${code}: ` : ""}${cause.message}); ` +
            `check that the database is running and reachable, then retry`,
          { cause, store: this.#dialect.description },
        );
      }
      throw error;
    }
  }
}

