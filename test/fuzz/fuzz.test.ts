import { describe, expect, it } from "vitest";
import { client, startGateway, startHost, uniqueName } from "../support/harness.js";
import { capturedLog } from "../support/captured-log.js";
import { counter } from "../support/test-actors.js";
import { generateCases } from "./fuzz-cases.js";
import { runCases } from "./fuzz-runner.js";

// The short run inside `npm test`; `npm run fuzz` runs 10,000+ cases against a gateway
// process and writes bench/results/fuzz.md. Same seed, same cases: a failure names the
// case's index to replay.
const SEED = 12;
const CASES = 2000;

describe("fuzz: malformed requests over every service and protocol", () => {
  it(`answers ${CASES} generated bad requests (seed ${SEED}) with Connect codes, never internal, without error logs, and keeps state right`, async () => {
    const captured = capturedLog();
    const gw = await startGateway({ maxPayloadBytes: 256 * 1024 }, { log: captured.log });
    await startHost(gw, [counter]);
    const c = client(gw);
    const actor = { system: "test", type: "Counter", name: uniqueName("fuzz") };
    expect(await c.invoke(actor, "add", { by: 5 })).toEqual({ value: 5 });

    const report = await runCases(gw.url, generateCases(SEED, CASES), { concurrency: 8, deadlineMs: 10_000 });

    expect(report.problems).toEqual([]);
    expect(report.cases).toBe(CASES);
    // The run reached the validation of every kind of request, not just the routing.
    expect(report.byAnswer["invalid_argument"]).toBeGreaterThan(CASES / 4);
    expect(Object.keys(report.byKind).length).toBeGreaterThanOrEqual(14);
    expect(captured.errors()).toEqual([]);
    expect(await c.invoke(actor, "add", { by: 1 })).toEqual({ value: 6 });
    expect(await c.invoke(actor, "get")).toEqual({ value: 6 });
  }, 120_000);
});
