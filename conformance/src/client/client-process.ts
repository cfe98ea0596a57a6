import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { create, fromJson, toJsonString, type MessageInitShape } from "@bufbuild/protobuf";
import {
  ClientCommandSchema,
  ClientOutputSchema,
  type ClientOutput,
  type ClientReady,
} from "../../../clients/typescript/src/gen/actorgate/conformance/v1/client_pb.js";
import type { HostExit } from "../host-process.js";
import { UsageError } from "../usage-error.js";

export type CommandInit = Omit<MessageInitShape<typeof ClientCommandSchema>, "id" | "$typeName">;

/** The lines the adapter wrote about one command, and its end (a result or an error). */
export interface PendingCommand {
  readonly id: string;
  /** Every line so far (events, then the final one). */
  readonly lines: ClientOutput[];
  /** Resolves with the `result` or `error` line. */
  readonly done: Promise<ClientOutput>;
  /** Called for each `event` line as it arrives. */
  onEvent?: (line: ClientOutput) => void;
}

export interface ClientProcessOptions {
  readonly command: readonly string[];
  readonly env: Record<string, string>;
  /** Every line in and out (for --trace). */
  readonly onLine?: (direction: "in" | "out" | "stderr", line: string) => void;
  /** How long the adapter may take to write its `ready` line. Default 20000 ms. */
  readonly readyTimeoutMs?: number;
}

const TAIL_LINES = 60;
const STOP_GRACE_MS = 5_000;

/**
 * The client adapter under test as a child process speaking the NDJSON protocol of
 * proto/actorgate/conformance/v1/client.proto: commands on its stdin, outputs on its
 * stdout, matched by id.
 */
export class ClientProcess {
  readonly #child: ChildProcess;
  readonly #tail: string[] = [];
  readonly #pending = new Map<string, PendingCommand & { resolve: (line: ClientOutput) => void }>();
  readonly #onLine: ClientProcessOptions["onLine"];
  readonly exited: Promise<HostExit>;
  #exit: HostExit | undefined;
  #ready: ((r: ClientReady) => void) | undefined;
  #sequence = 0;
  /** Lines that broke the protocol, for the failure report. */
  readonly protocolErrors: string[] = [];

  private constructor(child: ChildProcess, options: ClientProcessOptions) {
    this.#child = child;
    this.#onLine = options.onLine;
    createInterface({ input: child.stdout! }).on("line", (line) => this.#onStdout(line));
    createInterface({ input: child.stderr! }).on("line", (line) => {
      this.#keep(`! ${line}`);
      options.onLine?.("stderr", line);
    });
    // A closed stdin (the adapter died) must not crash the runner.
    child.stdin!.on("error", () => undefined);
    this.exited = new Promise((resolve) => {
      child.once("error", (err) => {
        this.#keep(`! cannot start ${options.command[0]}: ${err.message}`);
        this.#exit = { code: 127, signal: null };
        resolve(this.#exit);
      });
      child.once("exit", (code, signal) => {
        this.#exit = { code, signal };
        resolve(this.#exit);
      });
    });
    void this.exited.then((exit) => {
      // Whatever was in flight will never be answered.
      for (const p of this.#pending.values()) {
        p.resolve(create(ClientOutputSchema, { id: p.id, output: { case: "error", value: { code: "(adapter exited)", message: `the client adapter exited (${exit.signal ?? `code ${exit.code}`}) before answering` } } }));
      }
      this.#pending.clear();
    });
    const reap = () => this.#signal("SIGKILL");
    process.once("exit", reap);
    void this.exited.then(() => process.off("exit", reap));
  }

  /** Starts the adapter and waits for its `ready` line. */
  static async start(options: ClientProcessOptions): Promise<{ process: ClientProcess; ready: ClientReady }> {
    const [command, ...args] = options.command;
    if (!command) throw new UsageError("no client command");
    const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ["pipe", "pipe", "pipe"], detached: true });
    const p = new ClientProcess(child, options);
    const timeoutMs = options.readyTimeoutMs ?? 20_000;
    let timer: NodeJS.Timeout | undefined;
    const ready = await Promise.race([
      new Promise<ClientReady>((resolve) => {
        p.#ready = resolve;
      }),
      p.exited.then((exit) => {
        throw new UsageError(`the client adapter exited (${exit.signal ?? `code ${exit.code}`}) before it wrote {"ready": …}.\n${p.#help(options)}`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new UsageError(`the client adapter did not write {"ready": …} within ${timeoutMs / 1000} s.\n${p.#help(options)}`)), timeoutMs);
      }),
    ]).catch(async (err: unknown) => {
      await p.stop();
      throw err;
    });
    clearTimeout(timer);
    return { process: p, ready };
  }

  get exit(): HostExit | undefined {
    return this.#exit;
  }

  tail(): string {
    return this.#tail.join("\n");
  }

  /** Writes a command; its lines collect in the returned PendingCommand. */
  send(command: CommandInit): PendingCommand {
    const id = `c${++this.#sequence}`;
    let resolve!: (line: ClientOutput) => void;
    const done = new Promise<ClientOutput>((r) => {
      resolve = r;
    });
    const pending = { id, lines: [] as ClientOutput[], done, resolve };
    this.#pending.set(id, pending);
    const line = toJsonString(ClientCommandSchema, create(ClientCommandSchema, { ...command, id }));
    this.#onLine?.("in", line);
    if (this.#exit) {
      resolve(create(ClientOutputSchema, { id, output: { case: "error", value: { code: "(adapter exited)", message: "the client adapter is not running" } } }));
    } else {
      this.#child.stdin!.write(`${line}\n`);
    }
    return pending;
  }

  /** Closes stdin (the adapter should exit 0), then SIGTERM, then SIGKILL. */
  async stop(): Promise<HostExit> {
    if (this.#exit) return this.#exit;
    this.#child.stdin!.end();
    let timer: NodeJS.Timeout | undefined;
    const graceful = await Promise.race([
      this.exited.then(() => true),
      new Promise<boolean>((r) => {
        timer = setTimeout(() => r(false), STOP_GRACE_MS);
      }),
    ]);
    clearTimeout(timer);
    if (!graceful) {
      this.#signal("SIGTERM");
      const t = setTimeout(() => this.#signal("SIGKILL"), STOP_GRACE_MS);
      await this.exited;
      clearTimeout(t);
    }
    return this.exited;
  }

  #onStdout(line: string): void {
    this.#keep(`  ${line}`);
    this.#onLine?.("out", line);
    if (!line.trim()) return;
    let out: ClientOutput;
    try {
      out = fromJson(ClientOutputSchema, JSON.parse(line) as never);
    } catch (err) {
      this.protocolErrors.push(`not a ClientOutput (${(err as Error).message}): ${line.slice(0, 300)}`);
      return;
    }
    if (out.output.case === "ready") {
      this.#ready?.(out.output.value);
      this.#ready = undefined;
      return;
    }
    const pending = this.#pending.get(out.id);
    if (!pending) {
      this.protocolErrors.push(`a line for unknown command id "${out.id}": ${line.slice(0, 300)}`);
      return;
    }
    pending.lines.push(out);
    if (out.output.case === "event") {
      pending.onEvent?.(out);
    } else if (out.output.case === "result" || out.output.case === "error") {
      this.#pending.delete(out.id);
      pending.resolve(out);
    } else {
      this.protocolErrors.push(`a line with no result, error or event for command "${out.id}": ${line.slice(0, 300)}`);
    }
  }

  #keep(line: string): void {
    this.#tail.push(line);
    if (this.#tail.length > TAIL_LINES) this.#tail.shift();
  }

  #help(options: ClientProcessOptions): string {
    return `  command: ${options.command.join(" ")}\n  adapter output (last lines; "!" marks stderr):\n${this.tail().replace(/^/gm, "    ") || "    (none)"}`;
  }

  #signal(signal: NodeJS.Signals): void {
    if (this.#exit || this.#child.pid === undefined) return;
    try {
      process.kill(-this.#child.pid, signal);
    } catch {
      this.#child.kill(signal);
    }
  }
}
