// Real databases for store tests: every feature test runs once per dialect.
//
// Each createTestStore() gets a private place to write: a fresh MemoryStore, a fresh
// SQLite file in a temp directory, a Postgres schema `t_<random>` or a MariaDB/MySQL
// database `t_<random>`, removed again by cleanup(). Parallel test files therefore never
// see each other's rows. `memory` (MemoryStore, every gateway test's default store) runs
// the same contract suite; tests of SQL itself (migrations, encryption at rest, driver
// errors) use SQL_DIALECTS.
//
// Servers (override with env):
//   ACTORGATE_TEST_POSTGRES_URL  default postgres://postgres@127.0.0.1:5432/test
//   ACTORGATE_TEST_MYSQL_URL     default mysql://root@127.0.0.1:3306
//   ACTORGATE_TEST_DIALECTS      default memory,sqlite,postgres,mysql (a machine without
//                                a server can narrow it; CI runs all four)
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mysql from "mysql2/promise";
import pg from "pg";
import { createStore } from "../../server/src/store/kysely/create-store.js";
import type { CreateStoreOptions } from "../../server/src/store/kysely/create-store.js";
import type { KyselyStore } from "../../server/src/store/kysely/kysely-store.js";
import { MemoryStore } from "../../server/src/store/memory-store.js";
import type { Store } from "../../server/src/store/store.js";

export type TestDialect = "memory" | "sqlite" | "postgres" | "mysql";
/** The dialects with a database behind them (KyselyStore). */
export type SqlTestDialect = Exclude<TestDialect, "memory">;

export const POSTGRES_URL = process.env["ACTORGATE_TEST_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";
export const MYSQL_URL = process.env["ACTORGATE_TEST_MYSQL_URL"] ?? "mysql://root@127.0.0.1:3306";

const ALL: readonly TestDialect[] = ["memory", "sqlite", "postgres", "mysql"];

/** The dialects every store contract test runs against. */
export const DIALECTS: readonly TestDialect[] = (() => {
  const wanted = process.env["ACTORGATE_TEST_DIALECTS"];
  if (!wanted) return ALL;
  const list = wanted.split(",").map((name) => name.trim());
  for (const name of list) {
    if (!ALL.includes(name as TestDialect)) throw new Error(`ACTORGATE_TEST_DIALECTS: unknown dialect ${name}`);
  }
  return list as TestDialect[];
})();

/** DIALECTS without `memory`: for tests of the SQL stores only. */
export const SQL_DIALECTS: readonly SqlTestDialect[] = DIALECTS.filter((d): d is SqlTestDialect => d !== "memory");

/** Store options a test may set; the database location is the helper's business. */
export type TestStoreOptions = Omit<CreateStoreOptions, "schema">;

export interface TestStore<S extends Store = KyselyStore> {
  /** A store on the private database. migrate() has run unless `migrate: false`. */
  readonly store: S;
  /** The store URL (plus `schema` for Postgres) so a test can open more stores on it. */
  readonly url: string;
  readonly schema: string | undefined;
  /** Opens another store on the same database (closed by cleanup()). */
  open(options?: TestStoreOptions): Promise<S>;
  /** Closes every store opened here and deletes the database. */
  cleanup(): Promise<void>;
}

/** A private database for `dialect` and a store on it. */
export async function createTestStore(
  dialect: SqlTestDialect,
  options?: TestStoreOptions & { readonly migrate?: boolean },
): Promise<TestStore>;
export async function createTestStore(
  dialect: TestDialect,
  options?: TestStoreOptions & { readonly migrate?: boolean },
): Promise<TestStore<Store>>;
export async function createTestStore(
  dialect: TestDialect,
  options: TestStoreOptions & { readonly migrate?: boolean } = {},
): Promise<TestStore<Store>> {
  if (dialect === "memory") return createMemoryTestStore(options);
  const { migrate = true, ...storeOptions } = options;
  const name = `t_${randomBytes(6).toString("hex")}`;
  let url: string;
  let schema: string | undefined;
  let drop: () => Promise<void>;

  switch (dialect) {
    case "sqlite": {
      const dir = mkdtempSync(join(tmpdir(), "actorgate-store-"));
      url = `sqlite:${join(dir, "actorgate.db")}`;
      drop = async () => rmSync(dir, { recursive: true, force: true });
      break;
    }
    case "postgres": {
      // The schema itself is created by migrate(); cleanup drops it with everything in it.
      url = POSTGRES_URL;
      schema = name;
      drop = async () => {
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        try {
          await client.query(`drop schema if exists "${name}" cascade`);
        } finally {
          await client.end();
        }
      };
      break;
    }
    case "mysql": {
      const admin = await mysql.createConnection(MYSQL_URL);
      try {
        await admin.query(`create database \`${name}\` character set utf8mb4 collate utf8mb4_bin`);
      } finally {
        await admin.end();
      }
      url = `${MYSQL_URL.replace(/\/+$/, "")}/${name}`;
      drop = async () => {
        const conn = await mysql.createConnection(MYSQL_URL);
        try {
          await conn.query(`drop database if exists \`${name}\``);
        } finally {
          await conn.end();
        }
      };
      break;
    }
  }

  const opened: KyselyStore[] = [];
  const open = async (extra: TestStoreOptions = {}) => {
    const store = await createStore(url, { ...(schema ? { schema } : {}), ...extra });
    opened.push(store);
    return store;
  };
  const store = await open(storeOptions);
  if (migrate) await store.migrate();

  return {
    store,
    url,
    schema,
    open,
    cleanup: async () => {
      await Promise.allSettled(opened.map((s) => s.close()));
      await drop();
    },
  };
}

/** MemoryStore as a "database": open() connects more stores to the same data. */
function createMemoryTestStore(options: TestStoreOptions): TestStore<Store> {
  const store = new MemoryStore(options.now);
  return {
    store,
    url: "memory",
    schema: undefined,
    open: async (extra: TestStoreOptions = {}) => store.connect(extra.now ?? options.now),
    cleanup: async () => undefined,
  };
}
