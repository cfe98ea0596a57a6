import { actorKeyString, type StateWrite } from "./store.js";

/** Checks what the database cannot: revisions are sane and each actor appears once. */
export function validateWrites(writes: readonly StateWrite[]): void {
  const seen = new Set<string>();
  for (const write of writes) {
    const id = actorKeyString(write.key);
    if (!Number.isSafeInteger(write.revision) || !Number.isSafeInteger(write.expectedRevision) || write.expectedRevision < 0) {
      throw new RangeError(
        `write for ${id}: revision (${write.revision}) and expectedRevision (${write.expectedRevision}) must be non-negative integers`,
      );
    }
    if (write.revision <= write.expectedRevision) {
      throw new RangeError(
        `write for ${id}: revision ${write.revision} must be greater than expectedRevision ${write.expectedRevision}`,
      );
    }
    if (seen.has(id)) {
      throw new RangeError(`writeBatch got two writes for ${id}; coalesce them into one (the last state wins)`);
    }
    seen.add(id);
  }
}
