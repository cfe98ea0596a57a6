import { PostgresDialect, sql } from "kysely";
import pg from "pg";
import { errorCode, isNetworkError } from "./network-errors.js";
import type { StoreDialect } from "./store-dialect.js";
import { onConflictUpserts } from "./upsert-on-conflict.js";

export interface PostgresDialectOptions {
  /** postgres://user:password@host:port/database?... */
  readonly url: string;
  /** The schema that holds the tables; it becomes the connection's only search_path entry. */
  readonly schema: string;
  readonly poolSize: number;
  readonly connectTimeoutMs: number;
  /**
   * Errors of pooled connections outside a query (the server went away): idle ones, and
   * checked-out ones between two queries. The next query reports it too.
   */
  readonly onPoolError?: (error: Error) => void;
}

// SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const UNIQUE_VIOLATION = "23505";
const RETRYABLE = new Set(["40001", "40P01", "55P03"]); // serialization failure, deadlock, lock not available
const SHUTDOWN = new Set(["57P01", "57P02", "57P03"]); // admin/crash shutdown, cannot connect now
// pg reports some connection failures as bare Errors with no code.
const PG_CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly/i;

/** Postgres through a pg Pool; the store's tables live in `schema`. */
export function createPostgresDialect(options: PostgresDialectOptions): StoreDialect {
  const { url, schema } = options;
  const parsed = new URL(url);
  // The user's own `options` (startup parameters) keep working; search_path is added.
  const userOptions = parsed.searchParams.get("options");
  parsed.searchParams.delete("options");
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    // Only our schema, so unqualified names can never resolve to someone else's table.
    options: [userOptions, `-c search_path=${schema}`].filter(Boolean).join(" "),
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs,
  });
  // A pg Client emits `error` when its socket dies; without a listener that is an
  // uncaught exception and the process exits. pg-pool listens on idle clients only and
  // removes its listener while a client is checked out, so a link cut under load (every
  // client busy) killed the gateway. Every client therefore gets a listener of its own
  // for its whole life. The query in flight fails with the same error, which becomes
  // StoreUnavailableError; the client is then released as not queryable and dropped.
  pool.on("connect", (client) => {
    client.on("error", (error: Error) => {
      if (client.listenerCount("error") === 1) options.onPoolError?.(error); // not idle: pg-pool's listener is off
    });
  });
  // Idle clients: pg-pool reports them here (with the client attached as `err.client`).
  pool.on("error", (error) => options.onPoolError?.(error));

  return {
    name: "postgres",
    kysely: new PostgresDialect({ pool }),
    // Never the password; the port even when the URL leaves it out.
    description: `postgres://${parsed.username ? `${decodeURIComponent(parsed.username)}@` : ""}${parsed.hostname || "localhost"}:${parsed.port || "5432"}${parsed.pathname} (schema ${schema})`,
    migrationTableSchema: schema,
    writeIsolation: "read committed",
    columnTypes: {
      // "C" collation: byte order, case-sensitive, the same order SQLite and MySQL use.
      key: sql`varchar(200) collate "C"`,
      varchar: (length) => `varchar(${length})`,
      text: "text",
      bytes: "bytea",
      bigint: "bigint",
      integer: "integer",
      timestamp: "timestamptz(3)",
    },
    supportsForUpdate: true,
    toDbTime: (date) => date,
    fromDbTime: (value) => (value instanceof Date ? value : new Date(value)),
    upserts: onConflictUpserts,
    serializeWrites: (fn) => fn(),
    isUniqueViolation: (error) => errorCode(error) === UNIQUE_VIOLATION,
    isRetryable: (error) => RETRYABLE.has(errorCode(error) ?? ""),
    isUnavailable: (error) => {
      const code = errorCode(error) ?? "";
      return (
        isNetworkError(error) ||
        code.startsWith("08") || // connection exception
        code.startsWith("53") || // insufficient resources (too many connections, disk full)
        SHUTDOWN.has(code) ||
        RETRYABLE.has(code) ||
        (error instanceof Error && PG_CONNECTION_MESSAGES.test(error.message))
      );
    },
  };
}
