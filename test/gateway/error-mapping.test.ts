import { describe, expect, it } from "vitest";
import pg from "pg";
import { Code } from "@connectrpc/connect";
import { createStore } from "../../server/src/store/kysely/create-store.js";
import { client, onCleanup, startGateway, startHost, uniqueName } from "../support/harness.js";
import { createTestStore, type TestDialect } from "../support/databases.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import { counter } from "../support/test-actors.js";
import { codeOf } from "../support/errors.js";
import { capturedLog } from "../support/captured-log.js";

/** A gateway whose store is a real database reached through a proxy the test can cut. */
async function gatewayOnProxiedStore(dialect: TestDialect) {
  const db = await createTestStore(dialect);
  // Stopped last first: the gateway, its store, the proxy, then the database.
  onCleanup(() => db.cleanup());
  const url = new URL(db.url);
  const proxy = await TcpProxy.start(Number(url.port), url.hostname);
  onCleanup(() => proxy.close());
  url.port = String(proxy.port);
  const store = await createStore(url.toString(), db.schema ? { schema: db.schema } : {});
  onCleanup(() => store.close());
  const captured = capturedLog();
  const gw = await startGateway({}, { store, log: captured.log });
  return { gw, proxy, captured, db };
}

describe("one error mapping", () => {
  for (const dialect of ["postgres", "mysql"] as TestDialect[]) {
    it(`answers unavailable, naming the store and not the SQL, when ${dialect} is unreachable, and does not log it as an error`, async () => {
      const { gw, proxy, captured } = await gatewayOnProxiedStore(dialect);
      const c = client(gw);
      const actor = { system: "test", type: "Counter", name: uniqueName() };
      expect((await c.state.listRevisions({ actor })).revisions).toEqual([]);

      proxy.down();
      const listed = await codeOf(c.state.listRevisions({ actor }));
      expect(listed.code).toBe(Code.Unavailable);
      expect(listed.message).toMatch(dialect === "postgres" ? /postgres:\/\/.*is unavailable/ : /mysql:\/\/.*is unavailable/);
      expect(listed.message).not.toMatch(/select|from "|from `/i);
      const state = await codeOf(c.getState(actor));
      expect(state.code).toBe(Code.Unavailable);

      expect(captured.errors()).toEqual([]);
      const warned = captured.lines.filter((l) => l.msg === "store unavailable");
      expect(warned.length).toBeGreaterThanOrEqual(2);
      // Code and message only: no error objects (a driver's client, its connection).
      for (const line of warned) expect(Object.keys(line).sort()).toEqual(["code", "hostname", "level", "message", "msg", "pid", "procedure", "time"]);

      proxy.up();
      expect((await c.state.listRevisions({ actor })).revisions).toEqual([]);
    });
  }

  it("refuses strings the database cannot hold with invalid_argument before any query, on Postgres, without logging an error", async () => {
    const { gw, captured, db } = await gatewayOnProxiedStore("postgres");
    await startHost(gw, [counter]);
    const c = client(gw);
    const actor = { system: "test", type: "Counter", name: uniqueName() };
    const nul = "key\u0000x";

    const cases: [string, () => Promise<unknown>, RegExp][] = [
      ["idempotency key (sync)", () => c.invoke(actor, "add", { by: 1 }, { idempotencyKey: nul }), /idempotency_key contains a NUL/],
      ["idempotency key (async)", () => c.invokeAsync(actor, "add", { by: 1 }, { idempotencyKey: nul }), /idempotency_key contains a NUL/],
      ["oversized idempotency key", () => c.invokeAsync(actor, "add", { by: 1 }, { idempotencyKey: "k".repeat(256) }), /idempotency_key must be at most 255/],
      ["metadata value", () => c.invokeAsync(actor, "add", { by: 1 }, { metadata: { trace: nul } }), /metadata\["trace"\] contains a NUL/],
      ["metadata key", () => c.invokeAsync(actor, "add", { by: 1 }, { metadata: { [nul]: "v" } }), /metadata key contains a NUL/],
      ["actor name", () => c.invoke({ ...actor, name: nul }, "add", { by: 1 }), /actor\.name contains a NUL/],
      ["action", () => c.invoke(actor, `add${nul}`, { by: 1 }), /action contains a NUL/],
      ["state read", () => c.state.listRevisions({ actor: { ...actor, name: nul } }), /actor\.name contains a NUL/],
      ["dead letter id", () => c.admin.replayDeadLetter({ invocationId: nul }), /invocation_id contains a NUL/],
      ["dead letter page token", () => c.admin.listDeadLetters({ system: "test", pageToken: nul }), /page_token contains a NUL/],
      ["broadcast channel", () => c.broadcast("test", `ch${nul}`, {}), /channel contains a NUL/],
      ["subscribe channel", () => c.actors.subscribe({ system: "test", channel: "../x\u0000" })[Symbol.asyncIterator]().next(), /channel contains a NUL/],
      ["subscribe channel without NUL", () => c.actors.subscribe({ system: "test", channel: "../x" })[Symbol.asyncIterator]().next(), /invalid channel/],
    ];
    for (const [what, call, message] of cases) {
      const got = await codeOf(call());
      expect({ what, ...got }).toMatchObject({ what, code: Code.InvalidArgument, message: expect.stringMatching(message) });
    }
    expect(captured.errors()).toEqual([]);
    // None of them reached the store: no invocation was written, and the store still works.
    const conn = new pg.Client({ connectionString: db.url });
    await conn.connect();
    try {
      const { rows } = await conn.query<{ n: number }>(`select count(*)::int as n from "${db.schema}".outbox`);
      expect(rows[0]!.n).toBe(0);
    } finally {
      await conn.end();
    }
    expect(await c.invoke(actor, "add", { by: 1 }, { idempotencyKey: "fine" })).toEqual({ value: 1 });
  });

  it("answers an unexpected failure with internal without its message, and logs it (once, at error level) as plain data", async () => {
    const captured = capturedLog();
    const gw = await startGateway({}, { log: captured.log });
    const secret = "password=hunter2 select * from actors";
    gw.runtime.invoke = () => Promise.reject(Object.assign(new Error(secret), { client: { huge: "x".repeat(10_000) } }));
    const err = await codeOf(client(gw).invoke({ system: "test", type: "Counter", name: "a" }, "get"));
    expect(err).toMatchObject({ code: Code.Internal });
    expect(err.message).not.toContain("hunter2");
    const errors = captured.errors();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: "internal error", procedure: "/actorgate.v1.ActorService/Invoke", err: { message: secret } });
    expect(JSON.stringify(errors[0])).not.toContain("xxxxxxxx");
  });
});
