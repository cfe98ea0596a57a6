import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { Code, ConnectError } from "@connectrpc/connect";
import { defineActor } from "@actorgate/client/host";
import { client, deferred, startGateway, startHost, uniqueName } from "../support/harness.js";
import { counter, echo, gatedActor, Gates } from "../support/test-actors.js";

const codeOf = async (p: Promise<unknown>): Promise<Code> => {
  try {
    await p;
  } catch (err) {
    return ConnectError.from(err).code;
  }
  throw new Error("expected the call to fail");
};

describe("invoke through a real gateway and host", () => {
  it("loses no update: 1000 adds on one actor from 50 concurrent clients give 1000", async () => {
    const gw = await startGateway();
    await startHost(gw, [counter]);
    const name = uniqueName();
    const clients = Array.from({ length: 50 }, (_, i) => client(gw, { httpVersion: i % 2 ? "2" : "1.1" }));
    await Promise.all(
      clients.map(async (c) => {
        for (let i = 0; i < 20; i++) await c.invoke({ system: "test", type: "Counter", name }, "add", { by: 1 });
      }),
    );
    const res = await clients[0]!.invokeRaw({ system: "test", type: "Counter", name }, "get");
    expect(res.reply?.kind.value).toBeDefined();
    expect(await clients[0]!.invoke({ system: "test", type: "Counter", name }, "get")).toEqual({ value: 1000 });
    expect(res.revision).toBe(1000n);
  });

  it("runs calls on different actors concurrently and calls on one actor one at a time", async () => {
    const gates = new Gates();
    const gw = await startGateway();
    await startHost(gw, [gatedActor(gates)]);
    const c = client(gw);
    const a = { system: "test", type: "Gated", name: uniqueName() };
    const b = { system: "test", type: "Gated", name: uniqueName() };
    const callA1 = c.invoke(a, "hold", { gate: "a1" });
    const callB1 = c.invoke(b, "hold", { gate: "b1" });
    // Both actors are inside an action at the same time: concurrency across actors.
    await Promise.all([gates.entered("a1"), gates.entered("b1")]);
    const callA2 = c.invoke(a, "hold", { gate: "a2" });
    // a2 must not start while a1 runs; b finishing first proves nothing blocks on a.
    gates.release("b1");
    await callB1;
    let a2Started = false;
    void gates.entered("a2").then(() => (a2Started = true));
    await c.invoke(b, "log"); // a full round trip through the gateway and host
    expect(a2Started).toBe(false);
    gates.release("a1");
    await callA1;
    await gates.entered("a2");
    gates.release("a2");
    await callA2;
    expect(await c.invoke(a, "log")).toEqual(["a1", "a2"]);
  });

  it("keeps state unchanged when the host fails the action, and passes the host's code and message", async () => {
    const gw = await startGateway();
    await startHost(gw, [counter]);
    const c = client(gw);
    const ref = { system: "test", type: "Counter", name: uniqueName() };
    await c.invoke(ref, "add", { by: 5 });
    const err = await c.invoke(ref, "addThenFail", { by: 100 }).catch((e: unknown) => ConnectError.from(e));
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.FailedPrecondition);
    expect((err as ConnectError).rawMessage).toContain("refusing to add 100");
    expect(await codeOf(c.invoke(ref, "badResult"))).toBe(Code.Internal);
    const res = await c.invokeRaw(ref, "get");
    expect(res.revision).toBe(1n);
    expect(await c.invoke(ref, "get")).toEqual({ value: 5 });
  });

  it("answers resource_exhausted at once when an actor's mailbox is full", async () => {
    const gates = new Gates();
    const gw = await startGateway();
    await startHost(gw, [gatedActor(gates, { mailboxCapacity: 2 })]);
    const c = client(gw);
    const ref = { system: "test", type: "Gated", name: uniqueName() };
    const running = c.invoke(ref, "hold", { gate: "g0" });
    await gates.entered("g0");
    const queued = [c.invoke(ref, "hold", { gate: "g1" }), c.invoke(ref, "hold", { gate: "g2" })];
    const err = await c.invoke(ref, "hold", { gate: "g3" }).catch((e: unknown) => ConnectError.from(e));
    expect((err as ConnectError).code).toBe(Code.ResourceExhausted);
    expect((err as ConnectError).rawMessage).toMatch(/mailbox .* is full/);
    for (const g of ["g0", "g1", "g2"]) gates.release(g);
    await Promise.all([running, ...queued]);
    expect(await c.invoke(ref, "log")).toEqual(["g0", "g1", "g2"]);
  });

  it("answers not_found for an unknown system, type or action", async () => {
    const gw = await startGateway();
    await startHost(gw, [counter]);
    const c = client(gw);
    expect(await codeOf(c.invoke({ system: "nosuch", type: "Counter", name: "x" }, "get"))).toBe(Code.NotFound);
    expect(await codeOf(c.invoke({ system: "test", type: "Nosuch", name: "x" }, "get"))).toBe(Code.NotFound);
    const err = await c.invoke({ system: "test", type: "Counter", name: "x" }, "nosuch").catch((e: unknown) => ConnectError.from(e));
    expect((err as ConnectError).code).toBe(Code.NotFound);
    expect((err as ConnectError).rawMessage).toContain("its actions are: add, get");
  });

  it("answers invalid_argument for invalid names, a missing instance name and oversize payloads", async () => {
    const gw = await startGateway({ maxPayloadBytes: 4096 });
    await startHost(gw, [counter]);
    const c = client(gw);
    expect(await codeOf(c.invoke({ system: "te st", type: "Counter", name: "x" }, "get"))).toBe(Code.InvalidArgument);
    expect(await codeOf(c.invoke({ system: "test", type: "Counter", name: "x/y" }, "get"))).toBe(Code.InvalidArgument);
    expect(await codeOf(c.invoke({ system: "test", type: "Counter", name: "x" }, "bad action"))).toBe(Code.InvalidArgument);
    expect(await codeOf(c.invoke({ system: "test", type: "Counter", name: "" }, "get"))).toBe(Code.InvalidArgument);
    const big = { by: 1, pad: "x".repeat(5000) };
    const name = uniqueName();
    expect(await codeOf(c.invoke({ system: "test", type: "Counter", name }, "add", big))).toBe(Code.InvalidArgument);
    expect(await c.invoke({ system: "test", type: "Counter", name }, "get")).toEqual({ value: 0 });
  });

  it("answers invalid_argument for malformed JSON and changes nothing", async () => {
    const gw = await startGateway();
    await startHost(gw, [counter]);
    const post = (body: string) =>
      fetch(`${gw.url}/actorgate.v1.ActorService/Invoke`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
    for (const body of ["{not json", '{"actor": 5}', '{"actor":{"system":"test","type":"Counter","name":"m"},"action":"add","payload":{"json":{"by":1},"binary":{}}}', '{"nosuchfield": 1}']) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as { code: string }).code, body).toBe("invalid_argument");
    }
    const ok = await post('{"actor":{"system":"test","type":"Counter","name":"m"},"action":"get"}');
    expect(await ok.json()).toMatchObject({ reply: { json: { value: 0 } } });
  });

  it("runs stateless actors without state and passes metadata", async () => {
    const gw = await startGateway();
    await startHost(gw, [echo]);
    const c = client(gw);
    const reply = await c.invoke({ system: "test", type: "Echo" }, "echo", { hi: ["there", 1, null, true] }, { metadata: { trace: "t1" } });
    expect(reply).toEqual({ input: { hi: ["there", 1, null, true] }, metadata: { trace: "t1" }, caller: null });
  });

  it("answers unavailable when no host serves a known type", async () => {
    const gw = await startGateway();
    const host = await startHost(gw, [counter]);
    const c = client(gw);
    await host.stop();
    const err = await c.invoke({ system: "test", type: "Counter", name: "x" }, "get").catch((e: unknown) => ConnectError.from(e));
    expect((err as ConnectError).code).toBe(Code.Unavailable);
    expect((err as ConnectError).rawMessage).toContain("start a host");
  });

  it("times out a slow host at the type's call timeout, and a shorter caller deadline wins; late results are discarded", async () => {
    // Notes when its signal fires, but answers only when released: an answer at the
    // deadline must be the gateway's own, not the host giving up.
    const gates = new Map<string, { aborted: ReturnType<typeof deferred<void>>; release: ReturnType<typeof deferred<void>> }>();
    const gate = (name: string) => {
      if (!gates.has(name)) gates.set(name, { aborted: deferred<void>(), release: deferred<void>() });
      return gates.get(name)!;
    };
    const stubborn = defineActor<{ log: string[] }>({
      name: "Stubborn",
      kind: "unnamed",
      initialState: () => ({ log: [] }),
      callTimeoutMs: 200,
      actions: {
        hold: async (input: { gate: string }, ctx) => {
          ctx.signal.addEventListener("abort", () => gate(input.gate).aborted.resolve());
          await gate(input.gate).release.promise;
          return { state: { log: [...ctx.state.log, input.gate] } };
        },
        log: (_: unknown, ctx) => ({ reply: ctx.state.log }),
      },
    });
    const gw = await startGateway();
    await startHost(gw, [stubborn]);
    const c = client(gw);
    const ref = { system: "test", type: "Stubborn", name: uniqueName() };
    await c.invoke(ref, "log"); // activated: the calls below time only the host
    // fetch keeps no timer of its own: when the answer comes is the gateway's doing.
    const hold = async (gate: string, headers: Record<string, string> = {}) => {
      const start = performance.now();
      const res = await fetch(`${gw.url}/actorgate.v1.ActorService/Invoke`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ actor: ref, action: "hold", payload: { json: { gate } } }),
      });
      const body = (await res.json()) as { code?: string };
      return { code: body.code, ms: performance.now() - start };
    };
    // The call timeout (200 ms): the host is slow and nobody else sets a deadline.
    const slow = await hold("slow");
    expect(slow.code).toBe("deadline_exceeded");
    await gate("slow").aborted.promise; // the host request was aborted
    gate("slow").release.resolve();
    // A caller's deadline shorter than the call timeout wins (50 ms)...
    const shorter = await hold("shorter", { "connect-timeout-ms": "50" });
    expect(shorter.code).toBe("deadline_exceeded");
    await gate("shorter").aborted.promise;
    gate("shorter").release.resolve();
    // ...and a longer one does not stretch it (the call timeout bounds each host call).
    const longer = await hold("longer", { "connect-timeout-ms": "2000" });
    expect(longer.code).toBe("deadline_exceeded");
    await gate("longer").aborted.promise;
    gate("longer").release.resolve();
    expect(await c.invoke(ref, "log")).toEqual([]);
    // When, from outside: not before the deadline, and well before anything else would
    // answer (deadlines.test.ts holds the 20 ms bound; this machine is shared).
    expect(slow.ms).toBeGreaterThanOrEqual(195);
    expect(slow.ms).toBeLessThan(600);
    expect(shorter.ms).toBeGreaterThanOrEqual(45);
    expect(shorter.ms).toBeLessThan(195);
    expect(longer.ms).toBeGreaterThanOrEqual(195);
    expect(longer.ms).toBeLessThan(600);
  });
});
