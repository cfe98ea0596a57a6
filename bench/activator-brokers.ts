// RabbitMQ and MQTT activators: messages per second from the broker through an activator
// into a counter actor (gateway + host in this process, memory store), against a bare
// consumer of the same broker that only acknowledges (the ceiling of the broker and client
// library on this machine). N messages are published first, then consumed; the clock runs
// from the start of consumption until the last one was invoked (or acknowledged).
// Results go to bench/results/activator-brokers.md.
//
//   node --import tsx bench/activator-brokers.ts [--messages 5000] [--runs 3]

import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import amqp from "amqplib";
import mqtt from "mqtt";
import { createHost } from "@actorgate/client/host";
import { loadConfig } from "../server/src/config.js";
import { createGateway } from "../server/src/gateway.js";
import { MemoryStore } from "../server/src/store/memory-store.js";
import { BENCH_SYSTEM, counter } from "./src/counter.js";

const SELF = fileURLToPath(import.meta.url);
const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "5000" },
    runs: { type: "string", default: "3" },
    out: { type: "string", default: join(dirname(SELF), "results", "activator-brokers.md") },
  },
});
const N = Number(values.messages);
const RUNS = Number(values.runs);
const AMQP = "amqp://guest:guest@127.0.0.1:5672";
const MQTT = "mqtt://127.0.0.1:1883";
const KEYS = 100;
const body = JSON.stringify({ by: 1 });
const id = () => randomBytes(4).toString("hex");

async function fillQueue(queue: string): Promise<void> {
  const conn = await amqp.connect(AMQP);
  const ch = await conn.createConfirmChannel();
  await ch.assertQueue(queue, { durable: true });
  for (let i = 0; i < N; i++) ch.sendToQueue(queue, Buffer.from(body), { persistent: true, headers: { key: `k${i % KEYS}` } });
  await ch.waitForConfirms();
  await conn.close();
}

async function amqpBare(): Promise<number> {
  const queue = `bench-bare-${id()}`;
  await fillQueue(queue);
  const conn = await amqp.connect(AMQP);
  const ch = await conn.createChannel();
  await ch.prefetch(16);
  let seen = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    void ch.consume(queue, (m) => {
      if (!m) return;
      JSON.parse(m.content.toString());
      ch.ack(m);
      if (++seen === N) resolve();
    });
  });
  const s = (performance.now() - start) / 1000;
  await ch.deleteQueue(queue);
  await conn.close();
  return N / s;
}

async function viaGateway(kind: "amqp" | "mqtt"): Promise<number> {
  const name = `bench-${kind}-${id()}`;
  const spec =
    kind === "amqp"
      ? { kind, id: "a", queue: name, prefetch: 16, system: BENCH_SYSTEM, type: "Counter", name: "{header.key}", action: "add" }
      : { kind, id: "a", topic: `${name}/+`, clientId: name, system: BENCH_SYSTEM, type: "Counter", name: "{topic.2}", action: "add" };
  // For MQTT the messages wait in the activator's persistent session: subscribe first, then publish.
  if (kind === "amqp") await fillQueue(name);
  let publisher: mqtt.MqttClient | undefined;
  if (kind === "mqtt") {
    // Create the activator's persistent session first, so the published messages wait in it.
    const session = await mqtt.connectAsync(MQTT, { protocolVersion: 5, clientId: name, clean: false, properties: { sessionExpiryInterval: 600 } });
    await session.subscribeAsync(`${name}/+`, { qos: 1 });
    await session.endAsync();
    publisher = await mqtt.connectAsync(MQTT, { protocolVersion: 5 });
    for (let i = 0; i < N; i++) await publisher.publishAsync(`${name}/k${i % KEYS}`, body, { qos: 1 });
  }
  const measured = await createGateway(loadConfig({}, {}, { port: 0, store: "memory", logLevel: "warn", activators: [spec] }), { store: new MemoryStore() });
  const host2 = createHost({ system: BENCH_SYSTEM, actors: [counter], gatewayUrl: measured.url });
  await host2.start();
  const t0 = performance.now();
  while ((measured.activators.get("a")?.invoked ?? 0) < N) await new Promise((r) => setTimeout(r, 5));
  const s = (performance.now() - t0) / 1000;
  await host2.stop();
  await measured.close();
  await publisher?.endAsync();
  if (kind === "amqp") {
    const conn = await amqp.connect(AMQP);
    const ch = await conn.createChannel();
    await ch.deleteQueue(name);
    await ch.deleteQueue(`${name}.dead`);
    await conn.close();
  }
  return N / s;
}

async function mqttBare(): Promise<number> {
  const topic = `bench-bare-${id()}`;
  const sub = await mqtt.connectAsync(MQTT, { protocolVersion: 5, clientId: topic, clean: false, properties: { sessionExpiryInterval: 60 } });
  await sub.subscribeAsync(`${topic}/+`, { qos: 1 });
  await sub.endAsync();
  const pub = await mqtt.connectAsync(MQTT, { protocolVersion: 5 });
  for (let i = 0; i < N; i++) await pub.publishAsync(`${topic}/k${i % KEYS}`, body, { qos: 1 });
  await pub.endAsync();
  let seen = 0;
  const t0 = performance.now();
  const again = await mqtt.connectAsync(MQTT, { protocolVersion: 5, clientId: topic, clean: false, manualConnect: true });
  const done = new Promise<void>((resolve) => {
    again.handleMessage = (packet, cb) => {
      JSON.parse(packet.payload.toString());
      cb();
      if (++seen === N) resolve();
    };
  });
  again.connect();
  await done;
  const s = (performance.now() - t0) / 1000;
  await again.endAsync();
  return N / s;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: string[] = [];
for (const [label, bare, via] of [
  ["RabbitMQ (AMQP 0-9-1, prefetch 16)", amqpBare, () => viaGateway("amqp")],
  ["MQTT 5 (QoS 1, persistent session)", mqttBare, () => viaGateway("mqtt")],
] as const) {
  const b: number[] = [];
  const v: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    b.push(await bare());
    v.push(await via());
    console.error(`[brokers] ${label} run ${r + 1}: bare ${b.at(-1)!.toFixed(0)}/s, activator ${v.at(-1)!.toFixed(0)}/s`);
  }
  rows.push(`| ${label} | ${median(b).toFixed(0)} | ${median(v).toFixed(0)} | ${(median(v) / median(b)).toFixed(2)}× |`);
}
const md = `# Activators: RabbitMQ and MQTT messages per second

Command: \`node --import tsx bench/activator-brokers.ts --messages ${N} --runs ${RUNS}\` (${new Date().toISOString().slice(0, 10)};
${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end, shared with other work).

${N} messages (\`{"by":1}\`, spread over ${KEYS} counter actors) are published first; the clock runs from the start of
consumption until the last one is done. **bare**: a consumer of the same broker and client library that parses and
acknowledges each message, nothing else (the ceiling here). **activator**: a gateway (memory store, write-behind) with the
activator and the TypeScript host in this one process: each message is mapped, passes the call pipeline, invokes
\`Counter.add\` at the host, and is acknowledged after the reply. Median of ${RUNS} runs.

| broker | bare msgs/s | activator msgs/s | activator / bare |
| --- | ---: | ---: | ---: |
${rows.join("\n")}

MQTT messages of one activator are handled one at a time in arrival order (the acknowledgement waits for the
invocation), so its rate is one host round trip per message; RabbitMQ runs \`prefetch\` invocations at once.
`;
writeFileSync(values.out, md);
console.log(md);
process.exit(0);
