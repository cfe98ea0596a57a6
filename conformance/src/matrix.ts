import type { CaseResult } from "./results.js";
import { ALL_TRANSPORTS, CODECS, formatTransport, HTTP_VERSIONS, PROTOCOLS, type Transport } from "./transport.js";

/** Counts of one transport's run, for the matrix table. */
export interface TransportSummary {
  readonly transport: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly knownFailing: number;
}

export function summarizeByTransport(results: readonly CaseResult[], transports: readonly Transport[]): TransportSummary[] {
  return transports.map((t) => {
    const name = formatTransport(t);
    const mine = results.filter((r) => r.transport === name);
    const n = (s: CaseResult["status"]) => mine.filter((r) => r.status === s).length;
    return { transport: name, passed: n("passed"), failed: n("failed"), skipped: n("skipped"), knownFailing: n("known-failing") };
  });
}

const HTTP_LABEL: Record<string, string> = { http1: "HTTP/1.1", h2c: "h2c" };

/** One cell: "85 ok", "3 FAILED / 82 ok", "not listed" or "n/a" (gRPC over HTTP/1.1). */
function cell(summary: TransportSummary | undefined, valid: boolean): string {
  if (!valid) return "n/a";
  if (!summary) return "not listed";
  const parts = [summary.failed ? `${summary.failed} FAILED` : "", `${summary.passed} ok`, summary.knownFailing ? `${summary.knownFailing} xfail` : ""];
  return parts.filter(Boolean).join(" / ");
}

/**
 * The matrix as rows (protocol × codec) and columns (HTTP version): what ran on each
 * transport. Rows of protocols no transport listed are left out, except Connect and gRPC.
 */
export function matrixRows(summaries: readonly TransportSummary[]): string[][] {
  const byName = new Map(summaries.map((s) => [s.transport, s]));
  const valid = new Set(ALL_TRANSPORTS.map(formatTransport));
  const rows: string[][] = [["protocol", "codec", ...HTTP_VERSIONS.map((h) => HTTP_LABEL[h]!)]];
  for (const protocol of PROTOCOLS) {
    const listed = summaries.some((s) => s.transport.startsWith(`${protocol}+`));
    if (!listed && protocol === "grpc-web") continue;
    for (const codec of CODECS) {
      rows.push([protocol, codec, ...HTTP_VERSIONS.map((http) => cell(byName.get(`${protocol}+${codec}+${http}`), valid.has(`${protocol}+${codec}+${http}`)))]);
    }
  }
  return rows;
}

/** The matrix as aligned text for the console. */
export function matrixText(summaries: readonly TransportSummary[]): string[] {
  const rows = matrixRows(summaries);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd());
}

/** The matrix as a Markdown table. */
export function matrixMarkdown(summaries: readonly TransportSummary[]): string[] {
  const rows = matrixRows(summaries);
  return [`| ${rows[0]!.join(" | ")} |`, `|${rows[0]!.map(() => "---").join("|")}|`, ...rows.slice(1).map((r) => `| ${r.join(" | ")} |`)];
}
