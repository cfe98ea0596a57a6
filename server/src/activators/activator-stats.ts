// Counters of every activator, for `GET /v1/activators`, the CLI and tests.

import type { ActivatorKind } from "./activator-config.js";

export interface ActivatorCounters {
  /** Messages (requests, events, ticks) that reached the activator. */
  received: number;
  /** Invocations that succeeded (or were durably queued). */
  invoked: number;
  /** Deliveries that failed (a message retried three times counts three). */
  failed: number;
  /** Messages given up and moved to the dead-letter queue/topic. */
  deadLettered: number;
}

export interface ActivatorInfo extends ActivatorCounters {
  readonly id: string;
  readonly kind: ActivatorKind;
  /** What it consumes: `POST /counters/{name}/add`, `queue orders`, a cron schedule… */
  readonly source: string;
  /** `system/type.action` (or `system/type state`). */
  readonly target: string;
}

/** The counters of all activators of this node. */
export class ActivatorStats {
  readonly #all = new Map<string, ActivatorInfo>();

  /** Registers an activator; returns its live counters. */
  add(id: string, kind: ActivatorKind, source: string, target: string): ActivatorCounters {
    const info: ActivatorInfo = { id, kind, source, target, received: 0, invoked: 0, failed: 0, deadLettered: 0 };
    this.#all.set(id, info);
    return info;
  }

  list(): ActivatorInfo[] {
    return [...this.#all.values()].map((i) => ({ ...i }));
  }

  get(id: string): ActivatorInfo | undefined {
    const i = this.#all.get(id);
    return i && { ...i };
  }
}
