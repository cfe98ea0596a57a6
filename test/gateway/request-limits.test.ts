import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { Code } from "@connectrpc/connect";
import { defineActor } from "@actorgate/client/host";
import { client, startGateway, startHost, uniqueName } from "../support/harness.js";
import { counter } from "../support/test-actors.js";
import { codeOf } from "../support/errors.js";

const INVOKE = "/actorgate.v1.ActorService/Invoke";

/** Connect JSON over fetch: the fast path, or connect-node's when gzipped. */
async function fetchInvoke(url: string, body: unknown, gzip: boolean): Promise<{ code: string; message: string }> {
  const json = Buffer.from(JSON.stringify(body));
  const res = await fetch(`${url}${INVOKE}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(gzip ? { "content-encoding": "gzip" } : {}) },
    body: gzip ? gzipSync(json) : json,
  });
  expect(res.status).not.toBe(200);
  return (await res.json()) as { code: string; message: string };
}

describe("limits on what a client sends: metadata counts like the payload", () => {
  it("refuses 5 MB of metadata on Invoke with invalid_argument, like an oversized payload, over every path", async () => {
    const seen: Record<string, string>[] = [];
    const probe = defineActor({
      name: "Probe",
      kind: "stateless",
      actions: { meta: (_: unknown, ctx) => (seen.push({ ...ctx.metadata }), { reply: Object.keys(ctx.metadata).length }) },
    });
    const gw = await startGateway();
    await startHost(gw, [counter, probe]);
    const c = client(gw);
    const actor = { system: "test", type: "Counter", name: uniqueName() };
    const big = { blob: "m".repeat(5 * 1024 * 1024) };

    for (const call of [
      () => c.invoke(actor, "add", { by: 1 }, { metadata: big }), // fast path, binary
      () => c.invokeAsync(actor, "add", { by: 1 }, { metadata: big }),
      () => client(gw, { protocol: "grpc-web", httpVersion: "1.1" }).invoke(actor, "add", { by: 1 }, { metadata: big }), // connect-node
      () => c.broadcast("test", "news", {}, { metadata: big }),
    ]) {
      const err = await codeOf(call());
      expect(err.code).toBe(Code.InvalidArgument);
      expect(err.message).toMatch(/metadata is larger than the 65536-byte limit \(setting maxMetadataBytes/);
    }
    for (const gzip of [false, true]) {
      const body = { actor, action: "add", payload: { json: { by: 1 } }, metadata: big };
      expect(await fetchInvoke(gw.url, body, gzip)).toMatchObject({ code: "invalid_argument" });
    }
    // The payload rule it mirrors.
    const payload = await codeOf(c.invoke(actor, "add", { by: 1, pad: "p".repeat(4 * 1024 * 1024 + 1) }));
    expect(payload.code).toBe(Code.InvalidArgument);

    const many = Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`k${i}`, "v"]));
    expect(await codeOf(c.invoke(actor, "add", { by: 1 }, { metadata: many }))).toMatchObject({
      code: Code.InvalidArgument,
      message: expect.stringMatching(/more than 256 entries/),
    });
    expect(await codeOf(c.invoke(actor, "add", { by: 1 }, { metadata: { ["k".repeat(257)]: "v" } }))).toMatchObject({
      code: Code.InvalidArgument,
      message: expect.stringMatching(/must be 1-256 characters/),
    });
    // Nothing was run; metadata within the limits still reaches the host whole.
    expect(await c.invoke(actor, "get")).toEqual({ value: 0 });
    const fits = Object.fromEntries(Array.from({ length: 256 }, (_, i) => [`k${i}`, "v".repeat(200)]));
    expect(await c.invoke({ system: "test", type: "Probe", name: "p" }, "meta", null, { metadata: fits })).toBe(256);
    expect(seen.at(-1)).toEqual(fits);
  });

  it("counts metadata against maxMetadataBytes (a setting), in UTF-8 bytes of keys and values", async () => {
    const gw = await startGateway({ maxMetadataBytes: 2048 });
    await startHost(gw, [counter]);
    const c = client(gw);
    const actor = { system: "test", type: "Counter", name: uniqueName() };
    // 1000 three-byte characters: 3000 bytes, although only 1000 UTF-16 units.
    const err = await codeOf(c.invoke(actor, "add", { by: 1 }, { metadata: { k: "€".repeat(1000) } }));
    expect(err).toMatchObject({ code: Code.InvalidArgument, message: expect.stringMatching(/2048-byte limit/) });
    expect(await c.invoke(actor, "add", { by: 1 }, { metadata: { k: "€".repeat(600) } })).toEqual({ value: 1 });
  });
});
