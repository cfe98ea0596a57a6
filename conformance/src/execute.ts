import { ConnectError } from "@connectrpc/connect";
import { codeName } from "@actorgate/client/common";
import { CaseFailure } from "./assertions.js";
import type { CaseOf } from "./case.js";
import { describeExit, type HostExit } from "./host-process.js";
import type { Outcome } from "./results.js";

/** What the executor needs of the environment: bringing the program under test back. */
export interface ExecutionEnv {
  /** Restarts whatever crashed or lost its registration; true if it had to. */
  recover(): Promise<boolean>;
  /** Set once the program under test exited. */
  readonly hostExit: HostExit | undefined;
  /** Its recent output, for failure reports. */
  hostOutput(): string;
}

export interface ExecuteOptions<T> {
  readonly env: ExecutionEnv;
  /** Builds a case's context: `signal` is aborted when the case ends, `trace` collects its lines. */
  readonly makeContext: (signal: AbortSignal, trace: (line: string) => void) => T;
  /** Set on every outcome (matrix runs). */
  readonly transport?: string;
  /** What the program under test is called in failure messages. Default "host". */
  readonly subject?: string;
  /** Cases run at once (exclusive ones always run alone). */
  readonly parallel: number;
  /** Print trace lines as they happen. */
  readonly liveTrace?: (line: string) => void;
  /** Called as each case finishes. */
  readonly onOutcome?: (outcome: Outcome) => void;
}

const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * Runs the shared cases `parallel` at a time, then the exclusive ones one by one. After
 * each case, a crashed host (or one that lost its registration) is brought back so the
 * remaining cases get a working environment.
 */
export async function execute<T>(cases: readonly CaseOf<T>[], options: ExecuteOptions<T>): Promise<Outcome[]> {
  const outcomes = new Map<CaseOf<T>, Outcome>();
  let recovering: Promise<unknown> | undefined;
  const recover = () =>
    (recovering ??= options.env.recover().finally(() => {
      recovering = undefined;
    }));

  const runOne = async (c: CaseOf<T>) => {
    await recovering;
    const outcome = await runCase(c, options);
    outcomes.set(c, outcome);
    options.onOutcome?.(outcome);
    await recover().catch((err: unknown) => {
      // Later cases will fail with the host missing; say why once, here.
      options.liveTrace?.(`[runner] could not restart the ${options.subject ?? "host"}: ${(err as Error).message}`);
    });
  };

  const shared = cases.filter((c) => !c.exclusive);
  let next = 0;
  const worker = async () => {
    while (next < shared.length) await runOne(shared[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.parallel, shared.length)) }, worker));
  for (const c of cases.filter((x) => x.exclusive)) await runOne(c);
  return cases.map((c) => outcomes.get(c)!);
}

async function runCase<T>(c: CaseOf<T>, options: ExecuteOptions<T>): Promise<Outcome> {
  const trace: string[] = [];
  const log = (line: string) => {
    trace.push(line);
    options.liveTrace?.(`[${c.name}] ${line}`);
  };
  const controller = new AbortController();
  const timeoutMs = c.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = Date.now();
  const hostBefore = options.env.hostExit;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new CaseFailure(`timed out after ${timeoutMs / 1000} s`));
      controller.abort();
    }, timeoutMs);
  });
  let failure: Outcome["failure"];
  try {
    const t = options.makeContext(controller.signal, log);
    await Promise.race([c.run(t), timedOut]);
  } catch (err) {
    failure = describeFailure(err);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  const exit = options.env.hostExit;
  if (exit && !hostBefore) {
    const message = `the ${options.subject ?? "host"} exited during this case (${describeExit(exit)}); its last output:\n${options.env.hostOutput()}`;
    failure = { message: failure ? `${failure.message}\n${message}` : message, comparison: failure?.comparison };
  }
  const transport = options.transport === undefined ? {} : { transport: options.transport };
  return { name: c.name, ...transport, description: c.description, passed: !failure, durationMs: Date.now() - started, failure, trace };
}

function describeFailure(err: unknown): NonNullable<Outcome["failure"]> {
  if (err instanceof CaseFailure) return { message: err.message, comparison: err.comparison };
  if (err instanceof ConnectError) return { message: `unexpected error from a call: ${codeName(err.code)}: ${err.rawMessage}` };
  return { message: `the case threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}` };
}
