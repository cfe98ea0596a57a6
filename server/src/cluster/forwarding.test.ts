import { describe, expect, it } from "vitest";
import { Code } from "@connectrpc/connect";
import { toConnectError } from "../errors.js";
import { MemoryBus } from "../bus/memory-bus.js";
import { ActorMovedError } from "../runtime/placement.js";
import { Forwarder, forwardSubject } from "./forwarding.js";

const input = { actor: { system: "s", type: "T", name: "n" }, action: "add", deadline: Date.now() + 60_000 } as never;

describe("Forwarder", () => {
  it("stops waiting for a node that leaves the cluster with the call in flight", async () => {
    const bus = new MemoryBus();
    let received!: () => void;
    const arrived = new Promise<void>((r) => (received = r));
    // The owner takes the request and dies before answering.
    bus.subscribe(forwardSubject("c", "dead"), () => received());
    let gone!: () => void;
    const forwarder = new Forwarder(bus, "c", (_node, listener) => {
      gone = listener;
      return () => undefined;
    });
    const call = forwarder.invoke("dead", input).catch((e: unknown) => e);
    await arrived;
    gone();
    const err = toConnectError(await call);
    expect(err.code).toBe(Code.Unavailable);
    expect(err.rawMessage).toMatch(/left the cluster while handling the call/);
    await bus.close();
  });

  it("reports a node nobody answers for as moved, so placement looks again", async () => {
    const bus = new MemoryBus();
    const forwarder = new Forwarder(bus, "c");
    await expect(forwarder.invoke("nobody", input)).rejects.toBeInstanceOf(ActorMovedError);
    await bus.close();
  });
});
