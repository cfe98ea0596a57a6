import { diffValues } from "./diff.js";
import type { CaseResult, Counts } from "./results.js";

const LABEL: Record<CaseResult["status"], string> = {
  passed: "ok   ",
  failed: "FAIL ",
  skipped: "skip ",
  "known-failing": "xfail",
};

/** One progress line per case, printed as it finishes. */
export function progressLine(r: CaseResult): string {
  const extra = r.status === "skipped" ? ` (${r.skipReason})` : r.status === "known-failing" ? " (known failing)" : "";
  const where = r.transport ? ` [${r.transport}]` : "";
  return `${LABEL[r.status]} ${r.name}${where}${extra}${r.status === "skipped" ? "" : ` ${r.durationMs} ms`}`;
}

/** The block for a failed case: what it does, what went wrong, the diff and (with --trace) the calls. */
export function failureBlock(r: CaseResult, withTrace: boolean): string {
  const lines = [`FAILED: ${r.name}${r.transport ? ` [${r.transport}]` : ""}`, indent(r.description, "  ")];
  if (r.failure) {
    lines.push(indent(r.failure.message, "  "));
    if (r.failure.comparison) {
      lines.push("    --- expected", "    +++ actual", indent(diffValues(r.failure.comparison.expected, r.failure.comparison.actual), "    "));
    }
  }
  if (withTrace && r.trace.length) lines.push("  calls:", indent(r.trace.join("\n"), "    "));
  else if (r.trace.length) lines.push("  (run with --trace to see the calls this case made)");
  return lines.join("\n");
}

/** The last two lines of every run. */
export function summaryLines(c: Counts): [string, string] {
  return [`${c.skipped} skipped, ${c.knownFailing} known-failing`, `${c.passed} passed, ${c.failed} failed`];
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((l) => prefix + l)
    .join("\n");
}
