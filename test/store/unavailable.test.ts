import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createStore } from "../../server/src/store/kysely/create-store.js";
import { KyselyStore } from "../../server/src/store/kysely/kysely-store.js";
import { StoreUnavailableError } from "../../server/src/store/store.js";
import type { Store } from "../../server/src/store/store.js";
import { SQL_DIALECTS as DIALECTS, createTestStore } from "../support/databases.js";
import { actorKey, idempotencyRecord, outboxRecord, stateWrite } from "./store-fixtures.js";

/** A local port nothing listens on: bind an ephemeral port, then release it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const key = actorKey("unavailable", "a");

for (const dialect of DIALECTS) {
  describe(`store unavailable (${dialect})`, () => {
    if (dialect === "sqlite") {
      it("reports a database locked by another process as StoreUnavailableError", async () => {
        const db = await createTestStore(dialect);
        // busy_timeout 0: fail at once instead of waiting for the lock.
        const store = await db.open({ busyTimeoutMs: 0 });
        const holder = new Database(db.url.slice("sqlite:".length));
        try {
          holder.exec("begin exclusive");
          const error = await store.writeBatch([stateWrite(key, 1, "1")]).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(StoreUnavailableError);
          expect((error as Error).message).toMatch(/sqlite:.*is unavailable/);
          expect((error as Error).cause).toMatchObject({ code: expect.stringMatching(/^SQLITE_BUSY/) });
          holder.exec("rollback");
          await store.writeBatch([stateWrite(key, 1, "1")]);
          expect(await store.load(key)).toMatchObject({ revision: 1 });
        } finally {
          holder.close();
          await db.cleanup();
        }
      });

      it("reports a path that cannot be opened as StoreUnavailableError", async () => {
        const dir = mkdtempSync(join(tmpdir(), "actorgate-unavailable-"));
        try {
          const file = join(dir, "a-file");
          writeFileSync(file, "");
          // A directory that cannot exist: its parent is a regular file.
          await expect(createStore(`sqlite:${file}/sub/actorgate.db`)).rejects.toThrow(StoreUnavailableError);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
      return;
    }

    it("reports a server that refuses connections as StoreUnavailableError on every Store method, naming the store", async () => {
      const port = await closedPort();
      const url =
        dialect === "postgres"
          ? `postgres://postgres:secret-password@127.0.0.1:${port}/test`
          : `mysql://root:secret-password@127.0.0.1:${port}/test`;
      const store = await createStore(url, { connectTimeoutMs: 2_000 });
      try {
        const now = new Date();
        const record = outboxRecord("inv-1", { target: key, action: "add" });
        const idempotency = idempotencyRecord(key, "idem-1", 1);
        // Every Store method but close(); a new method must be added here (checked below).
        const calls: Record<Exclude<keyof Store, "close">, () => Promise<unknown>> = {
          migrate: () => store.migrate(),
          load: () => store.load(key),
          loadMany: () => store.loadMany([key, actorKey("unavailable", "b")]),
          writeBatch: () => store.writeBatch([stateWrite(key, 1, "1")]),
          loadRevision: () => store.loadRevision(key, 1),
          loadAt: () => store.loadAt(key, now),
          listRevisions: () => store.listRevisions(key, { limit: 1 }),
          listActors: () => store.listActors({ system: "unavailable", limit: 1 }),
          enqueue: () => store.enqueue([record]),
          claimDue: () => store.claimDue(now, 10, new Date(now.getTime() + 30_000)),
          completeOutbox: () => store.completeOutbox(record.id),
          retryOutbox: () => store.retryOutbox(record.id, 1, now, "host down"),
          deadLetter: () => store.deadLetter(record.id, 3, "gave up", now),
          listDeadLetters: () => store.listDeadLetters({ system: "unavailable", limit: 10 }),
          replayDeadLetter: () => store.replayDeadLetter(record.id, now),
          deleteDeadLetter: () => store.deleteDeadLetter(record.id),
          putIdempotency: () => store.putIdempotency([idempotency]),
          getIdempotency: () => store.getIdempotency(key, "idem-1", now),
          purgeIdempotency: () => store.purgeIdempotency(now),
          claimPartitions: () => store.claimPartitions([{ partition: 1, epoch: 1, node: "n" }]),
        };
        const methods = Object.getOwnPropertyNames(KyselyStore.prototype).filter(
          (name) => name !== "constructor" && name !== "close" && name !== "rekey" && typeof Object.getOwnPropertyDescriptor(KyselyStore.prototype, name)?.value === "function",
        );
        expect(Object.keys(calls).sort()).toEqual(methods.sort());
        expect(Object.keys(calls)).toHaveLength(20);
        for (const [name, call] of Object.entries(calls)) {
          const error = await call().catch((e: unknown) => e);
          expect(error, name).toBeInstanceOf(StoreUnavailableError);
          const message = (error as Error).message;
          expect(message, name).toContain(`store ${name} failed`);
          // The store is named (dialect, host:port, database), never the SQL or a password.
          expect(message, name).toContain(`${dialect}://`);
          expect(message, name).toContain(`127.0.0.1:${port}/test`);
          expect(message, name).toContain("ECONNREFUSED");
          expect(message, name).not.toMatch(/\b(select|insert|update|delete)\b.*\b(from|into|set)\b/i);
          expect(message, name).not.toContain("secret-password");
          expect((error as StoreUnavailableError).store, name).toContain(`127.0.0.1:${port}/test`);
          expect((error as Error).cause, name).toMatchObject({ code: "ECONNREFUSED" });
          // The cause is detached from the driver: nothing that holds a connection.
          expect(Object.keys((error as Error).cause as object).sort(), name).toEqual(["code", "name"]);
        }
      } finally {
        await store.close();
      }
    });
  });
}
