import { MysqlDialect, sql } from "kysely";
import { createPool } from "mysql2";
import { errorCode, isNetworkError } from "./network-errors.js";
import type { StoreDialect } from "./store-dialect.js";
import { onDuplicateKeyUpserts } from "./upsert-on-duplicate-key.js";

export interface MysqlDialectOptions {
  /** mysql://user:password@host:port/database */
  readonly url: string;
  readonly poolSize: number;
  readonly connectTimeoutMs: number;
  /** Errors of pooled connections outside a query (the server went away). */
  readonly onPoolError?: (error: Error) => void;
}

const RETRYABLE = new Set(["ER_LOCK_DEADLOCK", "ER_LOCK_WAIT_TIMEOUT"]);
const UNAVAILABLE = new Set([
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "ER_CON_COUNT_ERROR",
  "ER_SERVER_SHUTDOWN",
  "ER_NET_READ_ERROR",
  "ER_NET_WRITE_INTERRUPTED",
  "ER_NET_READ_INTERRUPTED",
]);
// Fatal, but a configuration mistake rather than an outage: report as is.
const CONFIGURATION = new Set(["ER_ACCESS_DENIED_ERROR", "ER_DBACCESS_DENIED_ERROR", "ER_BAD_DB_ERROR"]);

/** MySQL or MariaDB through a mysql2 pool; the tables live in the URL's database. */
export function createMysqlDialect(options: MysqlDialectOptions): StoreDialect {
  const url = new URL(options.url);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  const pool = createPool({
    host: url.hostname || "localhost",
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username) || "root",
    password: decodeURIComponent(url.password),
    database,
    charset: "utf8mb4",
    // DATETIME has no zone: write and read it as UTC so every node agrees.
    timezone: "Z",
    dateStrings: false,
    // Revisions fit in a double; numbers beyond 2^53 would arrive as strings.
    supportBigNumbers: true,
    bigNumberStrings: false,
    connectionLimit: options.poolSize,
    connectTimeout: options.connectTimeoutMs,
  });
  // mysql2 hands a connection error to the command in flight; with none in flight the
  // connection emits `error`, and its pool listens only `once`. A second error on the
  // same connection would be uncaught and end the process, so every connection gets a
  // listener of its own for its whole life.
  pool.on("connection", (connection) => {
    connection.on("error", (error: Error) => options.onPoolError?.(error));
  });

  return {
    name: "mysql",
    kysely: new MysqlDialect({ pool }),
    // Never the password; the port even when the URL leaves it out.
    description: `mysql://${url.username ? `${decodeURIComponent(url.username)}@` : ""}${url.hostname || "localhost"}:${url.port || "3306"}/${database}`,
    // READ COMMITTED: a SELECT ... FOR UPDATE of a missing row takes no gap lock, so two
    // writers creating the same actor collide on the primary key (a clean StaleWriteError)
    // instead of deadlocking on each other's gap locks.
    writeIsolation: "read committed",
    columnTypes: {
      // ASCII keeps the three-part key well under InnoDB's 3072-byte index limit; _bin makes
      // names case-sensitive as they are everywhere else.
      key: sql`varchar(200) character set ascii collate ascii_bin`,
      varchar: (length) => `varchar(${length})`,
      text: sql`mediumtext`,
      bytes: sql`longblob`,
      bigint: "bigint",
      integer: "integer",
      timestamp: "datetime(3)",
      tableOptions: sql`engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin`,
    },
    supportsForUpdate: true,
    toDbTime: (date) => date,
    fromDbTime: (value) => (value instanceof Date ? value : new Date(value)),
    upserts: onDuplicateKeyUpserts,
    serializeWrites: (fn) => fn(),
    isUniqueViolation: (error) => errorCode(error) === "ER_DUP_ENTRY",
    isRetryable: (error) => RETRYABLE.has(errorCode(error) ?? ""),
    isUnavailable: (error) => {
      const code = errorCode(error) ?? "";
      if (CONFIGURATION.has(code)) return false;
      return (
        isNetworkError(error) ||
        UNAVAILABLE.has(code) ||
        RETRYABLE.has(code) ||
        (typeof error === "object" && error !== null && (error as { fatal?: unknown }).fatal === true) ||
        (error instanceof Error && /No connections available/i.test(error.message))
      );
    },
  };
}
