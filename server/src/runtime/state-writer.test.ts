import { describe, expect, it } from "vitest";
import { create, fromJson } from "@bufbuild/protobuf";
import { ValueSchema } from "@bufbuild/protobuf/wkt";
import { PayloadSchema, type ActorRef } from "@actorgate/client/gen";
import type { Logger } from "pino";
import { MemoryStore } from "../store/memory-store.js";
import { StoreUnavailableError, type StateWrite } from "../store/store.js";
import { Activation } from "./activation.js";
import type { TypeEntry } from "./registry.js";
import { StateWriter } from "./state-writer.js";

const INTERVAL_MS = 50;
const type = { settings: { snapshotIntervalMs: INTERVAL_MS, retention: { maxRevisions: 10, maxAgeSeconds: 0 } } } as unknown as TypeEntry;
const json = (value: unknown) => create(PayloadSchema, { kind: { case: "json", value: fromJson(ValueSchema, value as never) } });

function activation(name: string, value: number): Activation {
  const act = new Activation({ system: "s", type: "T", name } as ActorRef, type, 10);
  act.setState(json({ value }));
  return act;
}

/** A MemoryStore whose writes can be held open and made to fail; it records every batch. */
class GatedStore extends MemoryStore {
  readonly batches: string[][] = [];
  #gate: Promise<void> | undefined;
  #open: (() => void) | undefined;
  failWith: Error | undefined;

  hold(): void {
    this.#gate = new Promise((resolve) => (this.#open = resolve));
  }

  release(): void {
    this.#open?.();
    this.#gate = undefined;
  }

  override async writeBatch(writes: readonly StateWrite[]): Promise<void> {
    this.batches.push(writes.map((w) => w.key.name));
    await this.#gate;
    if (this.failWith) throw this.failWith;
    return super.writeBatch(writes);
  }
}

function logger() {
  const warnings: Record<string, unknown>[] = [];
  const log = { warn: (details: Record<string, unknown>) => warnings.push(details) } as unknown as Logger;
  return { log, warnings };
}

describe("StateWriter", () => {
  it("writes due write-behind entries in the batch after an urgent one, even while urgent requests keep coming", async () => {
    const store = new GatedStore();
    const writer = new StateWriter(store, logger().log);
    try {
      const behind = activation("behind", 1);
      behind.dirtySince = Date.now() - INTERVAL_MS; // due now
      writer.markDirty(behind);
      const first = activation("urgent-1", 1);
      store.hold();
      const firstDone = writer.flushNow(first);
      await expect.poll(() => store.batches.length).toBe(1);
      // While the first batch is held, a second durable request arrives: when the first
      // ends, the next batch starts at once, and it must carry the due write-behind entry.
      const second = activation("urgent-2", 1);
      const secondDone = writer.flushNow(second);
      store.release();
      await Promise.all([firstDone, secondDone]);
      const carrying = store.batches.findIndex((batch) => batch.includes("behind"));
      expect(carrying, JSON.stringify(store.batches)).toBeGreaterThanOrEqual(0);
      expect(carrying, JSON.stringify(store.batches)).toBeLessThanOrEqual(1);
      expect(store.batches[1]).toContain("urgent-2");
      await expect.poll(async () => (await store.load(behind.key))?.revision).toBe(1);
    } finally {
      writer.close();
    }
  });

  it("fails durable requests while the store is down, logs code and message only, and writes what waited once it is back", async () => {
    const store = new GatedStore();
    const { log, warnings } = logger();
    const writer = new StateWriter(store, log);
    try {
      const cause = Object.assign(new Error("Connection terminated unexpectedly"), { client: { huge: "x".repeat(10_000) } });
      store.failWith = new StoreUnavailableError("store writeBatch failed: postgres://db:5432/app is unavailable", { cause });
      const behind = activation("behind", 1);
      writer.markDirty(behind);
      const urgent = activation("urgent", 1);
      await expect(writer.flushNow(urgent)).rejects.toMatchObject({ code: 14 /* unavailable */ });
      expect(warnings.length).toBeGreaterThan(0);
      const logged = JSON.stringify(warnings);
      expect(logged).toContain("postgres://db:5432/app is unavailable");
      expect(logged).toContain("Connection terminated unexpectedly");
      expect(logged).not.toContain("huge");
      expect(warnings[0]).not.toHaveProperty("err");

      store.failWith = undefined;
      // Nothing else happens: the writer retries by itself and writes the waiting change.
      await expect.poll(async () => (await store.load(behind.key))?.revision, { timeout: 3_000 }).toBe(1);
      expect(writer.pending).toBeLessThanOrEqual(1); // the urgent one was reverted by its caller, not here
    } finally {
      writer.close();
    }
  });
});
