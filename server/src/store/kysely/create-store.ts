import { errorDetails } from "../../error-details.js";
import { StateCipher, parseStateKeys } from "../state-cipher.js";
import { StoreUnavailableError } from "../store.js";
import { KyselyStore } from "./kysely-store.js";
import { createMysqlDialect } from "./mysql-dialect.js";
import { SCHEMA_NAME, StoreUrlError, parseStoreUrl, redact } from "./parse-store-url.js";
import { createPostgresDialect } from "./postgres-dialect.js";
import { createSqliteDialect } from "./sqlite-dialect.js";
import type { StoreDialect } from "./store-dialect.js";

/** The little of a logger the store uses; a pino Logger fits. */
export interface StoreLogger {
  warn(details: object, message: string): void;
}

export interface CreateStoreOptions {
  /**
   * Postgres only: the schema that holds the tables, created by migrate() if missing.
   * Default: the URL's `?schema=`, else "public". Other databases reject it (MySQL: put
   * the database in the URL).
   */
  readonly schema?: string | undefined;
  /** `id:base64,…` (ACTORGATE_STATE_KEYS): encrypt state at rest. Default: plaintext. */
  readonly stateKeys?: string | undefined;
  /** An already built cipher; takes precedence over `stateKeys`. */
  readonly cipher?: StateCipher | undefined;
  /** Clock for updated_at, valid_to and age-based retention. Default: `() => new Date()`. */
  readonly now?: () => Date;
  /** Postgres/MySQL: most connections in the pool. Default 10. */
  readonly poolSize?: number;
  /** Postgres/MySQL: how long to wait for a connection, in ms. Default 10000. */
  readonly connectTimeoutMs?: number;
  /** SQLite: how long a writer waits for another process's write lock, in ms. Default 5000. */
  readonly busyTimeoutMs?: number;
  /** Where to report errors of pooled connections outside a query. Default: dropped (the next query fails too). */
  readonly log?: StoreLogger;
}

/**
 * Opens the store named by `url`: `sqlite:PATH`, `sqlite::memory:`, `postgres://…` or
 * `mysql://…`. Postgres and MySQL connect lazily, on first use; call `migrate()` at
 * start-up to create or upgrade the schema (and to find out early that the database is
 * reachable).
 */
export async function createStore(url: string, options: CreateStoreOptions = {}): Promise<KyselyStore> {
  const parsed = parseStoreUrl(url);
  const cipher = options.cipher ?? (options.stateKeys ? new StateCipher(parseStateKeys(options.stateKeys)) : undefined);
  if (options.schema !== undefined && parsed.dialect !== "postgres") {
    throw new StoreUrlError(
      parsed.dialect === "mysql"
        ? `a store schema only applies to Postgres; for MySQL name the database in the URL (mysql://…/${options.schema})`
        : "a store schema only applies to Postgres; SQLite keeps everything in its file",
    );
  }
  const poolSize = options.poolSize ?? 10;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;

  let dialect: StoreDialect;
  switch (parsed.dialect) {
    case "sqlite":
      try {
        dialect = createSqliteDialect({ path: parsed.path, busyTimeoutMs: options.busyTimeoutMs ?? 5_000 });
      } catch (error) {
        throw new StoreUnavailableError(
          `cannot open SQLite database ${JSON.stringify(parsed.path)}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      break;
    case "postgres": {
      const schema = options.schema ?? parsed.schema ?? "public";
      if (!SCHEMA_NAME.test(schema)) {
        throw new StoreUrlError(
          `store schema ${JSON.stringify(schema)} must be 1-63 lower-case letters, digits or _, not starting with a digit`,
        );
      }
      dialect = createPostgresDialect({ url: parsed.url, schema, poolSize, connectTimeoutMs, ...onPoolError(options.log, url) });
      break;
    }
    case "mysql":
      dialect = createMysqlDialect({ url: parsed.url, poolSize, connectTimeoutMs, ...onPoolError(options.log, url) });
      break;
  }
  return new KyselyStore({ dialect, ...(cipher ? { cipher } : {}), ...(options.now ? { now: options.now } : {}) });
}

/**
 * Logs a pooled connection's error as code and message: the driver's error object holds
 * the connection itself (pg-pool sets `err.client`), kilobytes of it in one log line.
 */
function onPoolError(log: StoreLogger | undefined, url: string): { onPoolError?: (error: Error) => void } {
  if (!log) return {};
  return { onPoolError: (error) => log.warn({ error: errorDetails(error), store: redact(url) }, "store connection failed") };
}
