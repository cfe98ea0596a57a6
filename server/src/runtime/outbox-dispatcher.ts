import { errorDetails } from "../error-details.js";
import type { ConnectError } from "@connectrpc/connect";
import { backoffMs, codeName, isRetryableCode } from "@actorgate/client/common";
import type { Logger } from "pino";
import { toConnectError } from "../errors.js";
import { actorKeyString, type OutboxRecord, type Store } from "../store/store.js";


export interface DispatcherOptions {
  /** How often to look for due invocations when nothing kicks the loop. Default 200 ms. */
  readonly pollMs?: number;
  /** Invocations claimed per round. Default 200. */
  readonly batch?: number;
  /** A claimed invocation becomes due again after this long if this node dies. Default 60 s. */
  readonly claimMs?: number;
  /** First retry delay; doubles per attempt up to maxBackoffMs. Default 200 ms. */
  readonly baseBackoffMs?: number;
  /** Longest retry delay. Default 30 s. */
  readonly maxBackoffMs?: number;
}

export interface DispatcherHandlers {
  /** Runs the invocation; throws what the call failed with. */
  deliver(record: OutboxRecord): Promise<void>;
  /** Told after an invocation moved to dead letters (poison-message notification). */
  onDeadLetter(record: OutboxRecord, error: ConnectError): Promise<void>;
}

/**
 * Delivers the outbox at least once: claims due rows, runs them, deletes them on
 * success, retries with exponential backoff and jitter on failure, and moves them to
 * dead letters after their last attempt (or at once for errors no retry can fix).
 */
export class OutboxDispatcher {
  readonly #inflight = new Set<string>();
  readonly #running = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  #stopped = false;
  readonly #opts: Required<DispatcherOptions>;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly handlers: DispatcherHandlers,
    options: DispatcherOptions = {},
  ) {
    this.#opts = {
      pollMs: options.pollMs ?? 200,
      batch: options.batch ?? 200,
      claimMs: options.claimMs ?? 60_000,
      baseBackoffMs: options.baseBackoffMs ?? 200,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
    };
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Something was enqueued for now: look at once instead of at the next poll. */
  kick(): void {
    this.#wake?.();
  }

  /** Stops claiming and waits for deliveries in flight. */
  async close(): Promise<void> {
    this.#stopped = true;
    this.kick();
    await this.#loop;
    await Promise.all(this.#running);
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      let claimed: OutboxRecord[] = [];
      try {
        const now = Date.now();
        claimed = await this.store.claimDue(new Date(now), this.#opts.batch, new Date(now + this.#opts.claimMs));
      } catch (err) {
        this.log.warn({ error: errorDetails(err) }, "outbox poll failed; will retry");
      }
      for (const record of claimed) {
        if (this.#inflight.has(record.id)) continue; // still running from an earlier claim
        this.#inflight.add(record.id);
        const p = this.#deliver(record).finally(() => {
          this.#inflight.delete(record.id);
          this.#running.delete(p);
        });
        this.#running.add(p);
      }
      if (claimed.length < this.#opts.batch) await this.#sleep();
    }
  }

  #sleep(): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = () => {
        clearTimeout(this.#timer);
        this.#wake = undefined;
        resolve();
      };
      this.#timer = setTimeout(this.#wake, this.#opts.pollMs);
      this.#timer.unref();
    });
  }

  async #deliver(record: OutboxRecord): Promise<void> {
    const attempt = record.attempt + 1;
    try {
      await this.handlers.deliver({ ...record, attempt });
      await this.store.completeOutbox(record.id);
      return;
    } catch (err) {
      const error = toConnectError(err);
      const where = `${actorKeyString(record.target)}.${record.action}`;
      try {
        // A code no retry can fix sends the invocation to dead letters at once.
        if (!isRetryableCode(error.code) || attempt >= record.maxAttempts) {
          const why = `[${codeName(error.code)}] ${error.rawMessage}`;
          await this.store.deadLetter(record.id, attempt, why, new Date());
          this.log.warn({ invocation: record.id, target: where, attempt, error: why }, "invocation moved to dead letters");
          await this.handlers.onDeadLetter({ ...record, attempt }, error);
        } else {
          const delay = backoffMs(attempt, { baseMs: this.#opts.baseBackoffMs, maxMs: this.#opts.maxBackoffMs, jitter: "half" });
          await this.store.retryOutbox(record.id, attempt, new Date(Date.now() + delay), `[${codeName(error.code)}] ${error.rawMessage}`);
        }
      } catch (storeErr) {
        // The claim expires and the invocation is retried then; nothing is lost.
        this.log.warn({ error: errorDetails(storeErr), invocation: record.id }, "could not record a failed delivery");
      }
    }
  }
}

export type { ConnectError };
