// RabbitMQ (AMQP 0-9-1) activators. Each consumes one queue and acknowledges a message
// only after its invocation succeeded (or, async, was durably queued). Replies go to the
// message's `reply_to` queue with its `correlation_id`. A failure that may pass is retried
// by publishing the message again (header `x-actorgate-attempt`) and then acknowledging
// the original, publisher-confirmed, so a broker restart between the two can duplicate a
// delivery but never lose one; after `maxDeliveries` attempts, or at once for a failure no
// retry can fix (invalid_argument, not_found…), the message goes to the dead-letter queue
// with the reason in `x-actorgate-error` / `x-actorgate-error-code`. A lost connection is
// re-established with backoff; unacknowledged messages come again from the broker, and
// the message id (when set) is the idempotency key, so they do not run twice.
// Only this file imports amqplib.

import amqp, { type ChannelModel, type ConfirmChannel, type ConsumeMessage } from "amqplib";
import type { Logger } from "pino";
import { errorDetails } from "../error-details.js";
import type { AmqpSpec } from "./activator-config.js";
import type { ActivatorDelivery } from "./activator-delivery.js";
import { mapMessage, parseJsonBody } from "./activator-mapping.js";
import type { ActivatorCounters } from "./activator-stats.js";
import type { Lookup } from "./activator-template.js";
import { replyJson } from "./http-response.js";
import { deliverCall, retryDelay } from "./message-delivery.js";
import type { Registry } from "@bufbuild/protobuf";

export interface AmqpDeps {
  readonly delivery: ActivatorDelivery;
  readonly log: Logger;
  readonly descriptors: Registry;
  readonly requestTimeoutMs: number;
  /** First reconnect wait (ms), doubled up to 5 s. Default 200. */
  readonly reconnectMs?: number;
}

export interface AmqpActivator {
  stop(): Promise<void>;
}

export const ATTEMPT_HEADER = "x-actorgate-attempt";
export const ERROR_HEADER = "x-actorgate-error";
export const ERROR_CODE_HEADER = "x-actorgate-error-code";

export async function startAmqpActivator(spec: AmqpSpec, counters: ActivatorCounters, deps: AmqpDeps): Promise<AmqpActivator> {
  let stopped = false;
  let model: ChannelModel | undefined;
  let channel: ConfirmChannel | undefined;
  let consumerTag: string | undefined;
  const inflight = new Set<Promise<void>>();
  let reconnectTimer: NodeJS.Timeout | undefined;

  const open = async (): Promise<void> => {
    // Named, so an operator sees in the broker which activator a connection belongs to.
    const m = await amqp.connect(spec.url, { clientProperties: { connection_name: `actorgate-${spec.id}` } });
    const ch = await m.createConfirmChannel();
    m.on("error", (err: Error) => deps.log.warn({ activator: spec.id, error: errorDetails(err) }, "RabbitMQ connection error"));
    m.on("close", () => {
      if (stopped) return;
      deps.log.warn({ activator: spec.id }, "RabbitMQ connection closed; reconnecting");
      scheduleReconnect(deps.reconnectMs ?? 200);
    });
    await ch.prefetch(spec.prefetch);
    if (spec.declare) {
      await ch.assertQueue(spec.queue, { durable: true });
      await ch.assertQueue(spec.deadLetterQueue, { durable: true });
    }
    model = m;
    channel = ch;
    const reply = await ch.consume(spec.queue, (msg) => {
      if (!msg) return; // the queue was deleted: the broker cancelled us
      const done = handle(ch, msg);
      inflight.add(done);
      void done.finally(() => inflight.delete(done));
    });
    consumerTag = reply.consumerTag;
  };

  const scheduleReconnect = (wait: number): void => {
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => {
      open().then(
        () => deps.log.info({ activator: spec.id }, "RabbitMQ reconnected"),
        (err: unknown) => {
          deps.log.warn({ activator: spec.id, error: errorDetails(err) }, "RabbitMQ reconnect failed");
          if (!stopped) scheduleReconnect(Math.min(wait * 2, 5000));
        },
      );
    }, wait);
  };

  const handle = async (ch: ConfirmChannel, msg: ConsumeMessage): Promise<void> => {
    counters.received++;
    const headers = (msg.properties.headers ?? {}) as Record<string, unknown>;
    const attempt = Number(headers[ATTEMPT_HEADER] ?? 0) + 1;
    const p = msg.properties;
    const lookup: Lookup = (ref) => {
      if (ref.startsWith("header.")) {
        const v = headers[ref.slice(7)];
        return v === undefined || v === null ? undefined : String(v);
      }
      const value = ref === "routingKey" ? msg.fields.routingKey : ref === "messageId" ? p.messageId : ref === "correlationId" ? p.correlationId : ref === "type" ? p.type : undefined;
      return value === undefined || value === null ? undefined : String(value);
    };
    const result = await deliverCall(
      deps.delivery,
      spec,
      () => mapMessage(spec, lookup, parseJsonBody(msg.content, `message on queue ${spec.queue}`), p.messageId ? `amqp:${p.messageId}` : undefined),
      { requestTimeoutMs: deps.requestTimeoutMs, attempt, ...(p.messageId ? { invocationId: `amqp:${spec.queue}:${p.messageId}` } : {}) },
    );
    try {
      if (result.ok) {
        counters.invoked++;
        if (p.replyTo) {
          const body = replyJson(result.reply, deps.descriptors);
          ch.sendToQueue(p.replyTo, Buffer.from(body === undefined ? "" : JSON.stringify(body)), {
            correlationId: p.correlationId,
            contentType: "application/json",
            headers: { "x-actorgate-invocation-id": result.invocationId },
          });
          await ch.waitForConfirms();
        }
        ch.ack(msg);
        return;
      }
      counters.failed++;
      if (result.retryable && attempt < spec.maxDeliveries) {
        deps.log.warn({ activator: spec.id, attempt, code: result.code, error: result.message }, "RabbitMQ message failed; retrying");
        await new Promise((r) => setTimeout(r, retryDelay(spec.retryDelayMs, attempt)));
        ch.sendToQueue(spec.queue, msg.content, { ...p, persistent: true, headers: { ...headers, [ATTEMPT_HEADER]: attempt, [ERROR_HEADER]: result.message, [ERROR_CODE_HEADER]: result.code } });
        await ch.waitForConfirms();
        ch.ack(msg);
        return;
      }
      deps.log.warn({ activator: spec.id, attempt, code: result.code, error: result.message, queue: spec.deadLetterQueue }, "RabbitMQ message dead-lettered");
      ch.sendToQueue(spec.deadLetterQueue, msg.content, {
        ...p,
        persistent: true,
        headers: { ...headers, [ATTEMPT_HEADER]: attempt, [ERROR_HEADER]: result.message, [ERROR_CODE_HEADER]: result.code, "x-actorgate-activator": spec.id, "x-actorgate-queue": spec.queue },
      });
      await ch.waitForConfirms();
      if (p.replyTo) ch.sendToQueue(p.replyTo, Buffer.from(JSON.stringify({ code: result.code, message: result.message })), { correlationId: p.correlationId, contentType: "application/json", headers: { [ERROR_CODE_HEADER]: result.code } });
      ch.ack(msg);
      counters.deadLettered++;
    } catch (err) {
      // The channel went away before the ack: the broker gives the message again.
      deps.log.warn({ activator: spec.id, error: errorDetails(err) }, "RabbitMQ ack did not reach the broker; the message will come again");
    }
  };

  try {
    await open();
  } catch (err) {
    await model?.close().catch(() => undefined);
    throw new Error(`activator ${spec.id}: cannot consume RabbitMQ queue ${spec.queue} at ${redact(spec.url)}: ${(err as Error).message}`, { cause: err });
  }
  deps.log.info({ activator: spec.id, queue: spec.queue }, "RabbitMQ activator started");
  return {
    async stop() {
      stopped = true;
      clearTimeout(reconnectTimer);
      if (channel && consumerTag) await channel.cancel(consumerTag).catch(() => undefined);
      await Promise.all(inflight);
      await model?.close().catch(() => undefined);
    },
  };
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//…@");
}
