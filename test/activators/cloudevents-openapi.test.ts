// CloudEvents (structured, binary, batch; a redelivered event running once; replies as
// CloudEvents) and the OpenAPI document, validated by an OpenAPI 3.1 schema validator.
import { describe, expect, it } from "vitest";
import { Validator } from "@seriousme/openapi-schema-validator";
import { startGateway, startHost, uniqueName } from "../support/harness.js";
import { counter, echo } from "../support/test-actors.js";

const activators = [
  { kind: "cloudevents", id: "ce-add", match: { type: "com.example.counter.add" }, system: "test", type: "Counter", name: "{ce.subject}", action: "add" },
  {
    kind: "cloudevents",
    id: "ce-echo",
    match: { type: "com.example.echo", source: "/sensors/*" },
    system: "test",
    type: "Echo",
    action: "echo",
    metadata: { source: "{ce.source}" },
    reply: "cloudevent",
  },
  { kind: "cloudevents", id: "ce-later", path: "/events/later", system: "test", type: "Counter", name: "{ce.subject}", action: "add", async: true },
  { kind: "http", id: "add", method: "POST", path: "/counters/{name}/add", system: "test", type: "Counter", name: "{path.name}", action: "add" },
  { kind: "http", id: "state", method: "GET", path: "/counters/{name}", system: "test", type: "Counter", name: "{path.name}", read: "state" },
];

async function setup() {
  const gw = await startGateway({ activators });
  await startHost(gw, [counter, echo]);
  const post = (path: string, body: unknown, headers: Record<string, string>) =>
    fetch(`${gw.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  const value = async (name: string) => (await (await fetch(`${gw.url}/counters/${name}`)).json()) as { value: number };
  return { gw, post, value };
}

const structured = { "content-type": "application/cloudevents+json" };
const event = (id: string, subject: string, by: number) => ({ specversion: "1.0", id, source: "/test", type: "com.example.counter.add", subject, data: { by } });

describe("CloudEvents activator", () => {
  it("takes structured and binary events, and runs a redelivered event once", async () => {
    const { post, value } = await setup();
    const name = uniqueName("c");
    const r1 = await post("/cloudevents", event("e1", name, 2), structured);
    expect(r1.status).toBe(200);
    expect(await r1.json()).toEqual({ value: 2 });
    // Binary mode: attributes in ce-* headers, the body is the data.
    const binary = { "content-type": "application/json", "ce-specversion": "1.0", "ce-id": "e2", "ce-source": "/test", "ce-type": "com.example.counter.add", "ce-subject": name };
    expect(await (await post("/cloudevents", { by: 3 }, binary)).json()).toEqual({ value: 5 });
    // The sender redelivers e1 (same source and id): it does not run again; the first answer comes back.
    const again = await post("/cloudevents", event("e1", name, 2), structured);
    expect(await again.json()).toEqual({ value: 2 });
    expect(again.headers.get("x-actorgate-invocation-id")).toBe(r1.headers.get("x-actorgate-invocation-id"));
    expect(await value(name)).toEqual({ value: 5 });
  });

  it("takes a batch, each event on its own", async () => {
    const { post, value } = await setup();
    const name = uniqueName("c");
    const r = await post("/cloudevents", [event("b1", name, 1), { ...event("b2", name, 1), type: "com.example.unknown" }, event("b3", name, 4)], {
      "content-type": "application/cloudevents-batch+json",
    });
    expect(r.status).toBe(200);
    const results = (await r.json()) as { id: string; status: number }[];
    expect(results.map((x) => [x.id, x.status])).toEqual([
      ["b1", 200],
      ["b2", 404],
      ["b3", 200],
    ]);
    expect(results[1]).toMatchObject({ error: { code: "not_found", message: `no activator on /cloudevents takes events of type "com.example.unknown" from source "/test" (subject "${name}")` } });
    expect(await value(name)).toEqual({ value: 5 });
  });

  it("selects by source prefix and answers with a CloudEvent", async () => {
    const { post } = await setup();
    const r = await post("/cloudevents", { specversion: "1.0", id: "x1", source: "/sensors/7", type: "com.example.echo", data: { t: 21 } }, structured);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/cloudevents+json");
    const reply = (await r.json()) as Record<string, unknown>;
    expect(reply).toMatchObject({
      specversion: "1.0",
      type: "com.example.echo.reply",
      source: "actorgate:test/Echo",
      subject: "x1",
      data: { input: { t: 21 }, metadata: { source: "/sensors/7" } },
    });
    // Same type from another source: no activator takes it.
    const other = await post("/cloudevents", { specversion: "1.0", id: "x2", source: "/elsewhere", type: "com.example.echo" }, structured);
    expect(other.status).toBe(404);
  });

  it("queues async events durably (202) and refuses what is not a CloudEvent", async () => {
    const { post, value, gw } = await setup();
    const name = uniqueName("c");
    const r = await post("/events/later", event("l1", name, 6), structured);
    expect(r.status).toBe(202);
    expect(((await r.json()) as { invocationId: string }).invocationId).toBeTruthy();
    const missing = await post("/cloudevents", { specversion: "1.0", source: "/test", type: "t" }, structured);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ code: "invalid_argument", message: 'event 0 has no "id" attribute (required: specversion, id, source, type)' });
    const plain = await post("/cloudevents", { by: 1 }, { "content-type": "application/json" });
    expect(plain.status).toBe(400);
    expect(((await plain.json()) as { message: string }).message).toMatch(/^not a CloudEvent: binary mode needs the ce-specversion header/);
    // Webhook validation handshake (CloudEvents HTTP webhook spec).
    const options = await fetch(`${gw.url}/cloudevents`, { method: "OPTIONS", headers: { "webhook-request-origin": "events.example" } });
    expect(options.headers.get("webhook-allowed-origin")).toBe("events.example");
    await expect.poll(() => value(name), { timeout: 5000, interval: 20 }).toEqual({ value: 6 });
    const { activators: list } = (await (await fetch(`${gw.url}/v1/activators`)).json()) as { activators: { id: string; received: number; invoked: number }[] };
    expect(list.find((a) => a.id === "ce-later")).toMatchObject({ kind: "cloudevents", received: 1, invoked: 1 });
  });
});

describe("OpenAPI document", () => {
  it("describes the REST surface and every route, and is valid OpenAPI 3.1", async () => {
    const { gw } = await setup();
    const r = await fetch(`${gw.url}/openapi.json`);
    expect(r.status).toBe(200);
    const doc = (await r.json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/actors/{system}/{type}/{name}/{action}", "/v1/actors/{system}/{type}/{name}/state", "/counters/{name}/add", "/counters/{name}", "/cloudevents", "/events/later"]),
    );
    expect(doc.paths["/counters/{name}/add"]!["post"]!.operationId).toBe("add");
    const validator = new Validator();
    const result = await validator.validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });
});
