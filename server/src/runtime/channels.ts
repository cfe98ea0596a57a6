// Channels: broadcasts to subscribed actors and streams to external subscribers.
//
// Delivery. `publish` puts the broadcast on the bus (subject
// `actorgate.<system>.broadcast.<channel>`, see channel-subjects.ts) and delivers it on
// this node at once; every other node receives it from the bus and delivers it to its
// own actors. Who receives what on which node is in broadcast-targets.ts: active UNNAMED
// instances on every node; NAMED (activated if needed), POOLED and STATELESS types once,
// by the node it was published on.
//
// Order. Each delivery is `runtime.invoke`, i.e. a turn in the actor's mailbox. A node's
// deliveries go through one FIFO (delivery-queue.ts) that runs at most
// `deliveryConcurrency` at once and starts them strictly in the order they were queued;
// `invoke` posts to the mailbox before its first await (for calls without an idempotency
// key; "keeps per-publisher order" in test/channels guards this). `publish` queues all of
// a broadcast's deliveries before it returns, and the bus handler does the same for
// other nodes' broadcasts, which the bus hands over in one connection's publish order.
// So two broadcasts from one publisher reach each actor in publish order, on every node.
// Nothing is promised across channels or across publishers. Each delivery carries the
// broadcast's metadata plus `actorgate-channel`, and the publishing actor (if any) as caller.
//
// Failures. A delivery that fails (the type does not declare the action: not_found; the
// host rejects the payload: invalid_argument; a full mailbox: resource_exhausted; ...)
// is not counted in `delivered`. It is logged (one warn line per broadcast, with counts
// per code and a few samples), counted in `stats().failuresByCode`, and reported in the
// `delivered` event. `publish` resolves once every delivery on this node has settled.
//
// External subscribers. `subscribe` is one bus subscription per stream, so it sees
// broadcasts published on any node. Each stream buffers `subscriberBuffer` events; a
// slower client loses the oldest, counted in the next event's `dropped` field (see
// subscriber-queue.ts). A stream ends when the client cancels, and cleanly (after what
// it already buffered) when the gateway drains.

import { errorDetails } from "../error-details.js";
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { create } from "@bufbuild/protobuf";
import type { Logger } from "pino";
import { actorKeyString, codeName } from "@actorgate/client/common";
import { SubscribeResponseSchema, type ActorRef, type Payload, type SubscribeResponse } from "@actorgate/client/gen";
import { BusClosedError, BusInvalidArgumentError } from "../bus/bus.js";
import type { Bus, BusMessage, Subscription } from "../bus/bus.js";
import { invalidArgument, toConnectError, unavailable } from "../errors.js";
import type { Activation } from "./activation.js";
import type { InvokeInput, InvokeOutput } from "./invoke-types.js";
import type { BroadcastInput, BroadcastPublisher } from "./broadcast-publisher.js";
import { decodeEnvelope, encodeEnvelope } from "./broadcast-envelope.js";
import { planBroadcast, type BroadcastTarget } from "./broadcast-targets.js";
import { ALL_BROADCASTS, broadcastSubject, parseBroadcastSubject } from "./channel-subjects.js";
import { validateName } from "./names.js";
import type { Registry } from "./registry.js";
import { DeliveryQueue } from "./delivery-queue.js";
import { SubscriberQueue } from "./subscriber-queue.js";

export type { BroadcastInput } from "./broadcast-publisher.js";

/** What channels need from the actor runtime. */
export interface ChannelRuntime {
  active(): Iterable<Activation>;
  invoke(input: InvokeInput): Promise<InvokeOutput>;
}

export interface ChannelDeps {
  readonly runtime: ChannelRuntime;
  readonly registry: Pick<Registry, "types">;
  readonly bus: Bus;
  readonly log: Logger;
  readonly nodeId: string;
  /**
   * Events buffered per Subscribe stream; when a client reads slower, the oldest are
   * dropped and counted. Default 256.
   */
  readonly subscriberBuffer?: number;
  /** How long each delivery may wait in a mailbox and run, from its start (ms). Default 30000. */
  readonly deliveryTimeoutMs?: number;
  /**
   * Deliveries running at once on this node (the rest wait, in order). Bounds each host
   * call's wait so a large fan-out does not run into the call timeout. Default 256.
   */
  readonly deliveryConcurrency?: number;
}

/** A delivery that did not happen. */
export interface DeliveryFailure {
  /** `system/type/name` */
  readonly actor: string;
  readonly action: string;
  /** Connect code, e.g. "not_found". */
  readonly code: string;
  readonly message: string;
}

/** How one broadcast went on this node. */
export interface DeliveryReport {
  readonly system: string;
  readonly channel: string;
  /** True on the node it was published on. */
  readonly origin: boolean;
  readonly delivered: number;
  readonly failed: number;
  /** The first failures (at most 20). */
  readonly failures: readonly DeliveryFailure[];
}

export interface ChannelStats {
  /** Broadcasts published on this node. */
  readonly published: number;
  /** Broadcasts received from other nodes. */
  readonly received: number;
  /** Successful deliveries (actor turns) on this node. */
  readonly delivered: number;
  /** Failed deliveries on this node, by Connect code. */
  readonly failuresByCode: Readonly<Record<string, number>>;
  /** Bus messages on broadcast subjects that could not be decoded. */
  readonly malformed: number;
  /** Open Subscribe streams. */
  readonly streams: number;
  /** Deliveries running now, and waiting for a slot. */
  readonly deliveriesRunning: number;
  readonly deliveriesWaiting: number;
  /** Events dropped for slow subscribers. */
  readonly dropped: number;
}

export interface ChannelEvents {
  /** A broadcast's deliveries on this node have all settled. */
  delivered: [report: DeliveryReport];
  /** A Subscribe stream is listening (its bus subscription reached the server). */
  streamOpened: [system: string, channel: string];
  /** A Subscribe stream ended. */
  streamClosed: [system: string, channel: string, reason: "cancelled" | "drained"];
  /** An event was queued for a Subscribe stream. */
  streamQueued: [system: string, channel: string];
  /** An event was dropped for a slow subscriber. */
  streamDropped: [system: string, channel: string];
}

/** One delivery waiting in, or started from, the node's delivery queue. */
interface Delivery {
  readonly target: BroadcastTarget;
  readonly payload: Payload | undefined;
  readonly metadata: Record<string, string>;
  readonly publisher: ActorRef | undefined;
}

const FAILURE_SAMPLES = 20;
const LOGGED_SAMPLES = 3;

/**
 * Channels: broadcasts to subscribed actors (through their mailboxes) on every node,
 * and streams to external subscribers.
 */
export class Channels implements BroadcastPublisher {
  /** Delivery reports and stream life cycle, for metrics and tests. */
  readonly events = new EventEmitter<ChannelEvents>();
  readonly #deps: ChannelDeps;
  /** Distinguishes this instance's broadcasts when they come back from the bus. */
  readonly #origin: string;
  readonly #bufferSize: number;
  readonly #deliveryTimeoutMs: number;
  readonly #streams = new Set<SubscriberQueue<SubscribeResponse>>();
  readonly #deliveries: DeliveryQueue<Delivery>;
  readonly #failuresByCode: Record<string, number> = {};
  #subscription: Subscription | undefined;
  #closed = false;
  #published = 0;
  #received = 0;
  #delivered = 0;
  #malformed = 0;
  #dropped = 0;

  constructor(deps: ChannelDeps) {
    this.#deps = deps;
    this.#origin = `${deps.nodeId}/${randomUUID()}`;
    this.#bufferSize = deps.subscriberBuffer ?? 256;
    this.#deliveryTimeoutMs = deps.deliveryTimeoutMs ?? 30_000;
    if (!(this.#bufferSize >= 1)) throw new RangeError(`subscriberBuffer must be at least 1, got ${this.#bufferSize}`);
    this.#deliveries = new DeliveryQueue<Delivery>(deps.deliveryConcurrency ?? 256, (d) =>
      this.#deps.runtime.invoke({
        actor: d.target.actor,
        action: d.target.action,
        payload: d.payload,
        metadata: d.metadata,
        caller: d.publisher,
        deadline: Date.now() + this.#deliveryTimeoutMs,
      }),
    );
  }

  /** Starts receiving other nodes' broadcasts; resolves once the bus has the subscription. */
  async start(): Promise<void> {
    if (this.#subscription || this.#closed) return;
    this.#subscription = this.#deps.bus.subscribe(ALL_BROADCASTS, (m) => this.#onRemote(m));
    await this.#deps.bus.flush();
  }

  /**
   * Publishes a broadcast to every node and delivers it on this one. Resolves, once every
   * delivery here has settled, with the number that succeeded. Everything up to the
   * dispatch happens before the first await, so broadcasts published one after another
   * (even without awaiting) are delivered in that order.
   * @throws invalid_argument for bad names or a message the bus refuses; unavailable
   *   while the gateway drains or when the bus is closed.
   */
  async publish(msg: BroadcastInput): Promise<number> {
    if (this.#closed) throw unavailable("the gateway is shutting down; broadcast through another node");
    validateName("system", msg.system);
    validateName("channel", msg.channel);
    const action = msg.action ?? "";
    if (action !== "") validateName("action", action);
    const metadata = msg.metadata ?? {};
    const plan = planBroadcast(this.#deps.registry.types(msg.system), this.#deps.runtime.active(), {
      system: msg.system,
      channel: msg.channel,
      action,
      origin: true,
    });
    const { data, headers } = encodeEnvelope({
      origin: this.#origin,
      system: msg.system,
      channel: msg.channel,
      payload: msg.payload,
      action,
      publisher: msg.publisher,
      metadata,
      handled: plan.handled,
    });
    // The bus first: if it refuses the message (too large for NATS, bus closed) nothing
    // has been delivered anywhere and the caller gets the error.
    try {
      this.#deps.bus.publish(broadcastSubject(msg.system, msg.channel), data, headers);
    } catch (err) {
      if (err instanceof BusInvalidArgumentError) throw invalidArgument(`cannot broadcast on ${msg.channel}: ${err.message}`);
      if (err instanceof BusClosedError) throw unavailable("the bus is closed; the gateway is shutting down", err);
      throw unavailable(`cannot broadcast on ${msg.channel}: ${(err as Error).message}`, err);
    }
    this.#published++;
    const settled = this.#dispatch(plan.targets, msg.payload, metadata, msg.publisher, msg.channel);
    const report = await this.#report(msg.system, msg.channel, true, plan.targets, settled);
    return report.delivered;
  }

  /**
   * Streams a channel's broadcasts (from every node) until `signal` aborts or the gateway
   * drains. `actionFilter`, when not empty, keeps only broadcasts with that action override.
   */
  async *subscribe(system: string, channel: string, actionFilter: string, signal: AbortSignal): AsyncIterable<SubscribeResponse> {
    if (this.#closed) throw unavailable("the gateway is shutting down; subscribe through another node");
    validateName("system", system);
    validateName("channel", channel);
    if (actionFilter !== "") validateName("action_filter", actionFilter);
    if (signal.aborted) return;
    const queue = new SubscriberQueue<SubscribeResponse>(this.#bufferSize, () => {
      this.#dropped++;
      this.events.emit("streamDropped", system, channel);
    });
    let subscription: Subscription;
    try {
      subscription = this.#deps.bus.subscribe(broadcastSubject(system, channel), (m) => {
        let event: SubscribeResponse;
        try {
          event = decodeEnvelope(m, system).event;
        } catch (err) {
          this.#malformed++;
          this.#deps.log.warn({ error: errorDetails(err), subject: m.subject }, "ignoring a malformed broadcast");
          return;
        }
        if (actionFilter !== "" && event.action !== actionFilter) return;
        queue.push(event);
        this.events.emit("streamQueued", system, channel);
      });
    } catch (err) {
      throw unavailable(`cannot subscribe to ${system}/${channel}: ${(err as Error).message}`, err);
    }
    this.#streams.add(queue);
    const onAbort = () => queue.end(true);
    signal.addEventListener("abort", onAbort, { once: true });
    // Reported once the bus server has the subscription, so a test (or a node publishing
    // right after) cannot race it. A stream works without it.
    this.#deps.bus.flush().then(
      () => this.events.emit("streamOpened", system, channel),
      () => undefined,
    );
    try {
      for (;;) {
        const next = await queue.next();
        if (next === undefined) return;
        yield next.dropped === 0 ? next.event : create(SubscribeResponseSchema, { ...next.event, dropped: BigInt(next.dropped) });
      }
    } finally {
      subscription.unsubscribe();
      signal.removeEventListener("abort", onAbort);
      queue.end(true);
      this.#streams.delete(queue);
      this.events.emit("streamClosed", system, channel, this.#closed ? "drained" : "cancelled");
    }
  }

  /** Counters for metrics and admin views. */
  stats(): ChannelStats {
    return {
      published: this.#published,
      received: this.#received,
      delivered: this.#delivered,
      failuresByCode: { ...this.#failuresByCode },
      malformed: this.#malformed,
      streams: this.#streams.size,
      deliveriesRunning: this.#deliveries.running,
      deliveriesWaiting: this.#deliveries.waiting,
      dropped: this.#dropped,
    };
  }

  /**
   * Drains: refuses new broadcasts and streams, stops receiving other nodes' broadcasts,
   * and ends every open stream after the events it already buffered.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#subscription?.unsubscribe();
    this.#subscription = undefined;
    for (const queue of this.#streams) queue.end(false);
  }

  // --- delivery -------------------------------------------------------------------

  #onRemote(message: BusMessage): void {
    const where = parseBroadcastSubject(message.subject);
    if (where === undefined) return;
    let envelope: ReturnType<typeof decodeEnvelope>;
    try {
      envelope = decodeEnvelope(message, where.system);
    } catch (err) {
      this.#malformed++;
      this.#deps.log.warn({ error: errorDetails(err), subject: message.subject }, "ignoring a malformed broadcast");
      return;
    }
    // Already delivered here by publish().
    if (envelope.origin === this.#origin || this.#closed) return;
    this.#received++;
    const plan = planBroadcast(this.#deps.registry.types(where.system), this.#deps.runtime.active(), {
      system: where.system,
      channel: where.channel,
      action: envelope.action,
      origin: false,
      handledByOrigin: envelope.handled,
    });
    if (plan.targets.length === 0) return;
    const settled = this.#dispatch(plan.targets, envelope.payload, envelope.metadata, envelope.publisher, where.channel);
    void this.#report(where.system, where.channel, false, plan.targets, settled);
  }

  /** Queues every delivery now, in order; see the note on order at the top. */
  #dispatch(
    targets: readonly BroadcastTarget[],
    payload: Payload | undefined,
    metadata: Readonly<Record<string, string>>,
    publisher: ActorRef | undefined,
    channel: string,
  ): Promise<PromiseSettledResult<unknown>[]> {
    const withChannel = { ...metadata, "actorgate-channel": channel };
    const calls: Promise<unknown>[] = new Array(targets.length);
    for (let i = 0; i < targets.length; i++) {
      calls[i] = this.#deliveries.push({ target: targets[i]!, payload, metadata: withChannel, publisher });
    }
    return Promise.allSettled(calls);
  }

  async #report(
    system: string,
    channel: string,
    origin: boolean,
    targets: readonly BroadcastTarget[],
    settled: Promise<PromiseSettledResult<unknown>[]>,
  ): Promise<DeliveryReport> {
    const results = await settled;
    let delivered = 0;
    const failures: DeliveryFailure[] = [];
    const byCode: Record<string, number> = {};
    for (let i = 0; i < results.length; i++) {
      const r = results[i]!;
      if (r.status === "fulfilled") {
        delivered++;
        continue;
      }
      const err = toConnectError(r.reason);
      const code = codeName(err.code);
      byCode[code] = (byCode[code] ?? 0) + 1;
      this.#failuresByCode[code] = (this.#failuresByCode[code] ?? 0) + 1;
      if (failures.length < FAILURE_SAMPLES) {
        const t = targets[i]!;
        failures.push({ actor: actorKeyString(t.actor), action: t.action, code, message: err.rawMessage });
      }
    }
    this.#delivered += delivered;
    const failed = results.length - delivered;
    if (failed > 0) {
      this.#deps.log.warn(
        { system, channel, delivered, failed, byCode, samples: failures.slice(0, LOGGED_SAMPLES) },
        `broadcast on ${system}/${channel} was not delivered to ${failed} of ${results.length} subscribers`,
      );
    }
    const report: DeliveryReport = { system, channel, origin, delivered, failed, failures };
    this.events.emit("delivered", report);
    return report;
  }
}
