import type { Store } from "../../server/src/store/store.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, createTestStore } from "../support/databases.js";
import type { TestStore } from "../support/databases.js";
import { ManualClock, T0, actorKey, after, bytes, stateWrite, text, uniqueSystem } from "./store-fixtures.js";

for (const dialect of DIALECTS) {
  describe(`store round trip (${dialect})`, () => {
    const clock = new ManualClock();
    let db: TestStore<Store>;
    beforeAll(async () => {
      db = await createTestStore(dialect, { now: clock.now });
    });
    afterAll(async () => {
      await db?.cleanup();
    });

    it("loads nothing for an actor that was never written", async () => {
      expect(await db.store.load(actorKey(uniqueSystem(), "nobody"))).toBeUndefined();
    });

    it("loads what was written, with revision, type and a millisecond timestamp", async () => {
      const key = actorKey(uniqueSystem(), "a");
      clock.set(T0);
      await db.store.writeBatch([stateWrite(key, 1, '{"count":1}')]);
      const loaded = await db.store.load(key);
      expect(loaded).toEqual({ key, revision: 1, state: bytes('{"count":1}'), stateType: "json", updatedAt: T0 });
      expect(loaded?.updatedAt.getTime()).toBe(T0.getTime());

      clock.set(after(1.001));
      await db.store.writeBatch([stateWrite(key, 2, '{"count":2}', { stateType: "type.googleapis.com/demo.Counter" })]);
      const second = await db.store.load(key);
      expect(second?.revision).toBe(2);
      expect(typeof second?.revision).toBe("number");
      expect(text(second?.state)).toBe('{"count":2}');
      expect(second?.stateType).toBe("type.googleapis.com/demo.Counter");
      expect(second?.updatedAt).toEqual(after(1.001));
    });

    it("keeps null, empty and arbitrary binary state exactly", async () => {
      const system = uniqueSystem();
      const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
      const big = new Uint8Array(1024 * 1024).map((_, i) => (i * 31) % 251);
      await db.store.writeBatch([
        { ...stateWrite(actorKey(system, "null"), 1, null) },
        { ...stateWrite(actorKey(system, "empty"), 1, ""), state: new Uint8Array(0) },
        { ...stateWrite(actorKey(system, "bytes"), 1, null), state: everyByte, stateType: "type.googleapis.com/x.Y" },
        { ...stateWrite(actorKey(system, "big"), 1, null), state: big },
      ]);
      expect((await db.store.load(actorKey(system, "null")))?.state).toBeNull();
      expect((await db.store.load(actorKey(system, "empty")))?.state).toEqual(new Uint8Array(0));
      expect((await db.store.load(actorKey(system, "bytes")))?.state).toEqual(everyByte);
      // Compared as a Buffer: toEqual walks a megabyte element by element.
      const loadedBig = (await db.store.load(actorKey(system, "big")))?.state;
      expect(loadedBig && Buffer.compare(Buffer.from(loadedBig), Buffer.from(big))).toBe(0);
    });

    it("treats names as case-sensitive", async () => {
      const system = uniqueSystem();
      await db.store.writeBatch([stateWrite(actorKey(system, "abc"), 1, '"lower"'), stateWrite(actorKey(system, "ABC"), 1, '"upper"')]);
      expect(text((await db.store.load(actorKey(system, "abc")))?.state)).toBe('"lower"');
      expect(text((await db.store.load(actorKey(system, "ABC")))?.state)).toBe('"upper"');
      expect(await db.store.load(actorKey(system, "Abc"))).toBeUndefined();
    });

    it("lists actors by (type, name) with an exclusive cursor and a type filter", async () => {
      const system = uniqueSystem();
      const other = uniqueSystem();
      clock.set(T0);
      await db.store.writeBatch([
        stateWrite(actorKey(system, "b", "Alpha"), 1, "1"),
        stateWrite(actorKey(system, "a", "Beta"), 1, "1"),
        stateWrite(actorKey(system, "a", "Alpha"), 1, "1"),
        stateWrite(actorKey(system, "c", "Alpha"), 1, "1"),
        stateWrite(actorKey(other, "a", "Alpha"), 1, "1"),
      ]);
      await db.store.writeBatch([stateWrite(actorKey(system, "c", "Alpha"), 2, "2")]);
      const names = (list: { key: { type: string; name: string } }[]) => list.map((a) => `${a.key.type}/${a.key.name}`);

      const first = await db.store.listActors({ system, limit: 2 });
      expect(names(first)).toEqual(["Alpha/a", "Alpha/b"]);
      expect(first[0]).toEqual({ key: actorKey(system, "a", "Alpha"), revision: 1, updatedAt: T0 });
      const rest = await db.store.listActors({ system, limit: 10, after: { type: "Alpha", name: "b" } });
      expect(names(rest)).toEqual(["Alpha/c", "Beta/a"]);
      expect(rest[0]?.revision).toBe(2);
      expect(names(await db.store.listActors({ system, type: "Beta", limit: 10 }))).toEqual(["Beta/a"]);
      expect(names(await db.store.listActors({ system, type: "Alpha", limit: 10, after: { type: "Alpha", name: "a" } }))).toEqual([
        "Alpha/b",
        "Alpha/c",
      ]);
      expect(await db.store.listActors({ system, limit: 0 })).toEqual([]);
    });
  });
}
