import { Code } from "@connectrpc/connect";
import { create, fromJson } from "@bufbuild/protobuf";
import { ValueSchema } from "@bufbuild/protobuf/wkt";
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PayloadSchema, type ActorRef } from "@actorgate/client/gen";
import { GatewayError } from "../errors.js";
import { MemoryStore } from "../store/memory-store.js";
import type { OutboxRecord, StateWrite } from "../store/store.js";
import { Activation } from "./activation.js";
import { TypeEntry } from "./registry.js";
import { StateWriter } from "./state-writer.js";
import type { TypeSettings } from "./type-settings.js";
import { idempotencyRecord, outboxRecord } from "../../../test/store/store-fixtures.js";

const json = (value: unknown) => create(PayloadSchema, { kind: { case: "json", value: fromJson(ValueSchema, value as never) } });
const log = pino({ level: "silent" });

/** A memory store that records each batch and can be made to fail or wait. */
class RecordingStore extends MemoryStore {
  batches: StateWrite[][] = [];
  enqueued: OutboxRecord[][] = [];
  failWith: Error | undefined;
  gate: Promise<void> | undefined;

  override async writeBatch(writes: readonly StateWrite[]): Promise<void> {
    this.batches.push([...writes]);
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    return super.writeBatch(writes);
  }

  override async enqueue(records: readonly OutboxRecord[]): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.enqueued.push([...records]);
    return super.enqueue(records);
  }
}

let seq = 0;
function activation(snapshotIntervalMs = 3_600_000, retention = { maxRevisions: 10, maxAgeSeconds: 0 }): Activation {
  const settings = { system: "s", name: "T", snapshotIntervalMs, retention } as unknown as TypeSettings;
  return new Activation({ system: "s", type: "T", name: `a${++seq}` } as ActorRef, new TypeEntry(settings), 10);
}

const writers: StateWriter[] = [];
function writerFor(store: RecordingStore, onOutbox?: () => void): StateWriter {
  const writer = new StateWriter(store, log, onOutbox);
  writers.push(writer);
  return writer;
}
afterEach(() => {
  while (writers.length) writers.pop()!.close();
});

describe("StateWriter", () => {
  it("answers flushNow at once for an activation with nothing to write", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    await writer.flushNow(activation());
    expect(store.batches).toEqual([]);
  });

  it("makes the current revision durable on flushNow, fenced on the stored revision", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    const act = activation();
    act.setState(json({ n: 1 }));
    await writer.flushNow(act);
    act.setState(json({ n: 2 }));
    act.setState(json({ n: 3 }));
    await writer.flushNow(act);
    const stored = await store.load(act.key);
    expect(stored?.revision).toBe(3);
    expect(new TextDecoder().decode(stored!.state!)).toBe('{"n":3}');
    expect(store.batches.map((b) => b.map((w) => [w.revision, w.expectedRevision]))).toEqual([[[1, 0]], [[3, 1]]]);
    expect([act.durableRevision, act.dirty, act.hasPendingWrites]).toEqual([3, false, false]);
    expect(act.durableState).toEqual(json({ n: 3 }));
    expect(writer.pending).toBe(0);
  });

  it("writes each type's retention with its state", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    const act = activation(3_600_000, { maxRevisions: 1, maxAgeSeconds: 0 });
    for (let n = 1; n <= 3; n++) {
      act.setState(json({ n }));
      await writer.flushNow(act);
    }
    expect(store.batches[0]![0]!.retention).toEqual({ maxRevisions: 1, maxAgeSeconds: 0 });
    expect((await store.listRevisions(act.key, { limit: 10 } as never)).map((r) => r.revision)).toEqual([3, 2]);
  });

  it("writes a dirty activation in the background once its snapshot interval has passed", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    const act = activation(0);
    act.setState(json({ n: 7 }));
    writer.markDirty(act);
    expect(writer.pending).toBe(1);
    await vi.waitFor(async () => expect((await store.load(act.key))?.revision).toBe(1), { timeout: 5_000, interval: 10 });
    await vi.waitFor(() => expect(writer.pending).toBe(0));
    expect(act.durableRevision).toBe(1);
  });

  it("leaves a write-behind activation alone until its interval passes, even when another flushes", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    const later = activation(3_600_000);
    later.setState(json({ n: 1 }));
    writer.markDirty(later);
    const now = activation();
    now.setState(json({ n: 1 }));
    await writer.flushNow(now);
    expect(store.batches.flat().map((w) => w.key.name)).toEqual([now.key.name]);
    expect(await store.load(later.key)).toBeUndefined();
    expect(writer.pending).toBe(1);
  });

  it("commits durable requests that arrive together in one batch (group commit)", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    const acts = [activation(), activation(), activation()];
    for (const a of acts) a.setState(json({ n: 1 }));
    await Promise.all(acts.map((a) => writer.flushNow(a)));
    expect(store.batches).toHaveLength(1);
    expect(store.batches[0]!.map((w) => w.key.name).sort()).toEqual(acts.map((a) => a.key.name).sort());
  });

  it("collects what arrives while a batch is in flight into the next one", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    let open!: () => void;
    store.gate = new Promise<void>((r) => (open = r));
    const first = activation();
    first.setState(json({ n: 1 }));
    const firstDone = writer.flushNow(first);
    await vi.waitFor(() => expect(store.batches).toHaveLength(1));
    const rest = [activation(), activation(), activation()];
    for (const a of rest) a.setState(json({ n: 1 }));
    const restDone = Promise.all(rest.map((a) => writer.flushNow(a)));
    // The next batch would start on a later turn of the event loop: let a few pass.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(store.batches).toHaveLength(1); // nothing overtakes the batch in flight
    store.gate = undefined;
    open();
    await Promise.all([firstDone, restDone]);
    expect(store.batches.map((b) => b.length)).toEqual([1, 3]);
  });

  it("resolves a flush only for the revision it asked for, and again for a later one", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    let open!: () => void;
    store.gate = new Promise<void>((r) => (open = r));
    const act = activation();
    act.setState(json({ n: 1 }));
    const one = writer.flushNow(act);
    await vi.waitFor(() => expect(store.batches).toHaveLength(1));
    act.setState(json({ n: 2 }));
    let twoDone = false;
    const two = writer.flushNow(act).then(() => (twoDone = true));
    store.gate = undefined;
    open();
    await one;
    expect(twoDone).toBe(false); // revision 2 is not durable yet
    await two;
    expect((await store.load(act.key))?.revision).toBe(2);
  });

  it("fails a durable request with unavailable when the store fails, and keeps the state for a retry", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    const act = activation();
    act.setState(json({ n: 1 }));
    act.addOutbox([outboxRecord("o1")]);
    store.failWith = new Error("disk on fire");
    const err = await writer.flushNow(act).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).code).toBe(Code.Unavailable);
    expect((err as GatewayError).message).toBe(`state store unavailable, s/T/${act.key.name} not written: disk on fire`);
    expect([act.revision, act.durableRevision]).toEqual([1, 0]);
    expect(act.pendingOutbox?.map((o) => o.id)).toEqual(["o1"]);
    store.failWith = undefined;
    await writer.flushNow(act);
    expect((await store.load(act.key))?.revision).toBe(1);
    expect((await store.claimDue(new Date(Date.now() + 1000), 10, new Date(Date.now() + 60_000))).map((o) => o.id)).toEqual(["o1"]);
  });

  it("writes outbox rows with the state and tells delivery; not when there were none", async () => {
    const store = new RecordingStore();
    let told = 0;
    const writer = writerFor(store, () => told++);
    const act = activation();
    act.setState(json({ n: 1 }));
    await writer.flushNow(act);
    expect(told).toBe(0);
    act.setState(json({ n: 2 }));
    act.addOutbox([outboxRecord("o2")]);
    await writer.flushNow(act);
    expect(told).toBe(1);
    expect(store.batches[1]![0]!.outbox?.map((o) => o.id)).toEqual(["o2"]);
    expect(act.pendingOutbox).toBeUndefined();
  });

  it("writes the outbox rows of a turn that changed no state, outside a state row", async () => {
    const store = new RecordingStore();
    let told = 0;
    const writer = writerFor(store, () => told++);
    const act = activation();
    act.addOutbox([outboxRecord("o3")]);
    await writer.flushNow(act);
    expect(store.batches).toEqual([]);
    expect(store.enqueued.map((b) => b.map((o) => o.id))).toEqual([["o3"]]);
    expect(told).toBe(1);
    expect(act.hasPendingWrites).toBe(false);
  });

  it("stores idempotent results of a turn that changed no state and stops answering them from memory", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    const act = activation();
    act.remember(idempotencyRecord(act.key, "k1", act.revision), { reply: undefined, revision: 0, invocationId: "inv-k1" });
    expect(act.recentResults?.has("k1")).toBe(true);
    await writer.flushNow(act);
    expect(await store.getIdempotency(act.key, "k1", new Date())).toMatchObject({ invocationId: "inv-k1" });
    expect(act.recentResults?.has("k1")).toBe(false);
  });

  it("writes every dirty activation on flushAll, whatever its interval", async () => {
    const store = new RecordingStore();
    const writer = writerFor(store);
    const acts = [activation(), activation()];
    for (const a of acts) {
      a.setState(json({ n: 1 }));
      writer.markDirty(a);
    }
    await writer.flushAll();
    expect(writer.pending).toBe(0);
    for (const a of acts) expect((await store.load(a.key))?.revision).toBe(1);
  });

  it("gives up flushAll with unavailable once its signal aborts", async () => {
    const store = new RecordingStore();
    store.failWith = new Error("down");
    const writer = writerFor(store);
    const act = activation();
    act.setState(json({ n: 1 }));
    writer.markDirty(act);
    const err = await writer.flushAll(AbortSignal.timeout(150)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as GatewayError).code).toBe(Code.Unavailable);
    expect((err as GatewayError).message).toContain("shutdown timed out");
    expect(store.batches.length).toBeGreaterThanOrEqual(1);
  });
});
