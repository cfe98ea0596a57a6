// The NATS subject activator: messages on configured subjects become invocations of an
// actor action (see nats-activator-config.ts for the setting and README.md here).
//
// Core subjects (no `stream`) are consumed through a queue group, so with several gateway
// nodes each message is invoked once; delivery is at most once, as NATS core is. A
// message sent as a request gets the action's reply (or the error) as its response.
//
// Durable subjects (`stream`) go through a JetStream durable consumer, one message at a
// time per consumer, in stream order. A message is acknowledged only after its invocation
// succeeded; an error that may pass (unavailable, resource_exhausted, deadline_exceeded,
// internal, ...) gives it back to be redelivered after a backoff; an error that cannot
// pass by retrying (invalid_argument, not_found, failed_precondition, ...) is logged,
// reported and acknowledged, so one bad message never blocks the subject. Redeliveries
// carry the same invocation id (`nats:<stream>:<sequence>`) and the delivery count as
// `attempt`, so a host can recognise a repeat.

import { errorDetails } from "../error-details.js";
import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import { create, fromJson, toJson, type JsonValue } from "@bufbuild/protobuf";
import { AnySchema, ValueSchema } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Logger } from "pino";
import { actorKeyString, codeName, isRetryableCode } from "@actorgate/client/common";
import { PayloadSchema, type ActorRef, type Payload } from "@actorgate/client/gen";
import type { Bus, BusHeaders, BusMessage, Subscription } from "../bus/bus.js";
import { subjectMatches } from "../bus/wire-rules.js";
import type { DurableConsumer, DurableMessage, DurableOutcome } from "../bus/nats-durable-consumer.js";
import { GatewayError, invalidArgument, toConnectError } from "../errors.js";
import type { InvokeInput, InvokeOutput } from "../runtime/actor-runtime.js";
import type { NatsActivatorSpec } from "./nats-activator-config.js";

/** What the activator needs from the actor runtime. */
export interface ActivatorRuntime {
  invoke(input: InvokeInput): Promise<InvokeOutput>;
}

export interface NatsActivatorDeps {
  readonly runtime: ActivatorRuntime;
  readonly bus: Bus;
  readonly log: Logger;
  /** Deadline of an invocation when the spec sets no timeoutMs (ms). */
  readonly requestTimeoutMs: number;
  /** JetStream redelivery backoff; tests shorten it. Default 1000 ms × delivery count, at most 30 s. */
  readonly nakDelayMs?: number | ((deliveryCount: number) => number);
}

/** What happened to one message. */
export interface ActivatorOutcome {
  readonly subject: string;
  /** The spec's index in the setting. */
  readonly spec: number;
  /**
   * invoked: the action succeeded (durable: the message is acknowledged).
   * rejected: it failed for good and is not retried (durable: acknowledged anyway).
   * retry: it failed in a way that may pass; a durable message is redelivered.
   */
  readonly outcome: "invoked" | "rejected" | "retry";
  readonly actor?: string;
  /** Connect code of the failure. */
  readonly code?: string;
  readonly error?: string;
  /** Durable messages: stream sequence and delivery count. */
  readonly streamSequence?: number;
  readonly deliveryCount?: number;
}

/** What became of a durable message after its invocation: acknowledged, given back, or ack lost. */
export interface DurableSettlement {
  readonly spec: number;
  readonly subject: string;
  readonly streamSequence: number;
  readonly deliveryCount: number;
  readonly outcome: DurableOutcome;
}

export interface NatsActivatorEvents {
  outcome: [ActivatorOutcome];
  /** Durable subjects only: the ack (or nak) after each outcome. */
  settled: [DurableSettlement];
}

export interface NatsActivators {
  /** One event per message handled, for metrics and tests. */
  readonly events: EventEmitter<NatsActivatorEvents>;
  /**
   * Stops consuming: core subjects are unsubscribed and their running invocations
   * awaited; durable consumers finish the running message and hand back the prefetched
   * ones.
   */
  stop(): Promise<void>;
}

/** Headers of an error response to a request on a core subject. */
export const ERROR_CODE_HEADER = "actorgate-error-code";
export const ERROR_HEADER = "actorgate-error";
/** Header of a success response whose reply is a protobuf message: its type URL. */
export const TYPE_URL_HEADER = "actorgate-type-url";

const decoder = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/** Subscribes (core) and starts consumers (durable) for every spec. */
export async function startNatsActivators(specs: readonly NatsActivatorSpec[], deps: NatsActivatorDeps): Promise<NatsActivators> {
  const events = new EventEmitter<NatsActivatorEvents>();
  const subscriptions: Subscription[] = [];
  const consumers: DurableConsumer[] = [];
  const inflight = new Set<Promise<void>>();
  const report = (o: ActivatorOutcome): void => {
    if (o.outcome !== "invoked") {
      deps.log.warn(o, o.outcome === "retry" ? "activator invocation failed; will be retried" : "activator message rejected");
    }
    events.emit("outcome", o);
  };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      for (const s of subscriptions) s.unsubscribe();
      await Promise.all(consumers.map((c) => c.stop()));
      await Promise.all(inflight);
    })();
    return stopping;
  };

  try {
    for (const [index, spec] of specs.entries()) {
      if (spec.stream === undefined) {
        subscriptions.push(
          deps.bus.subscribe(spec.subject, (m) => {
            const done = handleCore(spec, index, m, deps, report);
            inflight.add(done);
            void done.finally(() => inflight.delete(done));
          }, { queue: spec.queue ?? defaultQueue(spec) }),
        );
      } else {
        consumers.push(await startDurable(spec, index, deps, report, (s) => events.emit("settled", s)));
      }
    }
    // Core subscriptions are live at the server before the gateway reports ready.
    if (subscriptions.length > 0) await deps.bus.flush();
  } catch (err) {
    await stop();
    throw err;
  }
  deps.log.info({ activators: specs.map((s) => `${s.subject} -> ${s.system}/${s.type}.${s.action}${s.stream ? ` (stream ${s.stream})` : ""}`) }, "NATS activators started");
  return { events, stop };
}

async function handleCore(
  spec: NatsActivatorSpec,
  index: number,
  m: BusMessage,
  deps: NatsActivatorDeps,
  report: (o: ActivatorOutcome) => void,
): Promise<void> {
  let actor: string | undefined;
  try {
    const input = toInvocation(spec, m.subject, m.data, m.headers, deps);
    actor = refString(input.actor);
    const out = await deps.runtime.invoke(input);
    report({ subject: m.subject, spec: index, outcome: "invoked", actor });
    m.respond?.(...replyOf(out.reply));
  } catch (err) {
    const ce = toConnectError(err);
    report({ subject: m.subject, spec: index, outcome: !isRetryableCode(ce.code) ? "rejected" : "retry", actor, code: codeName(ce.code), error: ce.rawMessage });
    m.respond?.(new Uint8Array(), { [ERROR_CODE_HEADER]: codeName(ce.code), [ERROR_HEADER]: oneLine(ce.rawMessage) });
  }
}

async function startDurable(
  spec: NatsActivatorSpec,
  index: number,
  deps: NatsActivatorDeps,
  report: (o: ActivatorOutcome) => void,
  settled: (s: DurableSettlement) => void,
): Promise<DurableConsumer> {
  const connection = (deps.bus as { readonly connection?: NatsConnection }).connection;
  if (connection === undefined) {
    throw new GatewayError(
      Code.FailedPrecondition,
      `natsActivators entry ${index} (${spec.subject}) sets "stream", which needs JetStream: run with --bus nats://host:4222, or drop "stream" to consume the subject without it`,
    );
  }
  // Loaded only here, so a gateway without durable activators never loads JetStream.
  const { startDurableConsumer } = await import("../bus/nats-durable-consumer.js");
  return startDurableConsumer(connection, {
    stream: spec.stream!,
    subjects: [spec.subject],
    storage: spec.storage,
    durable: spec.consumer!,
    maxDeliver: spec.maxDeliver,
    ackWaitMs: spec.ackWaitMs,
    nakDelayMs: deps.nakDelayMs,
    handler: (m) => handleDurable(spec, index, m, deps, report),
    onSettled: ({ message, outcome, error }) => {
      if (outcome === "ackFailed") deps.log.warn({ error: errorDetails(error), subject: message.subject, seq: message.streamSequence }, "activator ack did not reach NATS; the message will come again");
      settled({ spec: index, subject: message.subject, streamSequence: message.streamSequence, deliveryCount: message.deliveryCount, outcome });
    },
  });
}

/** Resolves to acknowledge, rejects to have the message redelivered. */
async function handleDurable(
  spec: NatsActivatorSpec,
  index: number,
  m: DurableMessage,
  deps: NatsActivatorDeps,
  report: (o: ActivatorOutcome) => void,
): Promise<void> {
  // The consumer reads the whole stream (nats-durable-consumer sets no filter subject), so
  // with several activators on one stream each sees the others' messages: ours only.
  if (!subjectMatches(spec.subject, m.subject)) return;
  const seen = { streamSequence: m.streamSequence, deliveryCount: m.deliveryCount };
  let actor: string | undefined;
  try {
    const input = {
      ...toInvocation(spec, m.subject, m.data, m.headers, deps),
      invocationId: `nats:${spec.stream}:${m.streamSequence}`,
      attempt: m.deliveryCount,
    };
    actor = refString(input.actor);
    await deps.runtime.invoke(input);
  } catch (err) {
    const ce = toConnectError(err);
    const terminal = !isRetryableCode(ce.code);
    report({ subject: m.subject, spec: index, outcome: terminal ? "rejected" : "retry", actor, code: codeName(ce.code), error: ce.rawMessage, ...seen });
    if (terminal) return;
    throw err;
  }
  report({ subject: m.subject, spec: index, outcome: "invoked", actor, ...seen });
}

/** The invocation a message asks for; invalid_argument when the message cannot be one. */
export function toInvocation(
  spec: NatsActivatorSpec,
  subject: string,
  data: Uint8Array,
  headers: BusHeaders,
  deps: Pick<NatsActivatorDeps, "requestTimeoutMs">,
): InvokeInput {
  let name = "";
  if (spec.nameToken !== undefined) {
    const token = subject.split(".")[spec.nameToken - 1];
    if (token === undefined) throw invalidArgument(`subject ${subject} has no token ${spec.nameToken} to take the actor name from`);
    name = token;
  } else if (spec.nameHeader !== undefined) {
    const value = headers[spec.nameHeader];
    if (value === undefined || value === "") throw invalidArgument(`message on ${subject} has no ${spec.nameHeader} header naming the actor`);
    name = value;
  }
  return {
    actor: { system: spec.system, type: spec.type, name } as ActorRef,
    action: spec.action,
    payload: toPayload(spec, subject, data),
    metadata: { ...headers, "nats-subject": subject },
    deadline: Date.now() + (spec.timeoutMs ?? deps.requestTimeoutMs),
  };
}

function toPayload(spec: NatsActivatorSpec, subject: string, data: Uint8Array): Payload | undefined {
  if (data.length === 0) return undefined;
  if (spec.typeUrl !== undefined) {
    return create(PayloadSchema, { kind: { case: "binary", value: create(AnySchema, { typeUrl: spec.typeUrl, value: data }) } });
  }
  let json: JsonValue;
  try {
    json = JSON.parse(decoder.decode(data)) as JsonValue;
  } catch (err) {
    throw invalidArgument(
      `message on ${subject} is not JSON (${(err as Error).message}); send JSON, or set "typeUrl" on the activator for protobuf bodies`,
    );
  }
  return create(PayloadSchema, { kind: { case: "json", value: fromJson(ValueSchema, json) } });
}

/** The body and headers of a successful response: JSON text, protobuf bytes, or empty. */
function replyOf(reply: Payload | undefined): [Uint8Array, BusHeaders?] {
  switch (reply?.kind.case) {
    case "json":
      return [encoder.encode(JSON.stringify(toJson(ValueSchema, reply.kind.value)))];
    case "binary":
      return [reply.kind.value.value, { [TYPE_URL_HEADER]: reply.kind.value.typeUrl }];
    default:
      return [new Uint8Array()];
  }
}

/**
 * One queue group per activator, the same on every node with the same setting. A shared
 * name would make two activators on overlapping subjects split messages between them.
 */
export function defaultQueue(spec: NatsActivatorSpec): string {
  const id = createHash("sha256").update(JSON.stringify([spec.subject, spec.system, spec.type, spec.action])).digest("hex");
  return `actorgate-activator-${id.slice(0, 16)}`;
}

function refString(ref: ActorRef | undefined): string {
  return ref ? actorKeyString(ref) : "";
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, " ");
}
