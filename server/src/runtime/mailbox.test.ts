import { describe, expect, it } from "vitest";
import { Mailbox } from "./mailbox.js";

const tick = () => new Promise<void>((r) => setImmediate(r));

describe("Mailbox", () => {
  it("runs jobs one at a time in arrival order", async () => {
    const box = new Mailbox(100);
    const events: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const done: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      done.push(
        new Promise<void>((resolve) =>
          box.post({
            run: async () => {
              running++;
              maxRunning = Math.max(maxRunning, running);
              events.push(`start ${i}`);
              // Odd jobs yield several times: a concurrent mailbox would interleave here.
              for (let k = 0; k < (i % 2) * 3; k++) await tick();
              events.push(`end ${i}`);
              running--;
              resolve();
            },
          }),
        ),
      );
    }
    await Promise.all(done);
    expect(maxRunning).toBe(1);
    expect(events).toEqual(Array.from({ length: 20 }, (_, i) => [`start ${i}`, `end ${i}`]).flat());
  });

  it("refuses jobs beyond its capacity, counting only waiting jobs", async () => {
    const box = new Mailbox(2);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    expect(box.post({ run: () => gate })).toBe(true); // starts running at once
    expect(box.post({ run: async () => undefined })).toBe(true);
    expect(box.post({ run: async () => undefined })).toBe(true);
    expect(box.post({ run: async () => undefined })).toBe(false);
    expect(box.depth).toBe(2);
    release();
    await box.whenIdle();
    expect(box.busy).toBe(false);
    expect(box.post({ run: async () => undefined })).toBe(true);
  });

  it("keeps going after a job throws", async () => {
    const box = new Mailbox(10);
    const ran: number[] = [];
    box.post({ run: async () => { throw new Error("boom"); } });
    box.post({ run: async () => void ran.push(2) });
    await box.whenIdle();
    expect(ran).toEqual([2]);
  });

  it("stays ordered across thousands of jobs (queue compaction)", async () => {
    const box = new Mailbox(10_000);
    const seen: number[] = [];
    for (let i = 0; i < 5000; i++) box.post({ run: async () => void seen.push(i) });
    await box.whenIdle();
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it("takes a waiting job out (its deadline passed): it never runs, and its place is free", async () => {
    const box = new Mailbox(2);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const ran: string[] = [];
    const running = { run: () => gate };
    const expired = { run: async () => void ran.push("expired") };
    const next = { run: async () => void ran.push("next") };
    box.post(running);
    box.post(expired);
    box.post(next);
    expect(box.remove(running)).toBe(false); // running, not waiting
    expect(box.remove(expired)).toBe(true);
    expect(box.remove(expired)).toBe(false);
    expect(box.depth).toBe(1);
    expect(box.post({ run: async () => void ran.push("last") })).toBe(true);
    release();
    await box.whenIdle();
    expect(ran).toEqual(["next", "last"]);
  });
});
