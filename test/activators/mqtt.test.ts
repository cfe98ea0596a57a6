// MQTT activators against the real Mosquitto (127.0.0.1:1883) and a real counter host:
// messages invoke, replies go to the MQTT 5 response topic, poison messages are
// dead-lettered with their reason, and a connection cut mid-stream loses nothing (the
// persistent session redelivers what was not acknowledged). Topics are unique per test.
import mqtt, { type IPublishPacket, type MqttClient } from "mqtt";
import { describe, expect, it } from "vitest";
import { onCleanup, startGateway, startHost, uniqueName } from "../support/harness.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import { counter, gatedActor, Gates } from "../support/test-actors.js";
import { flaky } from "../support/workflow-actors.js";

async function client(): Promise<MqttClient> {
  const c = await mqtt.connectAsync("mqtt://127.0.0.1:1883", { protocolVersion: 5, clientId: uniqueName("ag-test") });
  onCleanup(() => c.endAsync());
  return c;
}

/** Resolves with the next message on `topic`. */
async function nextOn(c: MqttClient, topic: string): Promise<IPublishPacket> {
  const got = new Promise<IPublishPacket>((resolve) => {
    c.on("message", (t, _payload, packet) => {
      if (t === topic) resolve(packet);
    });
  });
  await c.subscribeAsync(topic, { qos: 1 });
  return got;
}

async function setup(extra: Record<string, unknown> = {}, url = "mqtt://127.0.0.1:1883", gates = new Gates()) {
  const base = `agtest/${uniqueName("t")}`;
  const spec = {
    kind: "mqtt",
    id: "mq",
    url,
    topic: `${base}/+/add`,
    clientId: uniqueName("ag-activator"),
    deadLetterTopic: `${base}/dead`,
    system: "test",
    type: "Counter",
    name: "{topic.3}",
    action: "add",
    idempotencyKey: "{property.id}",
    retryDelayMs: 10,
    ...extra,
  };
  const gw = await startGateway({ activators: [spec] });
  await startHost(gw, [counter, flaky, gatedActor(gates)]);
  const pub = await client();
  const value = async (name: string) => {
    const r = await fetch(`${gw.url}/v1/actors/test/Counter/${name}/state`);
    return r.status === 200 ? ((await r.json()) as { state: { value: number } }).state.value : 0;
  };
  return { gw, base, pub, value };
}

describe("MQTT activator", () => {
  it("invokes for every message and answers on the response topic with the correlation data", async () => {
    const { gw, base, pub, value } = await setup();
    const name = uniqueName("c");
    for (let i = 0; i < 3; i++) await pub.publishAsync(`${base}/${name}/add`, JSON.stringify({ by: 1 }), { qos: 1, properties: { userProperties: { id: `m${i}` } } });
    await expect.poll(() => value(name), { timeout: 10_000, interval: 20 }).toBe(3);

    const replies = await client();
    const reply = nextOn(replies, `${base}/replies`);
    await pub.publishAsync(`${base}/${name}/add`, JSON.stringify({ by: 2 }), {
      qos: 1,
      properties: { responseTopic: `${base}/replies`, correlationData: Buffer.from("corr-1"), userProperties: { id: "m3" } },
    });
    const m = await reply;
    expect(JSON.parse(m.payload.toString())).toEqual({ value: 5 });
    expect(Buffer.from(m.properties!.correlationData!).toString()).toBe("corr-1");
    // The same message id again runs once: the first answer comes back.
    const again = nextOn(replies, `${base}/replies`);
    await pub.publishAsync(`${base}/${name}/add`, JSON.stringify({ by: 2 }), { qos: 1, properties: { responseTopic: `${base}/replies`, userProperties: { id: "m3" } } });
    expect(JSON.parse((await again).payload.toString())).toEqual({ value: 5 });
    await expect.poll(() => gw.activators.get("mq")).toMatchObject({ kind: "mqtt", received: 5, invoked: 5, failed: 0 });
  });

  it("dead-letters a poison message at once, and a failing one after maxDeliveries, with the reason", async () => {
    const { gw, base, pub } = await setup({ type: "Flaky", name: "f", action: "alwaysFail", maxDeliveries: 3, idempotencyKey: undefined });
    const watcher = await client();
    const poison = nextOn(watcher, `${base}/dead`);
    await pub.publishAsync(`${base}/x/add`, "{not json", { qos: 1 });
    const p = await poison;
    expect(p.payload.toString()).toBe("{not json");
    expect(p.properties?.userProperties).toMatchObject({ "error-code": "invalid_argument", attempts: "1", topic: `${base}/x/add`, activator: "mq" });

    const failing = nextOn(watcher, `${base}/dead`);
    await pub.publishAsync(`${base}/y/add`, "{}", { qos: 1 });
    const f = await failing;
    expect(f.properties?.userProperties).toMatchObject({ "error-code": "unavailable", attempts: "3" });
    expect(String(f.properties?.userProperties?.["error"])).toMatch(/fails for good/);
    await expect.poll(() => gw.activators.get("mq")).toMatchObject({ received: 2, invoked: 0, failed: 4, deadLettered: 2 });
  });

  it("loses nothing and runs nothing twice when the broker connection is cut mid-stream", async () => {
    const proxy = await TcpProxy.start(1883);
    onCleanup(() => proxy.close());
    const { base, pub, value } = await setup({}, `mqtt://127.0.0.1:${proxy.port}`);
    const name = uniqueName("c");
    const N = 200;
    for (let i = 0; i < N; i++) void pub.publishAsync(`${base}/${name}/add`, JSON.stringify({ by: 1 }), { qos: 1, properties: { userProperties: { id: `m-${i}` } } });
    await expect.poll(() => value(name), { timeout: 10_000, interval: 5 }).toBeGreaterThan(20);
    proxy.down();
    const during = await value(name);
    proxy.up();
    expect(during).toBeLessThan(N);
    await expect.poll(() => value(name), { timeout: 20_000, interval: 20 }).toBe(N);
  });

  it("acknowledges a message only after its invocation: one held when the connection is cut comes again", async () => {
    const proxy = await TcpProxy.start(1883);
    onCleanup(() => proxy.close());
    const gates = new Gates();
    const { gw, base, pub } = await setup({ type: "Gated", action: "hold", idempotencyKey: undefined }, `mqtt://127.0.0.1:${proxy.port}`, gates);
    const name = uniqueName("g");
    await pub.publishAsync(`${base}/${name}/add`, JSON.stringify({ gate: "g1" }), { qos: 1 });
    await gates.entered("g1");
    proxy.down(); // the activator cannot acknowledge now
    gates.release("g1");
    await expect.poll(() => gw.activators.get("mq")?.invoked).toBe(1);
    proxy.up();
    // Not acknowledged before the cut: the broker sends it again in the resumed session.
    await expect.poll(() => gw.activators.get("mq")?.received, { timeout: 15_000, interval: 20 }).toBe(2);
    const log = await fetch(`${gw.url}/v1/actors/test/Gated/${name}/log`, { method: "POST" });
    expect(await log.json()).toEqual(["g1", "g1"]);
  });
});
