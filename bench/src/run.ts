// npm run bench [-- --quick] [-- --profile <scenario>] [-- --only a,b] [-- --skip a,b] [-- --out dir]
//
// Starts everything each scenario needs as separate processes (gateway, host, load
// generator; Restate's server and service), measures, and writes bench/results.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { coldActivation, idleCapacity, type ColdResult, type IdleResult } from "./capacity.js";
import { CLUSTER_FULL, CLUSTER_QUICK, clusterBench, renderCluster } from "./cluster.js";
import { measure, peakRss, type Point, type PointPlan } from "./measure.js";
import { ROOT, spawnProc, stopAll } from "./procs.js";
import { writeProfileSummary, type ProfileSummary } from "./profile.js";
import { headlineTable, renderLatest, renderScenario, type ProfileRef, type RunInfo } from "./report.js";
import { restateBinary, restateSdkVersion, type RestateScenarioInput, type RestateScenarioResult } from "./restate/scenario.js";
import { SCENARIOS, type ScenarioDef } from "./scenarios.js";
import { summarize, type ScenarioResult } from "./stats.js";
import { postgresVersion } from "./sut.js";

const USAGE = `usage: npm run bench [-- options]
  --quick              about a minute: one short window per point, small capacity runs
                       (results in bench/results/quick/)
  --profile <scenario> run one gateway scenario with the gateway under node --cpu-prof and
                       write bench/results/profile-<scenario>.md (+ profiles/<scenario>.folded)
  --concurrency <n>    with --profile: callers (default 64); files get a -c<n> suffix
  --only a,b           run only these scenarios (ids below, capacity-idle, capacity-cold)
  --skip a,b           skip these
  --out <dir>          results directory (default bench/results, or bench/results/quick)
  --keys <n>           actor keys (default 1000)
  --render             only rewrite the Markdown from latest.json (of --out, or --quick's)
scenarios: ${[...SCENARIOS.map((s) => s.id), "capacity-idle", "capacity-cold", "cluster"].join(", ")}`;

interface Plans {
  readonly points: PointPlan[];
  readonly idleMax: number;
  readonly coldActors: number;
  /** Longest each cold-activation phase may run. */
  readonly coldSeconds: number;
}

const FULL: Plans = {
  points: [
    { concurrency: 64, warmupS: 5, durationS: 8, reps: 3 },
    { concurrency: 1, warmupS: 2, durationS: 5, reps: 3 },
  ],
  idleMax: 1_000_000,
  coldActors: 40_000,
  coldSeconds: 30,
};

const QUICK: Plans = {
  points: [
    { concurrency: 64, warmupS: 1, durationS: 3, reps: 1 },
    { concurrency: 1, warmupS: 1, durationS: 2, reps: 1 },
  ],
  idleMax: 20_000,
  coldActors: 20_000,
  coldSeconds: 3,
};

const PROFILE_POINT: PointPlan = { concurrency: 64, warmupS: 3, durationS: 15, reps: 1 };

function describePlans(p: readonly PointPlan[]): string {
  return p.map((x) => `concurrency ${x.concurrency}: ${x.warmupS} s warm-up + ${x.reps} × ${x.durationS} s`).join("; ");
}

function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return `${r.stdout ?? ""}${r.stderr ?? ""}`.trim();
}

function pkgVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "not installed";
  }
}

function machine(): Record<string, string> {
  const cpus = os.cpus();
  const load = os.loadavg().map((x) => x.toFixed(2)).join(" ");
  // os.cpus() reports speed 0 on some VMs: /proc/cpuinfo has it.
  const mhz = cpus[0]?.speed || Number(readFileSync("/proc/cpuinfo", "utf8").match(/^cpu MHz\s*:\s*([\d.]+)/m)?.[1] ?? 0);
  return {
    cores: sh("nproc", []),
    CPU: `${cpus[0]?.model ?? "?"}${mhz ? ` @ ${Math.round(mhz)} MHz` : ""}`,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    kernel: `${os.type()} ${os.release()}`,
    "load average at start": load,
  };
}

async function versions(): Promise<Record<string, string>> {
  let git = "";
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "server", "clients"], { cwd: ROOT, encoding: "utf8" }).trim();
    git = `${head}${dirty ? ` + uncommitted changes in server/ or clients/ (${dirty.split("\n").length} files)` : ""}`;
  } catch {
    git = "unknown";
  }
  let restate = "not installed";
  try {
    restate = execFileSync(restateBinary(), ["--version"], { encoding: "utf8" }).trim();
  } catch {
    /* reported as not installed */
  }
  let restateSdk = "not installed";
  try {
    restateSdk = restateSdkVersion();
  } catch {
    /* reported as not installed */
  }
  return {
    node: process.version,
    wrk: sh("wrk", ["-v"]).split("\n")[0]?.replace(/ Copyright.*/, "") || "not installed",
    "actorgate commit": git,
    "@connectrpc/connect-node": pkgVersion("@connectrpc/connect-node"),
    "@bufbuild/protobuf": pkgVersion("@bufbuild/protobuf"),
    "better-sqlite3": pkgVersion("better-sqlite3"),
    kysely: pkgVersion("kysely"),
    Postgres: await postgresVersion(),
    "restate-server": restate,
    "@restatedev/restate-sdk": restateSdk,
  };
}

/** Runs one scenario: start its SUT, measure every point, record peak RSS, stop it. */
async function runScenario(def: ScenarioDef, points: readonly PointPlan[], logRoot: string, keys: number, profileDir?: string): Promise<ScenarioResult> {
  const logDir = join(logRoot, def.id);
  mkdirSync(logDir, { recursive: true });
  const base = { id: def.id, title: def.title, baseline: def.baseline, protocol: def.protocol, description: def.description, main: def.main, notes: def.notes ?? [] };
  console.log(`[bench] ${def.id}: starting (logs in ${logDir})`);
  try {
    if (def.id === "restate") return { ...base, ...(await runRestate(points, logDir, keys)) };
    const sut = await def.start!({ logDir, keys, profileDir });
    try {
      const measured: Point[] = [];
      for (const plan of points) {
        const p = await measure(sut.pids, sut.target, plan, logDir);
        const s = summarize(p);
        console.log(`[bench] ${def.id} c=${plan.concurrency}: ${s.throughput.toFixed(0)} calls/s, p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, SUT CPU ${s.sutCpuPer1k.toFixed(2)} s/1k, generator ${s.loadgenCpuPer1k.toFixed(2)} s/1k, errors ${s.errors}${s.firstError ? ` (${s.firstError})` : ""}`);
        measured.push(p);
      }
      return { ...base, points: measured, peakRss: peakRss(sut.pids), commands: sut.commands };
    } finally {
      await sut.stop();
    }
  } catch (err) {
    console.error(`[bench] ${def.id} failed: ${(err as Error).stack ?? String(err)}`);
    return { ...base, points: [], peakRss: {}, commands: [], error: (err as Error).message };
  }
}

/** Restate runs in a network namespace of its own: see bench/src/restate/scenario.ts. */
async function runRestate(points: readonly PointPlan[], logDir: string, keys: number): Promise<Pick<ScenarioResult, "points" | "peakRss" | "commands" | "notes">> {
  const probe = spawnSync("unshare", ["-n", "--", "true"], { encoding: "utf8" });
  if (probe.status !== 0) {
    throw new Error(
      `Restate needs a private network namespace (unshare -n, as root) so its start-up release check cannot reach the internet; unshare failed: ${probe.stderr.trim()}`,
    );
  }
  restateBinary();
  const input: RestateScenarioInput = { points: [...points], logDir, keys };
  const proc = spawnProc("restate-scenario", "unshare", ["-n", "--", "sh", "-c", 'ip link set lo up && exec "$0" "$@"', process.execPath, "--import", "tsx", "bench/src/restate/scenario.ts", JSON.stringify(input)], {
    log: join(logDir, "scenario.log"),
  });
  const m = await proc.waitFor(/^RESTATE_RESULT (.*)$/, 30 * 60_000);
  await proc.exited;
  const r = JSON.parse(m[1]!) as RestateScenarioResult;
  for (const p of r.points) {
    const s = summarize(p);
    console.log(`[bench] restate c=${p.concurrency}: ${s.throughput.toFixed(0)} calls/s, p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, SUT CPU ${s.sutCpuPer1k.toFixed(2)} s/1k`);
  }
  return {
    points: r.points,
    peakRss: r.peakRss,
    commands: ["unshare -n -- sh -c 'ip link set lo up && exec node --import tsx bench/src/restate/scenario.ts <json>', which runs:", ...r.commands],
    notes: [`restate-server ${r.serverVersion}, @restatedev/restate-sdk ${r.sdkVersion}, default configuration (single node).`],
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean" },
      profile: { type: "string" },
      only: { type: "string" },
      skip: { type: "string" },
      out: { type: "string" },
      keys: { type: "string" },
      concurrency: { type: "string" },
      render: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.render) {
    render(values.out ?? join(ROOT, "bench", "results", values.quick ? "quick" : ""));
    return;
  }
  const wrk = spawnSync("wrk", ["-v"]);
  if (wrk.error) throw new Error("wrk is not installed: apt-get install -y wrk");

  const mode: RunInfo["mode"] = values.profile ? "profile" : values.quick ? "quick" : "full";
  const profilePoint: PointPlan = { ...PROFILE_POINT, concurrency: Number(values.concurrency ?? PROFILE_POINT.concurrency) };
  const plans = values.quick ? QUICK : FULL;
  const keys = Number(values.keys ?? 1000);
  const out = values.out ?? join(ROOT, "bench", "results", mode === "quick" ? "quick" : "");
  mkdirSync(out, { recursive: true });
  const logRoot = mkdtempSync(join(os.tmpdir(), "actorgate-bench-logs-"));
  const startedAt = new Date();
  const date = startedAt.toISOString().slice(0, 10);
  const t0 = performance.now();
  const machineInfo = machine();
  const versionInfo = await versions();
  const info = (): RunInfo => ({
    date,
    mode,
    startedAt: startedAt.toISOString().replace(/\.\d+Z$/, "Z"),
    durationS: (performance.now() - t0) / 1000,
    machine: machineInfo,
    versions: versionInfo,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    plans: describePlans(mode === "profile" ? [profilePoint] : plans.points),
  });
  console.log(`[bench] ${mode} run; results in ${relative(ROOT, out) || "."}; logs in ${logRoot}`);

  if (values.profile) {
    await profileRun(values.profile, profilePoint, out, logRoot, keys, info);
    return;
  }

  const only = values.only?.split(",").map((s) => s.trim());
  const skip = new Set(values.skip?.split(",").map((s) => s.trim()) ?? []);
  const wanted = (id: string) => (!only || only.includes(id)) && !skip.has(id);
  const results: ScenarioResult[] = [];
  for (const def of SCENARIOS) {
    if (!wanted(def.id)) continue;
    const r = await runScenario(def, plans.points, logRoot, keys);
    results.push(r);
    writeFileSync(join(out, `${date}-${r.id}.md`), renderScenario(info(), r, results));
  }
  // Ratios need every scenario: write the per-scenario files again with all of them known.
  for (const r of results) writeFileSync(join(out, `${date}-${r.id}.md`), renderScenario(info(), r, results));

  let idle: IdleResult | undefined;
  let cold: ColdResult | undefined;
  const capacityErrors: Record<string, string> = {};
  if (wanted("capacity-idle")) {
    console.log(`[bench] capacity-idle: activating up to ${plans.idleMax} actors`);
    try {
      mkdirSync(join(logRoot, "capacity-idle"), { recursive: true });
      idle = await idleCapacity(plans.idleMax, join(logRoot, "capacity-idle"));
      console.log(`[bench] capacity-idle: ${idle.actors} actors, RSS ${(idle.rss / 1024 ** 2).toFixed(0)} MB, ${idle.bytesPerActor.toFixed(0)} B/actor, ${idle.rate.toFixed(0)} activations/s`);
    } catch (err) {
      capacityErrors["capacity-idle"] = (err as Error).message;
      console.error(`[bench] capacity-idle failed: ${(err as Error).stack}`);
    }
  }
  if (wanted("capacity-cold")) {
    console.log(`[bench] capacity-cold: ${plans.coldActors} actors from Postgres`);
    try {
      mkdirSync(join(logRoot, "capacity-cold"), { recursive: true });
      cold = await coldActivation(plans.coldActors, join(logRoot, "capacity-cold"), plans.coldSeconds);
      console.log(`[bench] capacity-cold: first call ${cold.byCall.rate.toFixed(0)}/s, Activate ${cold.byActivate.rate.toFixed(0)}/s`);
    } catch (err) {
      capacityErrors["capacity-cold"] = (err as Error).message;
      console.error(`[bench] capacity-cold failed: ${(err as Error).stack}`);
    }
  }
  // Cluster mode (issue 11): its own processes (3 gateways, HAProxy); bench/results/cluster.md.
  let clusterFailed = false;
  if (wanted("cluster")) {
    console.log("[bench] cluster: 1-3 gateway nodes behind HAProxy, forwarded vs local, failover");
    try {
      mkdirSync(join(logRoot, "cluster"), { recursive: true });
      const r = await clusterBench(values.quick ? CLUSTER_QUICK : CLUSTER_FULL, join(logRoot, "cluster"));
      const i = info();
      writeFileSync(join(out, "cluster.md"), renderCluster(r, { command: i.command, startedAt: i.startedAt, machine: i.machine }));
    } catch (err) {
      clusterFailed = true;
      console.error(`[bench] cluster failed: ${(err as Error).stack}`);
    }
  }
  // `--only cluster` has nothing for latest.md: keep the last full run's.
  const onlyCluster = results.length === 0 && !idle && !cold && Object.keys(capacityErrors).length === 0;
  if (!onlyCluster) writeResults(out, info(), results, idle, cold, capacityErrors, mode === "full" && !values.only && !values.skip && !values.out);
  console.log(`[bench] done in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${relative(ROOT, join(out, onlyCluster ? "cluster.md" : "latest.md"))}`);
  const failed = [...results.filter((r) => r.error).map((r) => r.id), ...Object.keys(capacityErrors), ...(clusterFailed ? ["cluster"] : [])];
  if (failed.length) {
    console.error(`[bench] these did not run to the end (see their rows in latest.md and the logs): ${failed.join(", ")}`);
    process.exitCode = 1;
  }
}

/** Writes latest.md, latest.json, the capacity file and, for a complete full run, the README headline. */
function writeResults(
  out: string,
  info: RunInfo,
  results: readonly ScenarioResult[],
  idle: IdleResult | undefined,
  cold: ColdResult | undefined,
  capacityErrors: Record<string, string>,
  updateReadme: boolean,
): void {
  if (idle || cold || Object.keys(capacityErrors).length) {
    writeFileSync(join(out, `${info.date}-capacity.md`), renderLatest(info, [], idle, cold, capacityErrors, []).replace(/^# Actorgate benchmarks:/, "# Actorgate capacity benchmarks:"));
  }
  writeFileSync(join(out, "latest.md"), renderLatest(info, results, idle, cold, capacityErrors, existingProfiles(out)));
  writeFileSync(join(out, "latest.json"), JSON.stringify({ info, results, idle, cold, capacityErrors }, null, 1));
  if (updateReadme) {
    const readme = join(ROOT, "bench", "README.md");
    const text = readFileSync(readme, "utf8");
    const table = headlineTable(info, results, idle, cold);
    const next = text.replace(/<!-- headline:start -->[\s\S]*<!-- headline:end -->/, `<!-- headline:start -->\n${table}\n<!-- headline:end -->`);
    if (next !== text) writeFileSync(readme, next);
  }
}

/** --render: rewrite the Markdown of a results directory from its latest.json (after changing the report). */
function render(out: string): void {
  const data = JSON.parse(readFileSync(join(out, "latest.json"), "utf8")) as {
    info: RunInfo;
    results: ScenarioResult[];
    idle?: IdleResult;
    cold?: ColdResult;
    capacityErrors?: Record<string, string>;
  };
  for (const r of data.results) writeFileSync(join(out, `${data.info.date}-${r.id}.md`), renderScenario(data.info, r, data.results));
  const isDefault = out === join(ROOT, "bench", "results");
  writeResults(out, data.info, data.results, data.idle, data.cold, data.capacityErrors ?? {}, data.info.mode === "full" && isDefault);
  console.log(`[bench] rendered ${relative(ROOT, join(out, "latest.md"))} from latest.json`);
}

/** Profiles already written in this results directory, for latest.md to link. */
function existingProfiles(out: string): ProfileRef[] {
  const refs: ProfileRef[] = [];
  for (const f of existsSync(out) ? readdirSync(out) : []) {
    const m = f.match(/^profile-(.+)\.json$/);
    if (!m) continue;
    const s = JSON.parse(readFileSync(join(out, f), "utf8")) as Pick<ProfileSummary, "topFunctions" | "topPackages">;
    refs.push({ scenario: m[1]!, file: `profile-${m[1]}.md`, topFunctions: s.topFunctions, topPackages: s.topPackages });
  }
  return refs;
}

async function profileRun(scenario: string, point: PointPlan, out: string, logRoot: string, keys: number, info: () => RunInfo): Promise<void> {
  const id = point.concurrency === PROFILE_POINT.concurrency ? scenario : `${scenario}-c${point.concurrency}`;
  const def = SCENARIOS.find((s) => s.id === scenario);
  if (!def || def.main !== "gateway") {
    throw new Error(`--profile takes a gateway scenario: ${SCENARIOS.filter((s) => s.main === "gateway").map((s) => s.id).join(", ")}`);
  }
  const profileDir = join(logRoot, "cpuprofile");
  mkdirSync(profileDir, { recursive: true });
  const r = await runScenario(def, [point], logRoot, keys, profileDir);
  if (r.error) throw new Error(`${id} failed: ${r.error}`);
  const files = readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile"));
  if (files.length === 0) throw new Error(`the gateway wrote no CPU profile into ${profileDir}`);
  const rawDir = join(out, "profiles");
  mkdirSync(rawDir, { recursive: true });
  // The gateway's profile is the largest file (tsx's helper processes write small ones).
  const file = files.map((f) => join(profileDir, f)).sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0]!;
  copyFileSync(file, join(rawDir, `${id}.cpuprofile`));
  const rep = r.points[0]!.reps[0]!;
  const s = summarize(r.points[0]!);
  const md = join(out, `profile-${id}.md`);
  const summary = writeProfileSummary(file, `gateway, scenario ${id} (${def.title})`, md, join(rawDir, `${id}.folded`), { startUs: rep.startUs, endUs: rep.endUs, calls: rep.ok });
  const i = info();
  const header = [
    "",
    `Run: ${i.startedAt}, \`${i.command}\`; ${describePlans([point])}. During the profiled window: ${s.throughput.toFixed(0)} calls/s, p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, ` +
      `gateway CPU ${(s.cpuPer1k["gateway"] ?? NaN).toFixed(2)} s/1k calls, host ${(s.cpuPer1k["host"] ?? NaN).toFixed(2)} s/1k calls (under the profiler, which costs a few percent).`,
    "",
    `Files: profiles/${id}.folded (folded stacks, µs: open in speedscope or pipe to inferno-flamegraph / flamegraph.pl); ` +
      `profiles/${id}.cpuprofile (raw V8 profile, not committed: load it in Chrome DevTools or speedscope).`,
    "",
    "Gateway command:",
    "",
    "```",
    ...r.commands,
    r.points[0]!.command,
    "```",
  ].join("\n");
  const text = readFileSync(md, "utf8").replace(/\n/, `\n${header}\n`);
  writeFileSync(md, text);
  writeFileSync(join(out, `profile-${id}.json`), JSON.stringify({ topFunctions: summary.topFunctions, topPackages: summary.topPackages }, null, 1));
  console.log(`[bench] profile: ${relative(ROOT, md)}`);
  console.log(`[bench] top packages: ${summary.topPackages.slice(0, 6).map((p) => `${p.name} ${p.selfPct.toFixed(1)}%`).join(", ")}`);
  console.log(`[bench] top functions: ${summary.topFunctions.slice(0, 8).map((p) => `${p.name} ${p.selfPct.toFixed(1)}%`).join(", ")}`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`[bench] ${signal}: stopping child processes`);
    void stopAll().finally(() => process.exit(130));
  });
}

main().then(
  () => stopAll().then(() => process.exit(process.exitCode ?? 0)),
  (err: unknown) => {
    console.error(`[bench] ${(err as Error).message}`);
    void stopAll().finally(() => process.exit(1));
  },
);
