import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config.js";
import { ActivatorConfigError, fromNatsActivators, parseActivators } from "./activator-config.js";

const route = { kind: "http", method: "POST", path: "/counters/{name}/add", system: "demo", type: "Counter", name: "{path.name}", action: "add" };
const errorOf = (value: unknown): string => {
  try {
    parseActivators(value);
  } catch (err) {
    expect(err).toBeInstanceOf(ActivatorConfigError);
    return (err as Error).message;
  }
  throw new Error("expected an error");
};

describe("activators setting", () => {
  it("parses every kind with its defaults", () => {
    const specs = parseActivators([
      route,
      { kind: "cloudevents", system: "demo", type: "Counter", action: "add" },
      { kind: "cron", schedule: "*/5 * * * *", system: "demo", type: "Counter", name: "nightly", action: "add", payload: { by: 1 } },
      { kind: "amqp", queue: "orders", system: "shop", type: "Order", action: "place" },
      { kind: "mqtt", topic: "sensors/+/temp", system: "iot", type: "Sensor", name: "{topic.2}", action: "record" },
      { kind: "nats", subject: "orders.*.placed", system: "shop", type: "Order", action: "placed", nameToken: 2 },
    ]);
    expect(specs.map((s) => s.id)).toEqual(["http-0", "cloudevents-1", "cron-2", "amqp-3", "mqtt-4", "nats-5"]);
    expect(specs[0]).toMatchObject({ kind: "http", async: false, fields: {}, metadata: {} });
    expect(specs[1]).toMatchObject({ path: "/cloudevents", reply: "json", match: {} });
    expect(specs[2]).toMatchObject({ timezone: "UTC", missed: "skip", async: true });
    expect(specs[3]).toMatchObject({ url: "amqp://guest:guest@127.0.0.1:5672", declare: true, prefetch: 16, maxDeliveries: 5, deadLetterQueue: "orders.dead", retryDelayMs: 1000 });
    expect(specs[4]).toMatchObject({ url: "mqtt://127.0.0.1:1883", qos: 1, clientId: "actorgate-mqtt-4", deadLetterTopic: "actorgate/dead/mqtt-4" });
    expect(specs[5]).toEqual({ kind: "nats", id: "nats-5", subject: "orders.*.placed", system: "shop", type: "Order", action: "placed", nameToken: 2 });
  });

  it("reads a JSON string, or a file named by --activators, and keeps natsActivators working on the same model", () => {
    expect(loadConfig({ activators: JSON.stringify([route]) }, {}).activators).toHaveLength(1);
    const file = join(mkdtempSync(join(tmpdir(), "ag-act-")), "activators.json");
    writeFileSync(file, JSON.stringify([route, { ...route, path: "/other/{name}" }]));
    expect(loadConfig({ activators: file }, {}).activators.map((s) => s.kind === "http" && s.path)).toEqual(["/counters/{name}/add", "/other/{name}"]);
    expect(loadConfig({}, {}, { activators: [route] }).activators).toHaveLength(1);
    const nats = loadConfig({}, { ACTORGATE_NATS_ACTIVATORS: '[{"subject":"a.b","system":"s","type":"T","action":"x"}]' }).natsActivators;
    expect(fromNatsActivators(nats)).toEqual([{ kind: "nats", id: "nats-0", subject: "a.b", system: "s", type: "T", action: "x" }]);
  });

  it("stops start-up with a message naming the entry and the field", () => {
    expect(() => loadConfig({ activators: "[{" }, {})).toThrow(ConfigError);
    expect(() => loadConfig({ activators: "[{" }, {})).toThrow(/^invalid setting activators \(--activators \/ ACTORGATE_ACTIVATORS\): not valid JSON/);
    expect(() => loadConfig({ activators: "/no/such/file.json" }, {})).toThrow(/cannot read activators file \/no\/such\/file\.json/);
    expect(errorOf({})).toMatch(/^expected a JSON array of activators/);
    expect(errorOf([{ ...route, kind: "kafka" }])).toBe('entry 0: "kind" must be one of http, cloudevents, cron, amqp, mqtt, nats, got "kafka"');
    expect(errorOf([route, { ...route, id: "r2", methd: "GET" }])).toMatch(/^entry 1 \(r2\): unknown field\(s\) methd; a http activator allows: kind, id, /);
    expect(errorOf([{ ...route, action: undefined }])).toBe('entry 0: "action" is required');
    expect(errorOf([{ ...route, type: "bad type" }])).toContain('"type" "bad type" may only use letters');
    expect(errorOf([{ ...route, name: "{path.nme}" }])).toBe("entry 0: {path.nme} is not a parameter of \"path\" /counters/{name}/add");
    expect(errorOf([{ ...route, name: "{body.x}" }])).toBe('entry 0: "name": a http activator has no {body.x}; it offers {path.*}, {query.*}, {header.*}');
    expect(errorOf([{ ...route, fields: { by: "query.by:int" } }])).toBe('entry 0: "fields.by": type "int" must be string, number, boolean or json');
    expect(errorOf([{ ...route, path: "counters" }])).toContain('"path" "counters" must start with /');
    expect(errorOf([{ ...route, path: "/v1/actors/x" }])).toContain("is the gateway's own");
    expect(errorOf([{ ...route, path: "/c/x{name}" }])).toContain("a parameter fills a whole segment");
    expect(errorOf([{ ...route, method: "FETCH" }])).toContain('"method" must be one of GET, POST, PUT, PATCH, DELETE, got "FETCH"');
    expect(errorOf([route, { ...route, id: "again" }])).toBe("entries 0 and 1 both route POST /counters/{}/add; give each its own method or path");
    expect(errorOf([{ ...route, id: "x" }, { ...route, id: "x", path: "/y/{name}" }])).toBe('entries 0 and 1 both have id "x"; ids must be unique');
    expect(errorOf([{ kind: "cron", schedule: "61 * * * *", system: "s", type: "T", action: "a" }])).toMatch(/^entry 0: "schedule" "61 \* \* \* \*" with timezone "UTC" is not valid/);
    expect(errorOf([{ kind: "cron", schedule: "* * * * *", timezone: "Mars/Olympus", system: "s", type: "T", action: "a" }])).toContain('timezone "Mars/Olympus" is not valid');
    expect(errorOf([{ kind: "cron", schedule: "* * * * *", async: false, system: "s", type: "T", action: "a" }])).toContain('"async" must be true');
    expect(errorOf([{ kind: "amqp", queue: "q", url: "http://x", system: "s", type: "T", action: "a" }])).toBe('entry 0: "url" must start with amqp: or amqps:');
    expect(errorOf([{ kind: "mqtt", topic: "a/#/b", system: "s", type: "T", action: "a" }])).toContain("+ and # must fill a whole level");
    expect(errorOf([{ kind: "mqtt", topic: "a/+", qos: 3, system: "s", type: "T", action: "a" }])).toContain('"qos" must be an integer from 0 to 2, got 3');
    expect(errorOf([{ kind: "nats", id: "n1", subject: "a.>.b", system: "s", type: "T", action: "a" }])).toContain('entry 0 (n1): "subject": cannot subscribe to "a.>.b"');
    expect(errorOf([{ kind: "cloudevents", match: { kind: "x" }, system: "s", type: "T", action: "a" }])).toContain('"match" may only have type, source and subject');
  });
});
