// MQTT activators (MQTT 5, `mqtt`): one persistent session per activator (fixed client id,
// clean start off) subscribed to a topic filter. A QoS 1/2 message is acknowledged
// (PUBACK/PUBREC) only after its invocation succeeded, durably queued, or the message was
// dead-lettered: the client's handleMessage holds the ack until then, one message at a
// time in arrival order. If the connection drops first, the broker sends the message again
// in the resumed session. A failure that may pass is retried here with backoff; after
// `maxDeliveries` attempts, or at once for a failure no retry fixes, the message is
// published (QoS 1) to the dead-letter topic with the reason in user properties. A message
// with an MQTT 5 response topic gets the reply there, with its correlation data.
// Only this file imports mqtt.

import mqtt, { type IPublishPacket, type MqttClient } from "mqtt";
import type { Registry } from "@bufbuild/protobuf";
import type { Logger } from "pino";
import { errorDetails } from "../error-details.js";
import type { MqttSpec } from "./activator-config.js";
import type { ActivatorDelivery } from "./activator-delivery.js";
import { mapMessage, parseJsonBody } from "./activator-mapping.js";
import type { ActivatorCounters } from "./activator-stats.js";
import type { Lookup } from "./activator-template.js";
import { replyJson } from "./http-response.js";
import { deliverCall, retryDelay, type DeliveryResult } from "./message-delivery.js";

export interface MqttDeps {
  readonly delivery: ActivatorDelivery;
  readonly log: Logger;
  readonly descriptors: Registry;
  readonly requestTimeoutMs: number;
  /** Wait between reconnect attempts (ms). Default 500. */
  readonly reconnectMs?: number;
}

export interface MqttActivator {
  stop(): Promise<void>;
}

export async function startMqttActivator(spec: MqttSpec, counters: ActivatorCounters, deps: MqttDeps): Promise<MqttActivator> {
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  let client: MqttClient;
  try {
    client = await mqtt.connectAsync(spec.url, {
      clientId: spec.clientId,
      clean: false,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: 24 * 3600 },
      reconnectPeriod: deps.reconnectMs ?? 500,
      connectTimeout: 5000,
    });
  } catch (err) {
    throw new Error(`activator ${spec.id}: cannot connect to MQTT broker ${spec.url.replace(/\/\/[^@/]*@/, "//…@")}: ${(err as Error).message}`, { cause: err });
  }
  // Replies and dead letters go out on a second connection: the consuming client handles
  // incoming packets one at a time, so it could not see the PUBACK of its own publish
  // while it holds the message being answered (mqtt.js would wait forever).
  let publisher: MqttClient;
  try {
    publisher = await mqtt.connectAsync(spec.url, { clientId: `${spec.clientId}-out`, protocolVersion: 5, reconnectPeriod: deps.reconnectMs ?? 500, connectTimeout: 5000 });
  } catch (err) {
    await client.endAsync(true);
    throw new Error(`activator ${spec.id}: cannot connect to MQTT broker ${spec.url.replace(/\/\/[^@/]*@/, "//…@")}: ${(err as Error).message}`, { cause: err });
  }
  publisher.on("error", (err) => deps.log.warn({ activator: spec.id, error: errorDetails(err) }, "MQTT publisher error"));
  client.on("error", (err) => deps.log.warn({ activator: spec.id, error: errorDetails(err) }, "MQTT client error"));
  client.on("reconnect", () => deps.log.info({ activator: spec.id }, "MQTT reconnecting"));

  const handle = async (packet: IPublishPacket): Promise<void> => {
    counters.received++;
    const levels = packet.topic.split("/");
    const props = packet.properties?.userProperties ?? {};
    const lookup: Lookup = (ref) => {
      if (ref === "topic") return packet.topic;
      if (ref.startsWith("topic.")) return levels[Number(ref.slice(6)) - 1];
      if (ref.startsWith("property.")) {
        const v = props[ref.slice(9)];
        return Array.isArray(v) ? v[0] : v;
      }
      return undefined;
    };
    const payload = typeof packet.payload === "string" ? Buffer.from(packet.payload) : packet.payload;
    let result: DeliveryResult | undefined;
    let attempt = 0;
    while (!stopped && attempt < spec.maxDeliveries) {
      attempt++;
      result = await deliverCall(deps.delivery, spec, () => mapMessage(spec, lookup, parseJsonBody(payload, `message on ${packet.topic}`)), {
        requestTimeoutMs: deps.requestTimeoutMs,
        attempt,
      });
      if (result.ok || !result.retryable) break;
      counters.failed++;
      deps.log.warn({ activator: spec.id, topic: packet.topic, attempt, code: result.code, error: result.message }, "MQTT message failed; retrying");
      if (attempt < spec.maxDeliveries) await new Promise((r) => setTimeout(r, retryDelay(spec.retryDelayMs, attempt)));
    }
    if (!result) return;
    const responseTopic = packet.properties?.responseTopic;
    const correlationData = packet.properties?.correlationData;
    if (result.ok) {
      counters.invoked++;
      if (responseTopic) {
        const body = replyJson(result.reply, deps.descriptors);
        await publisher.publishAsync(responseTopic, body === undefined ? "" : JSON.stringify(body), {
          qos: 1,
          properties: { contentType: "application/json", ...(correlationData ? { correlationData } : {}), userProperties: { "invocation-id": result.invocationId } },
        });
      }
      return;
    }
    if (stopped && result.retryable) throw new Error("stopping"); // not acknowledged: the broker sends it again
    if (!result.retryable) counters.failed++;
    deps.log.warn({ activator: spec.id, topic: packet.topic, attempt, code: result.code, error: result.message, deadLetterTopic: spec.deadLetterTopic }, "MQTT message dead-lettered");
    await publisher.publishAsync(spec.deadLetterTopic, payload, {
      qos: 1,
      properties: {
        userProperties: { error: result.message, "error-code": result.code, attempts: String(attempt), topic: packet.topic, activator: spec.id },
      },
    });
    counters.deadLettered++;
    if (responseTopic) {
      await publisher.publishAsync(responseTopic, JSON.stringify({ code: result.code, message: result.message }), {
        qos: 1,
        properties: { contentType: "application/json", ...(correlationData ? { correlationData } : {}), userProperties: { "error-code": result.code } },
      });
    }
  };

  // mqtt.js sends the PUBACK only when this callback is called: after the work is done.
  client.handleMessage = (packet, done) => {
    current = handle(packet).then(
      () => done(),
      (err: unknown) => {
        deps.log.warn({ activator: spec.id, error: errorDetails(err) }, "MQTT message not acknowledged; the broker will send it again");
        // Leave it unacknowledged: it comes again after a reconnect.
      },
    );
  };
  const granted = await client.subscribeAsync(spec.topic, { qos: spec.qos });
  if (granted.some((g) => g.qos > 2)) {
    await client.endAsync(true);
    await publisher.endAsync(true);
    throw new Error(`activator ${spec.id}: the MQTT broker refused the subscription to ${spec.topic} (reason ${granted[0]?.qos})`);
  }
  deps.log.info({ activator: spec.id, topic: spec.topic }, "MQTT activator started");
  return {
    async stop() {
      stopped = true;
      await current;
      await client.endAsync();
      await publisher.endAsync();
    },
  };
}
