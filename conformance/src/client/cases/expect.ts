import { CaseFailure } from "../../assertions.js";
import type { Answer } from "../client-case.js";

/** Fails unless the command succeeded, showing the error the client reported. */
export function expectOk(a: Answer, what: string): void {
  if (a.error) throw new CaseFailure(`${what}: the client reported an error`, { expected: "a result", actual: a.error });
}

/** Fails unless the command failed with `code` (and exactly `message`, when given). */
export function expectFailure(a: Answer, code: string, what: string, message?: string): void {
  if (!a.error) throw new CaseFailure(`${what}: expected the error ${code}, but the client reported a result`, { expected: { code }, actual: { reply: a.reply } });
  const actual = message === undefined ? { code: a.error.code } : a.error;
  const expected = message === undefined ? { code } : { code, message };
  if (actual.code !== expected.code || (message !== undefined && a.error.message !== message)) {
    throw new CaseFailure(`${what}: wrong error${message === undefined ? ` (message: ${a.error.message})` : ""}`, { expected, actual });
  }
}
