/** Something the wheel can hold: the tick its check is due (0 = not armed). */
export interface WheelEntry {
  idleDue: number;
}

/**
 * Idle checks for all of a node's activations on one timer. Entries wait in buckets by
 * the tick (of `resolutionMs`) their check is due; one timer fires for the earliest
 * bucket. A setTimeout per activation would cost a Timeout object and a closure each
 * (about 170 bytes, and allocation on every activation) for a check that, for most
 * actors, runs once per deactivation timeout; a node holds up to millions of them.
 * A check fires at most `resolutionMs` late.
 */
export class IdleWheel<T extends WheelEntry> {
  readonly #buckets = new Map<number, Set<T>>();
  #timer: NodeJS.Timeout | undefined;
  #next = Infinity;

  constructor(
    private readonly onDue: (entry: T) => void,
    private readonly resolutionMs = 25,
  ) {}

  /** (Re)schedules the entry's check `delayMs` from now. */
  arm(entry: T, delayMs: number): void {
    this.cancel(entry);
    const due = Math.ceil((Date.now() + Math.max(0, delayMs)) / this.resolutionMs) * this.resolutionMs;
    let bucket = this.#buckets.get(due);
    if (!bucket) {
      bucket = new Set();
      this.#buckets.set(due, bucket);
    }
    bucket.add(entry);
    entry.idleDue = due;
    if (due < this.#next) this.#schedule(due);
  }

  cancel(entry: T): void {
    if (entry.idleDue === 0) return;
    const bucket = this.#buckets.get(entry.idleDue);
    if (bucket?.delete(entry) && bucket.size === 0) this.#buckets.delete(entry.idleDue);
    entry.idleDue = 0;
  }

  /** Entries armed. */
  get size(): number {
    let n = 0;
    for (const bucket of this.#buckets.values()) n += bucket.size;
    return n;
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#next = Infinity;
    this.#buckets.clear();
  }

  #schedule(due: number): void {
    clearTimeout(this.#timer);
    this.#next = due;
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, due - Date.now()));
    this.#timer.unref();
  }

  #fire(): void {
    this.#timer = undefined;
    this.#next = Infinity;
    const now = Date.now();
    const due = [...this.#buckets.keys()].filter((tick) => tick <= now).sort((a, b) => a - b);
    for (const tick of due) {
      const bucket = this.#buckets.get(tick)!;
      this.#buckets.delete(tick);
      for (const entry of bucket) {
        entry.idleDue = 0;
        this.onDue(entry); // may arm it again, in a later bucket
      }
    }
    let next = Infinity;
    for (const tick of this.#buckets.keys()) if (tick < next) next = tick;
    if (next < Infinity && next < this.#next) this.#schedule(next);
  }
}
