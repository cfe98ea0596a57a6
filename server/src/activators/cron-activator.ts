// Cron activators: invoke an action on a schedule, durably. Each tick is put in the outbox
// (runtime.invokeAsync through the call pipeline) with the idempotency key
// `cron:<id>:<tick ISO time>`. That key maps to one outbox row, so every gateway node may
// fire the same tick and it still runs once per cluster; the outbox delivers it at least
// once and the idempotency record makes a repeat a no-op.
//
// Missed ticks (no gateway ran at tick time) follow the activator's `missed` policy, from
// the last tick recorded in the TickLedger: `skip` fires none of them (logged, counted as
// failed) and goes on with the next tick; `run-once` fires the latest missed tick once at
// start-up. Only this file imports the cron parser's scheduler.

import { Cron } from "croner";
import type { Logger } from "pino";
import { errorDetails } from "../error-details.js";
import type { CronSpec } from "./activator-config.js";
import type { ActivatorDelivery } from "./activator-delivery.js";
import { mapMessage } from "./activator-mapping.js";
import type { ActivatorCounters } from "./activator-stats.js";
import type { TickLedger } from "./tick-ledger.js";

/** Time for cron activators; tests drive it by hand. */
export interface CronClock {
  now(): number;
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: CronClock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    // setTimeout holds at most 2^31-1 ms: wake up early and look again.
    const t = setTimeout(fn, Math.min(ms, 2 ** 31 - 1));
    return () => clearTimeout(t);
  },
};

export interface CronDeps {
  readonly delivery: ActivatorDelivery;
  readonly ledger: TickLedger;
  readonly log: Logger;
  readonly clock?: CronClock;
  /** Wait before firing a tick again whose enqueue failed (ms). Default 1000. */
  readonly retryMs?: number;
}

export interface CronActivator {
  /** Resolves when the tick being fired (if any) is done. */
  stop(): Promise<void>;
  /** Resolves after the next tick was fired (or failed for good); for tests. */
  readonly fired: (listener: (tick: Date, error?: unknown) => void) => void;
}

/** The tick to fire at start-up: the latest one after `last` and at or before `now`, if the policy wants it. */
export function missedTick(cron: Cron, last: Date | undefined, now: Date, policy: CronSpec["missed"]): Date | undefined {
  if (last === undefined || policy === "skip") return undefined;
  const next = cron.nextRun(last);
  if (!next || next.getTime() > now.getTime()) return undefined;
  const [latest] = cron.previousRuns(1, new Date(now.getTime() + 1));
  return latest && latest.getTime() > last.getTime() ? latest : undefined;
}

export async function startCronActivator(spec: CronSpec, counters: ActivatorCounters, deps: CronDeps): Promise<CronActivator> {
  const clock = deps.clock ?? systemClock;
  const cron = new Cron(spec.schedule, { timezone: spec.timezone, paused: true });
  const listeners: ((tick: Date, error?: unknown) => void)[] = [];
  let cancel: (() => void) | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const fire = async (tick: Date): Promise<void> => {
    counters.received++;
    const iso = tick.toISOString();
    for (let attempt = 1; !stopped; attempt++) {
      try {
        // Another node (or this one before a restart) already fired it: nothing to do.
        const last = await deps.ledger.last(spec.id);
        if (last && last.getTime() >= tick.getTime()) {
          for (const l of listeners) l(tick);
          return;
        }
        const call = mapMessage(spec, (ref) => (ref === "tick" ? iso : ref === "id" ? spec.id : undefined), spec.payload as never, `cron:${spec.id}:${iso}`);
        await deps.delivery.invokeAsync({ ...call, metadata: { ...call.metadata, "cron-tick": iso, "cron-activator": spec.id } });
        counters.invoked++;
        await deps.ledger.advance(spec.id, tick);
        for (const l of listeners) l(tick);
        return;
      } catch (err) {
        counters.failed++;
        deps.log.warn({ activator: spec.id, tick: iso, attempt, error: errorDetails(err) }, "cron tick could not be queued; trying again");
        if (attempt >= 5) {
          for (const l of listeners) l(tick, err);
          return;
        }
        await new Promise<void>((resolve) => clock.setTimer(resolve, (deps.retryMs ?? 1000) * attempt));
      }
    }
  };

  const schedule = (from: Date): void => {
    if (stopped) return;
    const next = cron.nextRun(from);
    if (!next) return;
    cancel = clock.setTimer(() => {
      if (clock.now() < next.getTime()) return schedule(from); // woke early (long timers)
      running = running.then(() => fire(next));
      schedule(next);
    }, next.getTime() - clock.now());
  };

  const now = new Date(clock.now());
  const last = await deps.ledger.last(spec.id);
  const missed = missedTick(cron, last, now, spec.missed);
  if (missed) {
    deps.log.info({ activator: spec.id, tick: missed.toISOString() }, "cron: firing the latest tick missed while down (missed: run-once)");
    running = fire(missed);
  } else if (last && spec.missed === "skip") {
    const next = cron.nextRun(last);
    if (next && next.getTime() <= now.getTime()) deps.log.warn({ activator: spec.id, since: last.toISOString() }, "cron: ticks missed while down are skipped (missed: skip)");
  }
  schedule(now);
  return {
    async stop() {
      stopped = true;
      cancel?.();
      await running;
    },
    fired: (l) => listeners.push(l),
  };
}
