// The tables the store owns, as Kysely sees them. The DDL lives in migrations.ts; the
// per-database column types in each *-dialect.ts.
//
// actor_state          the current state of every actor that was ever written
//   system, type, name   primary key; ASCII, case-sensitive, <= 200 characters each
//   revision             bumped by every applied change; the fencing token for writes
//   state                encoded state (possibly encrypted), NULL = no state / cleared
//   state_type           "json" or a protobuf type URL
//   key_id               id of the key that encrypted `state`, NULL = plaintext
//   owner_node, owner_epoch   reserved for fencing by the cluster directory's epoch
//   status               "active" (reserved: tombstones)
//   updated_at           when this revision was written (ms precision)
//
// actor_state_history  replaced revisions, pruned by each write's RetentionPolicy
//   system, type, name, revision   primary key
//   state, state_type, key_id      as in actor_state
//   valid_from, valid_to           the revision was current during [valid_from, valid_to)
//
// outbox               durable async/scheduled invocations and effects
//   id (pk), system, type, name (the target), action, payload, payload_type,
//   metadata (JSON object text), caller (JSON ActorKey text, NULL = none), attempt,
//   max_attempts, next_attempt_at (claimDue moves it forward while delivering),
//   created_at, idempotency_key, status ("pending"), last_error;
//   index (status, next_attempt_at) for the dispatcher's poll
//
// dead_letters         outbox rows that ran out of attempts: the outbox columns (status
//   "dead") plus failed_at and error
//
// idempotency          first result of an invoke with an idempotency key
//   system, type, name, idempotency_key   primary key ("key" is reserved in MySQL)
//   invocation_id, status ("ok"; reserved: errors), revision (the actor's after the
//   call), reply + reply_type (NULL reply = no reply), error_code, error_message
//   (reserved), created_at, expires_at (indexed for the purge)
//
// actor_partition      cluster mode: the fencing epoch of each partition of the actor
//   partition_id (pk), epoch (raised by the node that takes the partition over; every
//   fenced state write checks it under a row lock), node (who claimed it), updated_at
//
// Timestamps are `timestamptz(3)` on Postgres, `datetime(3)` in UTC on MySQL and
// integer epoch milliseconds on SQLite (exact, and compares as a number).
import type { ColumnType } from "kysely";

/** A timestamp as the driver gives it: a Date (Postgres, MySQL) or epoch ms (SQLite). */
export type DbTime = ColumnType<DbTimeValue, Date | number, Date | number>;
export type DbTimeValue = Date | number | string;
/** bigint columns: pg returns int8 as a string, the others a number. */
export type DbBigint = ColumnType<number | string | bigint, number, number>;
/** Binary columns; drivers return Buffers, which are Uint8Arrays. */
export type DbBytes = Uint8Array | null;

export interface ActorStateTable {
  system: string;
  type: string;
  name: string;
  revision: DbBigint;
  state: DbBytes;
  state_type: string;
  key_id: string | null;
  owner_node: ColumnType<string | null, string | null | undefined, string | null>;
  owner_epoch: ColumnType<number | string | bigint, number | undefined, number>;
  status: ColumnType<string, string | undefined, string>;
  updated_at: DbTime;
}

export interface ActorStateHistoryTable {
  system: string;
  type: string;
  name: string;
  revision: DbBigint;
  state: DbBytes;
  state_type: string;
  key_id: string | null;
  valid_from: DbTime;
  valid_to: DbTime;
}

interface OutboxColumns {
  id: string;
  system: string;
  type: string;
  name: string;
  action: string;
  payload: DbBytes;
  payload_type: string | null;
  metadata: string | null;
  caller: string | null;
  attempt: number;
  max_attempts: number;
  next_attempt_at: DbTime;
  created_at: DbTime;
  idempotency_key: string | null;
  status: ColumnType<string, string | undefined, string>;
  last_error: string | null;
}

export type OutboxTable = OutboxColumns;

export interface DeadLettersTable extends OutboxColumns {
  failed_at: DbTime;
  error: string | null;
}

export interface IdempotencyTable {
  system: string;
  type: string;
  name: string;
  idempotency_key: string;
  invocation_id: string;
  status: ColumnType<string, string | undefined, string>;
  revision: DbBigint;
  reply: DbBytes;
  reply_type: string | null;
  error_code: ColumnType<string | null, string | null | undefined, string | null>;
  error_message: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: DbTime;
  expires_at: DbTime;
}

/** Cluster mode's fencing epochs, one row per partition of the actor space. */
export interface ActorPartitionTable {
  partition_id: number;
  epoch: DbBigint;
  node: string;
  updated_at: DbTime;
}

export interface StoreDatabase {
  actor_partition: ActorPartitionTable;
  actor_state: ActorStateTable;
  actor_state_history: ActorStateHistoryTable;
  outbox: OutboxTable;
  dead_letters: DeadLettersTable;
  idempotency: IdempotencyTable;
}

/** Status of a live actor_state row. */
export const ACTIVE = "active";
/** Status of an outbox row waiting for (re)delivery. */
export const PENDING = "pending";
/** Status of a dead_letters row. */
export const DEAD = "dead";
