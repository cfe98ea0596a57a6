// Starts every configured activator on one model and gives the gateway what it needs:
// the HTTP handler (routes, CloudEvents, REST surface, OpenAPI), the counters, and stop().
// Broker kinds are loaded only when configured, so a gateway without them never loads
// their drivers.

import type { Registry as ProtoRegistry } from "@bufbuild/protobuf";
import type { Logger } from "pino";
import type { Bus } from "../bus/bus.js";
import type { UnaryRequest, UnaryResponse } from "../rpc/unary-protocol.js";
import type { ActivatorSpec, AmqpSpec, CronSpec, MqttSpec, NatsSpec } from "./activator-config.js";
import type { ActivatorDelivery } from "./activator-delivery.js";
import { ActivatorStats } from "./activator-stats.js";
import { createHttpActivators } from "./http-router.js";
import type { ActionTypes } from "./openapi.js";
import type { TickLedger } from "./tick-ledger.js";
import type { CronClock } from "./cron-activator.js";
import { withTypedPayloads } from "./typed-payloads.js";

export interface ActivatorsDeps {
  readonly delivery: ActivatorDelivery;
  readonly log: Logger;
  readonly bus: Bus;
  readonly ledger: TickLedger;
  readonly descriptors: ProtoRegistry;
  readonly types: ActionTypes;
  readonly requestTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly url: () => string;
  readonly cronClock?: CronClock;
}

export interface Activators {
  /** Serves the request if it is an activator's (true), else leaves it (false). */
  readonly http: (req: UnaryRequest, res: UnaryResponse) => boolean;
  readonly stats: ActivatorStats;
  /** Starts the consuming kinds (cron, RabbitMQ, MQTT, NATS); the HTTP kinds serve from creation. */
  start(): Promise<void>;
  /** Stops consuming; running deliveries finish first. */
  stop(): Promise<void>;
}

export function createActivators(specs: readonly ActivatorSpec[], given: ActivatorsDeps): Activators {
  const deps = { ...given, delivery: withTypedPayloads(given.delivery, given.types, given.descriptors) };
  const stats = new ActivatorStats();
  const http = createHttpActivators({ ...deps, specs, stats });
  const stops: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    while (stops.length) await stops.pop()!().catch((err: unknown) => deps.log.warn({ error: String(err) }, "activator stop failed"));
  };
  const of = <K extends ActivatorSpec["kind"]>(kind: K) => specs.filter((s): s is Extract<ActivatorSpec, { kind: K }> => s.kind === kind);
  const target = (s: { system: string; type: string; action: string }) => `${s.system}/${s.type}.${s.action}`;

  return {
    http,
    stats,
    stop,
    async start() {
      try {
        const crons: CronSpec[] = of("cron");
        if (crons.length) {
          const { startCronActivator } = await import("./cron-activator.js");
          for (const s of crons) {
            const a = await startCronActivator(s, stats.add(s.id, "cron", `${s.schedule} ${s.timezone}`, target(s)), { ...deps, clock: deps.cronClock });
            stops.push(() => a.stop());
          }
        }
        const amqps: AmqpSpec[] = of("amqp");
        if (amqps.length) {
          const { startAmqpActivator } = await import("./amqp-activator.js");
          for (const s of amqps) {
            const a = await startAmqpActivator(s, stats.add(s.id, "amqp", `queue ${s.queue}`, target(s)), deps);
            stops.push(() => a.stop());
          }
        }
        const mqtts: MqttSpec[] = of("mqtt");
        if (mqtts.length) {
          const { startMqttActivator } = await import("./mqtt-activator.js");
          for (const s of mqtts) {
            const a = await startMqttActivator(s, stats.add(s.id, "mqtt", `topic ${s.topic}`, target(s)), deps);
            stops.push(() => a.stop());
          }
        }
        const nats: NatsSpec[] = of("nats");
        if (nats.length) {
          const { startNatsActivators } = await import("./nats-subject-activator.js");
          const counters = nats.map((s) => stats.add(s.id, "nats", `subject ${s.subject}${s.stream ? ` (stream ${s.stream})` : ""}`, target(s)));
          // The NATS activator calls `runtime.invoke`: give it the delivery, so its calls pass the pipeline.
          const a = await startNatsActivators(nats, { runtime: deps.delivery, bus: deps.bus, log: deps.log, requestTimeoutMs: deps.requestTimeoutMs });
          a.events.on("outcome", (o) => {
            const c = counters[o.spec];
            if (!c) return;
            c.received++;
            if (o.outcome === "invoked") c.invoked++;
            else c.failed++;
          });
          stops.push(() => a.stop());
        }
      } catch (err) {
        await stop();
        throw err;
      }
    },
  };
}
