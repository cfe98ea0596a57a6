import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StateCipher, StateKeyError } from "../../server/src/store/state-cipher.js";
import type { StateKey } from "../../server/src/store/state-cipher.js";
import type { ActorKey } from "../../server/src/store/store.js";
import { SQL_DIALECTS as DIALECTS, createTestStore } from "../support/databases.js";
import type { TestStore } from "../support/databases.js";
import { actorKey, stateWrite, text, uniqueSystem } from "./store-fixtures.js";

const newKey = (id: string): StateKey => ({ id, key: new Uint8Array(randomBytes(32)) });

for (const dialect of DIALECTS) {
  describe(`store encryption at rest (${dialect})`, () => {
    const k1 = newKey("k1");
    const k2 = newKey("k2");
    let db: TestStore;
    beforeAll(async () => {
      db = await createTestStore(dialect, { cipher: new StateCipher([k1]) });
    });
    afterAll(async () => {
      await db?.cleanup();
    });

    /** What is in the table, bypassing the cipher. */
    async function rawRows(key: ActorKey) {
      const kysely = db.store.kysely;
      const current = await kysely
        .selectFrom("actor_state")
        .select(["revision", "state", "key_id"])
        .where("system", "=", key.system)
        .where("name", "=", key.name)
        .execute();
      const history = await kysely
        .selectFrom("actor_state_history")
        .select(["revision", "state", "key_id"])
        .where("system", "=", key.system)
        .where("name", "=", key.name)
        .execute();
      return [...current, ...history].map((row) => ({ ...row, revision: Number(row.revision) }));
    }

    it("stores ciphertext with its key id and reads back the plaintext", async () => {
      const key = actorKey(uniqueSystem(), "secret");
      await db.store.writeBatch([stateWrite(key, 1, '{"pin":"1234"}')]);
      await db.store.writeBatch([stateWrite(key, 2, '{"pin":"5678"}')]);
      await db.store.writeBatch([stateWrite(key, 3, null)]);

      expect(text((await db.store.loadRevision(key, 1))?.state)).toBe('{"pin":"1234"}');
      expect(text((await db.store.loadRevision(key, 2))?.state)).toBe('{"pin":"5678"}');
      expect((await db.store.load(key))?.state).toBeNull();
      const rows = await rawRows(key);
      // Revisions 1 and 2 in history, 3 current: a loop over no rows would check nothing.
      expect(rows.map((row) => Number(row.revision)).sort()).toEqual([1, 2, 3]);
      for (const row of rows) {
        if (row.revision === 3) {
          expect(row).toMatchObject({ state: null, key_id: null });
          continue;
        }
        expect(row.key_id).toBe("k1");
        expect(Buffer.from(row.state!).includes(Buffer.from("pin"))).toBe(false);
        // version byte + 12-byte IV + ciphertext + 16-byte tag
        expect(row.state!.length).toBe(1 + 12 + '{"pin":"1234"}'.length + 16);
      }
    });

    it("rotates keys: old rows stay readable, rekey rewrites them, then the old key can go", async () => {
      const system = uniqueSystem();
      const key = actorKey(system, "rotating");
      const other = actorKey(system, "other");
      await db.store.writeBatch([stateWrite(key, 1, '"one"'), stateWrite(other, 1, '"other"')]);
      await db.store.writeBatch([stateWrite(key, 2, '"two"')]);

      const rotated = await db.open({ cipher: new StateCipher([k2, k1]) });
      expect(text((await rotated.load(key))?.state)).toBe('"two"');
      await rotated.writeBatch([stateWrite(key, 3, '"three"')]);
      expect((await rawRows(key)).map((row) => [row.revision, row.key_id]).sort()).toEqual([
        [1, "k1"],
        [2, "k1"],
        [3, "k2"],
      ]);

      const { rewritten } = await rotated.rekey({ batchSize: 2 });
      // This store's rows are k1-encrypted rows of other tests too; at least these three.
      expect(rewritten).toBeGreaterThanOrEqual(3);
      expect((await rawRows(key)).every((row) => row.key_id === "k2")).toBe(true);
      expect((await rawRows(other)).every((row) => row.key_id === "k2")).toBe(true);
      expect(await rotated.rekey()).toEqual({ rewritten: 0 });

      const onlyNew = await db.open({ cipher: new StateCipher([k2]) });
      expect((await onlyNew.listRevisions(key, { limit: 10 })).map((r) => text(r.state))).toEqual(['"three"', '"two"', '"one"']);
      expect(text((await onlyNew.load(other))?.state)).toBe('"other"');
    });

    it("encrypts plaintext rows written before encryption was turned on", async () => {
      const key = actorKey(uniqueSystem(), "legacy");
      const plain = await db.open();
      await plain.writeBatch([stateWrite(key, 1, '"plain"')]);
      const [row] = await rawRows(key);
      expect(row?.key_id).toBeNull();
      expect(text(row?.state)).toBe('"plain"');
      const encrypting = await db.open({ cipher: new StateCipher([k2, k1]) });
      expect(text((await encrypting.load(key))?.state)).toBe('"plain"');
      expect((await encrypting.rekey()).rewritten).toBeGreaterThanOrEqual(1);
      expect((await rawRows(key))[0]?.key_id).toBe("k2");
      expect(text((await encrypting.load(key))?.state)).toBe('"plain"');
    });

    it("fails with StateKeyError, never garbage, for a missing or wrong key", async () => {
      const key = actorKey(uniqueSystem(), "locked");
      const writer = await db.open({ cipher: new StateCipher([newKey("k9")]) });
      await writer.writeBatch([stateWrite(key, 1, '"hidden"')]);

      const unknownKey = await db.open({ cipher: new StateCipher([newKey("k3")]) });
      await expect(unknownKey.load(key)).rejects.toThrow(StateKeyError);
      await expect(unknownKey.load(key)).rejects.toThrow(/key "k9", which is not in ACTORGATE_STATE_KEYS/);
      await expect(unknownKey.listRevisions(key, { limit: 1 })).rejects.toThrow(StateKeyError);
      await expect(unknownKey.rekey()).rejects.toThrow(StateKeyError);

      const noKeys = await db.open();
      await expect(noKeys.load(key)).rejects.toThrow(/encrypted with key "k9" but no state keys are configured/);
      await expect(noKeys.rekey()).rejects.toThrow(StateKeyError);

      const sameIdOtherMaterial = await db.open({ cipher: new StateCipher([newKey("k9")]) });
      await expect(sameIdOtherMaterial.load(key)).rejects.toThrow(/failed authentication with key "k9"/);
    });

    it("detects ciphertext moved onto another actor's row", async () => {
      const system = uniqueSystem();
      const [from, to] = [actorKey(system, "from"), actorKey(system, "to")];
      await db.store.writeBatch([stateWrite(from, 1, '"mine"'), stateWrite(to, 1, '"yours"')]);
      const [source] = await rawRows(from);
      await db.store.kysely
        .updateTable("actor_state")
        .set({ state: Buffer.from(source!.state!) })
        .where("system", "=", system)
        .where("name", "=", "to")
        .execute();
      await expect(db.store.load(to)).rejects.toThrow(/failed authentication/);
      // Keep the raw helper honest: the statement above did change the row.
      const count = await sql<{ n: number | string }>`select count(*) as n from actor_state where system = ${system}`.execute(
        db.store.kysely,
      );
      expect(Number(count.rows[0]?.n)).toBe(2);
    });
  });
}
