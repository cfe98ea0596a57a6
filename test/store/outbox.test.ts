import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../server/src/store/store.js";
import { StaleWriteError } from "../../server/src/store/store.js";
import type { ActorKey, IdempotencyRecord, OutboxRecord } from "../../server/src/store/store.js";
import { DIALECTS, createTestStore } from "../support/databases.js";
import type { TestStore } from "../support/databases.js";
import { actorKey, after, bytes, stateWrite, text, uniqueSystem } from "./store-fixtures.js";

function outboxRecord(id: string, target: ActorKey, nextAttemptAt: Date, extra: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    id,
    target,
    action: "Increment",
    payload: { state: bytes('{"by":1}'), stateType: "json" },
    metadata: { traceparent: "00-abc-def-01", "x-user": "ada" },
    caller: null,
    attempt: 0,
    maxAttempts: 5,
    nextAttemptAt,
    createdAt: after(0),
    idempotencyKey: null,
    lastError: null,
    ...extra,
  };
}

function idempotencyRecord(key: ActorKey, idempotencyKey: string, expiresAt: Date, reply: string | null): IdempotencyRecord {
  return {
    key,
    idempotencyKey,
    invocationId: `inv-${idempotencyKey}`,
    reply: { state: reply === null ? null : bytes(reply), stateType: "json" },
    revision: 7,
    createdAt: after(0),
    expiresAt,
  };
}

for (const dialect of DIALECTS) {
  describe(`store outbox, dead letters and idempotency (${dialect})`, () => {
    let db: TestStore<Store>;
    let other: Store;
    beforeAll(async () => {
      db = await createTestStore(dialect);
      other = await db.open();
    });
    afterAll(async () => {
      await db?.cleanup();
    });

    /** Claims everything due at a far-future instant, for tests that own their system. */
    const claimAll = async (system: string, now: Date) =>
      (await db.store.claimDue(now, 1000, after(10_000_000))).filter((r) => r.target.system === system);

    it("keeps every field of an enqueued invocation and skips a repeated id", async () => {
      const system = uniqueSystem();
      const full = outboxRecord(`${system}-1`, actorKey(system, "a"), after(1.234), {
        caller: actorKey(system, "caller", "Sender"),
        idempotencyKey: "idem-1",
        attempt: 2,
        lastError: "boom",
        payload: { state: Uint8Array.from([0, 255, 1]), stateType: "type.googleapis.com/x.Y" },
      });
      const empty = outboxRecord(`${system}-2`, actorKey(system, "b"), after(2), { payload: { state: null, stateType: "json" }, metadata: {} });
      await db.store.enqueue([full, empty]);
      await db.store.enqueue([{ ...full, action: "Changed" }]);

      const claimed = await db.store.claimDue(after(2), 10, after(100));
      const mine = claimed.filter((r) => r.target.system === system);
      expect(mine).toEqual([full, empty]);
    });

    it("claims due invocations oldest first, and not again until the claim runs out", async () => {
      const system = uniqueSystem();
      const target = actorKey(system, "t");
      await db.store.enqueue([
        outboxRecord(`${system}-late`, target, after(30)),
        outboxRecord(`${system}-early`, target, after(10)),
        outboxRecord(`${system}-mid`, target, after(20)),
        outboxRecord(`${system}-future`, target, after(10_000)),
      ]);
      const first = (await db.store.claimDue(after(25), 1000, after(60))).filter((r) => r.target.system === system);
      expect(first.map((r) => r.id)).toEqual([`${system}-early`, `${system}-mid`]);
      expect(first[0]?.nextAttemptAt).toEqual(after(10));
      const second = (await db.store.claimDue(after(50), 1000, after(60))).filter((r) => r.target.system === system);
      expect(second.map((r) => r.id)).toEqual([`${system}-late`]);
      // The first claims expire at 60s: the invocations are due again (the node "died").
      const again = (await db.store.claimDue(after(60), 1000, after(90))).filter((r) => r.target.system === system);
      expect(again.map((r) => r.id).sort()).toEqual([`${system}-early`, `${system}-late`, `${system}-mid`].sort());
      expect(await db.store.claimDue(after(60), 0, after(90))).toEqual([]);
    });

    it("lets concurrent claimers share the work without overlap", async () => {
      const system = uniqueSystem();
      const records = Array.from({ length: 40 }, (_, i) => outboxRecord(`${system}-${String(i).padStart(2, "0")}`, actorKey(system, `n${i}`), after(5_000 + i)));
      await db.store.enqueue(records);
      const now = after(5_100);
      const [a, b] = await Promise.all([db.store.claimDue(now, 25, after(9_000)), other.claimDue(now, 25, after(9_000))]);
      const ids = [...a!, ...b!].filter((r) => r.target.system === system).map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(40);
    });

    it("records retries, completes, dead-letters, replays and deletes", async () => {
      const system = uniqueSystem();
      const target = actorKey(system, "d");
      await db.store.enqueue([outboxRecord(`${system}-x`, target, after(1)), outboxRecord(`${system}-y`, target, after(1)), outboxRecord(`${system}-z`, target, after(1))]);

      await db.store.retryOutbox(`${system}-x`, 1, after(200), "[Unavailable] host down");
      await db.store.completeOutbox(`${system}-y`);
      await db.store.deadLetter(`${system}-z`, 5, "[Internal] gave up", after(3));
      await db.store.deadLetter("no-such-id", 1, "ignored", after(3));

      expect((await claimAll(system, after(100))).map((r) => r.id)).toEqual([]);
      const retried = await claimAll(system, after(200));
      expect(retried).toEqual([
        expect.objectContaining({ id: `${system}-x`, attempt: 1, nextAttemptAt: after(200), lastError: "[Unavailable] host down" }),
      ]);

      const dead = await db.store.listDeadLetters({ system, limit: 10 });
      expect(dead).toEqual([
        {
          ...outboxRecord(`${system}-z`, target, after(1)),
          attempt: 5,
          lastError: "[Internal] gave up",
          error: "[Internal] gave up",
          failedAt: after(3),
        },
      ]);
      expect(await db.store.replayDeadLetter(`${system}-z`, after(300))).toBe(true);
      expect(await db.store.replayDeadLetter(`${system}-z`, after(300))).toBe(false);
      expect(await db.store.listDeadLetters({ system, limit: 10 })).toEqual([]);
      const replayed = await claimAll(system, after(300));
      expect(replayed).toEqual([expect.objectContaining({ id: `${system}-z`, attempt: 0, nextAttemptAt: after(300) })]);

      await db.store.deadLetter(`${system}-z`, 5, "again", after(301));
      expect(await db.store.deleteDeadLetter(`${system}-z`)).toBe(true);
      expect(await db.store.deleteDeadLetter(`${system}-z`)).toBe(false);
    });

    it("pages dead letters by id", async () => {
      const system = uniqueSystem();
      const ids = ["a", "b", "c"].map((suffix) => `${system}-${suffix}`);
      await db.store.enqueue(ids.map((id) => outboxRecord(id, actorKey(system, "p"), after(1))));
      for (const id of ids) await db.store.deadLetter(id, 5, "x", after(2));
      expect((await db.store.listDeadLetters({ system, limit: 2 })).map((d) => d.id)).toEqual(ids.slice(0, 2));
      expect((await db.store.listDeadLetters({ system, limit: 2, after: ids[1]! })).map((d) => d.id)).toEqual(ids.slice(2));
      expect(await db.store.listDeadLetters({ system: uniqueSystem(), limit: 2 })).toEqual([]);
    });

    it("writes effects and idempotency results with the state, or not at all", async () => {
      const system = uniqueSystem();
      const key = actorKey(system, "w");
      const effect = outboxRecord(`${system}-effect`, actorKey(system, "target"), after(1));
      const result = idempotencyRecord(key, "k1", after(1000), '"done"');
      await db.store.writeBatch([{ ...stateWrite(key, 1, "1"), outbox: [effect], idempotency: [result] }]);
      expect(await claimAll(system, after(1))).toEqual([effect]);
      expect(await db.store.getIdempotency(key, "k1", after(10))).toEqual(result);

      const lost = outboxRecord(`${system}-lost`, actorKey(system, "target"), after(1));
      await expect(
        db.store.writeBatch([
          { ...stateWrite(key, 2, "2"), outbox: [lost], idempotency: [idempotencyRecord(key, "k2", after(1000), null)] },
          stateWrite(actorKey(system, "stale"), 5, "x", { expected: 4 }),
        ]),
      ).rejects.toThrow(StaleWriteError);
      expect(await claimAll(system, after(1_000_000))).toEqual([]);
      expect(await db.store.getIdempotency(key, "k2", after(10))).toBeUndefined();
      expect(text((await db.store.load(key))?.state)).toBe("1");
    });

    it("stores, replaces, expires and purges idempotency results", async () => {
      const system = uniqueSystem();
      const key = actorKey(system, "i");
      await db.store.putIdempotency([
        idempotencyRecord(key, "first", after(100), '"one"'),
        idempotencyRecord(key, "first", after(100), '"one again"'),
        idempotencyRecord(key, "none", after(100), null),
        idempotencyRecord(key, "short", after(50), '"short"'),
      ]);
      expect(text((await db.store.getIdempotency(key, "first", after(10)))?.reply.state)).toBe('"one again"');
      expect((await db.store.getIdempotency(key, "none", after(10)))?.reply.state).toBeNull();
      expect((await db.store.getIdempotency(key, "first", after(10)))?.revision).toBe(7);
      expect(await db.store.getIdempotency(key, "short", after(50))).toBeUndefined();
      expect(await db.store.getIdempotency(actorKey(system, "other"), "first", after(10))).toBeUndefined();

      await db.store.putIdempotency([idempotencyRecord(key, "short", after(500), '"renewed"')]);
      expect(text((await db.store.getIdempotency(key, "short", after(200)))?.reply.state)).toBe('"renewed"');

      // Other tests' rows expire far later than 100s, so the count is this test's.
      expect(await db.store.purgeIdempotency(after(100))).toBeGreaterThanOrEqual(2);
      expect(await db.store.getIdempotency(key, "first", after(0))).toBeUndefined();
      expect(await db.store.getIdempotency(key, "short", after(0))).toBeDefined();
    });
  });
}
