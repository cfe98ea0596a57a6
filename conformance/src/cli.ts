import { parseArgs } from "node:util";
import { ALL_CASES } from "./cases/index.js";
import { loadFeaturesFile } from "./features.js";
import { chooseTransports, TRANSPORT_ENV } from "./transport.js";
import { loadPatternList } from "./known-failing.js";
import { splitCommand } from "./split-command.js";
import { UsageError } from "./usage-error.js";

const USAGE = `usage: actorgate-conformance [options] -- <host command...>
       actorgate-conformance [options] --host-command "<host command>"
       actorgate-conformance --client [options] -- <client adapter command...>

Starts a gateway, launches the host command with ACTORGATE_URL and ACTORGATE_SYSTEM=conformance
in its environment, waits for it to register, runs the conformance cases and stops it (SIGTERM).

options:
  --features FILE        the optional features the host implements and the transports it can
                         register: {"features": ["effects", ...], "transports": ["connect+json+http1", ...]}
                         (default: all features, one run on whatever the host registers)
  --transport T          run only this transport of the features file (repeatable); the host is
                         started with ${TRANSPORT_ENV}=T and must register it
  --report FILE.md       write a Markdown summary (suite version, features, transport matrix, counts)
  --known-failing FILE   case patterns expected to fail, one per line (# comments); a listed case
                         that passes fails the run
  --run PATTERN          run only matching cases (repeatable); * matches within a /-segment, ** across
  --skip PATTERN         leave out matching cases (repeatable)
  --junit FILE           write a JUnit XML report
  --trace                show every call, the host's output and gateway warnings
  --store URL            gateway store: memory, sqlite:PATH, postgres://…, mysql://… (default: temp SQLite)
  --bus URL              gateway bus: memory or nats://host:4222 (default: memory)
  --parallel N           cases run at once (default 8)
  --client               client mode: test a client SDK through its adapter (the command after --,
                         or --client-command "<command>"),
                         which speaks the NDJSON protocol of proto/actorgate/conformance/v1/client.proto;
                         --features then names client features, --host-command the host the client
                         calls (default: the TypeScript reference host)
  --list                 list the cases with their features and descriptions, then exit
                         (with --client: the client cases)
  -h, --help             show this help

exit status: 0 when no case failed, 1 when some did, 2 on a usage or setup error.`;

async function main(argv: string[]): Promise<number> {
  const dash = argv.indexOf("--");
  const own = dash === -1 ? argv : argv.slice(0, dash);
  const { values } = parseArgs({
    args: own,
    strict: true,
    options: {
      features: { type: "string" },
      transport: { type: "string", multiple: true },
      report: { type: "string" },
      "known-failing": { type: "string" },
      run: { type: "string", multiple: true },
      skip: { type: "string", multiple: true },
      junit: { type: "string" },
      trace: { type: "boolean" },
      store: { type: "string" },
      bus: { type: "string" },
      parallel: { type: "string" },
      "host-command": { type: "string" },
      list: { type: "boolean" },
      client: { type: "boolean" },
      "client-command": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.list) {
    const { CLIENT_CASES } = await import("./client/cases/index.js");
    for (const c of values.client ? CLIENT_CASES : ALL_CASES) {
      console.log(`${c.name}${c.features?.length ? `  [${c.features.join(", ")}]` : ""}\n    ${c.description}\n`);
    }
    return 0;
  }
  const fromDash = dash === -1 ? [] : argv.slice(dash + 1);
  if (values.client) {
    if (fromDash.length && values["client-command"]) throw new UsageError("give the client command either after -- or with --client-command, not both");
    return runClientMode(values, fromDash.length ? fromDash : splitCommand(values["client-command"] ?? ""));
  }
  if (fromDash.length && values["host-command"]) throw new UsageError("give the host command either after -- or with --host-command, not both");
  const hostCommand = fromDash.length ? fromDash : splitCommand(values["host-command"] ?? "");
  if (!hostCommand.length) throw new UsageError(`no host command\n\n${USAGE}`);
  const parallel = values.parallel === undefined ? 8 : Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 1) throw new UsageError(`--parallel must be a positive integer, got ${values.parallel}`);

  // Loaded lazily: --help and --list should not pay for starting the gateway's modules.
  const file = values.features ? loadFeaturesFile(values.features) : undefined;
  const { runSuite } = await import("./suite.js");
  const report = await runSuite({
    hostCommand,
    features: file?.features,
    transports: chooseTransports(file?.transports, values.transport),
    report: values.report,
    knownFailing: values["known-failing"] ? loadPatternList(values["known-failing"]) : [],
    run: values.run,
    skip: values.skip,
    junit: values.junit,
    trace: values.trace,
    store: values.store,
    bus: values.bus,
    parallel,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
  return report.exitCode;
}

/** --client: the command after -- is the client adapter; --host-command the host it calls. */
async function runClientMode(values: Record<string, string | boolean | string[] | undefined>, clientCommand: string[]): Promise<number> {
  if (!clientCommand.length) throw new UsageError(`--client needs the client adapter's command after --\n\n${USAGE}`);
  const str = (k: string) => values[k] as string | undefined;
  const list = (k: string) => values[k] as string[] | undefined;
  const parallel = str("parallel") === undefined ? 8 : Number(str("parallel"));
  if (!Number.isInteger(parallel) || parallel < 1) throw new UsageError(`--parallel must be a positive integer, got ${str("parallel")}`);
  const { CLIENT_FEATURES } = await import("./client/client-case.js");
  const file = str("features") ? loadFeaturesFile(str("features")!, CLIENT_FEATURES) : undefined;
  const { runClientSuite } = await import("./client/client-suite.js");
  const hostCommand = str("host-command") ? splitCommand(str("host-command")!) : undefined;
  const report = await runClientSuite({
    clientCommand,
    hostCommand,
    features: file?.features,
    transports: chooseTransports(file?.transports, list("transport")),
    knownFailing: str("known-failing") ? loadPatternList(str("known-failing")!) : [],
    run: list("run"),
    skip: list("skip"),
    junit: str("junit"),
    report: str("report"),
    trace: values.trace === true,
    store: str("store"),
    bus: str("bus"),
    parallel,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
  return report.exitCode;
}

// Leaving through process.exit runs the exit hooks that kill the host's process group;
// dying of the signal would not, and would leave the host running.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const known = err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    console.error(known ? `actorgate-conformance: ${(err as Error).message}` : err);
    process.exit(2);
  },
);
