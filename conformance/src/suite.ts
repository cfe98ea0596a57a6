import { writeFileSync } from "node:fs";
import type { Case } from "./case.js";
import { createCaseContext } from "./case-context.js";
import { ALL_CASES } from "./cases/index.js";
import { Environment } from "./environment.js";
import { execute } from "./execute.js";
import { ALL_FEATURES, FEATURES, type Feature } from "./features.js";
import { toJUnit } from "./junit.js";
import { markdownReport } from "./markdown-report.js";
import { matrixText, summarizeByTransport, type TransportSummary } from "./matrix.js";
import { PatternSet } from "./patterns.js";
import { failureBlock, progressLine, summaryLines } from "./report.js";
import { redact } from "./redact.js";
import { classify, count, plan, type CaseResult, type Counts, type Outcome } from "./results.js";
import { formatTransport, TRANSPORT_ENV, type Transport } from "./transport.js";
import { UsageError } from "./usage-error.js";

export interface SuiteOptions {
  /** The host under test: command and arguments. */
  readonly hostCommand: readonly string[];
  /** Features the host declares. Default: all. */
  readonly features?: ReadonlySet<Feature>;
  /**
   * Transports to run the cases over, one after another (the matrix): the host is
   * started with ACTORGATE_CONFORMANCE_TRANSPORT set to each and must register it.
   * Default: one run, on whatever the host registers.
   */
  readonly transports?: readonly Transport[] | undefined;
  /** Write a Markdown summary here. */
  readonly report?: string | undefined;
  /** Known-failing case patterns (strict: a listed case that passes fails the run). */
  readonly knownFailing?: readonly string[];
  /** Only cases matching one of these patterns. Default: all. */
  readonly run?: readonly string[];
  /** Leave out cases matching these patterns. */
  readonly skip?: readonly string[];
  /** Write JUnit XML here. */
  readonly junit?: string | undefined;
  /** Show every call, the host's output and the gateway's warnings. */
  readonly trace?: boolean;
  /** Gateway store URL (default: a temp SQLite file) and bus URL (default: in-process). */
  readonly store?: string | undefined;
  readonly bus?: string | undefined;
  /** Cases run at once. Default 8. */
  readonly parallel?: number;
  /** The cases to choose from. Default: all of them. */
  readonly cases?: readonly Case[];
  /** Report lines (stdout in the CLI). */
  readonly out: (line: string) => void;
  /** Diagnostics (stderr in the CLI). */
  readonly err: (line: string) => void;
}

export interface SuiteReport {
  readonly results: readonly CaseResult[];
  readonly counts: Counts;
  /** Per-transport counts of a matrix run. */
  readonly matrix: readonly TransportSummary[] | undefined;
  /** 0 when nothing failed, else 1. */
  readonly exitCode: number;
}

/**
 * Runs the suite: starts a gateway and the host, runs the selected cases (once per
 * transport of the matrix, restarting only the host in between), stops both, and
 * reports. Throws UsageError when the environment cannot start (the host never
 * registers, say).
 */
export async function runSuite(options: SuiteOptions): Promise<SuiteReport> {
  const features = options.features ?? ALL_FEATURES;
  const knownFailing = new PatternSet(options.knownFailing ?? []);
  const run = options.run?.length ? new PatternSet(options.run) : undefined;
  const skip = new PatternSet(options.skip ?? []);
  const cases = options.cases ?? ALL_CASES;
  const { toRun, skipped } = plan(cases, { run, skip, features });
  const runs: (Transport | undefined)[] = options.transports?.length ? [...options.transports] : [undefined];
  const hostEnv = (t: Transport | undefined): Record<string, string> => (t ? { [TRANSPORT_ENV]: formatTransport(t) } : {});

  const env = await Environment.start({
    hostCommand: options.hostCommand,
    store: options.store,
    bus: options.bus,
    trace: options.trace,
    log: options.err,
    hostEnv: hostEnv(runs[0]),
  });
  options.out(`actorgate-conformance: gateway ${env.gatewayUrl} (store ${redact(env.store)}, bus ${redact(env.bus)}); host: ${options.hostCommand.join(" ")}`);
  const matrixNote = runs[0] ? ` on each of ${runs.length} transport${runs.length === 1 ? "" : "s"}` : "";
  options.out(`running ${toRun.length} case${toRun.length === 1 ? "" : "s"}${matrixNote} (${skipped.length} skipped for undeclared features)`);
  const outcomes: Outcome[] = [];
  try {
    for (const [i, transport] of runs.entries()) {
      const name = transport ? formatTransport(transport) : undefined;
      if (transport) {
        if (i > 0) {
          env.setHostEnv(hostEnv(transport));
          await env.restartHost();
        }
        options.out(`== transport ${name} (${TRANSPORT_ENV}=${name})`);
      }
      const wrong = transport ? wrongTransport(transport, env) : undefined;
      const tag = name === undefined ? {} : { transport: name };
      if (wrong) {
        // Every case would test the wrong thing: fail them all with the reason, run none.
        options.err(`[runner] ${wrong}`);
        for (const c of toRun) {
          const o: Outcome = { name: c.name, ...tag, description: c.description, passed: false, durationMs: 0, failure: { message: wrong }, trace: [] };
          outcomes.push(o);
          options.out(progressLine(classify(o, knownFailing)));
        }
      } else {
        const codec = env.observer.registeredTransport()?.codec;
        const runnable = toRun.filter((c) => !c.codec || c.codec === codec);
        for (const c of toRun.filter((x) => !runnable.includes(x))) {
          const o: Outcome = { name: c.name, ...tag, description: c.description, skipReason: `needs the ${c.codec} codec; the host registered ${codec}`, passed: false, durationMs: 0, trace: [] };
          outcomes.push(o);
          options.out(progressLine(classify(o, knownFailing)));
        }
        outcomes.push(
          ...(await execute(runnable, {
            env,
            transport: name,
            parallel: options.parallel ?? 8,
            makeContext: (signal, trace) => createCaseContext({ env, features, signal, trace }),
            liveTrace: options.trace ? options.err : undefined,
            onOutcome: (o) => options.out(progressLine(classify(o, knownFailing))),
          })),
        );
      }
      outcomes.push(...skipped.map((o) => ({ ...o, ...tag })));
    }
  } finally {
    await env.close();
  }
  return finish(
    { outcomes, cases, knownFailing, runs, options },
    { mode: "host", command: options.hostCommand, knownFeatures: FEATURES, declaredFeatures: features, gateway: env.description },
  );
}

/** Why the host's registration does not match the transport it was asked for, if it does not. */
function wrongTransport(transport: Transport, env: Environment): string | undefined {
  const got = env.observer.registeredTransport();
  const want = formatTransport(transport);
  if (got && formatTransport(got) === want) return undefined;
  return (
    `the host was started with ${TRANSPORT_ENV}=${want} but registered ${got ? formatTransport(got) : "nothing"}: ` +
    "register the protocol, codec and HTTP version the variable names (RegisterRequest.protocol, .codec, .http_version), " +
    "or remove the transport from the features file"
  );
}

export interface FinishInput {
  readonly outcomes: readonly Outcome[];
  /** The cases in report order. */
  readonly cases: readonly { readonly name: string }[];
  readonly knownFailing: PatternSet;
  readonly runs: readonly (Transport | undefined)[];
  readonly options: {
    readonly junit?: string | undefined;
    readonly report?: string | undefined;
    readonly trace?: boolean | undefined;
    readonly out: (line: string) => void;
    readonly err: (line: string) => void;
  };
}

/** Classifies, prints failures, the matrix and the summary lines; writes JUnit and Markdown. */
export function finish(input: FinishInput, about: Omit<Parameters<typeof markdownReport>[0], "matrix" | "results" | "counts">): SuiteReport {
  const { options, knownFailing } = input;
  // Report order: transport order, then case order, whether a case ran or was skipped.
  const order = new Map(input.cases.map((c, i) => [c.name, i]));
  const runIndex = new Map(input.runs.map((t, i) => [t ? formatTransport(t) : undefined, i]));
  const results = [...input.outcomes]
    .sort((a, b) => runIndex.get(a.transport)! - runIndex.get(b.transport)! || order.get(a.name)! - order.get(b.name)!)
    .map((o) => classify(o, knownFailing));
  const stale = knownFailing.unused();
  if (stale.length) options.err(`warning: known-failing patterns that match no case that ran: ${stale.join(", ")}`);

  const failed = results.filter((r) => r.status === "failed");
  if (failed.length) options.out("");
  for (const r of failed) options.out(`${failureBlock(r, options.trace ?? false)}\n`);
  const transports = input.runs.filter((t): t is Transport => t !== undefined);
  const matrix = transports.length ? summarizeByTransport(results, transports) : undefined;
  if (matrix) options.out(["transport matrix:", ...matrixText(matrix).map((l) => `  ${l}`), ""].join("\n"));
  if (options.junit) writeFileSync(options.junit, toJUnit(results));
  const counts = count(results);
  if (options.report) {
    try {
      writeFileSync(options.report, markdownReport({ ...about, matrix, results, counts }));
    } catch (err) {
      throw new UsageError(`cannot write the report ${options.report}: ${(err as Error).message}`);
    }
  }
  for (const line of summaryLines(counts)) options.out(line);
  return { results, counts, matrix, exitCode: counts.failed === 0 ? 0 : 1 };
}
