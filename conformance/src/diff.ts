import { contractJson } from "./contract-json.js";

/**
 * A line diff of two values rendered as the contract's indented JSON: lines only in
 * `expected` start with "- ", lines only in `actual` with "+ ", shared lines with "  ".
 * Runs of more than 2 × CONTEXT shared lines are cut to CONTEXT lines on each side of a
 * change and a "  …" line, so a diff is never longer than both values together and a
 * one-line change in a long reply stays short. Small inputs only (an LCS table); long
 * values are abbreviated first.
 */
export function diffValues(expected: unknown, actual: unknown): string {
  const a = render(expected).split("\n");
  const b = render(actual).split("\n");
  return collapse(diffLines(a, b)).join("\n");
}

/** Shared lines kept around each change. */
export const CONTEXT = 3;

/** Cuts long runs of shared lines ("  " prefix) down to CONTEXT lines next to changes. */
export function collapse(lines: readonly string[]): string[] {
  const changed = lines.map((l) => !l.startsWith("  "));
  if (!changed.includes(true)) return [...lines];
  const keep = lines.map((_, i) => {
    for (let d = -CONTEXT; d <= CONTEXT; d++) if (changed[i + d]) return true;
    return false;
  });
  const out: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (keep[i]) out.push(line);
    else if (keep[i - 1] || i === 0) out.push("  …");
  }
  return out;
}

/**
 * The contract JSON of a value (see contract-json.ts) with undefined shown as such and
 * long strings shortened, so diffs stay readable.
 */
export function render(raw: unknown): string {
  if (raw === undefined) return "(absent)";
  const value = contractJson(raw);
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === "bigint") return `${v}n`;
      if (typeof v === "string" && v.length > 200) return `${v.slice(0, 80)}…(${v.length} chars)…${v.slice(-40)}`;
      return v;
    },
    2,
  );
  return text ?? String(value);
}

const MAX_LINES = 400;

export function diffLines(a: readonly string[], b: readonly string[]): string[] {
  if (a.length > MAX_LINES || b.length > MAX_LINES) {
    return [...a.slice(0, 50).map((l) => `- ${l}`), "- …", ...b.slice(0, 50).map((l) => `+ ${l}`), "+ …"];
  }
  // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..]
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(`  ${a[i++]}`);
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      out.push(`- ${a[i++]}`);
    } else {
      out.push(`+ ${b[j++]}`);
    }
  }
  while (i < a.length) out.push(`- ${a[i++]}`);
  while (j < b.length) out.push(`+ ${b[j++]}`);
  return out;
}
