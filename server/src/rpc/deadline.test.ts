import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createContextValues } from "@connectrpc/connect";
import type { CallContext } from "./call-context.js";
import { deadlineOf } from "./deadline.js";

const NOW = 1_700_000_000_000;
const ctx = (protocolMs?: number): CallContext => ({ signal: new AbortController().signal, timeoutMs: () => protocolMs, values: createContextValues() });

// deadline = now + min(protocol timeout, request timeout), the fallback standing in for
// a missing request timeout.
describe("deadlineOf", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it("uses the fallback when neither the protocol nor the request sets a timeout", () => {
    expect(deadlineOf(ctx(), 0, 30_000)).toBe(NOW + 30_000);
  });

  it("uses the request's timeout_ms instead of the fallback, longer or shorter", () => {
    expect(deadlineOf(ctx(), 500, 30_000)).toBe(NOW + 500);
    expect(deadlineOf(ctx(), 60_000, 30_000)).toBe(NOW + 60_000);
    expect(deadlineOf(ctx(), 1, 30_000)).toBe(NOW + 1);
  });

  it("takes the protocol timeout when it is sooner", () => {
    expect(deadlineOf(ctx(300), 500, 30_000)).toBe(NOW + 300);
    expect(deadlineOf(ctx(300), 0, 30_000)).toBe(NOW + 300);
    expect(deadlineOf(ctx(0), 500, 30_000)).toBe(NOW);
  });

  it("rounds a sub-millisecond protocol timeout (grpc-timeout in u or n) down to whole milliseconds", () => {
    expect(deadlineOf(ctx(299.979), 0, 30_000)).toBe(NOW + 299);
    expect(deadlineOf(ctx(0.5), 500, 30_000)).toBe(NOW);
  });

  it("keeps the request timeout or fallback when the protocol timeout is later", () => {
    expect(deadlineOf(ctx(700), 500, 30_000)).toBe(NOW + 500);
    expect(deadlineOf(ctx(45_000), 0, 30_000)).toBe(NOW + 30_000);
    expect(deadlineOf(ctx(500), 500, 30_000)).toBe(NOW + 500);
  });
});
