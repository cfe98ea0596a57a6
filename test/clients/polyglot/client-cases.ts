// The client cases: what every generated gRPC client (clients/<lang>) must do against a
// live gateway. One program per language runs them and prints what it saw; the
// assertions live here, once, so every language is held to the same results.
//
// The contract of a client-case program:
// - env: ACTORGATE_TARGET (host:port; plaintext HTTP/2), ACTORGATE_SYSTEM (serving the
//   example Counter of examples/counter and the Probe of probe-actor.ts), ACTORGATE_RUN
//   (a unique id: the Counter instance is "<run>-a").
// - It opens Subscribe(system, "resets"), prints {"step":"subscribing"} and reads one line
//   from stdin: the test writes it once the gateway has the stream open (the gateway sends
//   a stream's headers with its first event, so a client cannot see that itself).
// - Then it prints one JSON object per line, {"step": <name>, ...}, for the steps that
//   `expectClientCases` lists, in that order, and {"step":"done"}; it exits 0. A call that
//   fails prints {"error": {"code": <gRPC code number>, "message", "details": [{"type_url",
//   "value" (a StringValue detail's value)}]}}; one that succeeds {"reply": <JSON>,
//   "revision", "invocation_id"}. JSON numbers may print as floats (7.0): google.protobuf.Value
//   has only doubles.

import { once } from "node:events";
import { Code } from "@connectrpc/connect";
import { expect } from "vitest";
import type { Gateway } from "../../../server/src/gateway.js";
import { startGateway, startHost, uniqueName } from "../../support/harness.js";
import { spawnProcess, spawnTs } from "../../support/processes.js";
import { Gates } from "../../support/test-actors.js";
import { probeActor, REFUSAL_DETAIL } from "./probe-actor.js";

/** How to run a program: the command, its arguments, where, with what extra env. */
export interface Program {
  readonly command: string;
  readonly args: string[];
  readonly cwd?: string;
  readonly env?: Record<string, string>;
}

export interface LiveGateway {
  readonly gw: Gateway;
  /** host:port, what gRPC stacks dial. */
  readonly target: string;
  readonly gates: Gates;
}

const SYSTEM = "demo";

/** A real gateway with the example counter host (its own process) and the probe host. */
export async function startLiveGateway(): Promise<LiveGateway> {
  const gw = await startGateway();
  const counterHost = spawnTs("examples/counter/host.ts", [], { ACTORGATE_URL: gw.url });
  await counterHost.waitFor(/\[host\] serving/);
  const gates = new Gates();
  await startHost(gw, [probeActor(gates)], { system: SYSTEM });
  return { gw, gates, target: new URL(gw.url).host };
}

export type Steps = ReadonlyMap<string, Record<string, unknown>>;

/**
 * How long a program may run before it is killed: a case that hangs (a stream that never
 * delivers, a call that never returns) then fails with the lines printed so far instead of
 * the test's bare timeout. Not a timing assertion: a run takes a few seconds.
 */
export const PROGRAM_LIMIT_MS = 45_000;
/** Each test's own timeout: a program's limit plus starting the gateway and hosts. */
export const TEST_TIMEOUT_MS = PROGRAM_LIMIT_MS + 30_000;

/** Runs a client-case program to its end and returns its lines by step. */
export async function runClientCases(live: LiveGateway, program: Program, run: string): Promise<Steps> {
  const opened = once(live.gw.channels.events, "streamOpened");
  const p = spawnProcess(program.command, program.args, { ...program.env, ACTORGATE_TARGET: live.target, ACTORGATE_SYSTEM: SYSTEM, ACTORGATE_RUN: run }, { cwd: program.cwd, stdin: true });
  const limit = setTimeout(() => p.child.kill("SIGKILL"), PROGRAM_LIMIT_MS);
  const failed = (why: string) => new Error(`${program.command} ${why}; stdout:\n${p.stdout().join("\n")}\nstderr:\n${p.stderr()}`);
  try {
    await p.waitFor(/"step":\s*"subscribing"/);
    await Promise.race([opened, p.exited.then((code) => Promise.reject(failed(`exited (${code}) before the gateway saw its Subscribe stream`)))]);
    p.child.stdin!.write("go\n");
    const code = await p.exited;
    if (code === "SIGKILL") throw failed(`did not finish within ${PROGRAM_LIMIT_MS} ms and was killed`);
    if (code !== 0) throw failed(`exited with ${code}`);
  } finally {
    clearTimeout(limit);
  }
  const steps = new Map<string, Record<string, unknown>>();
  for (const line of p.stdout()) {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    steps.set(String(parsed["step"]), parsed);
  }
  return steps;
}

const STRING_VALUE = "type.googleapis.com/google.protobuf.StringValue";

/** The results every client must report (see the contract above). */
export async function expectClientCases(live: LiveGateway, steps: Steps, run: string, lang: string): Promise<void> {
  const step = (name: string) => {
    const got = steps.get(name);
    expect(got, `the program printed no "${name}" line`).toBeDefined();
    const { step: _, ...rest } = got!;
    return rest;
  };
  const failed = (code: Code, message?: string | RegExp) => ({
    error: expect.objectContaining({ code, ...(message === undefined ? {} : { message: typeof message === "string" ? message : expect.stringMatching(message) }) }),
  });

  expect.soft(step("activate"), "Activate creates the counter").toEqual({ name: `${run}-a`, created: true, revision: 0 });
  expect.soft(step("invoke_json"), "Invoke with JSON in and out").toMatchObject({ reply: { value: 7 }, revision: 2 });
  expect.soft(step("invoke_binary"), "Invoke with a google.protobuf.Any in and out").toEqual({ type_url: STRING_VALUE, value: `HELLO ${run.toUpperCase()}` });
  expect.soft(step("snapshot"), "Snapshot").toEqual({ revision: 2 });
  expect.soft(step("get_state"), "GetState").toEqual({ state: { value: 7 }, json: { value: 7 }, revision: 2 });
  expect
    .soft(step("unknown_action"), "an unknown action is not_found, with the gateway's message")
    .toEqual({ error: { code: Code.NotFound, message: 'actor type demo/Counter has no action "nosuch"; its actions are: add, get, reset', details: [] } });
  expect.soft(step("invalid_argument"), "a host's invalid_argument reaches the client").toEqual(failed(Code.InvalidArgument, 'add needs {"by": <number>}'));
  expect
    .soft(step("error_details"), "a host error's details reach the client (grpc-status-details-bin)")
    .toEqual({ error: { code: Code.FailedPrecondition, message: `probe refused: ${run}`, details: [{ type_url: STRING_VALUE, value: REFUSAL_DETAIL }] } });
  const deadline = step("deadline");
  expect.soft(deadline, "a deadline that expires is deadline_exceeded").toEqual(failed(Code.DeadlineExceeded));
  // The gateway kept the client's deadline: it aborted the host's call.
  if ((deadline["error"] as { code?: number } | undefined)?.code === Code.DeadlineExceeded) await live.gates.aborted(`deadline-${run}`);
  expect
    .soft(step("metadata"), "metadata reaches the host and comes back in its reply")
    .toMatchObject({ reply: { input: { run }, metadata: { "x-run": run, "x-lang": lang } } });
  const first = step("idempotent_first");
  expect.soft(first, "an idempotent invoke").toMatchObject({ reply: { value: 17 } });
  expect.soft(step("idempotent_again"), "the same idempotency key returns the first result").toEqual(first);
  expect.soft(step("after_idempotent"), "the repeated invoke did not run again").toMatchObject({ reply: { value: 17 } });
  expect.soft(step("broadcast"), "Broadcast reaches the active counter").toEqual({ delivered: 1 });
  expect.soft(step("subscribe"), "Subscribe streams the broadcast").toEqual({ channel: "resets", payload: { reason: run } });
  expect(steps.has("done"), "the program ran to its end").toBe(true);
}

/** Runs the language's example (invoke the counter, read its state, print one event) and returns its stdout. */
export async function runExample(live: LiveGateway, program: Program): Promise<string> {
  const p = spawnProcess(program.command, program.args, { ...program.env, ACTORGATE_TARGET: live.target }, { cwd: program.cwd });
  const limit = setTimeout(() => p.child.kill("SIGKILL"), PROGRAM_LIMIT_MS);
  const code = await p.exited.finally(() => clearTimeout(limit));
  if (code !== 0) throw new Error(`${program.command} exited with ${code}; stdout:\n${p.stdout().join("\n")}\nstderr:\n${p.stderr()}`);
  return p.stdout().join("\n");
}

/** What every example prints (the values may print as floats). */
export function expectExampleOutput(out: string): void {
  expect(out).toMatch(/^add +demo\/Counter\/alice -> 5(\.0)? \(revision 1\)$/m);
  expect(out).toMatch(/^state demo\/Counter\/alice -> \{\s*"value":\s*5(\.0)?\s*\} \(revision 1\)$/m);
  expect(out).toMatch(/^event demo\/resets -> \{\s*"reason":\s*"example"\s*\}$/m);
}

/** A unique run id for one program run. */
export const newRun = () => uniqueName("run");
