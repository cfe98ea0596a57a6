// Schema migrations, as plain { up, down } objects (never files read from disk, so the
// bundled gateway needs nothing beside itself). Names sort in the order they run; add
// new ones at the end and never edit one that has shipped. See schema.ts for what each
// column means.
import type { CreateTableBuilder, Kysely, Migration, MigrationProvider } from "kysely";
import type { ColumnTypes } from "./store-dialect.js";

/** The migrator's bookkeeping tables, named so they never clash with an app's own Kysely migrations. */
export const MIGRATION_TABLE = "actorgate_migration";
export const MIGRATION_LOCK_TABLE = "actorgate_migration_lock";

export function createMigrationProvider(types: ColumnTypes): MigrationProvider {
  const migrations = createMigrations(types);
  return { getMigrations: async () => migrations };
}

export function createMigrations(types: ColumnTypes): Record<string, Migration> {
  const withOptions = <T extends string, C extends string>(table: CreateTableBuilder<T, C>) =>
    types.tableOptions ? table.modifyEnd(types.tableOptions) : table;

  // The outbox and dead_letters share their columns.
  const outboxColumns = <T extends string>(table: CreateTableBuilder<T>) =>
    table
      .addColumn("id", types.varchar(64), (col) => col.notNull().primaryKey())
      .addColumn("system", types.key, (col) => col.notNull())
      .addColumn("type", types.key, (col) => col.notNull())
      .addColumn("name", types.key, (col) => col.notNull())
      .addColumn("action", types.varchar(200), (col) => col.notNull())
      .addColumn("payload", types.bytes)
      .addColumn("payload_type", types.varchar(512))
      .addColumn("metadata", types.text)
      .addColumn("caller", types.text)
      .addColumn("attempt", types.integer, (col) => col.notNull().defaultTo(0))
      .addColumn("max_attempts", types.integer, (col) => col.notNull())
      .addColumn("next_attempt_at", types.timestamp, (col) => col.notNull())
      .addColumn("created_at", types.timestamp, (col) => col.notNull())
      .addColumn("idempotency_key", types.varchar(255))
      .addColumn("status", types.varchar(16), (col) => col.notNull().defaultTo("pending"))
      .addColumn("last_error", types.text);

  return {
    "0001_initial": {
      async up(db: Kysely<unknown>) {
        await withOptions(
          db.schema
            .createTable("actor_state")
            .addColumn("system", types.key, (col) => col.notNull())
            .addColumn("type", types.key, (col) => col.notNull())
            .addColumn("name", types.key, (col) => col.notNull())
            .addColumn("revision", types.bigint, (col) => col.notNull())
            .addColumn("state", types.bytes)
            .addColumn("state_type", types.varchar(512), (col) => col.notNull())
            .addColumn("key_id", types.varchar(64))
            .addColumn("owner_node", types.varchar(255))
            .addColumn("owner_epoch", types.bigint, (col) => col.notNull().defaultTo(0))
            .addColumn("status", types.varchar(16), (col) => col.notNull().defaultTo("active"))
            .addColumn("updated_at", types.timestamp, (col) => col.notNull())
            .addPrimaryKeyConstraint("actor_state_pk", ["system", "type", "name"]),
        ).execute();

        await withOptions(
          db.schema
            .createTable("actor_state_history")
            .addColumn("system", types.key, (col) => col.notNull())
            .addColumn("type", types.key, (col) => col.notNull())
            .addColumn("name", types.key, (col) => col.notNull())
            .addColumn("revision", types.bigint, (col) => col.notNull())
            .addColumn("state", types.bytes)
            .addColumn("state_type", types.varchar(512), (col) => col.notNull())
            .addColumn("key_id", types.varchar(64))
            .addColumn("valid_from", types.timestamp, (col) => col.notNull())
            .addColumn("valid_to", types.timestamp, (col) => col.notNull())
            .addPrimaryKeyConstraint("actor_state_history_pk", ["system", "type", "name", "revision"]),
        ).execute();

        await withOptions(outboxColumns(db.schema.createTable("outbox"))).execute();
        await db.schema
          .createIndex("outbox_status_next_attempt_at_idx")
          .on("outbox")
          .columns(["status", "next_attempt_at"])
          .execute();

        await withOptions(
          outboxColumns(db.schema.createTable("dead_letters"))
            .addColumn("failed_at", types.timestamp, (col) => col.notNull())
            .addColumn("error", types.text),
        ).execute();
        await db.schema.createIndex("dead_letters_failed_at_idx").on("dead_letters").column("failed_at").execute();

        await withOptions(
          db.schema
            .createTable("idempotency")
            .addColumn("system", types.key, (col) => col.notNull())
            .addColumn("type", types.key, (col) => col.notNull())
            .addColumn("name", types.key, (col) => col.notNull())
            .addColumn("idempotency_key", types.varchar(255), (col) => col.notNull())
            .addColumn("invocation_id", types.varchar(64), (col) => col.notNull())
            .addColumn("status", types.varchar(16), (col) => col.notNull().defaultTo("ok"))
            .addColumn("revision", types.bigint, (col) => col.notNull().defaultTo(0))
            .addColumn("reply", types.bytes)
            .addColumn("reply_type", types.varchar(512))
            .addColumn("error_code", types.varchar(64))
            .addColumn("error_message", types.text)
            .addColumn("created_at", types.timestamp, (col) => col.notNull())
            .addColumn("expires_at", types.timestamp, (col) => col.notNull())
            .addPrimaryKeyConstraint("idempotency_pk", ["system", "type", "name", "idempotency_key"]),
        ).execute();
        await db.schema.createIndex("idempotency_expires_at_idx").on("idempotency").column("expires_at").execute();
      },

      async down(db: Kysely<unknown>) {
        for (const table of ["idempotency", "dead_letters", "outbox", "actor_state_history", "actor_state"]) {
          await db.schema.dropTable(table).ifExists().execute();
        }
      },
    },
    "0002_actor_partition": {
      async up(db: Kysely<unknown>) {
        await withOptions(
          db.schema
            .createTable("actor_partition")
            .addColumn("partition_id", types.integer, (col) => col.notNull().primaryKey())
            .addColumn("epoch", types.bigint, (col) => col.notNull())
            .addColumn("node", types.varchar(255), (col) => col.notNull())
            .addColumn("updated_at", types.timestamp, (col) => col.notNull()),
        ).execute();
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable("actor_partition").ifExists().execute();
      },
    },
  };
}
