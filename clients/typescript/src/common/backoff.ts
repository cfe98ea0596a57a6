export interface BackoffOptions {
  /** Delay before the first retry, in ms. */
  readonly baseMs: number;
  /** The delay never grows past this, in ms. */
  readonly maxMs: number;
  /**
   * "none": exactly the exponential delay. "half": a random delay in [d/2, d), so that
   * many callers failing together do not all retry at the same instant.
   */
  readonly jitter?: "none" | "half";
}

/**
 * Exponential backoff: baseMs × 2^(attempt − 1), capped at maxMs, for attempt 1, 2, 3…
 * (attempt 0 or less counts as 1). `random` is injectable for tests.
 */
export function backoffMs(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // 2 ** exponent overflows to Infinity long before it matters; min() keeps it at maxMs.
  const delay = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  return options.jitter === "half" ? delay / 2 + random() * (delay / 2) : delay;
}
