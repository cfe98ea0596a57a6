import { describe, expect, it } from "vitest";
import { Code } from "@connectrpc/connect";
import { defineActor } from "@actorgate/client/host";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { ActorRefSchema } from "@actorgate/client/gen";
import { client, startGateway, startHost, uniqueName } from "../support/harness.js";
import { counter } from "../support/test-actors.js";
import { codeOf } from "../support/errors.js";

const ledger = defineActor<{ total: number }>({
  name: "Ledger",
  kind: "named",
  initialState: () => ({ total: 0 }),
  actions: {
    add: (input: { by: number }, ctx) => ({ state: { total: ctx.state.total + input.by }, reply: ctx.state.total + input.by }),
  },
});

describe("one ActorRef rule for every service", () => {
  /** The same reference through every service that takes one. */
  function everyService(c: ReturnType<typeof client>, actor: MessageInitShape<typeof ActorRefSchema>): [string, () => Promise<unknown>][] {
    return [
      ["ActorService/Invoke", () => c.actors.invoke({ actor, action: "add", payload: { kind: { case: "json", value: { kind: { case: "nullValue", value: 0 } } } } })],
      ["ActorService/Activate", () => c.actors.activate({ actors: [actor] })],
      ["StateService/GetState", () => c.state.getState({ actor })],
      ["StateService/ListRevisions", () => c.state.listRevisions({ actor })],
      ["StateService/Snapshot", () => c.state.snapshot({ actor })],
      ["StateService/Restore", () => c.state.restore({ actor, target: { case: "revision", value: 1n } })],
      ["AdminService/DescribeActor", () => c.admin.describeActor({ actor })],
      ["AdminService/Deactivate", () => c.admin.deactivate({ actor })],
    ];
  }

  it("refuses an UNNAMED type without a name, and a NAMED type with another name, with the same code and message everywhere", async () => {
    const gw = await startGateway();
    await startHost(gw, [counter, ledger]);
    const c = client(gw);
    for (const [actor, message] of [
      [{ system: "test", type: "Counter", name: "" }, "Counter is an UNNAMED actor type: set actor.name to the instance you want"],
      [{ system: "test", type: "Ledger", name: "other" }, 'Ledger is a NAMED actor: leave actor.name empty or set it to "Ledger"'],
    ] as const) {
      for (const [service, call] of everyService(c, actor)) {
        expect({ service, ...(await codeOf(call())) }).toEqual({ service, code: Code.InvalidArgument, message });
      }
    }
    // Nothing was invented: no actor Counter/Counter or Ledger/other came to be.
    const active = [...gw.runtime.active()].map((a) => `${a.key.type}/${a.key.name}`);
    expect(active.filter((k) => k === "Counter/Counter" || k === "Counter/" || k.startsWith("Ledger/") && k !== "Ledger/Ledger")).toEqual([]);
    const stored = (await c.admin.listActors({ system: "test", includeInactive: true })).actors.map((a) => `${a.actor?.type}/${a.actor?.name}`);
    expect(stored.filter((k) => k !== "Ledger/Ledger")).toEqual([]);
  });

  it("addresses a NAMED actor with an empty name or its type's name alike, in every service", async () => {
    const gw = await startGateway();
    await startHost(gw, [ledger]);
    const c = client(gw);
    expect(await c.invoke({ system: "test", type: "Ledger", name: "" }, "add", { by: 2 })).toBe(2);
    for (const name of ["", "Ledger"]) {
      const actor = { system: "test", type: "Ledger", name };
      expect(await c.getState(actor)).toEqual({ state: { total: 2 }, revision: 1 });
      expect((await c.admin.describeActor({ actor })).info?.actor).toMatchObject({ type: "Ledger", name: "Ledger" });
    }
  });

  it("needs a name for a type no host has registered, rather than inventing one", async () => {
    const gw = await startGateway();
    const c = client(gw);
    const err = await codeOf(c.state.getState({ actor: { system: "test", type: "Gone", name: "" } }));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.message).toMatch(/actor\.name is required: no host has registered test\/Gone now/);
    expect((await codeOf(c.state.getState({ actor: { system: "test", type: "Gone", name: uniqueName() } }))).code).toBe(Code.NotFound);
  });

  it("applies the rule to Activate's from, too", async () => {
    const gw = await startGateway();
    await startHost(gw, [counter]);
    const c = client(gw);
    const err = await codeOf(c.activate({ system: "test", type: "Counter", name: uniqueName() }, { from: { system: "test", type: "Counter", name: "" } }));
    expect(err).toEqual({ code: Code.InvalidArgument, message: "Counter is an UNNAMED actor type: set from.name to the instance you want" });
  });
});
