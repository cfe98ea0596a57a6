// Markdown for bench/results: one file per scenario and latest.md with everything side by side.
import type { ColdResult, IdleResult } from "./capacity.js";
import { pointAt, summarize, totalRss, type PointSummary, type ScenarioResult } from "./stats.js";

export interface RunInfo {
  readonly date: string;
  readonly mode: "full" | "quick" | "profile";
  readonly startedAt: string;
  readonly durationS: number;
  readonly machine: Record<string, string>;
  readonly versions: Record<string, string>;
  readonly command: string;
  readonly plans: string;
}

export interface ProfileRef {
  readonly scenario: string;
  readonly file: string;
  readonly topFunctions: { name: string; where: string; selfPct: number }[];
  readonly topPackages: { name: string; selfPct: number }[];
}

/** Memory figures are in MiB (2^20 bytes). */
const MB = 1024 * 1024;
const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "–");
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");
const f2 = (x: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) : "–");
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : NaN);
const rx = (x: number) => (Number.isFinite(x) ? `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×` : "–");
const withRatio = (v: string, r: number) => (Number.isFinite(r) ? `${v} (${rx(r)})` : v);

function machineBlock(info: RunInfo): string[] {
  const lines = ["## Machine and versions", "", "| | |", "| --- | --- |"];
  for (const [k, v] of Object.entries(info.machine)) lines.push(`| ${k} | ${v} |`);
  for (const [k, v] of Object.entries(info.versions)) lines.push(`| ${k} | ${v} |`);
  lines.push("");
  return lines;
}

function pointRow(r: ScenarioResult, s: PointSummary, base: PointSummary | undefined, restate: PointSummary | undefined, baseRes: ScenarioResult | undefined): string {
  const mainCpu = s.cpuPer1k[r.main] ?? NaN;
  const rss = r.peakRss[r.main] ?? NaN;
  const baseRss = baseRes ? totalRss(baseRes) : NaN;
  const sutRss = totalRss(r);
  return [
    `| ${r.id}`,
    withRatio(f0(s.throughput), ratio(s.throughput, base?.throughput)),
    rx(ratio(s.throughput, restate?.throughput)),
    withRatio(f2(s.p50), ratio(s.p50, base?.p50)),
    withRatio(f2(s.p90), ratio(s.p90, base?.p90)),
    withRatio(f2(s.p99), ratio(s.p99, base?.p99)),
    rx(ratio(s.p50, restate?.p50)),
    `${r.main}: ${f2(mainCpu)}`,
    withRatio(f2(s.sutCpuPer1k), ratio(s.sutCpuPer1k, base?.sutCpuPer1k)),
    rx(ratio(s.sutCpuPer1k, restate?.sutCpuPer1k)),
    `${f2(s.loadgenCpuPer1k)}${s.loadgenCpuPer1k > s.sutCpuPer1k ? " ⚠" : ""}`,
    `${r.main}: ${f0(rss / MB)}`,
    withRatio(f0(sutRss / MB), ratio(sutRss, baseRss)),
    `${f1(s.otherCores)}`,
    `${s.errors}${s.firstError ? ` (${s.firstError.slice(0, 60).replace(/\|/g, "/")})` : ""} |`,
  ].join(" | ");
}

const TABLE_HEAD = [
  "| scenario | calls/s (×direct) | ×restate | p50 ms (×direct) | p90 ms (×direct) | p99 ms (×direct) | p50 ×restate | main process CPU s/1k calls | SUT CPU s/1k (×direct) | SUT CPU ×restate | load gen CPU s/1k | main peak RSS MiB | SUT peak RSS MiB (×direct) | other load (cores) | errors |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
];

export function scenarioTable(results: readonly ScenarioResult[], concurrency: number): string[] {
  const byId = new Map(results.map((r) => [r.id, r]));
  const restate = pointAt(byId.get("restate"), concurrency);
  const lines = [...TABLE_HEAD];
  for (const r of results) {
    const s = pointAt(r, concurrency);
    if (!s) {
      lines.push(`| ${r.id} | ${r.error ? `not run: ${r.error.split("\n")[0]!.slice(0, 120).replace(/\|/g, "/")}` : "–"} |`);
      continue;
    }
    const baseRes = byId.get(r.baseline);
    lines.push(pointRow(r, s, pointAt(baseRes, concurrency), restate, baseRes));
  }
  return lines;
}

const LEGEND = [
  "How to read: calls/s is the median over the repetitions of successful calls per second; latencies are the medians of " +
    "each repetition's percentile, in milliseconds. (×direct) is the ratio to the direct scenario with the same client " +
    "protocol and load generator (direct-json for wrk scenarios, direct-grpc for gRPC), measured in the same run; ×restate " +
    "is the ratio to Restate at the same concurrency. CPU is user+system seconds per 1000 successful calls from " +
    "/proc/<pid>/stat over the measured window: the main process (gateway; the host for direct; restate-server for " +
    "Restate) and the whole system under test (SUT: gateway + host, host alone, or restate-server + the SDK service). " +
    "Peak RSS is VmHWM from /proc/<pid>/status at the end of the scenario. \"load gen\" is the load generator's own CPU " +
    "(⚠ when it exceeds the SUT's). \"other load\" is the average number of cores other processes on the machine used " +
    "during the windows: the machine is shared, and high values mean noisy figures.",
];

function targetsBlock(results: readonly ScenarioResult[], idle?: IdleResult, cold?: ColdResult): string[] {
  const byId = new Map(results.map((r) => [r.id, r]));
  const at = (id: string, c: number) => pointAt(byId.get(id), c);
  const restate64 = at("restate", 64)?.throughput;
  const lines = ["## Targets (issue #5)", "", "| target | measured | met |", "| --- | --- | :---: |"];
  const row = (name: string, measured: string, met: boolean | undefined) => lines.push(`| ${name} | ${measured} | ${met === undefined ? "–" : met ? "yes" : "no"} |`);
  for (const id of ["gateway-json", "gateway-grpc"]) {
    const s = at(id, 64);
    const base = at(byId.get(id)?.baseline ?? "", 64);
    const vsRestate = ratio(s?.throughput, restate64);
    const vsDirect = ratio(s?.throughput, base?.throughput);
    row(`${id} throughput ≥ 10× Restate's`, `${f0(s?.throughput ?? NaN)} calls/s = ${rx(vsRestate)} Restate`, Number.isFinite(vsRestate) ? vsRestate >= 10 : undefined);
    row(`${id} throughput ≥ 0.5× direct`, `${rx(vsDirect)} ${byId.get(id)?.baseline ?? ""}`, Number.isFinite(vsDirect) ? vsDirect >= 0.5 : undefined);
    const p50 = at(id, 1)?.p50;
    row(`${id} p50 at concurrency 1 ≤ 1 ms`, `${f2(p50 ?? NaN)} ms`, p50 === undefined ? undefined : p50 <= 1);
  }
  for (const id of ["durable-sqlite", "durable-postgres"]) {
    const s = at(id, 64);
    const r = ratio(s?.throughput, restate64);
    row(`${id} throughput ≥ 3× Restate's`, `${f0(s?.throughput ?? NaN)} calls/s = ${rx(r)} Restate`, Number.isFinite(r) ? r >= 3 : undefined);
  }
  if (idle) {
    const perMillion = idle.actors ? (idle.rss / idle.actors) * 1e6 : NaN;
    row(
      "≥ 1,000,000 idle activations in ≤ 1.5 GB RSS",
      `${idle.actors.toLocaleString("en-US")} actors in ${f0(idle.rss / MB)} MiB RSS after a full GC (${f0(idle.bytesPerActor)} B/actor above the base; ${f2(perMillion / 1024 ** 3)} GiB per million; ${f0((idle.filledRss ?? NaN) / MB)} MiB before it)`,
      idle.actors >= 1_000_000 ? idle.rss <= 1.5 * 1024 ** 3 : false,
    );
  }
  if (cold) {
    row("cold activation ≥ 20,000 actors/s", `first call: ${f0(cold.byCall.rate)}/s; Activate batches: ${f0(cold.byActivate.rate)}/s`, cold.byActivate.rate >= 20_000 || cold.byCall.rate >= 20_000);
  }
  lines.push("");
  return lines;
}

function capacityBlock(idle?: IdleResult, cold?: ColdResult, errors: Record<string, string> = {}): string[] {
  const lines = ["## Capacity", ""];
  if (idle) {
    lines.push(
      "### Idle activations per GB of gateway RSS",
      "",
      `Activated ${idle.actors.toLocaleString("en-US")} of ${idle.target.toLocaleString("en-US")} Idle actors (stopped by ${idle.stoppedBy}${idle.error ? `: ${idle.error}` : ""}) in ${f1(idle.seconds)} s (${f0(idle.rate)} activations/s).`,
      "",
      "| actors | gateway RSS MiB after a full GC | actors per GiB of RSS | RSS bytes per actor (above base) | base RSS MiB | RSS MiB before the GC | peak RSS MiB |",
      "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      `| ${idle.actors.toLocaleString("en-US")} | ${f0(idle.rss / MB)} | ${f0(idle.actorsPerGiB)} | ${f0(idle.bytesPerActor)} | ${f0(idle.baseRss / MB)} | ${f0((idle.filledRss ?? NaN) / MB)} | ${f0(idle.peakRss / MB)} |`,
      "",
      "The reading is taken after a full garbage collection the bench asks the gateway for through its inspector (`--inspect=127.0.0.1:<port>`, [src/collect-garbage.ts](../src/collect-garbage.ts)): how much garbage from the Activate requests V8 has not yet collected varies from run to run, and the live activations are what this measures. The RSS before it is shown too.",
      "",
      "RSS while filling:",
      "",
      "| actors | RSS MiB | s |",
      "| ---: | ---: | ---: |",
      ...idle.samples.filter((_, i, a) => a.length <= 12 || i % Math.ceil(a.length / 12) === 0 || i === a.length - 1).map((s) => `| ${s.actors.toLocaleString("en-US")} | ${f0(s.rss / MB)} | ${f1(s.seconds)} |`),
      "",
    );
  } else if (errors["capacity-idle"]) lines.push(`Idle activations: not run: ${errors["capacity-idle"]}`, "");
  if (cold) {
    lines.push(
      "### Cold activation from the store (Postgres)",
      "",
      `${cold.actors.toLocaleString("en-US")} actors pre-written (state {"value":41}, revision 1) in ${f1(cold.writeSeconds)} s. The first half was activated by each actor's first call, the second half by Activate batches of 1000; each phase stops at its time cap, so the actor counts below may be smaller than the halves.`,
      "",
      "| how | actors | s | actors/s | gateway CPU s/1k actors | check |",
      "| --- | ---: | ---: | ---: | ---: | --- |",
      `| first call (add, 64 callers over gRPC) | ${cold.byCall.actors} | ${f1(cold.byCall.seconds)} | ${f0(cold.byCall.rate)} | ${f2(cold.byCall.gatewayCpuPer1k)} | ${cold.byCall.errors} errors${cold.byCall.firstError ? ` (${cold.byCall.firstError})` : ""}; p50 ${f1(cold.byCall.p50)} ms, p99 ${f1(cold.byCall.p99)} ms; every reply checked = 42 |`,
      `| Activate batches of 1000 | ${cold.byActivate.actors} | ${f1(cold.byActivate.seconds)} | ${f0(cold.byActivate.rate)} | ${f2(cold.byActivate.gatewayCpuPer1k)} | ${cold.byActivate.loadedState} of ${cold.byActivate.actors} came up at the stored revision 1 |`,
      "",
    );
  } else if (errors["capacity-cold"]) lines.push(`Cold activation: not run: ${errors["capacity-cold"]}`, "");
  return lines;
}

export function renderLatest(
  info: RunInfo,
  results: readonly ScenarioResult[],
  idle: IdleResult | undefined,
  cold: ColdResult | undefined,
  capacityErrors: Record<string, string>,
  profiles: readonly ProfileRef[],
): string {
  const lines: string[] = [];
  lines.push(`# Actorgate benchmarks: ${info.mode} run, ${info.startedAt}`, "");
  lines.push(
    `Command: \`${info.command}\` (${f0(info.durationS)} s). Plans: ${info.plans}. Every scenario runs the same counter ` +
      "(`add {\"by\":1}` → `{\"value\": n}`) over 1000 actor keys picked uniformly at random, at concurrency 64 (throughput) " +
      "and 1 (latency), each process separate, all on this machine over loopback.",
    "",
  );
  lines.push(...targetsBlock(results, idle, cold));
  lines.push("## Concurrency 64 (throughput)", "", ...scenarioTable(results, 64), "");
  lines.push("## Concurrency 1 (latency)", "", ...scenarioTable(results, 1), "");
  lines.push(...LEGEND, "");
  const dur = results.filter((r) => r.id.startsWith("durable-"));
  const wb = pointAt(results.find((r) => r.id === "gateway-json"), 64);
  if (dur.length && wb) {
    lines.push("Durable vs write-behind (same client protocol, concurrency 64): " + dur.map((r) => `${r.id} ${rx(ratio(pointAt(r, 64)?.throughput, wb.throughput))} the throughput, ${rx(ratio(pointAt(r, 64)?.p50, wb.p50))} the p50`).join("; ") + ".", "");
  }
  lines.push(...capacityBlock(idle, cold, capacityErrors));
  if (profiles.length) {
    lines.push("## Profiles", "");
    for (const p of profiles) {
      lines.push(`[${p.file}](${p.file}): top packages ${p.topPackages.slice(0, 5).map((x) => `${x.name} ${f1(x.selfPct)}%`).join(", ")}; top functions ${p.topFunctions.slice(0, 5).map((x) => `\`${x.name}\` ${f1(x.selfPct)}%`).join(", ")}.`, "");
    }
  }
  lines.push("## Scenarios", "");
  for (const r of results) lines.push(`- **${r.id}** (${r.title}): ${r.description} Details: [${info.date}-${r.id}.md](${info.date}-${r.id}.md).`);
  lines.push("");
  lines.push("## Commands", "");
  for (const r of results) {
    lines.push(`${r.id}:`, "", "```", ...r.commands, ...r.points.map((p) => p.command), "```", "");
  }
  if (idle) lines.push("capacity-idle:", "", "```", ...idle.commands, "```", "");
  if (cold) lines.push("capacity-cold:", "", "```", ...cold.commands, "```", "");
  lines.push(...machineBlock(info));
  return lines.join("\n");
}

export function renderScenario(info: RunInfo, r: ScenarioResult, all: readonly ScenarioResult[]): string {
  const lines = [`# ${r.id}: ${r.title}`, "", `${info.mode} run, ${info.startedAt}. ${r.description}`, ""];
  for (const n of r.notes) lines.push(`Note: ${n}`, "");
  if (r.error) lines.push("**Not run / failed:**", "", "```", r.error, "```", "");
  const byId = new Map(all.map((x) => [x.id, x]));
  for (const p of r.points) {
    const s = summarize(p);
    const base = pointAt(byId.get(r.baseline), p.concurrency);
    lines.push(`## Concurrency ${p.concurrency}`, "");
    lines.push(`Median of ${s.reps} repetition(s): **${f0(s.throughput)} calls/s** (min ${f0(s.throughputMin)}, max ${f0(s.throughputMax)}), p50 ${f2(s.p50)} ms, p90 ${f2(s.p90)} ms, p99 ${f2(s.p99)} ms.`);
    if (base && r.baseline !== r.id) {
      lines.push(`Against ${r.baseline} in the same run: throughput ${rx(ratio(s.throughput, base.throughput))}, p50 ${rx(ratio(s.p50, base.p50))}, p99 ${rx(ratio(s.p99, base.p99))}, SUT CPU per call ${rx(ratio(s.sutCpuPer1k, base.sutCpuPer1k))}.`);
    }
    lines.push(
      `CPU s per 1000 calls: ${Object.entries(s.cpuPer1k).map(([k, v]) => `${k} ${f2(v)}`).join(", ")}; SUT ${f2(s.sutCpuPer1k)}; load generator ${f2(s.loadgenCpuPer1k)}. ` +
        `Cores used: SUT ${f2(s.sutCores)}, generator ${f2(s.loadgenCores)}, other processes ${f2(s.otherCores)}.`,
      "",
    );
    lines.push("| rep | calls | s | calls/s | p50 ms | p90 ms | p99 ms | max ms | " + Object.keys(p.reps[0]?.cpu ?? {}).map((k) => `${k} CPU s`).join(" | ") + " | generator CPU s | machine busy CPU s | errors |");
    lines.push("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | " + Object.keys(p.reps[0]?.cpu ?? {}).map(() => "---:").join(" | ") + " | ---: | ---: | ---: |");
    p.reps.forEach((rep, i) => {
      lines.push(
        `| ${i + 1} | ${rep.ok} | ${f1(rep.seconds)} | ${f0(rep.throughput)} | ${f2(rep.latencyMs.p50)} | ${f2(rep.latencyMs.p90)} | ${f2(rep.latencyMs.p99)} | ${f2(rep.latencyMs.max)} | ` +
          Object.values(rep.cpu).map((v) => f2(v)).join(" | ") +
          ` | ${f2(rep.loadgenCpu)} | ${f2(rep.machineBusy)} | ${rep.errors}${rep.firstError ? ` (${rep.firstError.replace(/\|/g, "/")})` : ""} |`,
      );
    });
    lines.push("", "Load generator:", "", "```", p.command, "```", "");
  }
  lines.push("## Peak RSS", "", ...Object.entries(r.peakRss).map(([k, v]) => `- ${k}: ${f0(v / MB)} MiB`), "");
  lines.push("## System under test", "", "```", ...r.commands, "```", "");
  lines.push(...machineBlock(info));
  return lines.join("\n");
}

/** The short table the bench README shows (written there by a full run). */
export function headlineTable(info: RunInfo, results: readonly ScenarioResult[], idle?: IdleResult, cold?: ColdResult): string {
  const byId = new Map(results.map((r) => [r.id, r]));
  const lines = [
    `Full run of ${info.startedAt} on ${info.machine["CPU"] ?? "?"}, ${info.machine["cores"] ?? "?"} cores (shared: see "other load" in latest.md). Reproduce with \`npm run bench\`.`,
    "",
    "| scenario | calls/s at 64 | ×direct | ×restate | p50 ms at 1 | ×direct | ×restate | SUT CPU s/1k calls at 64 |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const r64 = pointAt(byId.get("restate"), 64);
  const r1 = pointAt(byId.get("restate"), 1);
  for (const r of results) {
    const a = pointAt(r, 64);
    const b = pointAt(r, 1);
    if (!a && !b) continue;
    const base = byId.get(r.baseline);
    const d64 = pointAt(base, 64);
    const d1 = pointAt(base, 1);
    lines.push(
      `| ${r.id} | ${f0(a?.throughput ?? NaN)} | ${r.baseline === r.id ? "1" : rx(ratio(a?.throughput, d64?.throughput))} | ${rx(ratio(a?.throughput, r64?.throughput))} | ${f2(b?.p50 ?? NaN)} | ${r.baseline === r.id ? "1" : rx(ratio(b?.p50, d1?.p50))} | ${rx(ratio(b?.p50, r1?.p50))} | ${f2(a?.sutCpuPer1k ?? NaN)} |`,
    );
  }
  lines.push("");
  if (idle) lines.push(`Idle activations: ${idle.actors.toLocaleString("en-US")} actors in ${f0(idle.rss / MB)} MiB gateway RSS (${f0(idle.bytesPerActor)} bytes per actor, ${f0(idle.actorsPerGiB)} actors per GiB).`);
  if (cold) lines.push(`Cold activation from Postgres: ${f0(cold.byCall.rate)} actors/s by first call, ${f0(cold.byActivate.rate)} actors/s by Activate batches.`);
  return lines.join("\n");
}
