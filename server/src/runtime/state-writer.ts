import { backoffMs } from "@actorgate/client/common";
import type { Logger } from "pino";
import type { Payload } from "@actorgate/client/gen";
import { unavailable } from "../errors.js";
import { errorDetails } from "../error-details.js";
import { actorKeyString, FencedWriteError, StaleWriteError, type IdempotencyRecord, type OutboxRecord, type StateWrite, type Store } from "../store/store.js";
import type { Activation } from "./activation.js";
import { ActorMovedError } from "./placement.js";
import { encodeState } from "./state-codec.js";

interface Waiter {
  readonly revision: number;
  resolve(): void;
  reject(err: unknown): void;
}

interface Captured {
  readonly act: Activation;
  readonly revision: number;
  readonly state: Payload | undefined;
  readonly outbox: OutboxRecord[];
  readonly idempotency: IdempotencyRecord[];
}

const TICK_MS = 25;
const noop = () => undefined;
const MAX_BATCH = 1000;
// While the store is down, write-behind retries back off to once a second, so state
// waiting in memory is written at most about a second after the store returns.
const MAX_RETRY_MS = 1000;

/**
 * Moves working state to the store. Write-behind: dirty activations are written once
 * their type's snapshot interval has passed, many per transaction, never on the reply
 * path. Durable requests (checkpoint, PER_CALL, deactivation) join the next batch at
 * once; while one batch is in flight the next one collects everything that arrives,
 * so concurrent durable calls share a transaction (group commit). Every batch, urgent
 * or not, also takes the write-behind entries that are due: under continuous durable
 * load a change is still durable within its snapshot interval plus one batch.
 */
export class StateWriter {
  readonly #dirty = new Set<Activation>();
  readonly #urgent = new Map<Activation, Waiter[]>();
  #inflight: Promise<void> | undefined;
  #kicked = false;
  #timer: NodeJS.Timeout | undefined;
  #failures = 0;
  #retryAt = 0;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    /** Told when a batch wrote outbox rows, so delivery can start at once. */
    private readonly onOutboxWritten: () => void = () => undefined,
    /**
     * Told about an activation whose write the store refused for good: another node
     * owns it now (fenced) or wrote it (stale). Its pending writes are already dropped;
     * the runtime drops the activation, and the next call loads the state afresh.
     */
    private readonly onConflict: (act: Activation) => void = () => undefined,
  ) {}

  /** Forgets what an activation had not written (it lost ownership; see onConflict). */
  discard(act: Activation, reason: Error = new ActorMovedError(`${actorKeyString(act.key)} moved to another node; its unwritten changes are void`)): void {
    this.#dirty.delete(act);
    act.takePending();
    const waiters = this.#urgent.get(act);
    if (!waiters) return;
    this.#urgent.delete(act);
    for (const w of waiters) w.reject(reason);
  }

  /** Notes that an activation's state changed; it will be flushed in the background. */
  markDirty(act: Activation): void {
    this.#dirty.add(act);
    this.#arm();
  }

  /** Resolves once the activation's current revision is durable. */
  flushNow(act: Activation): Promise<void> {
    if (!act.hasPendingWrites) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const list = this.#urgent.get(act) ?? [];
      list.push({ revision: act.revision, resolve, reject });
      this.#urgent.set(act, list);
      this.#dirty.add(act);
      this.#kick();
    });
  }

  /** Writes every dirty activation now (shutdown). Retries until done or aborted. */
  async flushAll(signal?: AbortSignal): Promise<void> {
    while (this.#dirty.size > 0 || this.#inflight) {
      if (signal?.aborted) throw unavailable("shutdown timed out with unwritten state");
      if (this.#inflight) {
        await this.#inflight;
        continue;
      }
      await this.#batch([...this.#dirty]).catch(() => new Promise((r) => setTimeout(r, 100)));
    }
  }

  /** How many activations wait to be written. */
  get pending(): number {
    return this.#dirty.size;
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #arm(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
    this.#timer.unref();
  }

  #kick(): void {
    if (this.#inflight || this.#kicked) return; // the running batch starts the next one when it ends
    // Not at once: every turn that finishes in this pass of the event loop (all the host
    // answers read in one poll) joins the same transaction. Stores that answer
    // synchronously (SQLite) would otherwise commit one actor at a time.
    this.#kicked = true;
    setImmediate(() => {
      this.#kicked = false;
      this.#tick();
    });
  }

  #tick(): void {
    if (this.#inflight) return;
    const now = Date.now();
    if (now < this.#retryAt && this.#urgent.size === 0) return;
    const due: Activation[] = [];
    for (const act of this.#urgent.keys()) due.push(act);
    // Due write-behind entries ride along with urgent ones: a batch that took only the
    // urgent requests would leave them waiting for a gap in the durable load.
    for (const act of this.#dirty) {
      if (due.length >= MAX_BATCH) break;
      if (!this.#urgent.has(act) && now - (act.dirtySince || now) >= act.type.settings.snapshotIntervalMs) due.push(act);
    }
    if (due.length === 0) {
      if (this.#dirty.size === 0) this.close();
      return;
    }
    void this.#batch(due).catch(() => undefined);
  }

  #batch(acts: Activation[]): Promise<void> {
    const captured: Captured[] = [];
    const writes: StateWrite[] = [];
    // Outbox rows and idempotent results of turns that changed no state still have to
    // be written; they go in the same round, outside a state row.
    const looseOutbox: OutboxRecord[] = [];
    const looseIdempotency: IdempotencyRecord[] = [];
    for (const act of acts) {
      if (!act.hasPendingWrites) {
        this.#settle(act, act.revision);
        continue;
      }
      const c: Captured = { act, revision: act.revision, state: act.state, ...act.takePending() };
      captured.push(c);
      if (act.revision > act.durableRevision) {
        writes.push({
          key: act.key,
          revision: act.revision,
          expectedRevision: act.durableRevision,
          retention: act.type.settings.retention,
          outbox: c.outbox,
          idempotency: c.idempotency,
          ...(act.fence ? { fence: act.fence } : {}),
          ...encodeState(act.state),
        });
      } else {
        looseOutbox.push(...c.outbox);
        looseIdempotency.push(...c.idempotency);
      }
    }
    if (captured.length === 0) return Promise.resolve();
    const wroteOutbox = captured.some((c) => c.outbox.length > 0);
    const run = (async () => {
      if (writes.length) await this.store.writeBatch(writes);
      if (looseOutbox.length) await this.store.enqueue(looseOutbox);
      if (looseIdempotency.length) await this.store.putIdempotency(looseIdempotency);
    })().then(
      () => {
        this.#failures = 0;
        this.#retryAt = 0;
        for (const c of captured) {
          c.act.durableRevision = Math.max(c.act.durableRevision, c.revision);
          if (c.act.durableRevision === c.revision) c.act.durableState = c.state;
          for (const r of c.idempotency) c.act.recentResults?.delete(r.idempotencyKey);
          this.#settle(c.act, c.revision);
        }
        if (wroteOutbox) this.onOutboxWritten();
      },
      (err: unknown) => {
        if (this.#conflicted(captured, err)) throw err;
        this.#failures++;
        this.#retryAt = Date.now() + backoffMs(this.#failures, { baseMs: 100, maxMs: MAX_RETRY_MS });
        // Code and message only: a driver error can hold its whole connection. (Not under
        // `err`: pino's error serializer would take the plain object for an Error.)
        this.log.warn({ error: errorDetails(err), actors: captured.length, failures: this.#failures }, "state write failed; will retry");
        for (const c of captured) {
          // Keep what was not written for the next try (unless the turn is reverted).
          c.act.returnPending(c.outbox, c.idempotency);
          this.#fail(c.act, err);
        }
        throw err;
      },
    );
    // #inflight only sequences batches; errors are reported through `run`.
    this.#inflight = run.then(noop, noop).finally(() => {
      this.#inflight = undefined;
      if (this.#urgent.size > 0) this.#kick();
    });
    return run;
  }

  /**
   * A fenced or stale write fails its whole batch; the activations it names can never be
   * written (they are dropped), the others are retried at once, without backing off.
   */
  #conflicted(captured: readonly Captured[], err: unknown): boolean {
    let lost: Captured[];
    if (err instanceof FencedWriteError) {
      lost = captured.filter((c) => c.act.fence?.partition === err.partition && c.act.fence.epoch === err.expectedEpoch);
    } else if (err instanceof StaleWriteError) {
      const key = actorKeyString(err.key);
      lost = captured.filter((c) => actorKeyString(c.act.key) === key);
    } else {
      return false;
    }
    if (lost.length === 0) return false;
    this.log.warn({ error: errorDetails(err), actors: lost.length }, "state write refused: another node owns these actors now; dropping them");
    const moved = new ActorMovedError(`${err.message}; the call's change was not applied`);
    for (const c of captured) {
      if (lost.includes(c)) {
        this.discard(c.act, moved);
        this.onConflict(c.act);
      } else {
        c.act.returnPending(c.outbox, c.idempotency);
      }
    }
    this.#kick();
    return true;
  }

  #settle(act: Activation, revision: number): void {
    if (!act.hasPendingWrites) {
      act.dirtySince = 0;
      this.#dirty.delete(act);
    }
    const waiters = this.#urgent.get(act);
    if (!waiters) return;
    const left = waiters.filter((w) => {
      if (w.revision > revision) return true;
      w.resolve();
      return false;
    });
    if (left.length) this.#urgent.set(act, left);
    else this.#urgent.delete(act);
  }

  #fail(act: Activation, err: unknown): void {
    const waiters = this.#urgent.get(act);
    if (!waiters) return;
    this.#urgent.delete(act);
    const error = unavailable(`state store unavailable, ${actorKeyString(act.key)} not written: ${(err as Error).message}`, err);
    for (const w of waiters) w.reject(error);
  }
}
