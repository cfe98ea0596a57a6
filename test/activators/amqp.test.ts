// RabbitMQ activators against the real broker (127.0.0.1:5672) and a real counter host:
// messages invoke and are acknowledged, replies go to reply_to, poison messages are
// dead-lettered with their reason, and a broker connection cut in the middle of a stream
// loses nothing and runs nothing twice. Every test uses its own queues.
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from "amqplib";
import { describe, expect, it } from "vitest";
import { onCleanup, startGateway, startHost, uniqueName } from "../support/harness.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import { counter, gatedActor, Gates } from "../support/test-actors.js";
import { flaky } from "../support/workflow-actors.js";

const BROKER = "amqp://guest:guest@127.0.0.1:5672";

async function broker(): Promise<{ ch: Channel; conn: ChannelModel }> {
  const conn = await amqp.connect(BROKER);
  const ch = await conn.createChannel();
  onCleanup(() => conn.close());
  return { ch, conn };
}

async function setup(extra: Record<string, unknown> = {}, url = BROKER, gates = new Gates()) {
  const queue = uniqueName("ag-q");
  const { ch } = await broker();
  onCleanup(async () => {
    await ch.deleteQueue(queue).catch(() => undefined);
    await ch.deleteQueue(`${queue}.dead`).catch(() => undefined);
  });
  const spec = { kind: "amqp", id: "rabbit", url, queue, system: "test", type: "Counter", name: "{header.counter}", action: "add", retryDelayMs: 10, ...extra };
  const gw = await startGateway({ activators: [spec] });
  await startHost(gw, [counter, flaky, gatedActor(gates)]);
  const send = (body: unknown, headers: Record<string, unknown>, options: amqp.Options.Publish = {}) =>
    ch.sendToQueue(queue, Buffer.from(typeof body === "string" ? body : JSON.stringify(body)), { headers, persistent: true, ...options });
  const value = async (name: string) => {
    const r = await fetch(`${gw.url}/v1/actors/test/Counter/${name}/state`);
    return r.status === 200 ? ((await r.json()) as { state: { value: number } }).state.value : 0;
  };
  return { gw, ch, queue, send, value };
}

/** The next message on `queue` (consumed and acknowledged). */
async function nextMessage(ch: Channel, queue: string): Promise<ConsumeMessage> {
  return new Promise((resolve) => {
    void ch.consume(queue, (m) => {
      if (!m) return;
      ch.ack(m);
      void ch.cancel(m.fields.consumerTag);
      resolve(m);
    });
  });
}

describe("RabbitMQ activator", () => {
  it("invokes for every message, acknowledges it, and publishes replies to reply_to", async () => {
    const { gw, ch, queue, send, value } = await setup();
    const name = uniqueName("c");
    for (let i = 0; i < 3; i++) send({ by: 1 }, { counter: name });
    await expect.poll(() => value(name), { timeout: 10_000, interval: 20 }).toBe(3);
    await expect.poll(async () => (await ch.checkQueue(queue)).messageCount, { timeout: 5000, interval: 20 }).toBe(0);

    const replies = await ch.assertQueue("", { exclusive: true });
    const reply = nextMessage(ch, replies.queue);
    send({ by: 2 }, { counter: name }, { replyTo: replies.queue, correlationId: "corr-1" });
    const m = await reply;
    expect(m.properties.correlationId).toBe("corr-1");
    expect(JSON.parse(m.content.toString())).toEqual({ value: 5 });
    await expect.poll(() => gw.activators.get("rabbit")).toMatchObject({ kind: "amqp", received: 4, invoked: 4, failed: 0, deadLettered: 0 });
  });

  it("dead-letters a poison message at once, and a failing one after maxDeliveries, with the reason", async () => {
    const { gw, ch, queue, send } = await setup({ type: "Flaky", name: "f", action: "alwaysFail", maxDeliveries: 3 });
    send("{not json", {});
    const poison = await nextMessage(ch, `${queue}.dead`);
    expect(poison.content.toString()).toBe("{not json");
    expect(poison.properties.headers).toMatchObject({ "x-actorgate-error-code": "invalid_argument", "x-actorgate-attempt": 1, "x-actorgate-activator": "rabbit" });
    expect(String(poison.properties.headers?.["x-actorgate-error"])).toMatch(/^message on queue .* is not JSON/);

    send({}, {});
    const failed = await nextMessage(ch, `${queue}.dead`);
    expect(failed.properties.headers).toMatchObject({ "x-actorgate-error-code": "unavailable", "x-actorgate-attempt": 3 });
    expect(String(failed.properties.headers?.["x-actorgate-error"])).toMatch(/fails for good/);
    await expect.poll(async () => (await ch.checkQueue(queue)).messageCount).toBe(0);
    await expect.poll(() => gw.activators.get("rabbit")).toMatchObject({ received: 4, invoked: 0, failed: 4, deadLettered: 2 });
  });

  it("loses nothing and runs nothing twice when the broker connection is cut mid-stream", async () => {
    const proxy = await TcpProxy.start(5672);
    onCleanup(() => proxy.close());
    const { send, value, ch, queue } = await setup({ prefetch: 4 }, `amqp://guest:guest@127.0.0.1:${proxy.port}`);
    const name = uniqueName("c");
    const N = 200;
    for (let i = 0; i < N; i++) send({ by: 1 }, { counter: name }, { messageId: `m-${i}` });
    await expect.poll(() => value(name), { timeout: 10_000, interval: 5 }).toBeGreaterThan(20);
    proxy.down();
    const during = await value(name);
    proxy.up();
    expect(during).toBeLessThan(N);
    await expect.poll(() => value(name), { timeout: 20_000, interval: 20 }).toBe(N);
    await expect.poll(async () => (await ch.checkQueue(queue)).messageCount, { timeout: 5000, interval: 20 }).toBe(0);
    // Redelivered messages (unacknowledged when the connection went) kept their message id,
    // the idempotency key: the counter is exactly N.
    expect(await value(name)).toBe(N);
  });

  it("stops start-up with a message naming the activator when the broker cannot be reached", async () => {
    const err = (await startGateway({ activators: [{ kind: "amqp", id: "nowhere", url: "amqp://guest:guest@127.0.0.1:1", queue: "q", system: "s", type: "T", action: "a" }] }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/^activator nowhere: cannot consume RabbitMQ queue q at amqp:\/\/…@127\.0\.0\.1:1: /);
  });

  it("acknowledges a message only after its invocation: one held when the connection is cut comes again", async () => {
    const proxy = await TcpProxy.start(5672);
    onCleanup(() => proxy.close());
    const gates = new Gates();
    const { gw, send } = await setup({ type: "Gated", name: "{header.actor}", action: "hold" }, `amqp://guest:guest@127.0.0.1:${proxy.port}`, gates);
    const name = uniqueName("g");
    send({ gate: "g1" }, { actor: name });
    await gates.entered("g1");
    proxy.down(); // the activator cannot acknowledge now
    gates.release("g1");
    await expect.poll(() => gw.activators.get("rabbit")?.invoked).toBe(1);
    proxy.up();
    // Not acknowledged before the cut: the broker delivers it again after the reconnect.
    await expect.poll(() => gw.activators.get("rabbit")?.received, { timeout: 15_000, interval: 20 }).toBe(2);
    const log = await fetch(`${gw.url}/v1/actors/test/Gated/${name}/log`, { method: "POST" });
    expect(await log.json()).toEqual(["g1", "g1"]);
  });
});
