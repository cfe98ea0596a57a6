import { Cron } from "croner";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../store/memory-store.js";
import { parseActivators, type CronSpec } from "./activator-config.js";
import type { ActivatorDelivery } from "./activator-delivery.js";
import { ActivatorStats } from "./activator-stats.js";
import { missedTick, startCronActivator, type CronClock } from "./cron-activator.js";
import { StoreTickLedger } from "./tick-ledger.js";

const at = (iso: string) => new Date(iso);
const every5 = new Cron("*/5 * * * *", { timezone: "UTC", paused: true });

describe("missedTick", () => {
  it("fires the latest tick missed since the last recorded one with run-once, none with skip", () => {
    const last = at("2026-01-01T00:10:00Z");
    expect(missedTick(every5, last, at("2026-01-01T00:27:30Z"), "run-once")).toEqual(at("2026-01-01T00:25:00Z"));
    expect(missedTick(every5, last, at("2026-01-01T00:27:30Z"), "skip")).toBeUndefined();
    // Nothing missed: the next tick is still ahead.
    expect(missedTick(every5, last, at("2026-01-01T00:14:59Z"), "run-once")).toBeUndefined();
    // A tick due exactly now counts as missed (the timer would not fire it again).
    expect(missedTick(every5, last, at("2026-01-01T00:15:00Z"), "run-once")).toEqual(at("2026-01-01T00:15:00Z"));
    // Never fired before: no catch-up.
    expect(missedTick(every5, undefined, at("2026-01-01T00:27:30Z"), "run-once")).toBeUndefined();
  });
});

/** A clock the test moves by hand. */
function fakeClock(start: string) {
  let now = at(start).getTime();
  const timers = new Set<{ due: number; fn: () => void }>();
  const clock: CronClock = {
    now: () => now,
    setTimer(fn, ms) {
      const t = { due: now + ms, fn };
      timers.add(t);
      return () => timers.delete(t);
    },
  };
  const advanceTo = async (iso: string) => {
    now = at(iso).getTime();
    for (const t of [...timers].sort((a, b) => a.due - b.due)) {
      if (t.due > now) continue;
      timers.delete(t);
      t.fn();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { clock, advanceTo };
}

function recordingDelivery() {
  const keys: string[] = [];
  const delivery: ActivatorDelivery = {
    invoke: () => Promise.reject(new Error("cron delivers async")),
    invokeAsync: async (input) => {
      keys.push(input.idempotencyKey!);
      return `id-${keys.length}`;
    },
    getState: () => Promise.reject(new Error("unused")),
  };
  return { delivery, keys };
}

const spec = (missed: "skip" | "run-once") =>
  parseActivators([{ kind: "cron", id: "c1", schedule: "*/5 * * * *", system: "s", type: "T", name: "n", action: "a", missed, payload: { x: 1 } }])[0] as CronSpec;

describe("cron activator (fake clock)", () => {
  it("fires each tick once with its tick as idempotency key and records it durably", async () => {
    const ledger = new StoreTickLedger(new MemoryStore());
    const { clock, advanceTo } = fakeClock("2026-01-01T00:03:00Z");
    const { delivery, keys } = recordingDelivery();
    const counters = new ActivatorStats().add("c1", "cron", "", "");
    const a = await startCronActivator(spec("skip"), counters, { delivery, ledger, clock, log: pino({ level: "silent" }) });
    await advanceTo("2026-01-01T00:05:00Z");
    await advanceTo("2026-01-01T00:10:00Z");
    await a.stop();
    expect(keys).toEqual(["cron:c1:2026-01-01T00:05:00.000Z", "cron:c1:2026-01-01T00:10:00.000Z"]);
    expect(await ledger.last("c1")).toEqual(at("2026-01-01T00:10:00Z"));
    expect(counters).toMatchObject({ received: 2, invoked: 2, failed: 0 });
  });

  it("after a restart: run-once fires the latest missed tick once, skip none, and neither fires a recorded tick again", async () => {
    const store = new MemoryStore();
    const ledger = new StoreTickLedger(store);
    await ledger.advance("c1", at("2026-01-01T00:10:00Z"));
    for (const [missed, expected] of [
      ["run-once", ["cron:c1:2026-01-01T00:25:00.000Z", "cron:c1:2026-01-01T00:30:00.000Z"]],
      ["skip", ["cron:c1:2026-01-01T00:35:00.000Z"]],
    ] as const) {
      const { clock, advanceTo } = fakeClock(missed === "run-once" ? "2026-01-01T00:27:00Z" : "2026-01-01T00:31:00Z");
      const { delivery, keys } = recordingDelivery();
      const a = await startCronActivator(spec(missed), new ActivatorStats().add("c1", "cron", "", ""), { delivery, ledger, clock, log: pino({ level: "silent" }) });
      await advanceTo(missed === "run-once" ? "2026-01-01T00:30:00Z" : "2026-01-01T00:35:00Z");
      await a.stop();
      expect(keys, missed).toEqual(expected);
    }
    // The ledger never moves backwards.
    await ledger.advance("c1", at("2026-01-01T00:05:00Z"));
    expect(await ledger.last("c1")).toEqual(at("2026-01-01T00:35:00Z"));
  });
});
