import type { Store } from "../../server/src/store/store.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RetentionPolicy } from "../../server/src/store/store.js";
import { DIALECTS, createTestStore } from "../support/databases.js";
import type { TestStore } from "../support/databases.js";
import { KEEP_ALL, ManualClock, actorKey, after, stateWrite, uniqueSystem } from "./store-fixtures.js";

for (const dialect of DIALECTS) {
  describe(`store history retention (${dialect})`, () => {
    const clock = new ManualClock();
    let db: TestStore<Store>;
    beforeAll(async () => {
      db = await createTestStore(dialect, { now: clock.now });
    });
    afterAll(async () => {
      await db?.cleanup();
    });

    const revisions = async (key: ReturnType<typeof actorKey>) =>
      (await db.store.listRevisions(key, { limit: 1000 })).map((r) => r.revision);

    it("keeps at most maxRevisions replaced revisions", async () => {
      const key = actorKey(uniqueSystem(), "count");
      const retention: RetentionPolicy = { maxRevisions: 2, maxAgeSeconds: 0 };
      for (let revision = 1; revision <= 6; revision++) {
        clock.set(after(revision));
        await db.store.writeBatch([stateWrite(key, revision, `${revision}`, { retention })]);
      }
      expect(await revisions(key)).toEqual([6, 5, 4]);
      expect(await db.store.loadRevision(key, 3)).toBeUndefined();
      expect(await db.store.loadAt(key, after(3.5))).toBeUndefined();
      expect((await db.store.loadAt(key, after(4.5)))?.revision).toBe(4);
    });

    it("keeps no history when maxRevisions is 0, and drops what an earlier policy kept", async () => {
      const key = actorKey(uniqueSystem(), "none");
      for (let revision = 1; revision <= 3; revision++) {
        await db.store.writeBatch([stateWrite(key, revision, `${revision}`)]);
      }
      expect(await revisions(key)).toEqual([3, 2, 1]);
      await db.store.writeBatch([stateWrite(key, 4, "4", { retention: { maxRevisions: 0, maxAgeSeconds: 0 } })]);
      expect(await revisions(key)).toEqual([4]);
    });

    it("drops replaced revisions older than maxAgeSeconds", async () => {
      const key = actorKey(uniqueSystem(), "age");
      const retention: RetentionPolicy = { maxRevisions: 100, maxAgeSeconds: 60 };
      clock.set(after(0));
      await db.store.writeBatch([stateWrite(key, 1, "1", { retention })]);
      clock.set(after(10)); // revision 1 replaced at 10s
      await db.store.writeBatch([stateWrite(key, 2, "2", { retention })]);
      clock.set(after(69.999)); // revision 2 replaced; revision 1 is 59.999s old
      await db.store.writeBatch([stateWrite(key, 3, "3", { retention })]);
      expect(await revisions(key)).toEqual([3, 2, 1]);
      clock.set(after(70.001)); // revision 1 is now 60.001s old
      await db.store.writeBatch([stateWrite(key, 4, "4", { retention })]);
      expect(await revisions(key)).toEqual([4, 3, 2]);
    });

    it("applies each write's own policy within one batch, and only to the actors written", async () => {
      const system = uniqueSystem();
      const strict = actorKey(system, "strict");
      const loose = actorKey(system, "loose");
      const untouched = actorKey(system, "untouched");
      for (let revision = 1; revision <= 4; revision++) {
        clock.set(after(revision));
        await db.store.writeBatch([
          stateWrite(strict, revision, `${revision}`),
          stateWrite(loose, revision, `${revision}`),
          stateWrite(untouched, revision, `${revision}`),
        ]);
      }
      clock.set(after(5));
      await db.store.writeBatch([
        stateWrite(strict, 5, "5", { retention: { maxRevisions: 1, maxAgeSeconds: 0 } }),
        stateWrite(loose, 5, "5", { retention: { maxRevisions: 3, maxAgeSeconds: 0 } }),
      ]);
      expect(await revisions(strict)).toEqual([5, 4]);
      expect(await revisions(loose)).toEqual([5, 4, 3, 2]);
      expect(await revisions(untouched)).toEqual([4, 3, 2, 1]);
    });

    it("prunes by count and age together", async () => {
      const key = actorKey(uniqueSystem(), "both");
      for (let revision = 1; revision <= 5; revision++) {
        clock.set(after(revision * 100));
        await db.store.writeBatch([stateWrite(key, revision, `${revision}`, { retention: KEEP_ALL })]);
      }
      // History: 1..4, replaced at 200, 300, 400, 500; the write at 650 replaces 5. The
      // count keeps 5, 4, 3; the age (replaced at 450 or later) keeps only 5 and 4.
      clock.set(after(650));
      await db.store.writeBatch([stateWrite(key, 6, "6", { retention: { maxRevisions: 3, maxAgeSeconds: 200 } })]);
      expect(await revisions(key)).toEqual([6, 5, 4]);
    });
  });
}
