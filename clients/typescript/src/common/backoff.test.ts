import { describe, expect, it } from "vitest";
import { backoffMs } from "./backoff.js";

describe("backoffMs", () => {
  const opts = { baseMs: 100, maxMs: 1000 };

  it("doubles from the base per attempt, up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffMs(a, opts))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it("treats attempt 0 (or less) as the first and survives huge attempts", () => {
    expect(backoffMs(0, opts)).toBe(100);
    expect(backoffMs(-3, opts)).toBe(100);
    expect(backoffMs(5000, opts)).toBe(1000);
  });

  it("with half jitter stays in [d/2, d)", () => {
    expect(backoffMs(3, { ...opts, jitter: "half" }, () => 0)).toBe(200);
    expect(backoffMs(3, { ...opts, jitter: "half" }, () => 0.5)).toBe(300);
    expect(backoffMs(3, { ...opts, jitter: "half" }, () => 0.999)).toBeCloseTo(399.8, 5);
    expect(backoffMs(9, { ...opts, jitter: "half" }, () => 0.5)).toBe(750);
  });

  it("without jitter ignores the random source", () => {
    expect(backoffMs(2, { ...opts, jitter: "none" }, () => 0.9)).toBe(200);
  });
});
