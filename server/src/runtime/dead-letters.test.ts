import { describe, expect, it } from "vitest";
import { MemoryStore } from "../store/memory-store.js";
import type { OutboxRecord } from "../store/store.js";
import { DeadLetters } from "./dead-letters.js";

const target = { system: "s", type: "T", name: "n" };

async function storeWithDeadLetter(id: string): Promise<MemoryStore> {
  const store = new MemoryStore();
  const record: OutboxRecord = {
    id,
    target,
    action: "act",
    payload: { state: null, stateType: "" },
    metadata: {},
    caller: null,
    attempt: 3,
    maxAttempts: 3,
    nextAttemptAt: new Date(0),
    createdAt: new Date(0),
    idempotencyKey: null,
    lastError: "boom",
  };
  await store.enqueue([record]);
  await store.deadLetter(id, 3, "boom", new Date());
  return store;
}

describe("DeadLetters", () => {
  it("replays a dead letter into the outbox, attempts reset, and wakes the dispatcher", async () => {
    const store = await storeWithDeadLetter("inv-1");
    let kicks = 0;
    const letters = new DeadLetters(store, () => kicks++);
    expect((await letters.list({ system: "s", limit: 10 })).map((d) => d.id)).toEqual(["inv-1"]);

    expect(await letters.replay("inv-1")).toBe(true);
    expect(kicks).toBe(1);
    expect(await letters.list({ system: "s", limit: 10 })).toEqual([]);
    const due = await store.claimDue(new Date(), 10, new Date(Date.now() + 60_000));
    expect(due.map((r) => [r.id, r.attempt])).toEqual([["inv-1", 0]]);
  });

  it("answers false for an unknown id, and wakes nothing", async () => {
    const store = await storeWithDeadLetter("inv-1");
    let kicks = 0;
    const letters = new DeadLetters(store, () => kicks++);
    expect(await letters.replay("nope")).toBe(false);
    expect(await letters.delete("nope")).toBe(false);
    expect(kicks).toBe(0);
  });

  it("deletes a dead letter", async () => {
    const store = await storeWithDeadLetter("inv-1");
    const letters = new DeadLetters(store, () => {});
    expect(await letters.delete("inv-1")).toBe(true);
    expect(await letters.list({ system: "s", limit: 10 })).toEqual([]);
  });
});
