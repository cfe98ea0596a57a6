import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { IdleWheel } from "./idle-wheel.js";

const entry = (name: string) => ({ name, idleDue: 0 });

describe("IdleWheel", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs each check once its delay has passed (at most one resolution late), earliest first", () => {
    const fired: string[] = [];
    const wheel = new IdleWheel<ReturnType<typeof entry>>((e) => fired.push(e.name), 25);
    wheel.arm(entry("late"), 300);
    wheel.arm(entry("early"), 100);
    wheel.arm(entry("middle"), 200);
    vi.advanceTimersByTime(99);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(26);
    expect(fired).toEqual(["early"]);
    vi.advanceTimersByTime(200);
    expect(fired).toEqual(["early", "middle", "late"]);
    expect(wheel.size).toBe(0);
  });

  it("forgets cancelled entries and moves re-armed ones", () => {
    const fired: string[] = [];
    const wheel = new IdleWheel<ReturnType<typeof entry>>((e) => fired.push(e.name), 25);
    const a = entry("a");
    const b = entry("b");
    wheel.arm(a, 100);
    wheel.arm(b, 100);
    wheel.cancel(a);
    wheel.arm(b, 500); // later than it was
    vi.advanceTimersByTime(400);
    expect(fired).toEqual([]);
    expect([a.idleDue, wheel.size]).toEqual([0, 1]);
    vi.advanceTimersByTime(200);
    expect(fired).toEqual(["b"]);
  });

  it("lets a check arm its entry again, and keeps firing until nothing is armed", () => {
    let checks = 0;
    const e = entry("busy");
    const wheel = new IdleWheel<typeof e>((x) => {
      if (++checks < 3) wheel.arm(x, 100); // still busy: look again later
    }, 25);
    wheel.arm(e, 100);
    vi.advanceTimersByTime(1_000);
    expect([checks, wheel.size]).toEqual([3, 0]);
  });
});
