// Turns Stryker's JSON report (reports/mutation/mutation.json) into the score table in
// bench/results/mutation.md. Only the part between the two markers is rewritten, so the
// hand-written notes around it (why a survivor is equivalent) survive a rerun.
//
//   node --import tsx scripts/mutation-report.ts [out.md] [report.json...]
//
// Several reports (runs over parts of the files, e.g. `npx stryker run --mutate a.ts`
// with another jsonReporter.fileName) are merged, later ones winning per file.
import { readFileSync, writeFileSync, existsSync } from "node:fs";

type Status = "Killed" | "Survived" | "NoCoverage" | "Timeout" | "CompileError" | "RuntimeError" | "Ignored" | "Pending";

interface Mutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: Status;
  readonly location: { readonly start: { readonly line: number; readonly column: number } };
}

interface Report {
  readonly files: Record<string, { readonly mutants: readonly Mutant[] }>;
}

const START = "<!-- mutation-report:start -->";
const END = "<!-- mutation-report:end -->";
const COMMAND = "npm run mutation";

const [outPath = "bench/results/mutation.md", ...given] = process.argv.slice(2);
const reportPaths = given.length ? given : ["reports/mutation/mutation.json"];

interface Tally {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  invalid: number;
  ignored: number;
}

const empty = (): Tally => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, invalid: 0, ignored: 0 });

function add(t: Tally, status: Status): void {
  if (status === "Killed") t.killed++;
  else if (status === "Timeout") t.timeout++;
  else if (status === "Survived") t.survived++;
  else if (status === "NoCoverage") t.noCoverage++;
  else if (status === "CompileError" || status === "RuntimeError") t.invalid++;
  else if (status === "Ignored") t.ignored++;
  else throw new Error(`mutant status ${status}: the run did not finish; rerun ${COMMAND}`);
}

/** Stryker's mutation score: detected (killed or timed out) over all valid, covered or not. */
function score(t: Tally): string {
  const valid = t.killed + t.timeout + t.survived + t.noCoverage;
  return valid === 0 ? "n/a" : `${((100 * (t.killed + t.timeout)) / valid).toFixed(1)}%`;
}

function row(name: string, t: Tally): string {
  return `| ${name} | ${score(t)} | ${t.killed} | ${t.timeout} | ${t.survived} | ${t.noCoverage} | ${t.invalid} |`;
}

const report: Report = { files: {} };
for (const path of reportPaths) Object.assign(report.files, (JSON.parse(readFileSync(path, "utf8")) as Report).files);
const files = Object.keys(report.files).sort();
const total = empty();
const lines = [
  START,
  `Command: \`${COMMAND}\` (stryker.config.mjs, tests from vitest.mutation.config.ts), report of ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.`,
  "",
  "| file | score | killed | timed out | survived | no coverage | compile errors |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
];
const survivors: string[] = [];
for (const file of files) {
  const t = empty();
  const mutants = [...report.files[file]!.mutants].sort((a, b) => a.location.start.line - b.location.start.line);
  for (const m of mutants) {
    add(t, m.status);
    add(total, m.status);
    if (m.status === "Survived" || m.status === "NoCoverage") {
      const replacement = (m.replacement ?? "").replace(/\s+/g, " ").replace(/\|/g, "\\|").slice(0, 80);
      survivors.push(`| ${file}:${m.location.start.line} | ${m.mutatorName} | \`${replacement}\` | ${m.status} |`);
    }
  }
  lines.push(row(file, t));
}
lines.push(row("**all files**", total), "");
lines.push("Score = (killed + timed out) / (killed + timed out + survived + no coverage); compile errors (mutants the TypeScript checker rejects) do not count.", "");
lines.push(`### Surviving mutants (${survivors.length})`, "");
if (survivors.length) lines.push("| where | mutator | replacement | status |", "| --- | --- | --- | --- |", ...survivors);
else lines.push("None.");
lines.push(END);

const generated = lines.join("\n");
let out: string;
if (existsSync(outPath)) {
  const current = readFileSync(outPath, "utf8");
  const from = current.indexOf(START);
  const to = current.indexOf(END);
  out = from >= 0 && to > from ? current.slice(0, from) + generated + current.slice(to + END.length) : `${current.trimEnd()}\n\n${generated}\n`;
} else {
  out = `# Mutation testing\n\n${generated}\n`;
}
writeFileSync(outPath, out);
console.log(`mutation score ${score(total)} over ${files.length} files; wrote ${outPath}`);
