import { create, fromJson } from "@bufbuild/protobuf";
import { ValueSchema } from "@bufbuild/protobuf/wkt";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PayloadSchema, type ActorRef } from "@actorgate/client/gen";
import { MemoryStore } from "../store/memory-store.js";
import type { IdempotencyRecord, OutboxRecord, StateWrite } from "../store/store.js";
import { Activation } from "./activation.js";
import { TypeEntry } from "./registry.js";
import { StateWriter } from "./state-writer.js";
import type { TypeSettings } from "./type-settings.js";
import { idempotencyRecord, outboxRecord } from "../../../test/store/store-fixtures.js";

// Write-behind timing, batch size, retry backoff and store-call shape of the StateWriter.
// Date and the writer's interval are faked (time moves only when a test says so); promises
// and setImmediate stay real, so urgent flushes run without advancing the clock.

const json = (value: unknown) => create(PayloadSchema, { kind: { case: "json", value: fromJson(ValueSchema, value as never) } });
const log = pino({ level: "silent" });
const TICK_MS = 25;

/** Records every store call; every state batch fails while `failAll` is set. */
class RecordingStore extends MemoryStore {
  readonly batches: string[][] = [];
  readonly enqueued: string[][] = [];
  readonly looseIdempotency: string[][] = [];
  failAll = false;
  gate: Promise<void> | undefined;
  #inBatch = false;

  override async writeBatch(writes: readonly StateWrite[]): Promise<void> {
    this.batches.push(writes.map((w) => w.key.name));
    if (this.gate) await this.gate;
    if (this.failAll) throw new Error("store down");
    this.#inBatch = true;
    try {
      return await super.writeBatch(writes);
    } finally {
      this.#inBatch = false;
    }
  }

  override async enqueue(records: readonly OutboxRecord[]): Promise<void> {
    // MemoryStore.writeBatch stores a state row's outbox through here too: not loose.
    if (!this.#inBatch) this.enqueued.push(records.map((r) => r.id));
    return super.enqueue(records);
  }

  override async putIdempotency(records: readonly IdempotencyRecord[]): Promise<void> {
    if (!this.#inBatch) this.looseIdempotency.push(records.map((r) => r.idempotencyKey));
    return super.putIdempotency(records);
  }
}

let seq = 0;
function activation(snapshotIntervalMs: number): Activation {
  const settings = { system: "s", name: "T", snapshotIntervalMs, retention: { maxRevisions: 10, maxAgeSeconds: 0 } } as unknown as TypeSettings;
  return new Activation({ system: "s", type: "T", name: `a${++seq}` } as ActorRef, new TypeEntry(settings), 10);
}

function changed(snapshotIntervalMs: number): Activation {
  const act = activation(snapshotIntervalMs);
  act.setState(json({ n: 1 }));
  return act;
}

/** Lets pending promises and setImmediate callbacks (the urgent kick) run; the clock stays. */
async function drain(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

/** Moves the fake clock, firing the writer's ticks, then lets their batches finish. */
async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await drain();
}

const writers: StateWriter[] = [];
function writerFor(store: RecordingStore, onOutbox?: () => void): StateWriter {
  const writer = new StateWriter(store, log, onOutbox);
  writers.push(writer);
  return writer;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
});
afterEach(() => {
  while (writers.length) writers.pop()!.close();
  vi.useRealTimers();
});

describe("StateWriter write-behind timing", () => {
  it("writes a change no earlier than its type's snapshot interval, and at the first tick after it", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    const act = changed(1000);
    writer.markDirty(act);
    await advance(1000 - TICK_MS);
    expect(store.batches).toEqual([]);
    expect(writer.pending).toBe(1);
    await advance(TICK_MS); // the tick at exactly dirtySince + interval
    expect(store.batches).toEqual([[act.key.name]]);
    expect([act.durableRevision, act.dirty, writer.pending]).toEqual([1, false, 0]);
  });

  it("counts the interval from the first unwritten change, not from the last", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    const act = changed(500);
    writer.markDirty(act);
    await advance(300);
    act.setState(json({ n: 2 }));
    writer.markDirty(act);
    await advance(200);
    expect(store.batches).toEqual([[act.key.name]]);
    expect((await store.load(act.key))?.revision).toBe(2);
  });

  it("writes a marked activation whose turn only queued outbox rows with the next due batch", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    const act = activation(0); // dirtySince stays 0: no state change
    act.addOutbox([outboxRecord("o1")]);
    writer.markDirty(act);
    await advance(TICK_MS);
    expect(store.enqueued).toEqual([["o1"]]);
    expect(writer.pending).toBe(0);
  });

  it("stops its timer once nothing is dirty, keeps it while something waits, and close() stops it", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    const soon = changed(0);
    const later = changed(200);
    writer.markDirty(soon);
    writer.markDirty(later);
    expect(vi.getTimerCount()).toBe(1); // one interval, however many are marked
    await advance(TICK_MS);
    expect(store.batches).toEqual([[soon.key.name]]);
    await advance(3 * TICK_MS); // ticks with nothing due while `later` waits
    expect(vi.getTimerCount()).toBe(1);
    await advance(200);
    expect(store.batches).toEqual([[soon.key.name], [later.key.name]]);
    await advance(TICK_MS);
    expect(vi.getTimerCount()).toBe(0);

    writer.markDirty(changed(60_000));
    expect(vi.getTimerCount()).toBe(1);
    writer.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("puts at most 1000 activations in a batch; the rest follow in the next one", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    const acts = Array.from({ length: 1001 }, () => changed(0));
    for (const a of acts) writer.markDirty(a);
    await advance(TICK_MS);
    expect(store.batches.map((b) => b.length)).toEqual([1000]);
    await advance(TICK_MS);
    expect(store.batches.map((b) => b.length)).toEqual([1000, 1]);
    expect(writer.pending).toBe(0);
  });

  it("puts an urgent activation in its batch once, even when its write-behind interval has passed too", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    const act = changed(0);
    writer.markDirty(act);
    await writer.flushNow(act);
    expect(store.batches).toEqual([[act.key.name]]);
  });
});

describe("StateWriter retries after a store failure", () => {
  it("starts no write-behind batch before the retry time; the backoff doubles and resets after a success", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    store.failAll = true;
    const act = changed(0);
    writer.markDirty(act);
    await advance(TICK_MS); // batch 1 fails at t=25: retry at 125
    expect(store.batches).toHaveLength(1);
    await advance(100 - TICK_MS);
    expect(store.batches).toHaveLength(1);
    await advance(TICK_MS); // t=125: batch 2 fails, retry at 325
    expect(store.batches).toHaveLength(2);
    await advance(200 - TICK_MS);
    expect(store.batches).toHaveLength(2);
    await advance(TICK_MS); // t=325: batch 3 fails, retry at 725
    expect(store.batches).toHaveLength(3);
    await advance(400 - TICK_MS);
    expect(store.batches).toHaveLength(3);
    store.failAll = false;
    await advance(TICK_MS); // t=725: written
    expect(store.batches).toHaveLength(4);
    expect(act.durableRevision).toBe(1);

    // After the success, the next failure waits the first step (100 ms) again.
    store.failAll = true;
    act.setState(json({ n: 2 }));
    writer.markDirty(act);
    await advance(TICK_MS);
    expect(store.batches).toHaveLength(5);
    await advance(100 - TICK_MS);
    expect(store.batches).toHaveLength(5);
    await advance(TICK_MS);
    expect(store.batches).toHaveLength(6);
  });

  it("caps the backoff at one second", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    store.failAll = true;
    writer.markDirty(changed(0));
    await advance(TICK_MS); // fails 1..5 at 25, 125, 325, 725, 1525 (waits 100, 200, 400, 800)
    await advance(1500);
    expect(store.batches).toHaveLength(5);
    await advance(1000 - TICK_MS); // the 5th failure waits 1000, not 1600
    expect(store.batches).toHaveLength(5);
    await advance(TICK_MS);
    expect(store.batches).toHaveLength(6);
  });

  it("sends an urgent request at once while write-behind waits for the retry time", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    store.failAll = true;
    const behind = changed(0);
    writer.markDirty(behind);
    await advance(TICK_MS);
    expect(store.batches).toHaveLength(1);
    store.failAll = false;
    const urgent = changed(60_000);
    let done = false;
    const flushed = writer.flushNow(urgent).then(() => (done = true));
    await drain(); // the clock does not move: still before the retry time
    expect(done).toBe(true);
    await flushed;
    expect(store.batches[1]).toContain(urgent.key.name);
  });
});

describe("StateWriter store calls", () => {
  it("tells delivery when any activation in a batch wrote outbox rows", async () => {
    const store = new RecordingStore();
    let told = 0;
    const writer = writerFor(store, () => told++);
    const plain = changed(60_000);
    const sending = changed(60_000);
    sending.addOutbox([outboxRecord("o1")]);
    await Promise.all([writer.flushNow(plain), writer.flushNow(sending)]);
    expect(store.batches).toHaveLength(1);
    expect(told).toBe(1);
  });

  it("does not tell delivery, and makes no empty store calls, for a turn that only stored an idempotent result", async () => {
    const store = new RecordingStore();
    let told = 0;
    const writer = writerFor(store, () => told++);
    const act = activation(60_000);
    act.remember(idempotencyRecord(act.key, "k1", act.revision), { reply: undefined, revision: 0, invocationId: "inv-k1" });
    await writer.flushNow(act);
    expect(told).toBe(0);
    expect(store.batches).toEqual([]);
    expect(store.enqueued).toEqual([]);
    expect(store.looseIdempotency).toEqual([["k1"]]);
  });

  it("makes no loose store calls for a turn that changed state; its results stop being answered from memory", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    const act = changed(60_000);
    act.remember(idempotencyRecord(act.key, "k2", act.revision), { reply: undefined, revision: 1, invocationId: "inv-k2" });
    act.remember(idempotencyRecord(act.key, "k3", act.revision), { reply: undefined, revision: 1, invocationId: "inv-k3" });
    act.recentResults!.set("other", { reply: undefined, revision: 0, invocationId: "inv-other" });
    await writer.flushNow(act);
    expect(store.enqueued).toEqual([]);
    expect(store.looseIdempotency).toEqual([]);
    expect([...act.recentResults!.keys()]).toEqual(["other"]);
    expect(await store.getIdempotency(act.key, "k3", new Date())).toMatchObject({ invocationId: "inv-k3" });
  });

  it("keeps a waiter for a later revision waiting when an earlier one is written", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    let open!: () => void;
    store.gate = new Promise<void>((r) => (open = r));
    const act = changed(60_000);
    const first = writer.flushNow(act);
    await drain();
    act.setState(json({ n: 2 }));
    let secondDone = false;
    const second = writer.flushNow(act).then(() => (secondDone = true));
    // Hold the second batch too, to see the state between the two.
    let openSecond!: () => void;
    store.gate = new Promise<void>((r) => (openSecond = r));
    open();
    await first;
    await drain();
    expect(store.batches).toHaveLength(2);
    expect(secondDone).toBe(false);
    expect(act.durableRevision).toBe(1);
    expect(act.durableState).toEqual(json({ n: 1 }));
    openSecond();
    await second;
    expect(act.durableRevision).toBe(2);
  });
});

describe("StateWriter flushAll", () => {
  it("waits for the batch in flight before writing the rest", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    let open!: () => void;
    store.gate = new Promise<void>((r) => (open = r));
    const urgent = changed(60_000);
    const urgentDone = writer.flushNow(urgent);
    await drain();
    expect(store.batches).toHaveLength(1);
    const behind = changed(60_000);
    writer.markDirty(behind);
    const all = writer.flushAll();
    await drain();
    expect(store.batches).toHaveLength(1); // nothing overtakes the batch in flight
    store.gate = undefined;
    open();
    await Promise.all([urgentDone, all]);
    expect(store.batches).toEqual([[urgent.key.name], [behind.key.name]]);
    expect(writer.pending).toBe(0);
  });
});
