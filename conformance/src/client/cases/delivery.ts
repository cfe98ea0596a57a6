import { setTimeout as delay } from "node:timers/promises";
import { CaseFailure, expectEqual, expectTrue } from "../../assertions.js";
import { LOST_REPLY_MESSAGE } from "../../observer.js";
import { SYSTEM, type Json } from "../../contract.js";
import { createActorgateClient, fromPayload } from "@actorgate/client";
import { toClientPayload, type ClientCase, type ClientCaseContext, type Stream } from "../client-case.js";
import { expectOk } from "./expect.js";

const append = (value: string): Json => ({ steps: [{ append: { key: "log", value } }, { read: { key: "log" } }] });

/** Broadcasts warm-up payloads until the subscription reports one: then it is surely open. */
async function warmUp(t: ClientCaseContext, channel: string, stream: Stream): Promise<number> {
  let sent = 0;
  const deadline = Date.now() + 5_000;
  while (stream.events.length === 0) {
    if (Date.now() > deadline) await stream.waitFor(1, 0);
    await t.gateway.client.broadcast(SYSTEM, channel, { warmup: sent++ }, { action: "Warmup" });
    await Promise.race([stream.waitFor(1, 100).catch(() => undefined)]);
  }
  // Warm-ups still in flight arrive before anything broadcast from now on.
  await t.gateway.client.broadcast(SYSTEM, channel, { warmup: "last" }, { action: "Warmup" });
  await t.gateway.eventually("the last warm-up", async () => stream.events, (e) => e.some((x) => (x.payload as { warmup?: unknown } | undefined)?.warmup === "last"));
  return stream.events.length;
}

export const deliveryCases: ClientCase[] = [
  {
    name: "idempotency/repeated-key-runs-once",
    description:
      "Invokes Scripted.Process (append \"x\" to a list) twice with the same idempotency key, then once with another. " +
      "Asserts: the second call reports the first call's reply and invocation id, and the list holds two entries.",
    async run(t) {
      const name = t.name("idem");
      const call = (key: string) => t.invoke({ actor: { type: "Scripted", name }, action: "Process", payload: append("x"), idempotencyKey: key });
      const first = await call("key-1");
      const again = await call("key-1");
      const other = await call("key-2");
      for (const a of [first, again, other]) expectOk(a, "Scripted.Process with a key");
      expectEqual({ reply: again.reply, invocationId: again.invocationId }, { reply: first.reply, invocationId: first.invocationId }, "the repeated call's answer");
      expectEqual((await t.gateway.stateOf({ type: "Scripted", name })).state, { log: ["x", "x"] }, "the list after key-1, key-1, key-2");
    },
  },
  {
    name: "retries/lost-reply-is-not-run-twice",
    description:
      "Invokes Scripted.Process (append \"x\") with an idempotency key and retries allowed; the gateway runs the " +
      "first attempt and then answers unavailable instead of its reply (a reply lost on the way back). Asserts: the " +
      "client retried (2 attempts) with the same idempotency key, reports the first run's reply, and the list holds " +
      "one entry: a retry never runs an idempotent call twice.",
    features: ["retries"],
    async run(t) {
      const name = t.name("retry");
      t.observer.loseReplies(name, 1);
      const a = await t.invoke({ actor: { type: "Scripted", name }, action: "Process", payload: append("x"), idempotencyKey: "retry-key", retries: 2 });
      expectOk(a, "the retried call");
      expectEqual(t.observer.idempotencyKeysOf(name), ["retry-key", "retry-key"], "the idempotency key of each attempt the gateway received");
      expectEqual(a.attempts, 2, "attempts the client reported");
      expectEqual((a.reply as { trace?: unknown } | undefined)?.trace, [{ key: "log", found: true, value: ["x"] }], "the reply (the first run's)");
      expectEqual((await t.gateway.stateOf({ type: "Scripted", name })).state, { log: ["x"] }, "the list after the retried call");
    },
  },
  {
    name: "retries/unavailable-reported-when-retries-run-out",
    description:
      "Like retries/lost-reply-is-not-run-twice, but the gateway drops the reply of 3 attempts and the client may " +
      "retry twice. Asserts: the client reports unavailable with the gateway's message after 3 attempts, and the " +
      "list holds one entry.",
    features: ["retries"],
    async run(t) {
      const name = t.name("retry");
      t.observer.loseReplies(name, 3);
      const a = await t.invoke({ actor: { type: "Scripted", name }, action: "Process", payload: append("x"), idempotencyKey: "k", retries: 2 });
      expectEqual({ error: a.error, attempts: a.attempts }, { error: { code: "unavailable", message: LOST_REPLY_MESSAGE }, attempts: 3 }, "what the client reported");
      expectEqual((await t.gateway.stateOf({ type: "Scripted", name })).state, { log: ["x"] }, "the list");
    },
  },
  {
    name: "retries/not-retried-without-permission",
    description:
      "Invokes with an idempotency key and no retries allowed; the gateway drops the reply. Asserts: the client makes " +
      "exactly one attempt and reports unavailable.",
    features: ["retries"],
    async run(t) {
      const name = t.name("retry");
      t.observer.loseReplies(name, 1);
      const a = await t.invoke({ actor: { type: "Scripted", name }, action: "Process", payload: append("x"), idempotencyKey: "k" });
      expectEqual(a.error?.code, "unavailable", "the error code");
      expectEqual(t.observer.idempotencyKeysOf(name).length, 1, "attempts the gateway received");
    },
  },
  {
    name: "async/returns-an-invocation-id",
    description:
      "Invokes Recorder.Record asynchronously. Asserts: the client reports a non-empty invocation id and no reply, " +
      "and the Recorder receives the payload with that invocation id.",
    features: ["async"],
    async run(t) {
      const name = t.name("recorder");
      const a = await t.invoke({ actor: { type: "Recorder", name }, action: "Record", payload: { async: true }, async: true });
      expectOk(a, "the async invoke");
      expectTrue((a.invocationId ?? "") !== "", "an invocation id", { expected: "non-empty", actual: a.invocationId });
      expectEqual(a.reply, undefined, "the reply of an async invoke");
      const got = await t.gateway.eventually("the Recorder received it", () => t.gateway.received(name), (l) => l.length > 0);
      expectEqual({ payload: got[0]?.payload, invocationId: got[0]?.invocationId }, { payload: { async: true }, invocationId: a.invocationId }, "what the Recorder received");
    },
  },
  {
    name: "subscribe/events-in-order",
    description:
      "Subscribes to a fresh channel, waits until a warm-up broadcast arrives, then broadcasts {seq: 0} … {seq: 9} " +
      "one after another. Asserts: the client reports those ten events in broadcast order, each with the channel " +
      "name and the action, and reports the end of the stream when cancelled.",
    features: ["subscribe"],
    async run(t) {
      const channel = t.name("channel");
      const stream = t.subscribe(channel);
      const before = await warmUp(t, channel, stream);
      for (let seq = 0; seq < 10; seq++) await t.gateway.client.broadcast(SYSTEM, channel, { seq }, { action: "Record" });
      await stream.waitFor(before + 10);
      expectEqual(stream.events.slice(before), Array.from({ length: 10 }, (_, seq) => ({ channel, payload: { seq }, action: "Record" })), "the events after the warm-up");
      const end = await stream.cancel();
      expectOk(end, "the cancelled subscription");
      expectEqual(end.events, before + 10, "ClientResult.events of the subscription");
    },
  },
  {
    name: "subscribe/payload-kinds",
    description:
      "Subscribes to a fresh channel and broadcasts an object, a string, a number, a list, null and no payload. " +
      "Asserts: the client reports each payload as broadcast, null as null and the missing one as absent.",
    features: ["subscribe"],
    async run(t) {
      const channel = t.name("channel");
      const stream = t.subscribe(channel);
      const before = await warmUp(t, channel, stream);
      const payloads = [{ k: ["v", 1] }, "text ✓", 42, [1, 2], null, undefined];
      for (const p of payloads) await t.gateway.client.broadcast(SYSTEM, channel, p);
      await stream.waitFor(before + payloads.length);
      expectEqual(stream.events.slice(before).map((e) => e.payload), payloads, "the payloads after the warm-up");
      await stream.cancel();
    },
  },
  {
    name: "subscribe/stops-after-count",
    description:
      "Subscribes for exactly 3 events and keeps broadcasting. Asserts: the client reports 3 events, then the result " +
      "with events 3, and no event after it.",
    features: ["subscribe"],
    async run(t) {
      const channel = t.name("channel");
      const stream = t.subscribe(channel, { count: 3 });
      let finished = false;
      void stream.done.then(() => {
        finished = true;
      });
      for (let i = 0; !finished; i++) {
        if (i > 40) throw new CaseFailure("the subscription did not end after 40 broadcasts", { expected: "3 events, then the end", actual: stream.events });
        await t.gateway.client.broadcast(SYSTEM, channel, { i });
        await Promise.race([stream.done, delay(50)]);
      }
      const done = await stream.done;
      expectOk(done, "the subscription");
      expectEqual({ reported: stream.events.length, events: done.events }, { reported: 3, events: 3 }, "events reported");
    },
  },
  {
    name: "subscribe/action-filter",
    description:
      "Subscribes with action filter \"Keep\", then broadcasts with actions Drop, Keep, Drop, Keep (and warm-ups with Keep). " +
      "Asserts: the client reports only the Keep broadcasts, in order.",
    features: ["subscribe"],
    async run(t) {
      const channel = t.name("channel");
      const stream = t.subscribe(channel, { actionFilter: "Keep" });
      // Warm-ups must pass the filter to be seen.
      let sent = 0;
      await t.gateway.eventually("a warm-up seen", async () => {
        await t.gateway.client.broadcast(SYSTEM, channel, { warmup: sent++ }, { action: "Keep" });
        return stream.events.length;
      }, (n) => n > 0);
      await t.gateway.client.broadcast(SYSTEM, channel, { warmup: "last" }, { action: "Keep" });
      await t.gateway.eventually("the last warm-up", async () => stream.events, (e) => e.some((x) => (x.payload as { warmup?: unknown })?.warmup === "last"));
      const before = stream.events.length;
      for (const [n, action] of ["Drop", "Keep", "Drop", "Keep"].entries()) await t.gateway.client.broadcast(SYSTEM, channel, { n }, { action });
      await t.gateway.client.broadcast(SYSTEM, channel, { n: "end" }, { action: "Keep" });
      await stream.waitFor(before + 3);
      expectEqual(stream.events.slice(before).map((e) => e.payload), [{ n: 1 }, { n: 3 }, { n: "end" }], "events after the warm-up");
      await stream.cancel();
    },
  },
  {
    name: "broadcast/reaches-a-subscriber",
    description:
      "Opens a subscription with the runner's own client, then has the client under test broadcast {hello: \"world\"} " +
      "with metadata. Asserts: the client reports success and the subscriber receives the payload.",
    features: ["broadcast"],
    async run(t) {
      const channel = t.name("channel");
      const controller = new AbortController();
      t.signal.addEventListener("abort", () => controller.abort());
      const seen: unknown[] = [];
      const reading = (async () => {
        try {
          // A client of its own, without the case's tracing interceptor: connect-node
          // rejects unhandled when a finished stream's signal is aborted later.
          const subscriber = createActorgateClient({ url: t.gateway.env.gatewayUrl, httpVersion: "1.1" });
          for await (const e of subscriber.actors.subscribe({ system: SYSTEM, channel }, { signal: controller.signal })) {
            seen.push(fromPayload(e.payload));
          }
        } catch {
          // Aborted at the end of the case.
        }
      })();
      try {
        const a = await t.gateway.eventually(
          "a broadcast the subscriber saw",
          async () => {
            const payload = toClientPayload({ hello: "world" });
            const r = await t.command({ command: { case: "broadcast", value: { system: SYSTEM, channel, payload, metadata: { m: "1" } } } }, "broadcast");
            expectOk(r, "Broadcast");
            return r;
          },
          () => seen.length > 0,
        );
        expectOk(a, "Broadcast");
      } finally {
        controller.abort();
        await reading;
      }
      expectEqual(seen[0], { hello: "world" }, "what the subscriber received");
    },
  },
  {
    name: "activate/creates-and-reports",
    description:
      "Activates a fresh Scripted actor, sets a key through the gateway, and activates it again. Asserts: the first " +
      "answer reports created with revision 0, the second not created with revision 1.",
    features: ["activate"],
    async run(t) {
      const name = t.name("activate");
      const actor = { system: SYSTEM, type: "Scripted", name };
      const first = await t.command({ command: { case: "activate", value: { actors: [actor] } } }, "activate");
      expectOk(first, "the first Activate");
      await t.gateway.process(name, [{ set: { key: "a", value: 1 } }]);
      const second = await t.command({ command: { case: "activate", value: { actors: [actor] } } }, "activate again");
      expectOk(second, "the second Activate");
      const key = `${SYSTEM}/Scripted/${name}`;
      expectEqual([first.activated, second.activated], [[{ actor: key, revision: 0, created: true }], [{ actor: key, revision: 1, created: false }]], "the Activate answers");
    },
  },
  {
    name: "state/get-state",
    description:
      "Sets a=1 and b=[\"x\"] on a fresh Scripted actor through the gateway, then reads its state with the client. " +
      "Asserts: state {a: 1, b: [\"x\"]} at revision 1; for an actor that never ran, no state (absent) or not_found.",
    features: ["state"],
    async run(t) {
      const name = t.name("state");
      await t.gateway.process(name, [{ set: { key: "a", value: 1 } }, { set: { key: "b", value: ["x"] } }]);
      const a = await t.command({ command: { case: "getState", value: { actor: { system: SYSTEM, type: "Scripted", name } } } }, "getState");
      expectOk(a, "GetState");
      expectEqual({ state: a.state, revision: a.revision }, { state: { a: 1, b: ["x"] }, revision: 1 }, "the state the client reported");
      const none = await t.command({ command: { case: "getState", value: { actor: { system: SYSTEM, type: "Scripted", name: t.name("never") } } } }, "getState of a fresh actor");
      expectTrue(none.error ? none.error.code === "not_found" : none.state === undefined, "no state for an actor that never ran", { expected: "absent state or not_found", actual: none.error ?? none.state });
    },
  },
];
