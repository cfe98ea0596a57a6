import { describe, expect, it } from "vitest";
import { performance } from "node:perf_hooks";
import { Code, ConnectError } from "@connectrpc/connect";
import { defineActor, type ActorDefinition } from "@actorgate/client/host";
import { MemoryStore } from "../../server/src/store/memory-store.js";
import { client, deferred, startGateway, startHost, uniqueName } from "../support/harness.js";
import { flaky, flow, recorder } from "../support/workflow-actors.js";

const fast = { dispatcher: { pollMs: 20, baseBackoffMs: 10, maxBackoffMs: 50 } };
const rec = (name: string) => ({ system: "test", type: "Recorder", name });
const flowRef = (name: string) => ({ system: "test", type: "Flow", name });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each actor has its own state type
async function setup(store = new MemoryStore(), more: ActorDefinition<any>[] = []) {
  const gw = await startGateway({}, { store, ...fast });
  await startHost(gw, [recorder, flow, flaky, ...more]);
  return { gw, c: client(gw), store };
}

describe("workflows", () => {
  it("delivers effects after the reply, with the caller's identity and propagated metadata", async () => {
    const { c } = await setup();
    const a = uniqueName("r");
    const b = uniqueName("r");
    const src = uniqueName("f");
    expect(await c.invoke(flowRef(src), "emit", { to: [a, b] }, { metadata: { trace: "t-1" } })).toEqual({ emitted: 2 });
    await expect.poll(() => c.invoke(rec(a), "get")).toHaveLength(1);
    const [entry] = (await c.invoke(rec(a), "get")) as { input: unknown; caller: string; metadata: Record<string, string> }[];
    expect(entry).toMatchObject({ input: { from: src, i: 0 }, caller: `test/Flow/${src}`, metadata: { trace: "t-1", effect: "0" } });
    await expect.poll(() => c.invoke(rec(b), "get")).toHaveLength(1);
  });

  it("writes the effects of a durable turn in the same transaction as its state", async () => {
    const { c, store } = await setup();
    const a = uniqueName("r");
    const src = uniqueName("f");
    let seenOutbox = false;
    const enqueue = store.writeBatch.bind(store);
    store.writeBatch = async (writes) => {
      if (writes.some((w) => w.key.name === src && (w.outbox?.length ?? 0) === 1)) seenOutbox = true;
      return enqueue(writes);
    };
    await c.invoke(flowRef(src), "emit", { to: [a], durable: true });
    expect(seenOutbox).toBe(true);
    expect((await store.load({ system: "test", type: "Flow", name: src }))?.revision).toBe(1);
    await expect.poll(() => c.invoke(rec(a), "get")).toHaveLength(1);
  });

  it("forward sends the original input on; the target's reply is the reply", async () => {
    const { c } = await setup();
    const to = uniqueName("r");
    const reply = await c.invoke(flowRef(uniqueName("f")), "forward", { to, extra: 1 });
    expect(reply).toEqual({ recorded: { to, extra: 1 }, by: to });
    const [entry] = (await c.invoke(rec(to), "get")) as { caller: string }[];
    expect(entry?.caller).toMatch(/^test\/Flow\//);
  });

  it("pipe chains of any length return the last reply", async () => {
    const { c } = await setup();
    const name = uniqueName("p");
    const reply = await c.invoke(flowRef(name), "step", { v: 0, hops: 5, path: "" });
    expect(reply).toEqual({ v: 5, hops: 0, path: `>${name}>${name}x>${name}xx>${name}xxx>${name}xxxx` });
  });

  it("propagates the caller's deadline to the host call and along forwards", async () => {
    const { c } = await setup();
    const direct = (await c.invoke(flowRef(uniqueName("d")), "deadline", {}, { timeoutMs: 2000 })) as { leftMs: number };
    expect(direct.leftMs).toBeGreaterThan(0);
    expect(direct.leftMs).toBeLessThanOrEqual(2000);
    const hopped = (await c.invoke(flowRef(uniqueName("d")), "deadline", { hop: true }, { timeoutMs: 1500 })) as { leftMs: number };
    expect(hopped.leftMs).toBeGreaterThan(0);
    expect(hopped.leftMs).toBeLessThanOrEqual(1500);
    // Without a client deadline the type's call timeout (default 10 s) bounds each host call.
    const loose = (await c.invoke(flowRef(uniqueName("d")), "deadline", {})) as { leftMs: number };
    expect(loose.leftMs).toBeGreaterThan(2000);
    expect(loose.leftMs).toBeLessThanOrEqual(10_000);
  });

  it("the caller's deadline bounds the whole forward chain", async () => {
    // The first hop answers at once with a forward; the target would take 3 s. The
    // forwarded call must keep the caller's deadline (300 ms from the start), and the
    // target's request be aborted then, not run on under a deadline of its own.
    const seen = { entered: deferred<void>(), aborted: deferred<number>(), release: deferred<void>() };
    const forwarder = defineActor({
      name: "Forwarder",
      kind: "stateless",
      actions: { go: (input: { to: string }) => ({ forward: { target: { system: "", type: "SlowTarget", name: input.to }, action: "wait" } }) },
    });
    // Notes when its signal fires, but answers only when released: the answer the caller
    // gets at the deadline must be the gateway's own.
    const slowTarget = defineActor<{ done: number }>({
      name: "SlowTarget",
      kind: "unnamed",
      initialState: () => ({ done: 0 }),
      actions: {
        wait: async (_: unknown, ctx) => {
          seen.entered.resolve();
          ctx.signal.addEventListener("abort", () => seen.aborted.resolve(performance.now()));
          await seen.release.promise;
          return { state: { done: ctx.state.done + 1 }, reply: "late" };
        },
        done: (_: unknown, ctx) => ({ reply: ctx.state.done }),
      },
    });
    const { gw, c } = await setup(new MemoryStore(), [forwarder, slowTarget]);
    const to = uniqueName("t");
    const start = performance.now();
    // fetch sends the deadline as a header and keeps no timer of its own.
    const res = await fetch(`${gw.url}/actorgate.v1.ActorService/Invoke`, {
      method: "POST",
      headers: { "content-type": "application/json", "connect-timeout-ms": "300" },
      body: JSON.stringify({ actor: { system: "test", type: "Forwarder" }, action: "go", payload: { json: { to } } }),
    });
    const answeredMs = performance.now() - start;
    expect(((await res.json()) as { code?: string }).code).toBe("deadline_exceeded");
    await seen.entered.promise; // the forward did reach the target
    const abortedAt = await seen.aborted.promise; // with the caller's deadline, not one of its own
    seen.release.resolve();
    // deadlines.test.ts holds the 20 ms bound; this one only tells "the caller's 300 ms"
    // from "some other timer" on a shared machine.
    expect(answeredMs).toBeGreaterThanOrEqual(295);
    expect(answeredMs).toBeLessThan(800);
    expect(abortedAt - start).toBeLessThan(800);
    // Its late result changed nothing.
    expect(await c.invoke({ system: "test", type: "SlowTarget", name: to }, "done")).toBe(0);
  });
});

describe("async and scheduled invocations", () => {
  it("acknowledges an async invoke once it is in the outbox, then delivers it", async () => {
    const { c, store } = await setup();
    const to = uniqueName("r");
    let enqueued = 0;
    const original = store.enqueue.bind(store);
    store.enqueue = async (records) => {
      enqueued += records.length;
      return original(records);
    };
    const id = await c.invokeAsync(rec(to), "record", { async: true });
    expect(enqueued).toBe(1);
    await expect.poll(() => c.invoke(rec(to), "get")).toHaveLength(1);
    const [entry] = (await c.invoke(rec(to), "get")) as { invocationId: string; attempt: number }[];
    expect(entry).toMatchObject({ invocationId: id, attempt: 1 });
  });

  it("retries with backoff until the action succeeds (at-least-once)", async () => {
    const { c } = await setup();
    const name = uniqueName("fl");
    await c.invokeAsync({ system: "test", type: "Flaky", name }, "failUntil", { attempt: 3 });
    await expect.poll(() => c.invoke({ system: "test", type: "Flaky", name }, "count")).toBe(1);
  });

  it("moves an invocation to dead letters after max_attempts and tells the sending actor (poison message)", async () => {
    const { c } = await setup();
    const sender = uniqueName("r");
    const target = uniqueName("fl");
    await c.invoke(rec(sender), "sendDoomed", { to: target });
    await expect.poll(() => c.invoke(rec(sender), "get"), { timeout: 10_000 }).toHaveLength(1);
    const [notice] = (await c.invoke(rec(sender), "get")) as { input: Record<string, unknown> }[];
    expect(notice!.input).toMatchObject({
      target: `test/Flaky/${target}`,
      action: "alwaysFail",
      attempts: 3,
      error: { code: "Unavailable", message: "attempt 3 fails for good" },
      payload: { doomed: true },
    });
    const dead = await c.admin.listDeadLetters({ system: "test" });
    const mine = dead.deadLetters.find((d) => d.target?.name === target);
    expect(mine).toMatchObject({ action: "alwaysFail", attempts: 3 });
    expect(mine?.caller?.name).toBe(sender);
  });

  it("dead-letters at once on an error no retry can fix; admin replays and deletes dead letters", async () => {
    const { c } = await setup();
    const name = uniqueName("fl");
    const id = await c.invokeAsync({ system: "test", type: "Flaky", name }, "terminal");
    await expect
      .poll(async () => (await c.admin.listDeadLetters({ system: "test" })).deadLetters.find((d) => d.invocationId === id)?.attempts)
      .toBe(1);
    await c.admin.replayDeadLetter({ invocationId: id });
    await expect
      .poll(async () => (await c.admin.listDeadLetters({ system: "test" })).deadLetters.find((d) => d.invocationId === id)?.attempts)
      .toBe(1); // replayed, failed once more, back in dead letters
    await c.admin.deleteDeadLetter({ invocationId: id });
    expect((await c.admin.listDeadLetters({ system: "test" })).deadLetters.find((d) => d.invocationId === id)).toBeUndefined();
    const err = await c.admin.deleteDeadLetter({ invocationId: id }).catch((e: unknown) => ConnectError.from(e));
    expect((err as ConnectError).code).toBe(Code.NotFound);
  });

  it("rejects an async invoke of an unknown action at once, storing nothing", async () => {
    const { c } = await setup();
    const err = await c.invokeAsync(rec(uniqueName()), "nosuch").catch((e: unknown) => ConnectError.from(e));
    expect((err as ConnectError).code).toBe(Code.NotFound);
  });

  it("fires a scheduled invocation once, at its time, even across a gateway restart", async () => {
    // Records when each delivery arrived, so the time compared is the delivery's.
    const clock = defineActor<{ got: { tag: string; at: number }[] }>({
      name: "Clock",
      kind: "unnamed",
      initialState: () => ({ got: [] }),
      actions: {
        tick: (input: { tag: string }, ctx) => ({ state: { got: [...ctx.state.got, { tag: input.tag, at: Date.now() }] } }),
        got: (_: unknown, ctx) => ({ reply: ctx.state.got }),
      },
    });
    const store = new MemoryStore();
    const first = await setup(store, [clock]);
    const ref = { system: "test", type: "Clock", name: uniqueName("c") };
    const at = Date.now() + 400;
    await first.c.invokeAsync(ref, "tick", { tag: "scheduled" }, { scheduledAt: new Date(at) });
    // A later one: once it has arrived, a second delivery of the first would have had all
    // the time it needs (retries back off at most 50 ms here).
    const later = at + 600;
    await first.c.invokeAsync(ref, "tick", { tag: "later" }, { scheduledAt: new Date(later) });
    await first.gw.close();
    const second = await setup(store, [clock]);
    await expect.poll(() => second.c.invoke(ref, "got"), { timeout: 5_000 }).toHaveLength(1);
    const [delivered] = (await second.c.invoke(ref, "got")) as { tag: string; at: number }[];
    expect(delivered!.tag).toBe("scheduled");
    expect(delivered!.at).toBeGreaterThanOrEqual(at);
    expect(delivered!.at).toBeLessThan(at + 1_000);
    await expect.poll(() => second.c.invoke(ref, "got"), { timeout: 5_000 }).toHaveLength(2);
    const got = (await second.c.invoke(ref, "got")) as { tag: string; at: number }[];
    expect(got.map((g) => g.tag)).toEqual(["scheduled", "later"]);
    expect(got[1]!.at).toBeGreaterThanOrEqual(later);
  });
});

describe("idempotency keys", () => {
  it("returns the first result for a repeated key and never runs twice, also for concurrent duplicates", async () => {
    const { c } = await setup();
    const to = uniqueName("r");
    const results = await Promise.all(
      Array.from({ length: 5 }, () => c.invokeRaw(rec(to), "record", { n: 1 }, { idempotencyKey: "k1" })),
    );
    const again = await c.invokeRaw(rec(to), "record", { n: 2 }, { idempotencyKey: "k1" });
    expect(new Set([...results, again].map((r) => r.invocationId)).size).toBe(1);
    expect(await c.invoke(rec(to), "get")).toHaveLength(1);
    await c.invoke(rec(to), "record", { n: 3 }, { idempotencyKey: "k2" });
    expect(await c.invoke(rec(to), "get")).toHaveLength(2);
  });

  it("keeps the result across deactivation (it is written with the state)", async () => {
    const store = new MemoryStore();
    const { c, gw } = await setup(store);
    const to = uniqueName("r");
    const first = await c.invokeRaw(rec(to), "record", { n: 1 }, { idempotencyKey: "once" });
    await gw.runtime.deactivate(rec(to) as never);
    const second = await c.invokeRaw(rec(to), "record", { n: 1 }, { idempotencyKey: "once" });
    expect(second.invocationId).toBe(first.invocationId);
    expect(second.revision).toBe(1n);
    expect(await c.invoke(rec(to), "get")).toHaveLength(1);
  });

  it("an async invoke with a key is enqueued and delivered once", async () => {
    const { c } = await setup();
    const to = uniqueName("r");
    const a = await c.invokeAsync(rec(to), "record", { n: 1 }, { idempotencyKey: "ak" });
    const b = await c.invokeAsync(rec(to), "record", { n: 1 }, { idempotencyKey: "ak" });
    expect(b).toBe(a);
    await expect.poll(() => c.invoke(rec(to), "get")).toHaveLength(1);
    const cId = await c.invokeAsync(rec(to), "record", { n: 1 }, { idempotencyKey: "ak" });
    expect(cId).toBe(a);
    expect(await c.invoke(rec(to), "get")).toHaveLength(1);
  });
});
