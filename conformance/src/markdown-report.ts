import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { matrixMarkdown, type TransportSummary } from "./matrix.js";
import type { CaseResult, Counts } from "./results.js";

export interface MarkdownReportInput {
  /** "host" or "client". */
  readonly mode: "host" | "client";
  /** The command under test. */
  readonly command: readonly string[];
  /** Every optional feature the mode knows, and those declared. */
  readonly knownFeatures: readonly string[];
  readonly declaredFeatures: ReadonlySet<string>;
  /** Per-transport counts; undefined for a run without a transport list. */
  readonly matrix: readonly TransportSummary[] | undefined;
  readonly results: readonly CaseResult[];
  readonly counts: Counts;
  /** The gateway's store and bus (redacted). */
  readonly gateway: string;
}

/** The suite's version: the package version and, in a git checkout, the commit. */
export function suiteVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  let commit = "";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: new URL("..", import.meta.url), stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {
    // Not a git checkout (an installed package): the version alone.
  }
  return `@actorgate/conformance ${pkg.version}${commit ? ` (commit ${commit})` : ""}`;
}

const label = (r: CaseResult) => `\`${r.name}\`${r.transport ? ` on ${r.transport}` : ""}`;

/**
 * A Markdown summary an SDK can put in its README: suite version, features, the
 * transport matrix, pass/skip counts, and what did not pass.
 */
export function markdownReport(input: MarkdownReportInput, now = new Date()): string {
  const { counts } = input;
  const verdict = counts.failed === 0 ? "passes" : "FAILS";
  const lines = [
    `# Actorgate conformance (${input.mode} mode)`,
    "",
    `The ${input.mode} \`${input.command.join(" ")}\` **${verdict}** the Actorgate conformance suite: ` +
      `**${counts.passed} passed, ${counts.failed} failed**, ${counts.skipped} skipped, ${counts.knownFailing} known-failing.`,
    "",
    `- Suite: ${suiteVersion()}`,
    `- Date: ${now.toISOString().slice(0, 10)}`,
    `- Gateway: ${input.gateway}`,
    "",
    "## Features",
    "",
    "| feature | declared |",
    "|---|---|",
    ...input.knownFeatures.map((f) => `| ${f} | ${input.declaredFeatures.has(f) ? "yes" : "no (its cases are skipped)"} |`),
    "",
  ];
  if (input.matrix) {
    lines.push("## Transports", "", "Cases passed (and failed) per transport: protocol × codec × HTTP version.", "", ...matrixMarkdown(input.matrix), "");
  }
  const list = (title: string, rs: readonly CaseResult[], why: (r: CaseResult) => string) => {
    if (!rs.length) return;
    lines.push(`## ${title} (${rs.length})`, "", ...rs.map((r) => `- ${label(r)}${why(r) ? `: ${why(r)}` : ""}`), "");
  };
  list("Failed", input.results.filter((r) => r.status === "failed"), (r) => (r.failure?.message.split("\n")[0] ?? "").replace(/\|/g, "\\|"));
  list("Known failing", input.results.filter((r) => r.status === "known-failing"), () => "");
  // Skips repeat per transport; list each case once.
  const skipped = [...new Map(input.results.filter((r) => r.status === "skipped").map((r) => [r.name, { ...r, transport: undefined }])).values()];
  list("Skipped", skipped, (r) => r.skipReason ?? "");
  return `${lines.join("\n").trimEnd()}\n`;
}
