import { describe, expect, it } from "vitest";
import * as grpc from "@grpc/grpc-js";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { InvokeRequestSchema, InvokeResponseSchema, type InvokeResponse } from "@actorgate/client/gen";
import { fromPayload, toPayload } from "@actorgate/client";
import { client, startGateway, startHost, uniqueName } from "../support/harness.js";
import { counter, gatedActor, Gates } from "../support/test-actors.js";

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

  it("honours the gRPC deadline (grpc-timeout): deadline_exceeded, and the late result changes nothing", async () => {
    const gates = new Gates();
    const gw = await startGateway();
    await startHost(gw, [gatedActor(gates)]);
    const actor = { system: "test", type: "Gated", name: uniqueName() };
    const err = await grpcInvoke(gw.port, { actor, action: "hold", payload: toPayload({ gate: "g" }) }, { deadline: Date.now() + 100 }).catch(
      (e: grpc.ServiceError) => e,
    );
    expect((err as grpc.ServiceError).code).toBe(grpc.status.DEADLINE_EXCEEDED);
    await gates.aborted("g");
    gates.release("g");
    const log = await grpcInvoke(gw.port, { actor, action: "log" });
    expect(fromPayload(log.reply)).toEqual([]);
  });
});
