// Building the generated-client programs: each in a temporary directory per test run, so
// runs never share outputs, with a clear failure (never a skip) when the toolchain is
// missing.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../../support/processes.js";

const exec = promisify(execFile);

/** Fails with the Debian packages to install when `command` is not on PATH. */
export async function requireTool(command: string, packages: string): Promise<void> {
  try {
    await exec("sh", ["-c", `command -v ${command}`]);
  } catch {
    throw new Error(`${command} is not installed; the generated-client tests need it: apt-get install -y ${packages} (.ci/run does)`);
  }
}

/** Runs a build step from the repository root (or `cwd`); its output is in the error. */
export async function build(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<void> {
  try {
    await exec(command, args, { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, maxBuffer: 16 << 20 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
}

/** A temporary directory for one test file's build outputs; `remove` deletes it. */
export function buildDir(lang: string): { readonly path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `actorgate-${lang}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export { ROOT };
