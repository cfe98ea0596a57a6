import { isDeepStrictEqual } from "node:util";
import { ConnectError, type Code } from "@connectrpc/connect";
import { codeName } from "@actorgate/client/common";

/**
 * Why a case failed: what was checked and, when a value was compared, the expected and
 * actual values (the report shows their diff).
 */
export class CaseFailure extends Error {
  constructor(
    message: string,
    readonly comparison?: { readonly expected: unknown; readonly actual: unknown },
  ) {
    super(message);
    this.name = "CaseFailure";
  }
}

/** Fails unless `actual` deep-equals `expected` (undefined means absent). */
export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (!isDeepStrictEqual(actual, expected)) throw new CaseFailure(what, { expected, actual });
}

export function expectTrue(condition: boolean, what: string, details?: { expected: unknown; actual: unknown }): asserts condition {
  if (!condition) throw new CaseFailure(what, details);
}

/** The wire name of a Connect code, e.g. "not_found" (one rule, from @actorgate/client/common). */
export { codeName };

/** Awaits a call that must fail; returns its error. */
export async function expectRejects(promise: Promise<unknown>, what: string): Promise<ConnectError> {
  let result: unknown;
  try {
    result = await promise;
  } catch (err) {
    return ConnectError.from(err);
  }
  throw new CaseFailure(`${what}: expected an error, but the call succeeded`, { expected: "an error", actual: result });
}

/** Awaits a call that must fail with `code` (and `message`, when given, exactly). */
export async function expectError(promise: Promise<unknown>, code: Code, what: string, message?: string): Promise<ConnectError> {
  const err = await expectRejects(promise, what);
  const actual = message === undefined ? { code: codeName(err.code) } : { code: codeName(err.code), message: err.rawMessage };
  const expected = message === undefined ? { code: codeName(code) } : { code: codeName(code), message };
  if (!isDeepStrictEqual(actual, expected)) {
    throw new CaseFailure(`${what}: wrong error${message === undefined ? ` (${err.rawMessage})` : ""}`, { expected, actual });
  }
  return err;
}
