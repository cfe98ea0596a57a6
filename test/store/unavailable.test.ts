import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createStore } from "../../server/src/store/kysely/create-store.js";
import { StoreUnavailableError } from "../../server/src/store/store.js";
import { SQL_DIALECTS as DIALECTS, createTestStore } from "../support/databases.js";
import { actorKey, stateWrite } from "./store-fixtures.js";

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

    it("reports a server that refuses connections as StoreUnavailableError on every method", async () => {
      const port = await closedPort();
      const url = dialect === "postgres" ? `postgres://postgres@127.0.0.1:${port}/test` : `mysql://root@127.0.0.1:${port}/test`;
      const store = await createStore(url, { connectTimeoutMs: 2_000 });
      try {
        const calls: [string, () => Promise<unknown>][] = [
          ["migrate", () => store.migrate()],
          ["load", () => store.load(key)],
          ["writeBatch", () => store.writeBatch([stateWrite(key, 1, "1")])],
          ["loadRevision", () => store.loadRevision(key, 1)],
          ["loadAt", () => store.loadAt(key, new Date())],
          ["listRevisions", () => store.listRevisions(key, { limit: 1 })],
          ["listActors", () => store.listActors({ system: "unavailable", limit: 1 })],
        ];
        for (const [name, call] of calls) {
          const error = await call().catch((e: unknown) => e);
          expect(error, name).toBeInstanceOf(StoreUnavailableError);
          expect((error as Error).message).toContain(`store ${name} failed`);
          expect((error as Error).message).toContain(`127.0.0.1:${port}`);
          expect((error as Error).message).toContain("ECONNREFUSED");
          expect((error as Error).cause).toBeDefined();
        }
      } finally {
        await store.close();
      }
    });
  });
}
