// Issue 21, finding 9: write-behind must keep its promise under durable load. Every
// batch takes the write-behind entries that are due, so a change is durable within its
// snapshot interval plus one batch, however many checkpoints keep the writer busy.
import { describe, expect, it } from "vitest";
import { client, onCleanup, startGateway, startHost, uniqueName } from "../support/harness.js";
import { createTestStore } from "../support/databases.js";
import { adder } from "../support/test-actors.js";

const SNAPSHOT_INTERVAL_MS = 200;
const CHECKPOINT_CALLERS = 24;

const ledger = adder("Ledger", SNAPSHOT_INTERVAL_MS);

describe("write-behind under continuous checkpoint load (postgres)", () => {
  it("makes a write-behind change durable within its snapshot interval plus one batch", async () => {
    const db = await createTestStore("postgres", { migrate: false });
    onCleanup(() => db.cleanup());
    const gw = await startGateway({ store: db.url, storeSchema: db.schema });
    await startHost(gw, [ledger]);
    const c = client(gw);

    // Continuous durable load: each caller starts its next checkpoint as soon as the last
    // one is answered, so urgent requests are always waiting when a batch ends.
    let stop = false;
    let slowestCheckpointMs = 0;
    let checkpoints = 0;
    const loops = Array.from({ length: CHECKPOINT_CALLERS }, async () => {
      const ref = { system: "test", type: "Ledger", name: uniqueName("cp") };
      while (!stop) {
        const started = performance.now();
        await c.invoke(ref, "checkpointAdd", { by: 1 });
        slowestCheckpointMs = Math.max(slowestCheckpointMs, performance.now() - started);
        checkpoints++;
      }
    });
    onCleanup(async () => {
      stop = true;
      await Promise.allSettled(loops);
    });
    await expect.poll(() => checkpoints, { timeout: 10_000, interval: 10 }).toBeGreaterThanOrEqual(CHECKPOINT_CALLERS * 3);

    const stored = async (name: string) => {
      const row = await db.store.load({ system: "test", type: "Ledger", name });
      return row?.state ? (JSON.parse(Buffer.from(row.state).toString("utf8")) as { value: number }).value : 0;
    };
    const delays: number[] = [];
    for (let round = 0; round < 3; round++) {
      const name = uniqueName("wb");
      const ref = { system: "test", type: "Ledger", name };
      expect(await c.invoke(ref, "add", { by: 7 })).toEqual({ value: 7 });
      const acknowledged = performance.now();
      // Read the store itself, not the gateway: durable means in the database.
      await expect.poll(() => stored(name), { timeout: 20_000, interval: 10 }).toBe(7);
      delays.push(performance.now() - acknowledged);
    }
    const checkpointsDuring = checkpoints;
    stop = true;
    await Promise.all(loops);

    // Due after the interval; written by the batch that starts next, which may have to wait
    // for the one in flight: interval + two batches at most. A batch takes no longer than
    // the slowest checkpoint call (which waits for one whole batch). 100 ms for the poll
    // and the writer's 25 ms tick on a loaded machine.
    const bound = SNAPSHOT_INTERVAL_MS + 2 * slowestCheckpointMs + 100;
    expect(checkpointsDuring).toBeGreaterThan(CHECKPOINT_CALLERS * 3);
    for (const delay of delays) expect(delay, `delays ${delays.map(Math.round).join(", ")} ms; bound ${Math.round(bound)} ms`).toBeLessThanOrEqual(bound);
  }, 60_000);
});
