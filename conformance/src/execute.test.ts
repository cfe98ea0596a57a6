import { describe, expect, it } from "vitest";
import { CaseFailure, expectEqual } from "./assertions.js";
import type { Case } from "./case.js";
import type { CaseContext } from "./case.js";
import { execute } from "./execute.js";

// Cases here never call the gateway, so the environment only needs what execute reads.
const fakeEnv = { hostExit: undefined, hostOutput: () => "", recover: async () => false };

const run = (cases: Case[], parallel = 4) =>
  execute(cases, { env: fakeEnv, parallel, makeContext: (signal, trace) => ({ signal, log: trace }) as unknown as CaseContext });

describe("execute", () => {
  it("reports passes, comparisons, unexpected errors and timeouts", async () => {
    const [pass, compare, thrown, slow] = await run([
      { name: "a/pass", description: "", run: async () => undefined },
      { name: "a/compare", description: "", run: async () => expectEqual({ a: 2 }, { a: 1 }, "the value") },
      { name: "a/throw", description: "", run: async () => Promise.reject(new Error("kaput")) },
      { name: "a/slow", description: "", timeoutMs: 50, run: (t) => new Promise<void>((resolve) => t.signal.addEventListener("abort", () => resolve())) },
    ]);
    expect(pass).toMatchObject({ name: "a/pass", passed: true });
    expect(compare?.failure).toEqual({ message: "the value", comparison: { expected: { a: 1 }, actual: { a: 2 } } });
    expect(thrown?.failure?.message).toContain("the case threw: Error: kaput");
    expect(slow?.failure?.message).toBe("timed out after 0.05 s");
  });

  it("runs shared cases in parallel and exclusive ones alone, afterwards", async () => {
    let running = 0;
    let peak = 0;
    const log: string[] = [];
    const c = (name: string, exclusive = false): Case => ({
      name,
      description: "",
      exclusive,
      run: async () => {
        running++;
        peak = Math.max(peak, running);
        if (exclusive) expectEqual(running, 1, `${name} runs alone`);
        await new Promise((r) => setTimeout(r, 20));
        log.push(name);
        running--;
      },
    });
    const outcomes = await run([c("x/1"), c("x/alone", true), c("x/2"), c("x/3"), c("x/4")], 3);
    expect(outcomes.map((o) => [o.name, o.passed])).toEqual([
      ["x/1", true],
      ["x/alone", true],
      ["x/2", true],
      ["x/3", true],
      ["x/4", true],
    ]);
    expect(peak).toBe(3);
    expect(log.at(-1)).toBe("x/alone");
  });

  it("keeps CaseFailure details without a stack", async () => {
    const [o] = await run([{ name: "a/f", description: "", run: async () => Promise.reject(new CaseFailure("plain")) }]);
    expect(o?.failure).toEqual({ message: "plain", comparison: undefined });
  });
});
