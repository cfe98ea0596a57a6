// Cluster fencing at the store: a write that carries a partition's old epoch never lands.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store, StateWrite } from "../../server/src/store/store.js";
import { FencedWriteError } from "../../server/src/store/store.js";
import { DIALECTS, createTestStore } from "../support/databases.js";
import type { TestStore } from "../support/databases.js";
import { actorKey, stateWrite, text, uniqueSystem } from "./store-fixtures.js";

const fenced = (w: StateWrite, partition: number, epoch: number): StateWrite => ({ ...w, fence: { partition, epoch } });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

for (const dialect of DIALECTS) {
  describe(`partition fencing (${dialect})`, () => {
    let db: TestStore<Store>;
    let rival: Store;
    beforeAll(async () => {
      db = await createTestStore(dialect);
      rival = await db.open();
    });
    afterAll(async () => {
      await db?.cleanup();
    });

    it("grants a claim only with a newer epoch", async () => {
      expect(await db.store.claimPartitions([{ partition: 1, epoch: 5, node: "a" }])).toEqual([1]);
      expect(await rival.claimPartitions([{ partition: 1, epoch: 5, node: "b" }])).toEqual([]);
      expect(await rival.claimPartitions([{ partition: 1, epoch: 4, node: "b" }])).toEqual([]);
      expect(
        await rival.claimPartitions([
          { partition: 1, epoch: 6, node: "b" },
          { partition: 2, epoch: 1, node: "b" },
        ]),
      ).toEqual([1, 2]);
      expect(await db.store.claimPartitions([])).toEqual([]);
    });

    it("rejects a write of the old owner after a takeover, and writes nothing of its batch", async () => {
      const system = uniqueSystem();
      const [a, b] = [actorKey(system, "a"), actorKey(system, "b")];
      await db.store.claimPartitions([{ partition: 10, epoch: 1, node: "a" }, { partition: 11, epoch: 1, node: "a" }]);
      await db.store.writeBatch([fenced(stateWrite(a, 1, "1"), 10, 1)]);

      await rival.claimPartitions([{ partition: 10, epoch: 2, node: "b" }]);
      const error = await rejection(
        db.store.writeBatch([fenced(stateWrite(b, 1, "b1"), 11, 1), fenced(stateWrite(a, 2, "stale"), 10, 1)]),
      );
      expect(error).toBeInstanceOf(FencedWriteError);
      expect(error).toMatchObject({ partition: 10, expectedEpoch: 1, actualEpoch: 2 });
      expect(await db.store.load(b)).toBeUndefined();
      expect(text((await db.store.load(a))?.state)).toBe("1");

      // The new owner writes under its epoch.
      await rival.writeBatch([fenced(stateWrite(a, 2, "new owner"), 10, 2)]);
      expect(text((await db.store.load(a))?.state)).toBe("new owner");
    });

    it("rejects a fenced write to a partition nobody claimed", async () => {
      const key = actorKey(uniqueSystem(), "x");
      const error = await rejection(db.store.writeBatch([fenced(stateWrite(key, 1, "1"), 99, 1)]));
      expect(error).toMatchObject({ name: "FencedWriteError", partition: 99, expectedEpoch: 1, actualEpoch: 0 });
      expect(await db.store.load(key)).toBeUndefined();
    });

    it("lets one of two nodes racing for a partition's first claim win", async () => {
      for (let partition = 20; partition < 25; partition++) {
        const results = await Promise.all([
          db.store.claimPartitions([{ partition, epoch: 1, node: "a" }]),
          rival.claimPartitions([{ partition, epoch: 1, node: "b" }]),
        ]);
        expect(results.flat()).toEqual([partition]);
      }
    });
  });
}
