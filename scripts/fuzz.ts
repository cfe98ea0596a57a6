// `npm run fuzz [-- --cases N --seed S --concurrency C]`: the long fuzz run. Starts a
// gateway process (memory store) and a TypeScript host, sends N generated malformed
// requests over every service and protocol (test/fuzz/fuzz-cases.ts), and checks that
// the gateway never exits, answers every request in time with a Connect code other than
// internal/unknown, logs no error, keeps a counter right, and that its RSS comes back
// near its start. Writes the figures to bench/results/fuzz.md; exits 1 on a failure.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { createActorgateClient } from "@actorgate/client";
import { createHost } from "@actorgate/client/host";
import { counter } from "../test/support/test-actors.js";
import { generateCases } from "../test/fuzz/fuzz-cases.js";
import { runCases } from "../test/fuzz/fuzz-runner.js";

const { values } = parseArgs({
  options: { cases: { type: "string", default: "12000" }, seed: { type: "string" }, concurrency: { type: "string", default: "16" }, out: { type: "string", default: "bench/results/fuzz.md" } },
});
const cases = Number(values.cases);
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const concurrency = Number(values.concurrency);

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

const gateway = spawn(process.execPath, ["server/bin/actorgate.js", "serve", "--port", "0", "--store", "memory", "--log-level", "info", "--max-payload-bytes", String(256 * 1024)], {
  stdio: ["ignore", "ignore", "pipe"],
});
let exited: number | string | undefined;
gateway.on("exit", (code, signal) => (exited = code ?? signal ?? "?"));
const errorLines: string[] = [];
const url = await new Promise<string>((resolve, reject) => {
  gateway.once("exit", () => reject(new Error("the gateway exited before listening")));
  createInterface({ input: gateway.stderr! }).on("line", (line) => {
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; url?: string };
      if (entry.msg === "actorgate listening" && entry.url) resolve(entry.url);
      if ((entry.level ?? 0) >= 50) errorLines.push(line.slice(0, 500));
    } catch {
      errorLines.push(line.slice(0, 500));
    }
  });
});

const host = createHost({ system: "test", actors: [counter], gatewayUrl: url });
await host.start();
const client = createActorgateClient({ url });
const actor = { system: "test", type: "Counter", name: `fuzz-${seed}` };
const before = (await client.invoke(actor, "add", { by: 5 })) as { value: number };
const rssStart = rssMiB(gateway.pid!);

const started = Date.now();
const report = await runCases(url, generateCases(seed, cases), { concurrency, deadlineMs: 10_000 });
const seconds = (Date.now() - started) / 1000;
const rssAfter = rssMiB(gateway.pid!);
// Let idle connections close and the heap shrink, then measure again.
await new Promise((r) => setTimeout(r, 5_000));
const rssSettled = rssMiB(gateway.pid!);
const after = (await client.invoke(actor, "add", { by: 1 })) as { value: number };
const counterOk = before.value === 5 && after.value === 6;
const rssOk = rssSettled <= Math.max(rssStart * 1.5, rssStart + 64);

const failures = [
  ...(exited !== undefined ? [`the gateway exited (${exited})`] : []),
  ...(report.problems.length ? [`${report.problems.length} cases broke a rule`] : []),
  ...(errorLines.length ? [`${errorLines.length} error-level log lines`] : []),
  ...(counterOk ? [] : [`the counter read ${before.value} then ${after.value}, expected 5 then 6`]),
  ...(rssOk ? [] : [`RSS stayed at ${rssSettled.toFixed(0)} MiB after starting at ${rssStart.toFixed(0)} MiB`]),
];
const table = (o: Record<string, number>) => Object.entries(o).sort((a, b) => b[1] - a[1]).map(([k, v]) => `| ${k} | ${v} |`).join("\n");
const md = `# Fuzz run

Command: \`npm run fuzz -- --cases ${cases} --seed ${seed} --concurrency ${concurrency}\` (${new Date().toISOString().slice(0, 10)}, ${seconds.toFixed(0)} s on this 2-core machine).
Same seed, same cases: a failing case is replayed by its index in \`generateCases(seed, cases)\` (test/fuzz/fuzz-cases.ts).

**Result: ${failures.length === 0 ? "passed" : `FAILED — ${failures.join("; ")}`}.**

- cases sent: ${report.cases}, answered in time: ${report.cases - (report.byAnswer["timeout"] ?? 0)}, broke a rule: ${report.problems.length}
- gateway exited: ${exited !== undefined ? `yes (${exited})` : "no"}; error-level log lines: ${errorLines.length}
- counter before and after: ${before.value} → ${after.value} (expected 5 → 6)
- gateway RSS: ${rssStart.toFixed(0)} MiB at start, ${rssAfter.toFixed(0)} MiB right after the run, ${rssSettled.toFixed(0)} MiB 5 s later

## Answers

| answer | cases |
| --- | ---: |
${table(report.byAnswer)}

## Kinds of request

| kind | cases |
| --- | ---: |
${table(report.byKind)}
${report.problems.length ? `\n## First problems\n\n${report.problems.slice(0, 30).map((p) => `- #${p.index} ${p.kind} ${p.path}: ${p.problem}`).join("\n")}\n` : ""}${errorLines.length ? `\n## First error log lines\n\n${errorLines.slice(0, 10).map((l) => `    ${l}`).join("\n")}\n` : ""}`;
writeFileSync(values.out!, md);
console.log(md);
await host.stop();
gateway.kill("SIGTERM");
process.exit(failures.length === 0 ? 0 : 1);
