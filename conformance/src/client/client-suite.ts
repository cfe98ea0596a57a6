import { fileURLToPath } from "node:url";
import { createCaseContext } from "../case-context.js";
import { Environment } from "../environment.js";
import { execute, type ExecutionEnv } from "../execute.js";
import { ALL_FEATURES } from "../features.js";
import { PatternSet } from "../patterns.js";
import { redact } from "../redact.js";
import { progressLine } from "../report.js";
import { classify, plan, type Outcome } from "../results.js";
import { finish, type SuiteReport } from "../suite.js";
import { formatTransport, TRANSPORT_ENV, type Transport } from "../transport.js";
import { CLIENT_CASES } from "./cases/index.js";
import { CLIENT_FEATURES, createClientCaseContext, type ClientCase, type ClientFeature } from "./client-case.js";
import { ClientProcess } from "./client-process.js";

export interface ClientSuiteOptions {
  /** The client adapter under test: command and arguments. */
  readonly clientCommand: readonly string[];
  /** The host the client calls. Default: the TypeScript reference host. */
  readonly hostCommand?: readonly string[];
  /** Client features the adapter declares. Default: all. */
  readonly features?: ReadonlySet<ClientFeature>;
  /** Transports to run the client cases over (ACTORGATE_CONFORMANCE_TRANSPORT for the adapter). */
  readonly transports?: readonly Transport[] | undefined;
  readonly knownFailing?: readonly string[];
  readonly run?: readonly string[];
  readonly skip?: readonly string[];
  readonly junit?: string | undefined;
  readonly report?: string | undefined;
  readonly trace?: boolean;
  readonly store?: string | undefined;
  readonly bus?: string | undefined;
  readonly parallel?: number;
  readonly cases?: readonly ClientCase[];
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** The reference host, run with the same Node and tsx as the runner. */
export const REFERENCE_HOST: readonly string[] = [process.execPath, "--import", "tsx", fileURLToPath(new URL("../../hosts/typescript/host.ts", import.meta.url))];

/**
 * Client mode: starts a gateway and the reference host, then the client adapter (once
 * per transport), sends it the client cases' commands and checks what it reports.
 */
export async function runClientSuite(options: ClientSuiteOptions): Promise<SuiteReport> {
  const features = options.features ?? new Set(CLIENT_FEATURES);
  const knownFailing = new PatternSet(options.knownFailing ?? []);
  const run = options.run?.length ? new PatternSet(options.run) : undefined;
  const skip = new PatternSet(options.skip ?? []);
  const cases = options.cases ?? CLIENT_CASES;
  const { toRun, skipped } = plan(cases, { run, skip, features });
  const runs: (Transport | undefined)[] = options.transports?.length ? [...options.transports] : [undefined];
  const hostCommand = options.hostCommand ?? REFERENCE_HOST;

  const env = await Environment.start({ hostCommand, store: options.store, bus: options.bus, trace: options.trace, log: options.err });
  options.out(`actorgate-conformance (client mode): gateway ${env.gatewayUrl} (store ${redact(env.store)}, bus ${redact(env.bus)}); client: ${options.clientCommand.join(" ")}`);
  options.out(`running ${toRun.length} client case${toRun.length === 1 ? "" : "s"}${runs[0] ? ` on each of ${runs.length} transports` : ""} (${skipped.length} skipped for undeclared features)`);
  const outcomes: Outcome[] = [];
  let client: ClientProcess | undefined;
  let clientName = "";
  try {
    for (const transport of runs) {
      const name = transport ? formatTransport(transport) : undefined;
      const clientEnv = { ACTORGATE_URL: env.gatewayUrl, ACTORGATE_SYSTEM: "conformance", ...(name ? { [TRANSPORT_ENV]: name } : {}) };
      if (name) options.out(`== transport ${name} (${TRANSPORT_ENV}=${name})`);
      const start = async () => {
        const started = await ClientProcess.start({
          command: options.clientCommand,
          env: clientEnv,
          onLine: options.trace ? (direction, line) => options.err(`[client ${direction}] ${line.slice(0, 500)}`) : undefined,
        });
        clientName = `${started.ready.name} ${started.ready.version}`.trim();
        return started.process;
      };
      client = await start();
      options.out(`client adapter ready: ${clientName || "(unnamed)"}`);
      let current = client;
      const execEnv: ExecutionEnv = {
        async recover() {
          const hostRecovered = await env.recover();
          if (!current.exit) return hostRecovered;
          options.err(`[runner] the client adapter exited; restarting it`);
          current = await start();
          client = current;
          return true;
        },
        get hostExit() {
          return current.exit;
        },
        hostOutput: () => current.tail(),
      };
      const tag = name === undefined ? {} : { transport: name };
      const runnable = toRun.filter((c) => !c.codec || !transport || transport.codec === c.codec);
      for (const c of toRun.filter((x) => !runnable.includes(x))) {
        const o: Outcome = { name: c.name, ...tag, description: c.description, skipReason: `needs the ${c.codec} codec`, passed: false, durationMs: 0, trace: [] };
        outcomes.push(o);
        options.out(progressLine(classify(o, knownFailing)));
      }
      outcomes.push(
        ...(await execute(runnable, {
          env: execEnv,
          transport: name,
          subject: "client adapter",
          parallel: options.parallel ?? 8,
          makeContext: (signal, trace) =>
            createClientCaseContext({
              client: () => current,
              gateway: createCaseContext({ env, features: ALL_FEATURES, signal, trace }),
              observer: env.observer,
              features,
              signal,
              trace,
            }),
          liveTrace: options.trace ? options.err : undefined,
          onOutcome: (o) => options.out(progressLine(classify(o, knownFailing))),
        })),
      );
      outcomes.push(...skipped.map((o) => ({ ...o, ...tag })));
      if (current.protocolErrors.length) {
        options.err(`warning: the client adapter broke the protocol:\n${current.protocolErrors.map((l) => `  ${l}`).join("\n")}`);
      }
      const exit = await current.stop();
      if (exit.code !== 0) options.err(`warning: the client adapter exited with ${exit.signal ?? `code ${exit.code}`} when its stdin closed (expected 0)`);
      client = undefined;
    }
  } finally {
    await client?.stop();
    await env.close();
  }
  return finish(
    { outcomes, cases, knownFailing, runs, options },
    {
      mode: "client",
      command: options.clientCommand,
      knownFeatures: CLIENT_FEATURES,
      declaredFeatures: features,
      gateway: `${env.description}; client ${clientName || "(unnamed)"}`,
    },
  );
}
