import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import type { KyselyStore } from "../../server/src/store/kysely/kysely-store.js";
import { SQL_DIALECTS as DIALECTS, createTestStore } from "../support/databases.js";
import type { TestStore } from "../support/databases.js";
import { actorKey, stateWrite, text } from "./store-fixtures.js";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const CHILD = fileURLToPath(new URL("./fixtures/migrate-child.ts", import.meta.url));
/** Every migration the store ships (0001_initial, 0002_actor_partition). */
const MIGRATIONS = 2;
const TABLES = ["actor_partition", "actor_state", "actor_state_history", "dead_letters", "idempotency", "outbox"];

for (const dialect of DIALECTS) {
  describe(`store migrations (${dialect})`, () => {
    let db: TestStore | undefined;
    afterEach(async () => {
      await db?.cleanup();
      db = undefined;
    });

    async function tables(store: KyselyStore): Promise<Map<string, string[]>> {
      const found = await store.kysely.introspection.getTables();
      return new Map(
        found
          // Postgres lists every schema of the database; keep this test's own.
          .filter((table) => db?.schema === undefined || table.schema === db.schema)
          .map((table) => [table.name, table.columns.map((column) => column.name)]),
      );
    }

    async function executedMigrations(store: KyselyStore): Promise<number> {
      const result = await sql<{ n: number | string }>`select count(*) as n from actorgate_migration`.execute(store.kysely);
      return Number(result.rows[0]?.n);
    }

    it("creates every table on an empty database, and a second run changes nothing", async () => {
      db = await createTestStore(dialect, { migrate: false });
      expect([...(await tables(db.store)).keys()].filter((name) => TABLES.includes(name))).toEqual([]);

      await db.store.migrate();
      const created = await tables(db.store);
      expect([...created.keys()].filter((name) => TABLES.includes(name)).sort()).toEqual(TABLES);
      expect(created.get("actor_state")).toEqual([
        "system",
        "type",
        "name",
        "revision",
        "state",
        "state_type",
        "key_id",
        "owner_node",
        "owner_epoch",
        "status",
        "updated_at",
      ]);
      expect(created.get("outbox")).toContain("next_attempt_at");
      expect(created.get("dead_letters")).toEqual(expect.arrayContaining(["failed_at", "error", "payload", "attempt"]));
      expect(created.get("idempotency")).toEqual(expect.arrayContaining(["idempotency_key", "reply", "expires_at"]));

      const key = actorKey("migrations", "kept");
      await db.store.writeBatch([stateWrite(key, 1, '"kept"')]);
      await db.store.migrate();
      expect(text((await db.store.load(key))?.state)).toBe('"kept"');
      expect(await executedMigrations(db.store)).toBe(MIGRATIONS);
    });

    it("survives several stores migrating the same empty database at once", async () => {
      db = await createTestStore(dialect, { migrate: false });
      const stores = [db.store, await db.open(), await db.open(), await db.open()];
      await Promise.all(stores.map((store) => store.migrate()));
      expect(await executedMigrations(db.store)).toBe(MIGRATIONS);
      await stores[1]!.writeBatch([stateWrite(actorKey("migrations", "after"), 1, "1")]);
      expect(await stores[3]!.load(actorKey("migrations", "after"))).toMatchObject({ revision: 1 });
    });

    if (dialect === "sqlite") {
      // In one process SQLite migrations queue on a lock; only separate processes
      // exercise the BEGIN IMMEDIATE migration transaction and the busy timeout.
      it("survives several processes migrating the same new SQLite file at once", async () => {
        db = await createTestStore(dialect, { migrate: false });
        const url = db.url;
        await Promise.all(
          ["p1", "p2", "p3"].map((name) => run(process.execPath, ["--import", "tsx", CHILD, url, name], { cwd: REPO })),
        );
        expect(await executedMigrations(db.store)).toBe(MIGRATIONS);
        const children = await db.store.listActors({ system: "children", limit: 10 });
        expect(children.map((actor) => actor.key.name)).toEqual(["p1", "p2", "p3"]);
      });
    }
  });
}
