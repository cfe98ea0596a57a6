import { describe, expect, it } from "vitest";
import { defineActor } from "@actorgate/client/host";
import { client, onCleanup, startGateway, startHost, uniqueName } from "../support/harness.js";
import { createTestStore, SQL_DIALECTS as DIALECTS } from "../support/databases.js";
import { counter } from "../support/test-actors.js";

const perCall = defineActor<{ value: number }>({
  name: "Durable",
  kind: "unnamed",
  durability: "per-call",
  initialState: () => ({ value: 0 }),
  actions: { add: (i: { by: number }, ctx) => ({ state: { value: ctx.state.value + i.by }, reply: { value: ctx.state.value + i.by } }) },
});

for (const dialect of DIALECTS) {
  describe(`gateway on ${dialect}`, () => {
    it("keeps the counter's value across a graceful gateway restart", async () => {
      const db = await createTestStore(dialect, { migrate: false });
      onCleanup(() => db.cleanup());
      const settings = { store: db.url, storeSchema: db.schema, snapshotIntervalMs: 3_600_000 };
      const first = await startGateway(settings);
      await startHost(first, [counter, perCall]);
      const ref = { system: "test", type: "Counter", name: uniqueName() };
      const durable = { system: "test", type: "Durable", name: uniqueName() };
      const c1 = client(first);
      for (let i = 0; i < 3; i++) await c1.invoke(ref, "add", { by: 2 });
      await c1.invoke(durable, "add", { by: 5 });
      await first.close(); // write-behind state is written at shutdown

      const second = await startGateway(settings);
      await startHost(second, [counter, perCall]);
      const c2 = client(second);
      expect(await c2.invoke(ref, "get")).toEqual({ value: 6 });
      expect(await c2.invoke(durable, "add", { by: 1 })).toEqual({ value: 6 });
      const state = await c2.getState(ref);
      expect(state).toEqual({ state: { value: 6 }, revision: 3 });
    });

    it("history, restore and spawn-from-revision through the StateService", async () => {
      const db = await createTestStore(dialect, { migrate: false });
      onCleanup(() => db.cleanup());
      const gw = await startGateway({ store: db.url, storeSchema: db.schema });
      await startHost(gw, [counter]);
      const c = client(gw);
      const ref = { system: "test", type: "Counter", name: uniqueName() };
      for (let i = 1; i <= 3; i++) await c.invoke(ref, "checkpointAdd", { by: 10 });
      const revisions = await c.state.listRevisions({ actor: ref, pageSize: 2 });
      expect(revisions.revisions.map((r) => r.revision)).toEqual([3n, 2n]);
      const rest = await c.state.listRevisions({ actor: ref, pageSize: 2, pageToken: revisions.nextPageToken });
      expect(rest.revisions.map((r) => r.revision)).toEqual([1n]);
      expect(rest.nextPageToken).toBe("");

      const restored = await c.state.restore({ actor: ref, target: { case: "revision", value: 1n } });
      expect(restored.revision).toBe(4n);
      expect(await c.invoke(ref, "get")).toEqual({ value: 10 }); // the active activation sees it
      expect(await c.getState(ref, { revision: 2 })).toEqual({ state: { value: 20 }, revision: 2 });

      const at = rest.revisions[0]!.validTo!;
      const byTime = await c.state.restore({ actor: ref, target: { case: "at", value: { ...at, nanos: at.nanos - 1_000_000 } } });
      expect(byTime.revision).toBe(5n);
      expect(await c.invoke(ref, "get")).toEqual({ value: 10 });

      const copy = { system: "test", type: "Counter", name: uniqueName("copy") };
      const spawned = await c.activate(copy, { from: ref, fromRevision: 3 });
      expect(spawned).toEqual([{ actor: `test/Counter/${copy.name}`, revision: 1, created: true }]);
      expect(await c.invoke(copy, "add", { by: 1 })).toEqual({ value: 31 });
      await expect(c.activate(copy, { from: ref, fromRevision: 3 })).rejects.toThrow(/already has state/);
      await expect(c.activate({ ...copy, name: uniqueName() }, { from: ref, fromRevision: 99 })).rejects.toThrow(/revision 99 .* is not kept/);
    });

    it("Snapshot makes write-behind state durable on demand", async () => {
      const db = await createTestStore(dialect, { migrate: false });
      onCleanup(() => db.cleanup());
      const gw = await startGateway({ store: db.url, storeSchema: db.schema, snapshotIntervalMs: 3_600_000 });
      await startHost(gw, [counter]);
      const c = client(gw);
      const ref = { system: "test", type: "Counter", name: uniqueName() };
      await c.invoke(ref, "add", { by: 1 });
      await c.invoke(ref, "add", { by: 1 });
      expect(await db.store.load(ref)).toBeUndefined();
      expect(await c.snapshot(ref)).toBe(2);
      expect((await db.store.load(ref))?.revision).toBe(2);
    });
  });
}
