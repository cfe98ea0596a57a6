import { Code } from "@connectrpc/connect";

/**
 * The wire name of a Connect code ("not_found" for Code.NotFound), as Connect spells it
 * in error bodies and as logs, metrics and headers report it. Anything that is not a
 * Connect code is "unknown", so a name is always one a Connect peer understands.
 */
export function codeName(code: Code | number): string {
  const name = Code[code] as string | undefined;
  return name === undefined ? "unknown" : name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}

/** The Code for a wire name ("not_found"), or undefined when it names none. */
export function codeFromName(name: string): Code | undefined {
  return BY_NAME.get(name);
}

const BY_NAME = new Map<string, Code>(
  Object.values(Code)
    .filter((v): v is Code => typeof v === "number")
    .map((c) => [codeName(c), c]),
);

/**
 * Codes that retrying the same request cannot fix: the caller sent something wrong, or
 * is not allowed to, or the thing is not there. Everything else (unavailable, aborted,
 * deadline_exceeded, resource_exhausted, internal, unknown, …) may succeed later.
 */
export const TERMINAL_CODES: ReadonlySet<Code> = new Set<Code>([
  Code.InvalidArgument,
  Code.NotFound,
  Code.AlreadyExists,
  Code.PermissionDenied,
  Code.FailedPrecondition,
  Code.OutOfRange,
  Code.Unimplemented,
  Code.Unauthenticated,
]);

/** True when a failure with this code may succeed if the same request is sent again. */
export function isRetryableCode(code: Code): boolean {
  return !TERMINAL_CODES.has(code);
}
