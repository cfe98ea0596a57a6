// Small builders shared by the store tests.
import { randomBytes } from "node:crypto";
import type { ActorKey, IdempotencyRecord, OutboxRecord, RetentionPolicy, StateWrite } from "../../server/src/store/store.js";

/** Keeps every replaced revision (within the test's scale). */
export const KEEP_ALL: RetentionPolicy = { maxRevisions: 10_000, maxAgeSeconds: 0 };

/** A system name no other test uses, so tests can share one database. */
export function uniqueSystem(prefix = "sys"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export function actorKey(system: string, name: string, type = "Counter"): ActorKey {
  return { system, type, name };
}

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function text(state: Uint8Array | null | undefined): string | null | undefined {
  return state == null ? state : new TextDecoder().decode(state);
}

/** A write of `state` (UTF-8 JSON text, or null) as `revision`, fenced on revision - 1 by default. */
export function stateWrite(
  key: ActorKey,
  revision: number,
  state: string | null,
  options: { expected?: number; retention?: RetentionPolicy; stateType?: string } = {},
): StateWrite {
  return {
    key,
    revision,
    expectedRevision: options.expected ?? revision - 1,
    state: state === null ? null : bytes(state),
    stateType: options.stateType ?? "json",
    retention: options.retention ?? KEEP_ALL,
  };
}

/** A clock the test moves by hand; pass `clock.now` as the store's `now`. */
export class ManualClock {
  #time: number;

  constructor(start: Date = T0) {
    this.#time = start.getTime();
  }

  readonly now = (): Date => new Date(this.#time);

  set(date: Date): void {
    this.#time = date.getTime();
  }
}

/** A fixed instant with a millisecond part, so precision loss would show. */
export const T0 = new Date("2030-01-02T03:04:05.678Z");

/** T0 plus `seconds` (fractions allowed). */
export function after(seconds: number): Date {
  return new Date(T0.getTime() + Math.round(seconds * 1000));
}

/** An outbox row due now, with a JSON payload of null; `overrides` set anything else. */
export function outboxRecord(id: string, overrides: Partial<OutboxRecord> = {}): OutboxRecord {
  const now = new Date();
  return {
    id,
    target: { system: "s", type: "T", name: "target" },
    action: "ping",
    payload: { state: null, stateType: "json" },
    metadata: {},
    caller: null,
    attempt: 0,
    maxAttempts: 3,
    nextAttemptAt: now,
    createdAt: now,
    idempotencyKey: null,
    lastError: null,
    ...overrides,
  };
}

/** A remembered idempotent result (no reply) for `key`, kept for a minute. */
export function idempotencyRecord(key: ActorKey, idempotencyKey: string, revision: number): IdempotencyRecord {
  const now = new Date();
  return {
    key,
    idempotencyKey,
    invocationId: `inv-${idempotencyKey}`,
    reply: { state: null, stateType: "json" },
    revision,
    createdAt: now,
    expiresAt: new Date(now.getTime() + 60_000),
  };
}
