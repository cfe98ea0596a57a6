// The persistence boundary. The runtime only sees this interface; implementations are
// named after their technology (MemoryStore, KyselyStore) and own every SQL detail.
import { actorKeyString } from "@actorgate/client/common";

/** Identifies one actor's state row. */
export interface ActorKey {
  readonly system: string;
  readonly type: string;
  readonly name: string;
}

/**
 * Encoded state as the store keeps it. `stateType` is "json" for natural-JSON state
 * (bytes are UTF-8 JSON text) or a protobuf type URL (bytes are the message).
 * `state === null` means the actor has no state (never set, or cleared).
 */
export interface EncodedState {
  readonly state: Uint8Array | null;
  readonly stateType: string;
}

/** The current durable state of one actor. */
export interface StoredState extends EncodedState {
  readonly key: ActorKey;
  /** Revision of this state; every applied change bumps it. */
  readonly revision: number;
  /** When this revision was written. */
  readonly updatedAt: Date;
}

/** An encoded message body: same shape as state ("json" text or a type URL). */
export type EncodedPayload = EncodedState;

/**
 * A durable invocation waiting for delivery (async, scheduled, or an effect of a
 * durable turn). Delivered at least once; removed when it succeeded.
 */
export interface OutboxRecord {
  /** The invocation id; unique. */
  readonly id: string;
  readonly target: ActorKey;
  readonly action: string;
  readonly payload: EncodedPayload;
  readonly metadata: Readonly<Record<string, string>>;
  /** The actor that sent it, if any (told when it ends in dead letters). */
  readonly caller: ActorKey | null;
  /** Attempts made so far. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly nextAttemptAt: Date;
  readonly createdAt: Date;
  readonly idempotencyKey: string | null;
  readonly lastError: string | null;
}

/** An invocation whose attempts ran out, kept for inspection and replay. */
export interface DeadLetterRecord extends OutboxRecord {
  readonly failedAt: Date;
  readonly error: string;
}

/** The stored first result of an invocation made with an idempotency key. */
export interface IdempotencyRecord {
  readonly key: ActorKey;
  readonly idempotencyKey: string;
  readonly invocationId: string;
  /** The reply; null state means "no reply". */
  readonly reply: EncodedPayload;
  /** The actor's revision after the call. */
  readonly revision: number;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** One write in a batch: the new current state of one actor. */
export interface StateWrite extends EncodedState {
  readonly key: ActorKey;
  /** The new revision; must be greater than the stored one. */
  readonly revision: number;
  /**
   * Fencing: the write only applies if the stored revision equals this (0 = no row yet).
   * A mismatch fails the whole batch with StaleWriteError, so a stale owner can never
   * overwrite newer state.
   */
  readonly expectedRevision: number;
  /** History retention for this actor's type. */
  readonly retention: RetentionPolicy;
  /** Invocations this state change emitted (effects): written in the same transaction. */
  readonly outbox?: readonly OutboxRecord[];
  /** Idempotent results this state change produced: written in the same transaction. */
  readonly idempotency?: readonly IdempotencyRecord[];
  /**
   * Fencing by ownership (cluster mode): the write only applies while the store's epoch
   * of `fence.partition` is `fence.epoch`. A node that lost the partition (paused,
   * partitioned, slow) holds an older epoch, and its whole batch fails with
   * FencedWriteError. Absent on a single node.
   */
  readonly fence?: OwnerFence;
}

/** The ownership a write claims: a partition of the actor space and its owner's epoch. */
export interface OwnerFence {
  readonly partition: number;
  readonly epoch: number;
}

/** A node taking a partition over, with the epoch its ownership is fenced by. */
export interface PartitionClaim {
  readonly partition: number;
  /** Must be greater than the stored epoch for the claim to apply. */
  readonly epoch: number;
  /** The claiming node, kept for operators. */
  readonly node: string;
}

/** How much replaced history to keep per actor. */
export interface RetentionPolicy {
  /** Keep at most this many replaced revisions (0 = none). */
  readonly maxRevisions: number;
  /** Drop replaced revisions older than this many seconds (0 = no age limit). */
  readonly maxAgeSeconds: number;
}

/** One kept revision of an actor, current or replaced. */
export interface RevisionRecord extends EncodedState {
  readonly revision: number;
  readonly validFrom: Date;
  /** When it was replaced; null for the current revision. */
  readonly validTo: Date | null;
}

/** A page of actors with stored state. */
export interface StoredActorSummary {
  readonly key: ActorKey;
  readonly revision: number;
  readonly updatedAt: Date;
}

export interface ListActorsQuery {
  readonly system: string;
  readonly type?: string;
  /** Exclusive cursor: actors after this (type, name) in (type, name) order. */
  readonly after?: { readonly type: string; readonly name: string };
  readonly limit: number;
}

export interface ListRevisionsQuery {
  /** Exclusive cursor: revisions below this one. */
  readonly before?: number;
  readonly limit: number;
}

/**
 * Durable actor state with history. Every method may throw StoreUnavailableError when
 * the database cannot be reached; callers retry or report `unavailable`.
 */
export interface Store {
  /** Creates or upgrades the schema. Safe when several nodes run it at once. */
  migrate(): Promise<void>;
  /** The current state, or undefined when the actor has never been written. */
  load(key: ActorKey): Promise<StoredState | undefined>;
  /**
   * The current state of many actors in few round trips (cold activation of many
   * actors at once); actors never written are absent from the result, keyed by
   * actorKeyString.
   */
  loadMany(keys: readonly ActorKey[]): Promise<Map<string, StoredState>>;
  /**
   * Writes many actors in one transaction (group commit). For each write the replaced
   * row moves to history (valid_to = now) and history beyond the retention is pruned.
   * All-or-nothing: on any error nothing is written.
   */
  writeBatch(writes: readonly StateWrite[]): Promise<void>;
  /** A specific revision (current or from history), or undefined if not kept. */
  loadRevision(key: ActorKey, revision: number): Promise<RevisionRecord | undefined>;
  /** The revision that was current at `at`, or undefined if none was. */
  loadAt(key: ActorKey, at: Date): Promise<RevisionRecord | undefined>;
  /** Kept revisions, newest first, current one included. */
  listRevisions(key: ActorKey, query: ListRevisionsQuery): Promise<RevisionRecord[]>;
  /** Actors with stored state, ordered by (type, name). */
  listActors(query: ListActorsQuery): Promise<StoredActorSummary[]>;
  /** Adds invocations to the outbox in one transaction; an existing id is left as is. */
  enqueue(records: readonly OutboxRecord[]): Promise<void>;
  /**
   * Claims up to `limit` due invocations (next_attempt_at <= now), oldest first, by
   * moving their next_attempt_at to `claimUntil`: if this node dies, they become due
   * again then.
   */
  claimDue(now: Date, limit: number, claimUntil: Date): Promise<OutboxRecord[]>;
  /** Removes a delivered invocation. */
  completeOutbox(id: string): Promise<void>;
  /** Records a failed attempt and when to try next. */
  retryOutbox(id: string, attempt: number, nextAttemptAt: Date, lastError: string): Promise<void>;
  /** Moves an invocation from the outbox to dead letters. */
  deadLetter(id: string, attempt: number, error: string, failedAt: Date): Promise<void>;
  /** Dead letters of a system, oldest first, after the `after` id cursor. */
  listDeadLetters(query: { readonly system: string; readonly limit: number; readonly after?: string }): Promise<DeadLetterRecord[]>;
  /** Moves a dead letter back to the outbox with its attempts reset; false if unknown. */
  replayDeadLetter(id: string, now: Date): Promise<boolean>;
  /** Deletes a dead letter; false if unknown. */
  deleteDeadLetter(id: string): Promise<boolean>;
  /** Stores idempotent results outside a state write (stateless actors). */
  putIdempotency(records: readonly IdempotencyRecord[]): Promise<void>;
  /** The stored result for an idempotency key, if kept and not expired at `now`. */
  getIdempotency(key: ActorKey, idempotencyKey: string, now: Date): Promise<IdempotencyRecord | undefined>;
  /** Deletes results that expired before `now`; returns how many. */
  purgeIdempotency(now: Date): Promise<number>;
  /**
   * Raises the fencing epoch of partitions (cluster takeover), in one transaction: each
   * claim applies only if its epoch is greater than the stored one. It waits for state
   * writes under the old epoch that are in progress, and every write after it that
   * carries an older epoch fails. Returns the partitions whose claim applied.
   */
  claimPartitions(claims: readonly PartitionClaim[]): Promise<number[]>;
  /** Releases connections. */
  close(): Promise<void>;
}

/**
 * The database could not be reached or the transaction failed for a transient reason.
 * The message names the store (dialect, host:port and database, never a password) and
 * never holds SQL text; `cause` is a detached copy of the driver error (name, code,
 * message), never an object that holds a connection, so it is safe to log.
 */
export class StoreUnavailableError extends Error {
  /** The store that failed, as in the message: e.g. `postgres://app@db:5432/main (schema s)`. */
  readonly store: string | undefined;

  constructor(message: string, options?: { cause?: unknown; store?: string }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = "StoreUnavailableError";
    this.store = options?.store;
  }
}

/** A fenced write found a different revision than expected (another owner wrote). */
export class StaleWriteError extends Error {
  constructor(
    readonly key: ActorKey,
    readonly expectedRevision: number,
    readonly actualRevision: number,
  ) {
    super(
      `stale write for ${actorKeyString(key)}: expected stored revision ` +
        `${expectedRevision}, found ${actualRevision}`,
    );
    this.name = "StaleWriteError";
  }
}

/** A fenced write carried an epoch that is no longer its partition's: another node owns it now. */
export class FencedWriteError extends Error {
  constructor(
    readonly partition: number,
    readonly expectedEpoch: number,
    readonly actualEpoch: number,
  ) {
    super(
      `fenced write: partition ${partition} is at epoch ${actualEpoch}, the write holds ` +
        `epoch ${expectedEpoch}; another node owns these actors now`,
    );
    this.name = "FencedWriteError";
  }
}

/** "system/type/name" (one rule for the gateway and the SDK: @actorgate/client/common). */
export { actorKeyString };
