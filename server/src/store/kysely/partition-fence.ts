// Cluster fencing at the store: each partition of the actor space has an epoch, raised by
// the node that takes the partition over. A fenced state write locks its partitions' rows
// and checks their epochs inside the write's transaction, so a node that lost ownership
// can never commit, however long it was paused; the takeover's UPDATE waits for writes
// already holding the lock, and every later write sees the new epoch.
import type { Transaction } from "kysely";
import { FencedWriteError } from "../store.js";
import type { OwnerFence, PartitionClaim } from "../store.js";
import type { StoreDatabase } from "./schema.js";
import type { StoreDialect } from "./store-dialect.js";

/** Throws FencedWriteError unless every fence's epoch is its partition's stored epoch. */
export async function checkFences(
  trx: Transaction<StoreDatabase>,
  dialect: StoreDialect,
  fences: readonly OwnerFence[],
): Promise<void> {
  if (fences.length === 0) return;
  const wanted = new Map<number, number>();
  for (const f of fences) {
    const seen = wanted.get(f.partition);
    // One batch may carry activations from before and after a re-claim of one partition.
    if (seen === undefined || f.epoch < seen) wanted.set(f.partition, f.epoch);
  }
  const partitions = [...wanted.keys()].sort((a, b) => a - b);
  const rows = await trx
    .selectFrom("actor_partition")
    .select(["partition_id", "epoch"])
    .where("partition_id", "in", partitions)
    .orderBy("partition_id")
    .$if(dialect.supportsForUpdate, (qb) => qb.forUpdate())
    .execute();
  const stored = new Map(rows.map((r) => [Number(r.partition_id), Number(r.epoch)]));
  for (const partition of partitions) {
    const actual = stored.get(partition) ?? 0;
    const expected = wanted.get(partition)!;
    if (actual !== expected) throw new FencedWriteError(partition, expected, actual);
  }
}

/** Raises the epochs whose claim is newer; returns the partitions that were claimed. */
export async function applyPartitionClaims(
  trx: Transaction<StoreDatabase>,
  dialect: StoreDialect,
  claims: readonly PartitionClaim[],
  now: Date,
): Promise<number[]> {
  const granted: number[] = [];
  const at = dialect.toDbTime(now);
  // Lock order = partition order, as in checkFences, so claims and writes cannot deadlock.
  for (const claim of [...claims].sort((a, b) => a.partition - b.partition)) {
    const updated = await trx
      .updateTable("actor_partition")
      .set({ epoch: claim.epoch, node: claim.node, updated_at: at })
      .where("partition_id", "=", claim.partition)
      .where("epoch", "<", claim.epoch)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) {
      granted.push(claim.partition);
      continue;
    }
    const existing = await trx
      .selectFrom("actor_partition")
      .select("epoch")
      .where("partition_id", "=", claim.partition)
      .executeTakeFirst();
    if (existing) continue; // a newer (or equal) epoch is already stored
    // No row yet: a concurrent first claim makes this a primary-key violation, which the
    // caller's transaction retries (and then finds their row).
    await trx
      .insertInto("actor_partition")
      .values({ partition_id: claim.partition, epoch: claim.epoch, node: claim.node, updated_at: at })
      .execute();
    granted.push(claim.partition);
  }
  return granted;
}
