// The NATS subject activator, now on the activator model: its deliveries pass the call
// pipeline like every other entry (a link sees them and may refuse them), and it is
// listed with its counters. In-process bus; the NATS-specific behaviour is in test/channels.
import { describe, expect, it } from "vitest";
import { Code, ConnectError } from "@connectrpc/connect";
import { MemoryBus } from "../../server/src/bus/memory-bus.js";
import type { CallLink, RpcCall } from "../../server/src/rpc/pipeline.js";
import { startGateway, startHost, uniqueName } from "../support/harness.js";
import { counter } from "../support/test-actors.js";

describe("NATS activator through the call pipeline", () => {
  it("passes every message through the links, which may refuse it", async () => {
    const seen: RpcCall[] = [];
    const link: CallLink = {
      name: "gate",
      async handle(call, next) {
        seen.push(call);
        const m = call.message as unknown as { actor?: { name: string } };
        if (m.actor?.name === "blocked") throw new ConnectError("blocked by policy", Code.PermissionDenied);
        await next();
      },
    };
    const bus = new MemoryBus();
    const subject = `ag.${uniqueName("s").replace(/[^A-Za-z0-9-]/g, "")}`;
    const gw = await startGateway(
      {
        natsActivators: JSON.stringify([{ subject: `${subject}.*`, system: "test", type: "Counter", action: "add", nameToken: 3 }]),
        activators: [{ kind: "nats", id: "new-style", subject: `${subject}.new.*`, system: "test", type: "Counter", action: "add", nameToken: 4 }],
      },
      { bus, links: [link] },
    );
    await startHost(gw, [counter]);
    const name = uniqueName("c");
    const enc = new TextEncoder();
    const reply = await bus.request(`${subject}.${name}`, enc.encode('{"by":2}'), { timeoutMs: 5000 });
    expect(new TextDecoder().decode(reply.data)).toBe('{"value":2}');
    expect(seen.at(-1)).toMatchObject({ path: "activator", procedure: "/actorgate.v1.ActorService/Invoke", message: { actor: { name }, action: "add" } });

    const refused = await bus.request(`${subject}.blocked`, enc.encode('{"by":1}'), { timeoutMs: 5000 });
    expect(refused.headers?.["actorgate-error-code"]).toBe("permission_denied");

    const viaNew = await bus.request(`${subject}.new.${name}`, enc.encode('{"by":1}'), { timeoutMs: 5000 });
    expect(new TextDecoder().decode(viaNew.data)).toBe('{"value":3}');
    expect(gw.activators.get("nats-0")).toMatchObject({ kind: "nats", received: 2, invoked: 1, failed: 1 });
    expect(gw.activators.get("new-style")).toMatchObject({ kind: "nats", received: 1, invoked: 1 });
  });
});
