import http2 from "node:http2";
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import * as grpc from "@grpc/grpc-js";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { InvokeRequestSchema, InvokeResponseSchema, type InvokeResponse } from "@actorgate/client/gen";
import { fromPayload, toPayload } from "@actorgate/client";
import { defineActor } from "@actorgate/client/host";
import { client, deferred, startGateway, startHost, uniqueName } from "../support/harness.js";
import { counter } from "../support/test-actors.js";

/** A gRPC client that shares no code with Connect: grpc-js over h2c. */
function grpcInvoke(
  port: number,
  body: Parameters<typeof create<typeof InvokeRequestSchema>>[1],
  options: grpc.CallOptions = {},
): Promise<InvokeResponse> {
  const Ctor = grpc.makeGenericClientConstructor(
    {
      Invoke: {
        path: "/actorgate.v1.ActorService/Invoke",
        requestStream: false,
        responseStream: false,
        requestSerialize: (m: ReturnType<typeof create<typeof InvokeRequestSchema>>) => Buffer.from(toBinary(InvokeRequestSchema, m)),
        requestDeserialize: (b: Buffer) => fromBinary(InvokeRequestSchema, b),
        responseSerialize: (m: InvokeResponse) => Buffer.from(toBinary(InvokeResponseSchema, m)),
        responseDeserialize: (b: Buffer) => fromBinary(InvokeResponseSchema, b),
      },
    },
    "ActorService",
  );
  const c = new Ctor(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    (c as unknown as { Invoke: (r: unknown, m: grpc.Metadata, o: grpc.CallOptions, cb: (e: Error | null, r: InvokeResponse) => void) => void }).Invoke(
      create(InvokeRequestSchema, body),
      new grpc.Metadata(),
      options,
      (err, res) => {
        c.close();
        if (err) reject(err);
        else resolve(res);
      },
    );
  });
}

describe("all four protocols reach Invoke", () => {
  it("gRPC (grpc-js), gRPC-Web, Connect binary and Connect JSON (plain fetch) all add to the same counter", async () => {
    const gw = await startGateway();
    await startHost(gw, [counter]);
    const name = uniqueName();
    const actor = { system: "test", type: "Counter", name };

    const viaGrpc = await grpcInvoke(gw.port, { actor, action: "add", payload: toPayload({ by: 1 }) });
    expect(fromPayload(viaGrpc.reply)).toEqual({ value: 1 });

    const grpcWeb = client(gw, { protocol: "grpc-web", httpVersion: "1.1" });
    expect(await grpcWeb.invoke(actor, "add", { by: 1 })).toEqual({ value: 2 });

    const connectBinary = client(gw, { protocol: "connect", binary: true, httpVersion: "1.1" });
    expect(await connectBinary.invoke(actor, "add", { by: 1 })).toEqual({ value: 3 });

    const connectGrpcH2 = client(gw, { protocol: "grpc" });
    expect(await connectGrpcH2.invoke(actor, "add", { by: 1 })).toEqual({ value: 4 });

    const res = await fetch(`${gw.url}/actorgate.v1.ActorService/Invoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ actor, action: "add", payload: { json: { by: 1 } } }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ reply: { json: { value: 5 } }, revision: "5" });
  });

  it("serves gRPC errors with their code", async () => {
    const gw = await startGateway();
    await startHost(gw, [counter]);
    const err = await grpcInvoke(gw.port, { actor: { system: "test", type: "Nope", name: "x" }, action: "get" }).catch((e: grpc.ServiceError) => e);
    expect((err as grpc.ServiceError).code).toBe(grpc.status.NOT_FOUND);
  });

  it("honours the gRPC deadline (grpc-timeout) itself: deadline_exceeded on time, the host aborted, the late result changes nothing", async () => {
    const seen = { aborted: deferred<void>(), release: deferred<void>() };
    // Notes its signal, but answers only when released: the answer at the deadline must
    // be the gateway's own, not the host giving up.
    const stubborn = defineActor<{ log: string[] }>({
      name: "Stubborn",
      kind: "unnamed",
      initialState: () => ({ log: [] }),
      actions: {
        hold: async (_: unknown, ctx) => {
          ctx.signal.addEventListener("abort", () => seen.aborted.resolve());
          await seen.release.promise;
          return { state: { log: [...ctx.state.log, "late"] } };
        },
        log: (_: unknown, ctx) => ({ reply: ctx.state.log }),
      },
    });
    const gw = await startGateway();
    await startHost(gw, [stubborn]);
    const actor = { system: "test", type: "Stubborn", name: uniqueName() };
    // A raw HTTP/2 client sends grpc-timeout and keeps no timer of its own (grpc-js would
    // enforce its deadline itself and pass whatever the gateway did).
    const session = http2.connect(gw.url);
    try {
      // The actor active and the connection open: what follows times the deadline only.
      expect(await rawGrpcInvoke(session, { actor, action: "log" }, "5S")).toBe("0");
      const start = performance.now();
      const status = await rawGrpcInvoke(session, { actor, action: "hold" }, "100m");
      const answeredMs = performance.now() - start;
      expect(status).toBe(String(grpc.status.DEADLINE_EXCEEDED));
      await seen.aborted.promise;
      // deadlines.test.ts holds the 20 ms bound; this tells "the 100 ms deadline" from
      // any other timer on a shared machine.
      expect(answeredMs).toBeGreaterThanOrEqual(95);
      expect(answeredMs).toBeLessThan(500);
    } finally {
      session.close();
    }
    seen.release.resolve();
    const log = await grpcInvoke(gw.port, { actor, action: "log" });
    expect(fromPayload(log.reply)).toEqual([]);
  });
});

/** One unary gRPC call over a raw HTTP/2 stream; resolves with its grpc-status. */
function rawGrpcInvoke(session: http2.ClientHttp2Session, body: Parameters<typeof create<typeof InvokeRequestSchema>>[1], timeout: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stream = session.request({
      ":method": "POST",
      ":path": "/actorgate.v1.ActorService/Invoke",
      "content-type": "application/grpc+proto",
      te: "trailers",
      "grpc-timeout": timeout,
    });
    stream.on("response", (headers) => {
      if (headers["grpc-status"] !== undefined) resolve(String(headers["grpc-status"]));
    });
    stream.on("trailers", (trailers) => resolve(String(trailers["grpc-status"])));
    stream.on("data", () => undefined);
    stream.on("error", reject);
    const bytes = toBinary(InvokeRequestSchema, create(InvokeRequestSchema, body));
    const frame = Buffer.alloc(5 + bytes.length);
    frame.writeUInt32BE(bytes.length, 1);
    frame.set(bytes, 5);
    stream.end(frame);
  });
}
