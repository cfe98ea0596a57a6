import { Code, ConnectError } from "@connectrpc/connect";
import type { CallLink } from "../rpc/pipeline.js";
import { peerKey } from "../rpc/peer.js";
import { principalKey } from "./principal.js";

export interface RateLimitOptions {
  /** Calls per second each principal may make on average. */
  readonly perSecond: number;
  /** Calls a principal may make at once after being idle (the bucket's size). */
  readonly burst: number;
  /** Buckets kept; the least recently used is dropped beyond this (it refills anyway). */
  readonly maxKeys?: number;
  readonly now?: () => number;
}

/**
 * A token bucket per principal (per client address when auth is off): a call that finds
 * the bucket empty is `resource_exhausted` with `retry-after-ms` (and `retry-after`, in
 * seconds) saying when one token will be back. Runs after the auth link.
 */
export function rateLimitLink(options: RateLimitOptions): CallLink {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const perMs = options.perSecond / 1000;
  return {
    name: "rate-limit",
    async handle(call, next) {
      const key = call.values.get(principalKey)?.name ?? `address:${call.values.get(peerKey)?.address ?? ""}`;
      const t = now();
      let bucket = buckets.get(key);
      if (bucket) {
        buckets.delete(key); // re-inserted below: Map order is recency
        bucket.tokens = Math.min(options.burst, bucket.tokens + (t - bucket.at) * perMs);
        bucket.at = t;
      } else {
        bucket = { tokens: options.burst, at: t };
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
      }
      buckets.set(key, bucket);
      if (bucket.tokens < 1) {
        const waitMs = Math.ceil((1 - bucket.tokens) / perMs);
        const metadata = new Headers({ "retry-after-ms": String(waitMs), "retry-after": String(Math.ceil(waitMs / 1000)) });
        throw new ConnectError(
          `rate limit: more than ${options.perSecond} calls/s (burst ${options.burst}) for ${key.startsWith("address:") ? "this client" : JSON.stringify(key)}; retry after ${waitMs} ms`,
          Code.ResourceExhausted,
          metadata,
        );
      }
      bucket.tokens -= 1;
      return next();
    },
  };
}
