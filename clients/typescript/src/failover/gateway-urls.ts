import { backoffMs, type BackoffOptions } from "../common/backoff.js";

/** Where the SDKs look for the gateway when no URL is given. */
export const DEFAULT_GATEWAY_URL = "http://127.0.0.1:9300";

/**
 * The gateway URLs to use: an array, or one string of comma-separated URLs
 * ("http://a:9300,http://b:9300"); when absent, ACTORGATE_URL (same forms), else
 * http://127.0.0.1:9300. Blanks around commas are ignored and duplicates dropped.
 * Throws, naming the source, when the list is empty or an entry is not an http(s) URL.
 */
export function parseGatewayUrls(
  option: string | readonly string[] | undefined,
  env: Record<string, string | undefined> = process.env,
): string[] {
  const fromEnv = option === undefined || option === "";
  const source = fromEnv ? "ACTORGATE_URL" : "the gateway URL option";
  const raw = fromEnv ? env["ACTORGATE_URL"] || DEFAULT_GATEWAY_URL : option;
  const entries = (typeof raw === "string" ? raw.split(",") : raw.flatMap((u) => u.split(","))).map((u) => u.trim()).filter((u) => u !== "");
  if (entries.length === 0) throw new Error(`${source} names no gateway URL: give one or more, e.g. http://a:9300,http://b:9300`);
  for (const url of entries) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new Error(`${source}: ${JSON.stringify(url)} is not an http:// or https:// URL`);
    }
  }
  return [...new Set(entries)];
}

export interface GatewayUrlsOptions {
  /** How long a URL that failed is tried only after the others. Default 500 ms doubling to 30 s. */
  readonly backoff?: BackoffOptions;
  /** Clock, injectable for tests. Default Date.now. */
  readonly now?: () => number;
}

interface UrlHealth {
  failures: number;
  /** Until then the URL is tried only after every healthy one. */
  retryAt: number;
}

/**
 * Which gateway URL to use, shared by every call of one client (or one host): sticky on
 * the URL that works, moving to the next one when it fails. A failed URL is not dropped:
 * it goes to the back of the order for a backoff that grows with its failures, and once
 * that passed it is tried again in turn, so a node that came back is used again.
 */
export class GatewayUrls {
  readonly urls: readonly string[];
  readonly #health: UrlHealth[];
  readonly #backoff: BackoffOptions;
  readonly #now: () => number;
  #current = 0;

  constructor(urls: readonly string[], options: GatewayUrlsOptions = {}) {
    if (urls.length === 0) throw new Error("GatewayUrls needs at least one URL");
    this.urls = [...urls];
    this.#health = urls.map(() => ({ failures: 0, retryAt: 0 }));
    this.#backoff = options.backoff ?? { baseMs: 500, maxMs: 30_000 };
    this.#now = options.now ?? Date.now;
  }

  /** The URL calls go to now. */
  get current(): string {
    return this.urls[this.#current]!;
  }

  /**
   * The order to try for one call: starting at the current URL and going round the
   * list, with URLs still in their backoff after all the others (earliest retry first).
   * Every URL appears once, so a call that fails everywhere ends.
   */
  candidates(): string[] {
    const now = this.#now();
    const order = this.urls.map((_, i) => (this.#current + i) % this.urls.length);
    const ready = order.filter((i) => this.#health[i]!.retryAt <= now);
    const waiting = order.filter((i) => this.#health[i]!.retryAt > now).sort((a, b) => this.#health[a]!.retryAt - this.#health[b]!.retryAt);
    return [...ready, ...waiting].map((i) => this.urls[i]!);
  }

  /** A call to `url` worked: it becomes the current URL and its failures are forgotten. */
  succeeded(url: string): void {
    const i = this.urls.indexOf(url);
    if (i < 0) return;
    this.#health[i] = { failures: 0, retryAt: 0 };
    this.#current = i;
  }

  /**
   * `url` could not be reached (or said it is unavailable): back it off and, if it was
   * the current URL, move on to the next one. Failures while it is already backed off
   * (many calls in flight failing together) count once.
   */
  failed(url: string): void {
    const i = this.urls.indexOf(url);
    if (i < 0) return;
    const health = this.#health[i]!;
    const now = this.#now();
    if (health.retryAt <= now) {
      health.failures += 1;
      health.retryAt = now + backoffMs(health.failures, this.#backoff);
    }
    if (i === this.#current) this.#current = (i + 1) % this.urls.length;
  }
}
