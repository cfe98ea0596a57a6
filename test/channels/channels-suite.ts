// What channels must do on every bus. Each bus's test file runs this suite (like
// test/bus/bus-contract.ts), so MemoryBus and NatsBus deployments behave the same.
// Every test uses its own system and channel: on NATS their subjects are global.

import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import pino from "pino";
import { toPayload, fromPayload } from "@actorgate/client";
import type { ActorRef } from "@actorgate/client/gen";
import type { ConfigInput } from "../../server/src/config.js";
import type { Gateway } from "../../server/src/gateway.js";
import type { DeliveryReport } from "../../server/src/runtime/channels.js";
import { ERROR_CODE_HEADER, ERROR_HEADER } from "../../server/src/activators/nats-subject-activator.js";
import { client, startGateway, startHost } from "../support/harness.js";
import { channelActors, Recorder } from "./support/recorder.js";
import { openStream, PROTOCOLS } from "./support/streams.js";
import type { BusNetwork } from "./support/networks.js";
import { events, nextEvent } from "./support/waits.js";

/**
 * For tests that run hundreds of host turns one after another per actor: they take a few
 * seconds on an idle machine and much longer when other suites share the two cores.
 */
const HEAVY = 120_000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A system and channel no other test (or concurrent run) uses. */
function names() {
  const id = randomUUID().slice(0, 8);
  return { system: `chan-${id}`, channel: `news-${id}` };
}

const ref = (system: string, type: string, name: string) => ({ system, type, name }) as ActorRef;
const listeners = (system: string, n: number, prefix = "l") =>
  Array.from({ length: n }, (_, i) => ({ system, type: "Listener", name: `${prefix}${i}` }));

export function channelsSuite(network: BusNetwork): void {
  describe(`channels on ${network.name}`, () => {
    /** A gateway node on this network, with one host serving the channel actors. */
    async function node(system: string, channel: string, recorder: Recorder, overrides: ConfigInput = {}, log?: pino.Logger) {
      const bus = await network.bus();
      const gw = await startGateway(overrides, log ? { bus, log } : { bus });
      await startHost(gw, channelActors(recorder, channel), { system });
      return gw;
    }
    const activate = async (gw: Gateway, actors: { system: string; type: string; name: string }[]) => {
      for (let i = 0; i < actors.length; i += 1000) await client(gw).activate(actors.slice(i, i + 1000));
    };
    /** NAMED stateful types activate at registration; tests that need it inactive wait and deactivate. */
    const deactivateSingleton = async (gw: Gateway, system: string) => {
      const singleton = ref(system, "Singleton", "Singleton");
      if (!gw.runtime.find(singleton)) await nextEvent(gw.runtime.events, "activated", (key) => key.includes("/Singleton/"));
      await gw.runtime.deactivate(singleton);
      expect(gw.runtime.find(singleton)).toBeUndefined();
    };

    it("fans out to every active subscribed instance and activates the NAMED subscriber", async () => {
      const { system, channel } = names();
      const rec = new Recorder();
      const gw = await node(system, channel, rec);
      await deactivateSingleton(gw, system);
      const n = 300;
      await activate(gw, [...listeners(system, n), { system, type: "Deaf", name: "d0" }]);

      const delivered = await client(gw).broadcast(system, channel, { hello: "all" }, { metadata: { trace: "t-1" } });

      expect(delivered).toBe(n + 1);
      expect(rec.all).toHaveLength(n + 1);
      const reached = rec.all.map((d) => `${d.type}/${d.name}`).sort();
      expect(reached).toEqual([...listeners(system, n).map((l) => `Listener/${l.name}`), "Singleton/Singleton"].sort());
      for (const d of rec.all) {
        expect(d.action).toBe("hear");
        expect(d.input).toEqual({ hello: "all" });
        expect(d.metadata).toMatchObject({ trace: "t-1", "actorgate-channel": channel });
        expect(d.caller).toBeUndefined();
      }
      // The broadcast is what brought the NAMED actor up.
      expect(gw.runtime.find(ref(system, "Singleton", "Singleton"))).toBeDefined();
      // Not a subscriber, and inactive instances are not invented.
      expect(rec.all.some((d) => d.type === "Deaf")).toBe(false);
      expect(gw.channels.stats()).toMatchObject({ published: 1, delivered: n + 1 });
    }, HEAVY);

    it("keeps per-publisher order: 100 broadcasts published back to back reach each actor in order", async () => {
      const { system, channel } = names();
      const rec = new Recorder();
      const gw = await node(system, channel, rec);
      await activate(gw, listeners(system, 5));
      const publisher = ref(system, "Listener", "l0");
      const count = 100;
      // Not awaited one by one: order must come from publish itself, not from the caller.
      const all = Array.from({ length: count }, (_, seq) =>
        gw.channels.publish({ system, channel, payload: toPayload({ seq }), publisher }),
      );
      await Promise.all(all);
      const expected = Array.from({ length: count }, (_, seq) => ({ seq }));
      for (const name of ["l0", "l1", "l2", "l3", "l4"]) expect(rec.inputsOf("Listener", name)).toEqual(expected);
      expect(rec.inputsOf("Singleton", "Singleton")).toEqual(expected);
      expect(new Set(rec.all.map((d) => d.caller))).toEqual(new Set([`${system}/Listener/l0`]));
    }, HEAVY);

    it("reports what it could not deliver: an undeclared action, a payload the action rejects", async () => {
      const { system, channel } = names();
      const rec = new Recorder();
      const lines: Record<string, unknown>[] = [];
      const log = pino({ level: "warn" }, new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
      const gw = await node(system, channel, rec, {}, log);
      await activate(gw, [...listeners(system, 3), { system, type: "Picky", name: "p0" }, { system, type: "Picky", name: "p1" }]);

      // Picky rejects this payload (invalid_argument from the host); the rest take it.
      const reports: DeliveryReport[] = [];
      gw.channels.events.on("delivered", (r) => reports.push(r));
      expect(await client(gw).broadcast(system, channel, { text: "no n" })).toBe(4);
      expect(reports[0]).toMatchObject({ origin: true, delivered: 4, failed: 2 });
      expect(reports[0]!.failures.map((f) => [f.actor, f.action, f.code]).sort()).toEqual([
        [`${system}/Picky/p0`, "strict", "invalid_argument"],
        [`${system}/Picky/p1`, "strict", "invalid_argument"],
      ]);

      // An action override that no subscribed type declares: reported per actor as not_found.
      expect(await client(gw).broadcast(system, channel, { n: 1 }, { action: "nosuch" })).toBe(0);
      expect(reports[1]).toMatchObject({ delivered: 0, failed: 3 + 2 + 1 });
      expect(new Set(reports[1]!.failures.map((f) => f.code))).toEqual(new Set(["not_found"]));
      expect(reports[1]!.failures[0]!.message).toContain('has no action "nosuch"');

      expect(gw.channels.stats().failuresByCode).toEqual({ invalid_argument: 2, not_found: 6 });
      const warned = lines.filter((l) => String(l["msg"]).startsWith(`broadcast on ${system}/${channel} was not delivered`));
      expect(warned.map((l) => [l["failed"], l["byCode"]])).toEqual([
        [2, { invalid_argument: 2 }],
        [6, { not_found: 6 }],
      ]);
    });

    it("streams to Connect, gRPC and gRPC-Web subscribers, with an action filter, until they cancel", async () => {
      const { system, channel } = names();
      const bus = await network.bus();
      const gw = await startGateway({}, { bus });
      await startHost(gw, channelActors(new Recorder(), channel), { system });
      const opened = events(gw.channels.events, "streamOpened", PROTOCOLS.length + 1);
      const streams = PROTOCOLS.map((p) => openStream(p, gw, { system, channel }));
      const filtered = openStream("connect", gw, { system, channel, actionFilter: "special" });
      await opened;
      expect(gw.channels.stats().streams).toBe(4);

      const publisher = ref(system, "Listener", "x");
      await client(gw).broadcast(system, channel, { n: 1 });
      await client(gw).broadcast(system, channel, { n: 2 }, { action: "special" });
      await gw.channels.publish({ system, channel, payload: toPayload({ n: 3 }), publisher });

      for (const s of streams) {
        const got = await s.waitFor(3);
        expect(got.map((e) => [e.channel, fromPayload(e.payload), e.action, e.dropped]), s.protocol).toEqual([
          [channel, { n: 1 }, "", 0n],
          [channel, { n: 2 }, "special", 0n],
          [channel, { n: 3 }, "", 0n],
        ]);
        expect(got[2]!.publisher).toMatchObject({ system, type: "Listener", name: "x" });
        expect(got[0]!.publisher).toBeUndefined();
      }
      expect((await filtered.waitFor(1)).map((e) => fromPayload(e.payload))).toEqual([{ n: 2 }]);

      const closed = events(gw.channels.events, "streamClosed", 4, (_s, _c, reason) => reason === "cancelled");
      for (const s of [...streams, filtered]) s.cancel();
      await closed;
      expect(await Promise.all([...streams, filtered].map((s) => s.ended))).toEqual(["canceled", "canceled", "canceled", "canceled"]);
      expect(gw.channels.stats().streams).toBe(0);

      // Nothing is left listening. A new stream is the control: once it has the probe, the
      // bus has routed it to every subscription of the channel, and the flush makes sure
      // any other copy was handled too. Only the control's queue may have taken it; a
      // cancelled stream whose bus subscription leaked would queue it too. The probe
      // carries the filtered stream's action, so no filter would hide such a leak.
      const reopened = nextEvent(gw.channels.events, "streamOpened", (sys, ch) => sys === system && ch === channel);
      const control = openStream("connect", gw, { system, channel });
      await reopened;
      expect(gw.channels.stats().streams).toBe(1);
      let queued = 0;
      const countQueued = (sys: string, ch: string) => void (sys === system && ch === channel && queued++);
      gw.channels.events.on("streamQueued", countQueued);
      try {
        await client(gw).broadcast(system, channel, { n: 4 }, { action: "special" });
        expect((await control.waitFor(1)).map((e) => [fromPayload(e.payload), e.action])).toEqual([[{ n: 4 }, "special"]]);
        await bus.flush();
      } finally {
        gw.channels.events.off("streamQueued", countQueued);
      }
      expect(queued).toBe(1);
      expect(streams.map((s) => s.events.length)).toEqual([3, 3, 3]);
      expect(filtered.events).toHaveLength(1);
    });

    it("ends every stream cleanly when the gateway drains", async () => {
      const { system, channel } = names();
      const gw = await node(system, channel, new Recorder());
      const opened = events(gw.channels.events, "streamOpened", PROTOCOLS.length);
      const streams = PROTOCOLS.map((p) => openStream(p, gw, { system, channel }));
      await opened;
      await client(gw).broadcast(system, channel, { n: 1 });
      for (const s of streams) await s.waitFor(1);

      await gw.close();

      expect(await Promise.all(streams.map((s) => s.ended))).toEqual(["ok", "ok", "ok"]);
      expect(gw.channels.stats().streams).toBe(0);
      await expect(gw.channels.publish({ system, channel, payload: undefined })).rejects.toThrow(/shutting down/);
    });

    it("bounds a slow subscriber: the oldest events are dropped and counted in `dropped`", async () => {
      const { system, channel } = names();
      const gw = await node(system, channel, new Recorder(), { subscribeBufferSize: 4 });
      const opened = nextEvent(gw.channels.events, "streamOpened");
      const abort = new AbortController();
      const stream = client(gw).actors.subscribe({ system, channel }, { signal: abort.signal })[Symbol.asyncIterator]();
      const first = stream.next();
      await opened;
      await gw.channels.publish({ system, channel, payload: toPayload({ seq: 0 }) });
      expect(fromPayload((await first).value!.payload)).toEqual({ seq: 0 });

      // The client stops reading. 200 broadcasts of 32 KiB fill the socket and h2 windows
      // long before the end, so the gateway must drop (and count) rather than buffer.
      const total = 200;
      const filler = "x".repeat(32 * 1024);
      const queued = events(gw.channels.events, "streamQueued", total);
      for (let seq = 1; seq <= total; seq++) void gw.channels.publish({ system, channel, payload: toPayload({ seq, filler }) });
      await queued;
      expect(gw.channels.stats().dropped).toBeGreaterThan(0);

      const seqs: number[] = [];
      let dropped = 0;
      for (;;) {
        const { value, done } = await stream.next();
        expect(done).toBe(false);
        const seq = (fromPayload(value!.payload) as { seq: number }).seq;
        seqs.push(seq);
        dropped += Number(value!.dropped);
        if (seq === total) break;
      }
      abort.abort();
      // Newest kept, oldest dropped, order intact, and every broadcast accounted for.
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(seqs.length + dropped).toBe(total);
      expect(dropped).toBe(gw.channels.stats().dropped);
      expect(seqs.slice(-4)).toEqual([total - 3, total - 2, total - 1, total]);
    }, HEAVY);

    it("broadcasts across two gateway nodes sharing the bus; NAMED delivered once, by the publishing node", async () => {
      const { system, channel } = names();
      const rec = new Recorder();
      const a = await node(system, channel, rec);
      const b = await node(system, channel, rec);
      await activate(a, listeners(system, 5, "a"));
      await activate(b, listeners(system, 20, "b"));
      const streamOnB = openStream("connect", b, { system, channel });
      // Both nodes activated their own Singleton at registration.
      for (const gw of [a, b]) {
        if (!gw.runtime.find(ref(system, "Singleton", "Singleton"))) await nextEvent(gw.runtime.events, "activated", (k) => k.includes("/Singleton/"));
      }
      const opened = nextEvent(b.channels.events, "streamOpened");
      await opened;

      const onB = nextEvent(b.channels.events, "delivered", (r) => r.channel === channel);
      // A counts what it delivered itself: its 5 listeners and the Singleton.
      expect(await client(a).broadcast(system, channel, { from: "a" })).toBe(6);
      const [reportB] = await onB;
      expect(reportB).toMatchObject({ origin: false, delivered: 20, failed: 0 });
      expect(rec.all.filter((d) => d.name.startsWith("a"))).toHaveLength(5);
      expect(rec.all.filter((d) => d.name.startsWith("b"))).toHaveLength(20);
      // Active on both nodes, delivered once: by the node it was published on.
      expect(rec.inputsOf("Singleton", "Singleton")).toEqual([{ from: "a" }]);
      expect((await streamOnB.waitFor(1)).map((e) => fromPayload(e.payload))).toEqual([{ from: "a" }]);

      // Inactive everywhere: only the publishing node activates it.
      await deactivateSingleton(a, system);
      await deactivateSingleton(b, system);
      const onA = nextEvent(a.channels.events, "delivered", (r) => r.channel === channel);
      expect(await client(b).broadcast(system, channel, { from: "b" })).toBe(21);
      await onA;
      expect(rec.inputsOf("Singleton", "Singleton")).toEqual([{ from: "a" }, { from: "b" }]);
      expect(b.runtime.find(ref(system, "Singleton", "Singleton"))).toBeDefined();
      expect(a.runtime.find(ref(system, "Singleton", "Singleton"))).toBeUndefined();
      expect(a.channels.stats().received).toBe(1);
    });

    it("keeps per-publisher order on the other node too", async () => {
      const { system, channel } = names();
      const rec = new Recorder();
      const a = await node(system, channel, rec);
      const b = await node(system, channel, rec);
      await activate(b, listeners(system, 3));
      const count = 100;
      const done = events(b.channels.events, "delivered", count, (r) => r.channel === channel);
      for (let seq = 0; seq < count; seq++) void a.channels.publish({ system, channel, payload: toPayload({ seq }) });
      await done;
      const expected = Array.from({ length: count }, (_, seq) => ({ seq }));
      for (const name of ["l0", "l1", "l2"]) expect(rec.inputsOf("Listener", name)).toEqual(expected);
    }, HEAVY);

    it("delivers a host result's broadcast from the announcing actor, in turn order", async () => {
      const { system, channel } = names();
      const rec = new Recorder();
      const gw = await node(system, channel, rec);
      await activate(gw, listeners(system, 3));
      const opened = nextEvent(gw.channels.events, "streamOpened");
      const stream = openStream("connect", gw, { system, channel });
      await opened;
      const announcer = ref(system, "Announcer", "a1");
      const count = 50;
      const deadline = Date.now() + 30_000;
      // Posted in order into the announcer's mailbox, so its turns (and broadcasts) run in order.
      const calls = Array.from({ length: count }, (_, seq) =>
        gw.runtime.invoke({ actor: announcer, action: "announce", payload: toPayload({ seq }), deadline }),
      );
      await Promise.all(calls);
      const expected = Array.from({ length: count }, (_, seq) => ({ seq }));
      await rec.count(count * 4);
      for (const name of ["l0", "l1", "l2"]) expect(rec.inputsOf("Listener", name)).toEqual(expected);
      expect(rec.inputsOf("Singleton", "Singleton")).toEqual(expected);
      expect(new Set(rec.all.map((d) => d.caller))).toEqual(new Set([`${system}/Announcer/a1`]));
      const seen = await stream.waitFor(count);
      expect(seen.map((e) => fromPayload(e.payload))).toEqual(expected);
      expect(seen[0]!.publisher).toMatchObject({ system, type: "Announcer", name: "a1" });
    }, HEAVY);

    it("turns messages on an activator subject into invocations, and answers requests", async () => {
      const { system, channel } = names();
      const prefix = `test.${randomUUID().replaceAll("-", "")}`;
      const rec = new Recorder();
      const natsActivators = JSON.stringify([
        { subject: `${prefix}.orders.*.placed`, system, type: "Listener", action: "hear", nameToken: 4 },
        { subject: `${prefix}.named`, system, type: "Listener", action: "hear", nameHeader: "actor-name" },
        { subject: `${prefix}.strict`, system, type: "Picky", action: "strict", nameHeader: "actor-name" },
        // Overlaps the first: each activator gets every message it matches.
        { subject: `${prefix}.orders.>`, system, type: "Deaf", action: "hear", nameToken: 4 },
      ]);
      await node(system, channel, rec, { natsActivators });
      // On MemoryBus this is the gateway's own bus; on NATS another connection.
      const bus = await network.bus();

      bus.publish(`${prefix}.orders.o-1.placed`, encoder.encode('{"qty": 2}'), { "x-trace": "abc" });
      await rec.count(2);
      expect(rec.all.find((d) => d.type === "Deaf")).toMatchObject({ name: "o-1", input: { qty: 2 } });
      rec.all.splice(rec.all.findIndex((d) => d.type === "Deaf"), 1);
      expect(rec.all[0]).toMatchObject({
        type: "Listener",
        name: "o-1",
        action: "hear",
        input: { qty: 2 },
        metadata: { "x-trace": "abc", "nats-subject": `${prefix}.orders.o-1.placed` },
      });

      const reply = await bus.request(`${prefix}.named`, encoder.encode('"hi"'), { timeoutMs: 5000, headers: { "actor-name": "h-1" } });
      expect(JSON.parse(decoder.decode(reply.data))).toEqual({ heard: "hi" });
      expect(rec.all[1]).toMatchObject({ name: "h-1", input: "hi" });

      const bad = await bus.request(`${prefix}.named`, encoder.encode("{oops"), { timeoutMs: 5000, headers: { "actor-name": "h-1" } });
      expect(bad.headers[ERROR_CODE_HEADER]).toBe("invalid_argument");
      expect(bad.headers[ERROR_HEADER]).toContain("is not JSON");
      const noName = await bus.request(`${prefix}.named`, encoder.encode("1"), { timeoutMs: 5000 });
      expect(noName.headers[ERROR_HEADER]).toContain("no actor-name header");
      const rejected = await bus.request(`${prefix}.strict`, encoder.encode("{}"), { timeoutMs: 5000, headers: { "actor-name": "p" } });
      expect(rejected.headers[ERROR_CODE_HEADER]).toBe("invalid_argument");
      expect(rec.all).toHaveLength(2);
    });
  });
}
