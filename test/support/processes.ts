import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { onCleanup } from "./harness.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface Proc {
  readonly child: ChildProcess;
  /** Resolves with the first stdout line matching `re`. */
  waitFor(re: RegExp): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or signal name). */
  readonly exited: Promise<number | string>;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** The stdout lines so far. */
  stdout(): readonly string[];
}

/** Spawns `node --import tsx <script> ...args`, killed after the test. */
export function spawnTs(script: string, args: string[], env: Record<string, string>): Proc {
  return spawnProcess(process.execPath, ["--import", "tsx", script, ...args], env);
}

/**
 * Spawns any program (from the repository root unless `cwd` is given), killed after the
 * test. With `stdin: true` the test can write to `child.stdin`.
 */
export function spawnProcess(command: string, args: string[], env: Record<string, string>, options: { cwd?: string; stdin?: boolean } = {}): Proc {
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...env },
    stdio: [options.stdin ? "pipe" : "ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    lines.push(line);
    for (const w of [...waiters]) {
      const m = line.match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const exited = new Promise<number | string>((resolve) => child.on("exit", (code, sig) => resolve(code ?? sig ?? -1)));
  onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  });
  return {
    child,
    exited,
    stderr: () => err,
    stdout: () => lines,
    waitFor(re) {
      for (const line of lines) {
        const m = line.match(re);
        if (m) return Promise.resolve(m);
      }
      return new Promise((resolve, reject) => {
        waiters.push({ re, resolve });
        void exited.then((code) => reject(new Error(`process exited (${code}) before printing ${re}; stderr:\n${err}`)));
      });
    },
  };
}

export interface GatewayProc extends Proc {
  /** The gateway's base URL, read from its "actorgate listening" log line. */
  readonly url: string;
}

/**
 * Starts `actorgate serve` as its own process (so a test can kill it, or see it die)
 * and resolves with its URL once it listens. Logs at `info` go to its stderr.
 */
export async function startGatewayProcess(args: string[], env: Record<string, string> = {}): Promise<GatewayProc> {
  const p = spawnTs("server/bin/actorgate.js", ["serve", "--port", "0", "--log-level", "info", ...args], env);
  const url = await new Promise<string>((resolve, reject) => {
    p.child.stderr!.on("data", () => {
      const m = p.stderr().match(/"url":"(http:\/\/[^"]+)"[^\n]*actorgate listening/);
      if (m) resolve(m[1]!);
    });
    void p.exited.then((code) => reject(new Error(`gateway exited (${code}):\n${p.stderr()}`)));
  });
  return { ...p, url };
}
