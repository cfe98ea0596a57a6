/** One unit of work in a mailbox. */
export interface Job {
  run(): Promise<void>;
}

/**
 * A bounded FIFO that runs one job at a time, in arrival order: the turn-based
 * guarantee of an actor. Jobs must not throw (they settle their own callers).
 */
export class Mailbox {
  #queue: Job[] = [];
  #head = 0;
  #running = false;
  #idleWaiters: (() => void)[] | undefined;

  constructor(readonly capacity: number) {}

  /** Jobs waiting, not counting the running one. */
  get depth(): number {
    return this.#queue.length - this.#head;
  }

  /** True while a job runs or waits. */
  get busy(): boolean {
    return this.#running || this.depth > 0;
  }

  /** Adds a job; false (and nothing queued) when the mailbox is full. */
  post(job: Job): boolean {
    if (this.depth >= this.capacity) return false;
    this.#queue.push(job);
    if (!this.#running) void this.#drain();
    return true;
  }

  /**
   * Takes a job out of the queue before it runs (its deadline passed while it waited);
   * false when it is not waiting (running, done, or never posted).
   */
  remove(job: Job): boolean {
    const i = this.#queue.indexOf(job, this.#head);
    if (i < 0) return false;
    this.#queue.splice(i, 1);
    return true;
  }

  /** Resolves when no job runs or waits. */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => (this.#idleWaiters ??= []).push(resolve));
  }

  async #drain(): Promise<void> {
    this.#running = true;
    while (this.#head < this.#queue.length) {
      const job = this.#queue[this.#head]!;
      this.#queue[this.#head] = undefined as unknown as Job;
      this.#head++;
      // Compact now and then so a long-lived busy mailbox does not grow forever.
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      try {
        await job.run();
      } catch {
        // Jobs settle their callers themselves; a throw here must not stop the actor.
      }
    }
    this.#queue = [];
    this.#head = 0;
    this.#running = false;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = undefined;
    for (const w of waiters ?? []) w();
  }
}
