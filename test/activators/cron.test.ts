// Cron activators on real gateways and hosts: ticks invoke the action through the outbox,
// exactly once per tick with two gateway nodes firing the same schedule on one store,
// and a restart neither fires a recorded tick again nor loses the schedule.
import { describe, expect, it } from "vitest";
import { defineActor } from "@actorgate/client/host";
import { StoreTickLedger } from "../../server/src/activators/tick-ledger.js";
import { MemoryStore } from "../../server/src/store/memory-store.js";
import { createTestStore } from "../support/databases.js";
import { onCleanup, startGateway, startHost, uniqueName } from "../support/harness.js";
import { ConfigError } from "../../server/src/config.js";

/** Records every tick it is invoked for (shared by the hosts of both nodes). */
function tickLog(seen: string[]) {
  return defineActor({
    name: "TickLog",
    kind: "stateless",
    actions: {
      tick: (input: { every: string }, ctx) => {
        seen.push(`${ctx.metadata["cron-tick"]}|${input.every}`);
        return { reply: null };
      },
    },
  });
}

const cronSpec = (id: string, missed = "skip") => ({
  kind: "cron",
  id,
  schedule: "* * * * * *",
  timezone: "UTC",
  missed,
  system: "test",
  type: "TickLog",
  action: "tick",
  payload: { every: "second" },
});

const distinct = (seen: string[]) => [...new Set(seen)];

describe("cron activator", () => {
  it("runs each tick exactly once with two gateway nodes firing the same schedule on one Postgres", async () => {
    const db = await createTestStore("postgres");
    onCleanup(() => db.cleanup());
    const seen: string[] = [];
    const id = uniqueName("cron");
    const dispatcher = { pollMs: 20 };
    const a = await startGateway({ activators: [cronSpec(id)] }, { store: await db.open(), dispatcher });
    const b = await startGateway({ activators: [cronSpec(id)] }, { store: await db.open(), dispatcher });
    await startHost(a, [tickLog(seen)]);
    await startHost(b, [tickLog(seen)]);
    await expect.poll(() => distinct(seen).length, { timeout: 15_000, interval: 50 }).toBeGreaterThanOrEqual(4);
    // Any second delivery of the first three ticks would have come by now (a tick later).
    const firstThree = distinct(seen).slice(0, 3);
    for (const t of firstThree) expect(seen.filter((s) => s === t), t).toHaveLength(1);
    expect(firstThree.every((t) => t.endsWith("|second"))).toBe(true);
    // Both nodes fired every tick; the outbox made each one a single invocation.
    const received = a.activators.get(id)!.received + b.activators.get(id)!.received;
    expect(received).toBeGreaterThanOrEqual(6);
  });

  it("records the last tick durably: a restarted node does not fire it again (run-once catches up once)", async () => {
    const store = new MemoryStore();
    const seen: string[] = [];
    const id = uniqueName("cron");
    const first = await startGateway({ activators: [cronSpec(id, "run-once")] }, { store });
    await startHost(first, [tickLog(seen)]);
    await expect.poll(() => seen.length, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(1);
    await first.close();
    const ledger = new StoreTickLedger(store);
    const last = await ledger.last(id);
    expect(last?.toISOString()).toBe(distinct(seen).at(-1)!.split("|")[0]);

    const second = await startGateway({ activators: [cronSpec(id, "run-once")] }, { store });
    await startHost(second, [tickLog(seen)]);
    await expect.poll(() => seen.length, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual(distinct(seen));
  });

  it("refuses a bad schedule at start-up, naming the entry", async () => {
    await expect(startGateway({ activators: [{ ...cronSpec("bad"), schedule: "every day" }] })).rejects.toThrow(ConfigError);
    await expect(startGateway({ activators: [{ ...cronSpec("bad"), schedule: "every day" }] })).rejects.toThrow(
      /^invalid setting activators \(--activators \/ ACTORGATE_ACTIVATORS\): entry 0 \(bad\): "schedule" "every day" with timezone "UTC" is not valid/,
    );
  });
});
