import { describe, expect, it } from "vitest";
import { Code, ConnectError } from "@connectrpc/connect";
import { defineActor } from "@actorgate/client/host";
import { client, onCleanup, startGateway, startHost, uniqueName } from "../support/harness.js";
import { createTestStore, POSTGRES_URL, type TestDialect } from "../support/databases.js";
import { spawnTs, startGatewayProcess } from "../support/processes.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import { counter } from "../support/test-actors.js";
import { createActorgateClient } from "@actorgate/client";
import { createHost } from "@actorgate/client/host";

for (const dialect of ["sqlite", "postgres", "mysql"] as TestDialect[]) {
  describe(`crash safety on ${dialect}`, () => {
    it("a gateway killed with SIGKILL loses no acknowledged checkpointed call", async () => {
      const db = await createTestStore(dialect, { migrate: false });
      onCleanup(() => db.cleanup());
      const storeArgs = ["--store", db.url, ...(db.schema ? ["--store-schema", db.schema] : [])];
      const gw = await startGatewayProcess(storeArgs);
      const host = createHost({ system: "test", actors: [counter], gatewayUrl: gw.url });
      await host.start();
      onCleanup(() => host.stop());
      const c = createActorgateClient({ url: gw.url });
      const names = [uniqueName(), uniqueName(), uniqueName()];
      const acknowledged = new Map<string, number>();
      // Concurrent checkpointed calls on several actors: they share group commits.
      await Promise.all(
        names.map(async (name) => {
          for (let i = 0; i < 20; i++) {
            const r = (await c.invoke({ system: "test", type: "Counter", name }, "checkpointAdd", { by: 1 })) as { value: number };
            acknowledged.set(name, r.value);
          }
        }),
      );
      gw.child.kill("SIGKILL");
      await gw.exited;

      const after = await startGateway({ store: db.url, storeSchema: db.schema });
      await startHost(after, [counter]);
      const c2 = client(after);
      for (const name of names) {
        expect(await c2.invoke({ system: "test", type: "Counter", name }, "get")).toEqual({ value: acknowledged.get(name) });
      }
    });
  });
}

describe("store outage", () => {
  it("fails checkpointed calls with unavailable while Postgres is unreachable, keeping the last durable state", async () => {
    const db = await createTestStore("postgres", { migrate: false });
    onCleanup(() => db.cleanup());
    const pgPort = Number(new URL(POSTGRES_URL).port || 5432);
    const proxy = await TcpProxy.start(pgPort);
    onCleanup(() => proxy.close());
    const url = new URL(POSTGRES_URL);
    url.port = String(proxy.port);
    const gw = await startGateway({ store: url.toString(), storeSchema: db.schema });
    await startHost(gw, [counter]);
    const c = client(gw);
    const ref = { system: "test", type: "Counter", name: uniqueName() };
    expect(await c.invoke(ref, "checkpointAdd", { by: 1 })).toEqual({ value: 1 });

    proxy.down();
    const err = await c.invoke(ref, "checkpointAdd", { by: 100 }).catch((e: unknown) => ConnectError.from(e));
    expect((err as ConnectError).code).toBe(Code.Unavailable);
    expect((err as ConnectError).rawMessage).toContain("state store unavailable");
    expect(await c.invoke(ref, "get")).toEqual({ value: 1 });

    proxy.up();
    expect(await c.invoke(ref, "checkpointAdd", { by: 1 })).toEqual({ value: 2 });
    expect((await db.store.load(ref))?.revision).toBe(2);
  });
});

const secret = defineActor<{ text: string }>({
  name: "Secret",
  kind: "unnamed",
  initialState: () => ({ text: "" }),
  actions: { set: (i: { text: string }) => ({ state: { text: i.text }, checkpoint: true }), get: (_: unknown, ctx) => ({ reply: ctx.state.text }) },
});

describe("encryption at rest", () => {
  it("stores ciphertext, reads it back after a key rotation, and `actorgate rekey` moves old rows to the new key", async () => {
    const db = await createTestStore("sqlite", { migrate: false });
    onCleanup(() => db.cleanup());
    const k1 = `k1:${Buffer.alloc(32, 1).toString("base64")}`;
    const k2 = `k2:${Buffer.alloc(32, 2).toString("base64")}`;
    const first = await startGateway({ store: db.url, stateKeys: k1 });
    await startHost(first, [secret]);
    const ref = { system: "test", type: "Secret", name: uniqueName() };
    await client(first).invoke(ref, "set", { text: "plaintext-marker" });
    const raw = await db.store.kysely.selectFrom("actor_state").select(["state", "key_id"]).executeTakeFirstOrThrow();
    expect(Buffer.from(raw.state as Uint8Array).toString("latin1")).not.toContain("plaintext-marker");
    expect(raw.key_id).toBe("k1");
    await first.close();

    const second = await startGateway({ store: db.url, stateKeys: `${k2},${k1}` });
    await startHost(second, [secret]);
    expect(await client(second).invoke(ref, "get")).toBe("plaintext-marker");
    await second.close();

    const rekey = spawnTs("server/bin/actorgate.js", ["rekey", "--store", db.url, "--state-keys", `${k2},${k1}`, "--log-level", "silent"], {});
    let out = "";
    rekey.child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    expect(await rekey.exited).toBe(0);
    expect(out).toMatch(/re-encrypted [1-9]\d* row/);

    const third = await startGateway({ store: db.url, stateKeys: k2 });
    await startHost(third, [secret]);
    expect(await client(third).invoke(ref, "get")).toBe("plaintext-marker");
  });

  it("refuses to start with a malformed key, naming the setting", async () => {
    await expect(startGateway({ store: "sqlite::memory:", stateKeys: "k1:not-base64!" })).rejects.toThrow(/ACTORGATE_STATE_KEYS/);
  });
});
