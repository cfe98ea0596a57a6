// RabbitMQ and MQTT activators: messages per second from the broker through an activator
// into a counter actor (gateway + host in this process, memory store), against a bare
// consumer of the same broker that only acknowledges (the ceiling of the broker and client
// library on this machine). N messages are published to a running consumer; the clock runs
// from the first publish until the last one was invoked (or acknowledged); the consumer runs already.
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
import { createActorgateClient } from "@actorgate/client";
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

/** Publishes N messages as fast as the broker confirms them (RabbitMQ) or acknowledges them (MQTT QoS 1). */
async function publishAll(kind: "amqp" | "mqtt", name: string): Promise<void> {
  if (kind === "amqp") {
    const conn = await amqp.connect(AMQP);
    const ch = await conn.createConfirmChannel();
    for (let i = 0; i < N; i++) ch.sendToQueue(name, Buffer.from(body), { persistent: true, headers: { key: `k${i % KEYS}` } });
    await ch.waitForConfirms();
    await conn.close();
    return;
  }
  const pub = await mqtt.connectAsync(MQTT, { protocolVersion: 5 });
  await Promise.all(Array.from({ length: N }, (_, i) => pub.publishAsync(`${name}/k${i % KEYS}`, body, { qos: 1 })));
  await pub.endAsync();
}

/** A consumer that only parses and acknowledges; resolves with msgs/s once all N came. */
async function bare(kind: "amqp" | "mqtt"): Promise<number> {
  const name = `bench-bare-${kind}-${id()}`;
  let seen = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  let close: () => Promise<void>;
  if (kind === "amqp") {
    const conn = await amqp.connect(AMQP);
    const ch = await conn.createChannel();
    await ch.assertQueue(name, { durable: true });
    await ch.prefetch(16);
    await ch.consume(name, (m) => {
      if (!m) return;
      JSON.parse(m.content.toString());
      ch.ack(m);
      if (++seen === N) resolveAll();
    });
    close = async () => {
      await ch.deleteQueue(name);
      await conn.close();
    };
  } else {
    const sub = await mqtt.connectAsync(MQTT, { protocolVersion: 5, clientId: name });
    sub.handleMessage = (packet, cb) => {
      JSON.parse(packet.payload.toString());
      cb();
      if (++seen === N) resolveAll();
    };
    await sub.subscribeAsync(`${name}/+`, { qos: 1 });
    close = () => sub.endAsync();
  }
  const t0 = performance.now();
  await publishAll(kind, name);
  await all;
  const s = (performance.now() - t0) / 1000;
  await close();
  return N / s;
}

/** The same N messages through an activator into the counter; msgs/s once all N were invoked. */
async function viaGateway(kind: "amqp" | "mqtt"): Promise<number> {
  const name = `bench-${kind}-${id()}`;
  const spec =
    kind === "amqp"
      ? { kind, id: "a", queue: name, prefetch: 16, system: BENCH_SYSTEM, type: "Counter", name: "{header.key}", action: "add" }
      : { kind, id: "a", topic: `${name}/+`, clientId: name, system: BENCH_SYSTEM, type: "Counter", name: "{topic.2}", action: "add" };
  const gw = await createGateway(loadConfig({}, {}, { port: 0, store: "memory", logLevel: "warn", activators: [spec] }), { store: new MemoryStore() });
  const host = createHost({ system: BENCH_SYSTEM, actors: [counter], gatewayUrl: gw.url });
  await host.start();
  const t0 = performance.now();
  await publishAll(kind, name);
  while ((gw.activators.get("a")?.invoked ?? 0) < N) await new Promise((r) => setTimeout(r, 2));
  const s = (performance.now() - t0) / 1000;
  const stats = gw.activators.get("a");
  if (stats && stats.failed > 0) console.error(`[brokers] ${kind}: ${stats.failed} failed deliveries`);
  await host.stop();
  await gw.close();
  if (kind === "amqp") {
    const conn = await amqp.connect(AMQP);
    const ch = await conn.createChannel();
    await ch.deleteQueue(name);
    await ch.deleteQueue(`${name}.dead`);
    await conn.close();
  }
  return N / s;
}

/** The same N calls through the RPC API (Connect client, `inFlight` at once): what the activator adds to. */
async function viaRpc(inFlight: number): Promise<number> {
  const gw = await createGateway(loadConfig({}, {}, { port: 0, store: "memory", logLevel: "warn" }), { store: new MemoryStore() });
  const host = createHost({ system: BENCH_SYSTEM, actors: [counter], gatewayUrl: gw.url });
  await host.start();
  const client = createActorgateClient({ url: gw.url });
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < N) {
        const i = next++;
        await client.invoke({ system: BENCH_SYSTEM, type: "Counter", name: `k${i % KEYS}` }, "add", { by: 1 });
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  await host.stop();
  await gw.close();
  return N / s;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: string[] = [];
for (const [label, runBare, via, inFlight] of [
  ["RabbitMQ (AMQP 0-9-1, prefetch 16)", () => bare("amqp"), () => viaGateway("amqp"), 16],
  ["MQTT 5 (QoS 1, persistent session)", () => bare("mqtt"), () => viaGateway("mqtt"), 1],
] as const) {
  const b: number[] = [];
  const v: number[] = [];
  const rpc: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    b.push(await runBare());
    v.push(await via());
    rpc.push(await viaRpc(inFlight));
    console.error(`[brokers] ${label} run ${r + 1}: bare ${b.at(-1)!.toFixed(0)}/s, activator ${v.at(-1)!.toFixed(0)}/s, rpc ${rpc.at(-1)!.toFixed(0)}/s`);
  }
  rows.push(
    `| ${label} | ${median(b).toFixed(0)} | ${median(rpc).toFixed(0)} (${inFlight} in flight) | ${median(v).toFixed(0)} | ${(median(v) / median(rpc)).toFixed(2)}× | ${(median(v) / median(b)).toFixed(2)}× |`,
  );
}
const md = `# Activators: RabbitMQ and MQTT messages per second

Command: \`node --import tsx bench/activator-brokers.ts --messages ${N} --runs ${RUNS}\` (${new Date().toISOString().slice(0, 10)};
${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end, shared with other work).

${N} messages (\`{"by":1}\`, spread over ${KEYS} counter actors) are published as fast as the broker takes them to a
consumer that is already running; the clock runs from the first publish until the last message is done. **bare**: a consumer of the same broker and client library that parses and
acknowledges each message, nothing else (the ceiling here). **activator**: a gateway (memory store, write-behind) with the
activator and the TypeScript host in this one process: each message is mapped, passes the call pipeline, invokes
\`Counter.add\` at the host, and is acknowledged after the reply. **RPC**: the same N \`Counter.add\` calls through
\`ActorService/Invoke\` (TypeScript client, as many in flight as the activator runs at once), same process layout:
the activator's cost over the RPC API. Median of ${RUNS} runs.

| broker | bare msgs/s | RPC calls/s | activator msgs/s | activator / RPC | activator / bare |
| --- | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}

MQTT messages of one activator are handled one at a time in arrival order (the acknowledgement waits for the
invocation), so its rate is one host round trip per message; RabbitMQ runs \`prefetch\` invocations at once.
`;
writeFileSync(values.out, md);
console.log(md);
process.exit(0);
