import type { Store } from "../../server/src/store/store.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActorKey } from "../../server/src/store/store.js";
import { DIALECTS, createTestStore } from "../support/databases.js";
import type { TestStore } from "../support/databases.js";
import { ManualClock, actorKey, after, stateWrite, text, uniqueSystem } from "./store-fixtures.js";

for (const dialect of DIALECTS) {
  describe(`store history (${dialect})`, () => {
    const clock = new ManualClock();
    let db: TestStore<Store>;
    beforeAll(async () => {
      db = await createTestStore(dialect, { now: clock.now });
    });
    afterAll(async () => {
      await db?.cleanup();
    });

    /** Revision r written at after(10 * r) with state "v<r>", r = 1..count. */
    async function writeRevisions(key: ActorKey, count: number): Promise<void> {
      for (let revision = 1; revision <= count; revision++) {
        clock.set(after(10 * revision));
        await db.store.writeBatch([stateWrite(key, revision, `"v${revision}"`)]);
      }
    }

    it("loads any kept revision, current or replaced, with its validity interval", async () => {
      const key = actorKey(uniqueSystem(), "h");
      await writeRevisions(key, 5);

      const third = await db.store.loadRevision(key, 3);
      expect(third).toMatchObject({ revision: 3, stateType: "json", validFrom: after(30), validTo: after(40) });
      expect(text(third?.state)).toBe('"v3"');
      const current = await db.store.loadRevision(key, 5);
      expect(current).toMatchObject({ revision: 5, validFrom: after(50), validTo: null });
      expect(text(current?.state)).toBe('"v5"');
      expect(await db.store.loadRevision(key, 6)).toBeUndefined();
      expect(await db.store.loadRevision(key, 0)).toBeUndefined();
      expect(await db.store.loadRevision(actorKey(uniqueSystem(), "none"), 1)).toBeUndefined();
    });

    it("finds the revision that was current at a point in time", async () => {
      const key = actorKey(uniqueSystem(), "t");
      await writeRevisions(key, 5);
      const revisionAt = async (at: Date) => (await db.store.loadAt(key, at))?.revision;

      expect(await revisionAt(after(9.999))).toBeUndefined();
      expect(await revisionAt(after(10))).toBe(1); // valid_from is inclusive
      expect(await revisionAt(after(35))).toBe(3);
      expect(await revisionAt(after(39.999))).toBe(3);
      expect(await revisionAt(after(40))).toBe(4); // valid_to is exclusive
      expect(await revisionAt(after(50))).toBe(5);
      expect(await revisionAt(after(1_000_000))).toBe(5);
      const past = await db.store.loadAt(key, after(21));
      expect(text(past?.state)).toBe('"v2"');
      expect(past?.validTo).toEqual(after(30));
      expect(await db.store.loadAt(actorKey(uniqueSystem(), "none"), after(10))).toBeUndefined();
    });

    it("lists revisions newest first, paging with an exclusive `before` cursor", async () => {
      const key = actorKey(uniqueSystem(), "p");
      await writeRevisions(key, 5);
      const page = async (limit: number, before?: number) =>
        (await db.store.listRevisions(key, before === undefined ? { limit } : { limit, before })).map((r) => r.revision);

      expect(await page(2)).toEqual([5, 4]);
      expect(await page(2, 4)).toEqual([3, 2]);
      expect(await page(2, 2)).toEqual([1]);
      expect(await page(2, 1)).toEqual([]);
      expect(await page(100)).toEqual([5, 4, 3, 2, 1]);
      expect(await page(100, 100)).toEqual([5, 4, 3, 2, 1]);
      expect(await page(0)).toEqual([]);
      const [newest, previous] = await db.store.listRevisions(key, { limit: 2 });
      expect(newest).toMatchObject({ revision: 5, validFrom: after(50), validTo: null });
      expect(previous).toMatchObject({ revision: 4, validFrom: after(40), validTo: after(50) });
      expect(text(previous?.state)).toBe('"v4"');
      expect(await db.store.listRevisions(actorKey(uniqueSystem(), "none"), { limit: 10 })).toEqual([]);
    });

    it("keeps a cleared (null) state as a revision of its own", async () => {
      const key = actorKey(uniqueSystem(), "cleared");
      clock.set(after(1));
      await db.store.writeBatch([stateWrite(key, 1, '"x"')]);
      clock.set(after(2));
      await db.store.writeBatch([stateWrite(key, 2, null)]);
      expect((await db.store.load(key))?.state).toBeNull();
      expect(text((await db.store.loadRevision(key, 1))?.state)).toBe('"x"');
    });

    it("never lets a replaced revision's interval run backwards when the clock does", async () => {
      const key = actorKey(uniqueSystem(), "skew");
      clock.set(after(100));
      await db.store.writeBatch([stateWrite(key, 1, '"a"')]);
      clock.set(after(50)); // another node, whose clock is behind
      await db.store.writeBatch([stateWrite(key, 2, '"b"')]);
      const replaced = await db.store.loadRevision(key, 1);
      expect(replaced?.validFrom).toEqual(after(100));
      expect(replaced?.validTo).toEqual(after(100));
      expect((await db.store.load(key))?.updatedAt).toEqual(after(100));
    });
  });
}
