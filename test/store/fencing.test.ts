import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../server/src/store/store.js";
import { StaleWriteError } from "../../server/src/store/store.js";
import type { ActorKey, StateWrite } from "../../server/src/store/store.js";
import { DIALECTS, createTestStore } from "../support/databases.js";
import type { TestStore } from "../support/databases.js";
import { actorKey, stateWrite, text, uniqueSystem } from "./store-fixtures.js";

for (const dialect of DIALECTS) {
  describe(`store fencing and group commit (${dialect})`, () => {
    let db: TestStore<Store>;
    let rival: Store;
    beforeAll(async () => {
      db = await createTestStore(dialect);
      rival = await db.open();
    });
    afterAll(async () => {
      await db?.cleanup();
    });

    async function expectStale(promise: Promise<unknown>, key: ActorKey, expected: number, actual: number) {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StaleWriteError);
      expect(error).toMatchObject({ key, expectedRevision: expected, actualRevision: actual });
    }

    it("rejects a write whose expected revision is not the stored one", async () => {
      const key = actorKey(uniqueSystem(), "f");
      await db.store.writeBatch([stateWrite(key, 1, "1")]);
      await db.store.writeBatch([stateWrite(key, 2, "2")]);

      await expectStale(db.store.writeBatch([stateWrite(key, 1, "again", { expected: 0 })]), key, 0, 2);
      await expectStale(db.store.writeBatch([stateWrite(key, 3, "old owner", { expected: 1 })]), key, 1, 2);
      const missing = actorKey(uniqueSystem(), "missing");
      await expectStale(db.store.writeBatch([stateWrite(missing, 6, "x", { expected: 5 })]), missing, 5, 0);

      expect(await db.store.load(key)).toMatchObject({ revision: 2 });
      expect(text((await db.store.load(key))?.state)).toBe("2");
      expect(await db.store.load(missing)).toBeUndefined();
    });

    it("writes nothing of a batch when one write is stale", async () => {
      const system = uniqueSystem();
      const [a, b, c] = [actorKey(system, "a"), actorKey(system, "b"), actorKey(system, "c")];
      await db.store.writeBatch([stateWrite(a, 1, "a1"), stateWrite(c, 1, "c1")]);

      await expectStale(
        db.store.writeBatch([stateWrite(a, 2, "a2"), stateWrite(b, 1, "b1"), stateWrite(c, 3, "c3", { expected: 2 })]),
        c,
        2,
        1,
      );
      expect(await db.store.load(b)).toBeUndefined();
      expect((await db.store.listRevisions(a, { limit: 10 })).map((r) => [r.revision, text(r.state)])).toEqual([[1, "a1"]]);
      expect((await db.store.load(c))?.revision).toBe(1);
    });

    it("rejects malformed batches before touching the database", async () => {
      const key = actorKey(uniqueSystem(), "bad");
      await expect(db.store.writeBatch([stateWrite(key, 1, "x", { expected: 1 })])).rejects.toThrow(/must be greater/);
      await expect(db.store.writeBatch([stateWrite(key, 1, "x"), stateWrite(key, 2, "y")])).rejects.toThrow(/two writes/);
      await expect(db.store.writeBatch([stateWrite(key, 1.5, "x", { expected: 0 })])).rejects.toThrow(/integers/);
      expect(await db.store.load(key)).toBeUndefined();
      await db.store.writeBatch([]);
    });

    it("commits 500 actors in one batch, then updates all of them in one batch", async () => {
      const system = uniqueSystem();
      const keys = Array.from({ length: 500 }, (_, i) => actorKey(system, `actor-${String(i).padStart(3, "0")}`, i % 2 ? "Odd" : "Even"));
      await db.store.writeBatch(keys.map((key) => stateWrite(key, 1, `{"n":${key.name.length}}`)));
      await db.store.writeBatch(keys.map((key) => stateWrite(key, 2, `{"n":"${key.name}"}`)));

      const listed = [
        ...(await db.store.listActors({ system, type: "Even", limit: 1000 })),
        ...(await db.store.listActors({ system, type: "Odd", limit: 1000 })),
      ];
      expect(listed).toHaveLength(500);
      expect(listed.every((actor) => actor.revision === 2)).toBe(true);
      for (const key of [keys[0]!, keys[257]!, keys[499]!]) {
        expect(text((await db.store.load(key))?.state)).toBe(`{"n":"${key.name}"}`);
        expect((await db.store.listRevisions(key, { limit: 10 })).map((r) => r.revision)).toEqual([2, 1]);
      }
    });

    it("lets exactly one of two stores win a race to create or update an actor", async () => {
      const system = uniqueSystem();
      for (let round = 0; round < 10; round++) {
        const key = actorKey(system, `race-${round}`);
        // Round 0..4: both create the actor; 5..9: both update revision 1.
        const updating = round >= 5;
        if (updating) await db.store.writeBatch([stateWrite(key, 1, "base")]);
        const write = (who: string): StateWrite => stateWrite(key, updating ? 2 : 1, `"${who}"`);
        const results = await Promise.allSettled([db.store.writeBatch([write("first")]), rival.writeBatch([write("second")])]);

        const won = results.filter((r) => r.status === "fulfilled");
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]?.reason).toBeInstanceOf(StaleWriteError);
        const winner = results[0]?.status === "fulfilled" ? "first" : "second";
        expect(text((await rival.load(key))?.state)).toBe(`"${winner}"`);
      }
    });

    it("rolls back the losing batch whole when overlapping batches race", async () => {
      const system = uniqueSystem();
      for (let round = 0; round < 5; round++) {
        const [a, shared, b] = ["a", "shared", "b"].map((name) => actorKey(system, `${name}-${round}`)) as [ActorKey, ActorKey, ActorKey];
        await db.store.writeBatch([stateWrite(shared, 1, "base")]);
        const results = await Promise.allSettled([
          db.store.writeBatch([stateWrite(a, 1, "A"), stateWrite(shared, 2, "A")]),
          rival.writeBatch([stateWrite(shared, 2, "B"), stateWrite(b, 1, "B")]),
        ]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const firstWon = results[0]?.status === "fulfilled";
        expect(text((await db.store.load(shared))?.state)).toBe(firstWon ? "A" : "B");
        expect(await db.store.load(firstWon ? b : a)).toBeUndefined();
        expect(await db.store.load(firstWon ? a : b)).toMatchObject({ revision: 1 });
      }
    });
  });
}
