// Group commit: many actors' new states in one transaction, fenced, with history.
//
// Per chunk of up to CHUNK actors the transaction runs a fixed number of statements,
// not a number per actor:
//   1. SELECT the current revisions ... FOR UPDATE   (lock; the fencing check is in JS)
//   2. INSERT INTO history SELECT ... FROM actor_state (replaced rows, copied server-side)
//   3. upsert the rows that existed                   (multi-row ON CONFLICT / ON DUPLICATE KEY)
//   4. INSERT the rows that did not                   (plain: a concurrent creator collides)
//   5. SELECT the history beyond retention and DELETE exactly those rows (only for actors
//      whose revision says they can have that much history), per distinct
//      retention policy in the chunk (usually one: policies are per actor type)
// and then, for the whole batch, multi-row inserts of the effects (outbox) and
// idempotency results the writes carry.
import type { Transaction } from "kysely";
import type { ActorKey, RetentionPolicy, StateWrite } from "../store.js";
import { StaleWriteError, actorKeyString } from "../store.js";
import { keysIn } from "./key-filter.js";
import { checkFences } from "./partition-fence.js";
import { insertOutbox, upsertIdempotency } from "./outbox-queries.js";
import { ACTIVE } from "./schema.js";
import type { StoreDatabase } from "./schema.js";
import type { EncodedRowState } from "./state-codec.js";
import type { StoreDialect } from "./store-dialect.js";

/**
 * Actors per statement. 500 rows x 11 columns stays far below every database's
 * parameter limit (SQLite 32766, Postgres and MySQL 65535).
 */
export const CHUNK = 500;

/** One write with its state already encoded (encrypted) for the row. */
export interface PreparedWrite {
  readonly write: StateWrite;
  readonly encoded: EncodedRowState;
}

// Shared with MemoryStore, so both refuse the same malformed batches.
export { validateWrites } from "../validate-writes.js";

/**
 * Applies the writes inside `trx`. Throws StaleWriteError (the caller's transaction
 * rolls back) when any stored revision differs from its write's expectedRevision.
 */
export async function applyWriteBatch(
  trx: Transaction<StoreDatabase>,
  dialect: StoreDialect,
  prepared: readonly PreparedWrite[],
  clock: () => Date,
): Promise<void> {
  // Lock order = key order, so two overlapping batches cannot deadlock on each other.
  const sorted = [...prepared].sort((a, b) => compareKeys(a.write.key, b.write.key));
  const chunks: PreparedWrite[][] = [];
  for (let i = 0; i < sorted.length; i += CHUNK) chunks.push(sorted.slice(i, i + CHUNK));

  // 1. Lock and read every current row before writing any, so the batch gets one
  // timestamp that is not earlier than any row it replaces (node clocks may disagree;
  // a replaced revision's [valid_from, valid_to) must not run backwards).
  const current = new Map<string, { revision: number; updatedAt: Date }>();
  for (const chunk of chunks) {
    const rows = await trx
      .selectFrom("actor_state")
      .select(["system", "type", "name", "revision", "updated_at"])
      .where((eb) => keysIn(eb, chunk.map((p) => p.write.key)))
      .orderBy("system").orderBy("type").orderBy("name")
      .$if(dialect.supportsForUpdate, (qb) => qb.forUpdate())
      .execute();
    for (const row of rows) {
      current.set(actorKeyString(row), { revision: Number(row.revision), updatedAt: dialect.fromDbTime(row.updated_at) });
    }
  }

  let now = clock();
  for (const { write } of sorted) {
    const stored = current.get(actorKeyString(write.key));
    const actual = stored?.revision ?? 0;
    if (actual !== write.expectedRevision) throw new StaleWriteError(write.key, write.expectedRevision, actual);
    if (stored && stored.updatedAt > now) now = stored.updatedAt;
  }
  // Cluster mode: the writer must still own the partitions (see partition-fence.ts).
  await checkFences(trx, dialect, sorted.flatMap((p) => (p.write.fence ? [p.write.fence] : [])));
  const at = dialect.toDbTime(now);

  for (const chunk of chunks) {
    const replaced = chunk.filter((p) => p.write.expectedRevision > 0);
    const created = chunk.filter((p) => p.write.expectedRevision === 0);

    // 2. History: only for actors whose policy keeps any; the blobs never leave the server.
    const keep = replaced.filter((p) => p.write.retention.maxRevisions > 0).map((p) => p.write.key);
    if (keep.length > 0) {
      await trx
        .insertInto("actor_state_history")
        .columns(["system", "type", "name", "revision", "state", "state_type", "key_id", "valid_from", "valid_to"])
        .expression((eb) =>
          eb
            .selectFrom("actor_state")
            .select((inner) => [
              "system",
              "type",
              "name",
              "revision",
              "state",
              "state_type",
              "key_id",
              inner.ref("updated_at").as("valid_from"),
              inner.val(at).as("valid_to"),
            ])
            .where((inner) => keysIn(inner, keep)),
        )
        .execute();
    }

    const toRow = ({ write, encoded }: PreparedWrite) => ({
      system: write.key.system,
      type: write.key.type,
      name: write.key.name,
      revision: write.revision,
      state: encoded.state,
      state_type: write.stateType,
      key_id: encoded.keyId,
      status: ACTIVE,
      updated_at: at,
    });

    // 3. Rows we hold locks on and have checked: a multi-row upsert is a multi-row update.
    if (replaced.length > 0) {
      await dialect.upserts.current(trx.insertInto("actor_state").values(replaced.map(toRow))).execute();
    }
    // 4. New rows: a plain INSERT, so an actor created concurrently by someone else is a
    // primary-key violation (retried by the caller, which then reports StaleWriteError).
    if (created.length > 0) {
      await trx.insertInto("actor_state").values(created.map(toRow)).execute();
    }

    // 5. Retention, for the actors that can have history beyond it.
    for (const [policy, keys] of groupByPolicy(replaced.filter(mayExceedRetention))) {
      await pruneHistory(trx, dialect, keys, policy, now);
    }
  }

  // 6. What the turns emitted, durable exactly when their state is.
  const outbox = sorted.flatMap((p) => p.write.outbox ?? []);
  if (outbox.length > 0) await insertOutbox(trx, dialect, outbox);
  const idempotency = sorted.flatMap((p) => p.write.idempotency ?? []);
  if (idempotency.length > 0) await upsertIdempotency(trx, dialect, idempotency);
}

/** Deletes the history of `keys` beyond `policy`: more than maxRevisions, or older than maxAgeSeconds. */
async function pruneHistory(
  trx: Transaction<StoreDatabase>,
  dialect: StoreDialect,
  keys: readonly ActorKey[],
  policy: RetentionPolicy,
  now: Date,
): Promise<void> {
  if (policy.maxRevisions <= 0) {
    await trx
      .deleteFrom("actor_state_history")
      .where((eb) => keysIn(eb, keys))
      .execute();
    return;
  }
  // Find the doomed rows first, then delete exactly those. A single DELETE ... WHERE
  // (key, revision) IN (ranked subquery) is tempting, but planners without fresh table
  // statistics run the subquery once per candidate row (seconds for a 500-actor batch),
  // and MySQL cannot delete from a table its own subquery reads.
  const cutoff =
    policy.maxAgeSeconds > 0 ? dialect.toDbTime(new Date(now.getTime() - policy.maxAgeSeconds * 1000)) : undefined;
  const ranked = trx
    .selectFrom("actor_state_history")
    .select((eb) => [
      "system",
      "type",
      "name",
      "revision",
      "valid_to",
      eb.fn
        .agg<number>("row_number")
        .over((over) => over.partitionBy(["system", "type", "name"]).orderBy("revision", "desc"))
        .as("rn"),
    ])
    .where((eb) => keysIn(eb, keys))
    .as("ranked");
  const doomed = await trx
    .selectFrom(ranked)
    .select(["ranked.system", "ranked.type", "ranked.name", "ranked.revision"])
    .where((eb) =>
      eb.or([
        eb("ranked.rn", ">", Math.trunc(policy.maxRevisions)),
        ...(cutoff === undefined ? [] : [eb("ranked.valid_to", "<", cutoff)]),
      ]),
    )
    .execute();

  for (let i = 0; i < doomed.length; i += CHUNK) {
    const groups = new Map<string, { system: string; type: string; rows: { name: string; revision: number }[] }>();
    for (const row of doomed.slice(i, i + CHUNK)) {
      const id = `${row.system}\0${row.type}`;
      let group = groups.get(id);
      if (!group) {
        group = { system: row.system, type: row.type, rows: [] };
        groups.set(id, group);
      }
      group.rows.push({ name: row.name, revision: Number(row.revision) });
    }
    await trx
      .deleteFrom("actor_state_history")
      .where((eb) =>
        eb.or(
          [...groups.values()].map((group) =>
            eb.and([
              eb("system", "=", group.system),
              eb("type", "=", group.type),
              eb(
                eb.refTuple("name", "revision"),
                "in",
                group.rows.map((row) => eb.tuple(row.name, row.revision)),
              ),
            ]),
          ),
        ),
      )
      .execute();
  }
}

/**
 * False when this write cannot leave more history than its policy keeps, so pruning
 * can skip the actor (the common case for young actors, and a query per batch saved).
 * History rows have distinct revisions below the one being written, so there are at
 * most `revision - 1` of them; an age limit can apply to any of them.
 */
export function mayExceedRetention({ write }: PreparedWrite): boolean {
  const { maxRevisions, maxAgeSeconds } = write.retention;
  return maxAgeSeconds > 0 || write.revision - 1 > maxRevisions;
}

function groupByPolicy(prepared: readonly PreparedWrite[]): Map<RetentionPolicy, ActorKey[]> {
  // Keyed by value, not identity: each write may carry its own policy object.
  const byValue = new Map<string, { policy: RetentionPolicy; keys: ActorKey[] }>();
  for (const { write } of prepared) {
    const id = `${write.retention.maxRevisions}/${write.retention.maxAgeSeconds}`;
    let group = byValue.get(id);
    if (!group) {
      group = { policy: write.retention, keys: [] };
      byValue.set(id, group);
    }
    group.keys.push(write.key);
  }
  return new Map([...byValue.values()].map((group) => [group.policy, group.keys]));
}

/** Byte order of (system, type, name), the order the databases' key columns sort in. */
export function compareKeys(a: ActorKey, b: ActorKey): number {
  return compare(a.system, b.system) || compare(a.type, b.type) || compare(a.name, b.name);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
