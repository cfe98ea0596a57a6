import { render } from "./diff.js";
import type { CaseResult } from "./results.js";

/**
 * JUnit XML, one <testsuite> per category. Skipped and known-failing cases are
 * <skipped> (with the reason), failures carry the message and the expected/actual values.
 */
export function toJUnit(results: readonly CaseResult[], suiteName = "actorgate-conformance"): string {
  const byCategory = new Map<string, CaseResult[]>();
  for (const r of results) {
    // Matrix runs: one suite per transport and category, e.g. "grpc+proto+h2c state".
    const category = `${r.transport ? `${r.transport} ` : ""}${r.name.split("/")[0]!}`;
    byCategory.set(category, [...(byCategory.get(category) ?? []), r]);
  }
  const total = (list: readonly CaseResult[]) => ({
    tests: list.length,
    failures: list.filter((r) => r.status === "failed").length,
    skipped: list.filter((r) => r.status === "skipped" || r.status === "known-failing").length,
    time: seconds(list.reduce((s, r) => s + r.durationMs, 0)),
  });
  const attrs = (o: Record<string, string | number>) =>
    Object.entries(o)
      .map(([k, v]) => ` ${k}="${escape(String(v))}"`)
      .join("");
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites${attrs({ name: suiteName, ...total(results) })}>`];
  for (const [category, list] of byCategory) {
    out.push(`  <testsuite${attrs({ name: category, ...total(list) })}>`);
    for (const r of list) {
      const name = r.name.slice(r.name.indexOf("/") + 1);
      out.push(`    <testcase${attrs({ classname: category, name, time: seconds(r.durationMs) })}>`);
      if (r.status === "failed") {
        const body = r.failure?.comparison
          ? `${r.failure.message}\nexpected: ${render(r.failure.comparison.expected)}\nactual: ${render(r.failure.comparison.actual)}`
          : (r.failure?.message ?? "");
        out.push(`      <failure${attrs({ message: firstLine(r.failure?.message ?? "failed") })}>${escape(body)}</failure>`);
      } else if (r.status === "skipped") {
        out.push(`      <skipped${attrs({ message: r.skipReason ?? "skipped" })}/>`);
      } else if (r.status === "known-failing") {
        out.push(`      <skipped${attrs({ message: `known failing: ${firstLine(r.failure?.message ?? "")}` })}/>`);
      }
      out.push(`      <system-out>${escape(`${r.description}${r.trace.length ? `\n\n${r.trace.join("\n")}` : ""}`)}</system-out>`);
      out.push("    </testcase>");
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>", "");
  return out.join("\n");
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);
const firstLine = (s: string) => s.split("\n")[0]!;

/** XML-escapes text, dropping characters XML 1.0 cannot carry at all (e.g. NUL). */
function escape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex -- these are exactly the characters XML forbids
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
