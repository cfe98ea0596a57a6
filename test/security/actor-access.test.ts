import { Code } from "@connectrpc/connect";
import { defineActor } from "@actorgate/client/host";
import { describe, expect, it } from "vitest";
import { client, startGateway, startHost, uniqueName } from "../support/harness.js";
import { codeOf } from "../support/errors.js";

// A vault only tellers may take from; anyone may look.
const vault = defineActor<{ left: number }>({
  name: "Vault",
  initialState: () => ({ left: 100 }),
  access: { take: ["test/Teller"], "*": ["client", "Teller"] },
  actions: {
    take: (input: { amount: number }, ctx) => ({ state: { left: ctx.state.left - input.amount }, reply: { left: ctx.state.left - input.amount } }),
    look: (_: unknown, ctx) => ({ reply: { left: ctx.state.left } }),
  },
});
const route = (name: string) =>
  defineActor({
    name,
    kind: "stateless",
    actions: {
      forward: (input: { vault: string }) => ({ forward: { target: { system: "test", type: "Vault", name: input.vault }, action: "take" } }),
      pipe: (input: { vault: string }) => ({ reply: { amount: 1 }, pipe: { target: { system: "test", type: "Vault", name: input.vault }, action: "take" } }),
    },
  });

describe("actor-to-actor ACL (ActorType.access)", () => {
  it("lets only the listed callers invoke an action, for client calls, forwards and pipes", async () => {
    const gw = await startGateway();
    await startHost(gw, [vault, route("Teller"), route("Stranger")]);
    const c = client(gw);
    const name = uniqueName("vault");
    const v = { system: "test", type: "Vault", name };
    const direct = await codeOf(c.invoke(v, "take", { amount: 5 }));
    expect(direct).toEqual({ code: Code.PermissionDenied, message: expect.stringMatching(/a client may not invoke test\/Vault\.take: its access rule allows test\/Teller/) });
    expect(await c.invoke({ system: "test", type: "Teller", name: "t" }, "forward", { vault: name, amount: 5 })).toEqual({ left: 95 });
    expect(await c.invoke({ system: "test", type: "Teller", name: "t" }, "pipe", { vault: name })).toEqual({ left: 94 });
    const stranger = await codeOf(c.invoke({ system: "test", type: "Stranger", name: "s" }, "forward", { vault: name, amount: 5 }));
    expect(stranger).toEqual({ code: Code.PermissionDenied, message: expect.stringMatching(/actor test\/Stranger may not invoke test\/Vault\.take/) });
    expect((await codeOf(c.invoke({ system: "test", type: "Stranger", name: "s" }, "pipe", { vault: name }))).code).toBe(Code.PermissionDenied);
    // "*" covers the other actions: clients may look.
    expect(await c.invoke(v, "look")).toEqual({ left: 94 });
  });

  it("refuses a registration with an unreadable rule", async () => {
    const gw = await startGateway();
    const bad = defineActor({ name: "Bad", access: { x: ["not a caller!"] }, actions: { x: () => ({}) } });
    const refused = await codeOf(startHost(gw, [bad]));
    expect(refused).toEqual({ code: Code.InvalidArgument, message: expect.stringMatching(/access caller "not a caller!"/) });
  });
});
