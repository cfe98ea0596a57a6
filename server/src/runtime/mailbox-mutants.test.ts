import { describe, expect, it } from "vitest";
import { Mailbox } from "./mailbox.js";

/** A job that runs until released, recording when it starts. */
function gated(log: string[], name: string) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return {
    job: {
      run: async () => {
        log.push(name);
        await gate;
      },
    },
    release: () => release(),
  };
}

describe("Mailbox: bounded FIFO, one job at a time", () => {
  it("is idle and empty when new, and whenIdle resolves at once", async () => {
    const box = new Mailbox(3);
    expect([box.depth, box.busy]).toEqual([0, false]);
    await box.whenIdle();
  });

  it("is busy while its only job runs, with nothing waiting", async () => {
    const box = new Mailbox(3);
    const log: string[] = [];
    const a = gated(log, "a");
    box.post(a.job);
    expect([box.depth, box.busy]).toEqual([0, true]);
    a.release();
    await box.whenIdle();
    expect([box.depth, box.busy]).toEqual([0, false]);
  });

  it("counts waiting jobs and starts the next only when the running one ends", async () => {
    const box = new Mailbox(3);
    const log: string[] = [];
    const a = gated(log, "a");
    const b = gated(log, "b");
    box.post(a.job);
    box.post(b.job);
    expect(box.depth).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(["a"]);
    a.release();
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(["a", "b"]);
    expect(box.depth).toBe(0);
    b.release();
    await box.whenIdle();
  });

  it("holds exactly `capacity` waiting jobs; a refused job never runs", async () => {
    const box = new Mailbox(1);
    const log: string[] = [];
    const a = gated(log, "a");
    expect(box.post(a.job)).toBe(true);
    expect(box.post({ run: async () => void log.push("b") })).toBe(true);
    expect(box.post({ run: async () => void log.push("refused") })).toBe(false);
    expect(box.depth).toBe(1);
    a.release();
    await box.whenIdle();
    expect(log).toEqual(["a", "b"]);
  });

  it("with capacity 0 runs nothing at all", async () => {
    const box = new Mailbox(0);
    let ran = false;
    expect(box.post({ run: async () => void (ran = true) })).toBe(false);
    await box.whenIdle();
    expect([ran, box.busy]).toEqual([false, false]);
  });

  it("wakes every idle waiter once the last job ends, not before", async () => {
    const box = new Mailbox(5);
    const log: string[] = [];
    const a = gated(log, "a");
    const b = gated(log, "b");
    box.post(a.job);
    box.post(b.job);
    const woken: number[] = [];
    const w1 = box.whenIdle().then(() => woken.push(1));
    const w2 = box.whenIdle().then(() => woken.push(2));
    a.release();
    await new Promise((r) => setImmediate(r));
    expect(woken).toEqual([]);
    b.release();
    await Promise.all([w1, w2]);
    expect(woken.sort()).toEqual([1, 2]);
    expect(box.busy).toBe(false);
  });

  it("runs jobs posted after it went idle, and jobs posted by a running job after it", async () => {
    const box = new Mailbox(5);
    const log: string[] = [];
    box.post({ run: async () => void log.push("first") });
    await box.whenIdle();
    box.post({
      run: async () => {
        log.push("outer");
        box.post({ run: async () => void log.push("inner") });
      },
    });
    await box.whenIdle();
    expect(log).toEqual(["first", "outer", "inner"]);
  });

  it("keeps capacity and order right after compacting a long queue", async () => {
    const box = new Mailbox(3000);
    const seen: number[] = [];
    const log: string[] = [];
    const a = gated(log, "a");
    box.post(a.job);
    for (let i = 0; i < 3000; i++) expect(box.post({ run: async () => void seen.push(i) })).toBe(true);
    expect(box.post({ run: async () => void seen.push(-1) })).toBe(false);
    a.release();
    await box.whenIdle();
    expect(seen).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(box.depth).toBe(0);
  });
});
