// Driver errors carry their connection: pg-pool puts the whole Client (type parsers,
// connection parameters, its pool) on `err.client`, mysql2 puts the SQL on `err.sql`.
// Logged as they are, one error becomes kilobytes of internals in a single line. These
// helpers keep what an operator needs, the code and the message, and nothing else.

/** What a log line may say about an error: never the object itself. */
export interface ErrorDetails {
  readonly type: string;
  readonly code?: string;
  readonly message: string;
  /** The first causes, described the same way. */
  readonly cause?: ErrorDetails;
}

const MAX_DEPTH = 3;
const MAX_MESSAGE = 500;

/**
 * The name, code and message of `error` and its causes, for `log.warn({ error:
 * errorDetails(e) }, …)` (not under `err`, which pino serializes as an Error).
 */
export function errorDetails(error: unknown, depth = 0): ErrorDetails {
  if (!(error instanceof Error)) return { type: typeof error, message: truncate(String(error)) };
  const code = stringCode(error);
  const cause = error.cause !== undefined && depth < MAX_DEPTH ? errorDetails(error.cause, depth + 1) : undefined;
  return {
    type: error.name || "Error",
    ...(code !== undefined ? { code } : {}),
    message: truncate(messageOf(error)),
    ...(cause ? { cause } : {}),
  };
}

/** An error's message; for an AggregateError (Node tried several addresses) its members' too. */
export function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.map(messageOf).join("; ");
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * A copy of a driver error with only its name, code and message: safe to keep as
 * the `cause` of an error that travels further (and may be logged by someone else).
 */
export function detachedError(error: unknown): Error {
  const copy = new Error(messageOf(error));
  if (error instanceof Error) {
    copy.name = error.name;
    // The driver's stack is its own internals; the wrapping error has the caller's.
    copy.stack = `${copy.name}: ${copy.message}`;
    const code = stringCode(error) ?? innerCode(error);
    if (code !== undefined) Object.assign(copy, { code });
  }
  return copy;
}

function stringCode(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : typeof code === "number" ? String(code) : undefined;
}

// AggregateError has no code of its own; its members (one per address tried) do.
function innerCode(error: unknown): string | undefined {
  if (!(error instanceof AggregateError)) return undefined;
  for (const inner of error.errors) {
    if (typeof inner === "object" && inner !== null) {
      const code = stringCode(inner);
      if (code !== undefined) return code;
    }
  }
  return undefined;
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}
