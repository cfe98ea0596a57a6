import http2 from "node:http2";
import net from "node:net";
import { create, toBinary } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { ActorService, AdminService, InvokeRequestSchema, StateService } from "@actorgate/client/gen";
import { describe, expect, it } from "vitest";
import { client, onCleanup, startGateway, startHost, uniqueName } from "../support/harness.js";
import { capturedLog } from "../support/captured-log.js";
import { counter } from "../support/test-actors.js";

/** Opens a TCP connection, sends `bytes`, and resolves with it once connected. */
function openRaw(port: number, bytes: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      if (bytes) socket.write(bytes);
      // Flowing, so the socket sees the gateway's end (and any 408) and closes.
      socket.resume();
      resolve(socket);
    });
    socket.once("error", reject);
    onCleanup(async () => void socket.destroy());
  });
}
const closed = (s: net.Socket) => (s.closed ? Promise.resolve() : new Promise<void>((r) => s.once("close", () => r())));

/** A Connect-protocol POST with a raw body, over HTTP/1.1 fetch. */
async function post(url: string, path: string, contentType: string, body: Uint8Array) {
  const res = await fetch(url + path, { method: "POST", headers: { "content-type": contentType }, body });
  return { status: res.status, json: (await res.json()) as { code: string; message: string } };
}

/** A gRPC call with a raw body over h2c; resolves with its trailers. */
function grpcRaw(url: string, path: string, contentType: string, body: Uint8Array): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(url);
    session.on("error", reject);
    const req = session.request({ ":method": "POST", ":path": path, "content-type": contentType, te: "trailers" });
    const trailers: Record<string, string> = {};
    req.on("response", (h) => Object.assign(trailers, h));
    req.on("trailers", (t) => Object.assign(trailers, t));
    req.on("data", () => undefined);
    req.on("end", () => {
      session.close();
      resolve(trailers);
    });
    req.on("error", reject);
    req.end(body);
  });
}

const envelope = (bytes: Uint8Array) => {
  const out = Buffer.alloc(5 + bytes.length);
  out.writeUInt32BE(bytes.length, 1);
  Buffer.from(bytes).copy(out, 5);
  return out;
};
// A field 1 with wire type 7 (no such type): "illegal tag" for any message.
const GARBAGE = new Uint8Array([0x0f, 0xff, 0xff, 0xff]);

describe("connection limits and client mistakes", () => {
  it("closes hundreds of half-sent request headers and idle connections, while normal calls go on", async () => {
    const gw = await startGateway({ headersTimeoutMs: 1000 });
    await startHost(gw, [counter]);
    const slow = await Promise.all(Array.from({ length: 300 }, (_, i) => openRaw(gw.port, i % 3 === 0 ? "" : "POST /actorgate.v1.ActorService/Invoke HTTP/1.1\r\nHost: x\r\n")));
    const c = client(gw, { httpVersion: "1.1" });
    const actor = { system: "test", type: "Counter", name: uniqueName() };
    for (let i = 1; i <= 5; i++) expect(await c.invoke(actor, "add", { by: 1 })).toEqual({ value: i });
    // Every slow connection is dropped by the gateway (headersTimeoutMs), without the client closing it.
    await Promise.all(slow.map(closed));
    expect(await c.invoke(actor, "get")).toEqual({ value: 5 });
  });

  it("closes connections beyond --max-connections-per-client at once", async () => {
    const gw = await startGateway({ maxConnectionsPerClient: 20 });
    const open = await Promise.all(Array.from({ length: 20 }, () => openRaw(gw.port, "")));
    const extra = await openRaw(gw.port, "");
    await closed(extra);
    expect(open.every((s) => !s.closed)).toBe(true);
    for (const s of open) s.destroy();
  });

  it("answers invalid_argument to protobuf bodies that do not decode, on every path and protocol, and logs no error", async () => {
    const captured = capturedLog();
    const gw = await startGateway({}, { log: captured.log });
    await startHost(gw, [counter]);
    const paths = [`/${ActorService.typeName}/Invoke`, `/${StateService.typeName}/GetState`, `/${AdminService.typeName}/ListHosts`];
    for (const path of paths) {
      const connect = await post(gw.url, path, "application/proto", GARBAGE);
      expect(connect.status, path).toBe(400);
      expect(connect.json.code).toBe("invalid_argument");
      expect(connect.json.message).toMatch(/request body is not a valid actorgate\.v1\.\w+Request/);
      const grpc = await grpcRaw(gw.url, path, "application/grpc", envelope(GARBAGE));
      expect(grpc["grpc-status"], path).toBe(String(Code.InvalidArgument));
      const grpcWeb = await fetch(gw.url + path, { method: "POST", headers: { "content-type": "application/grpc-web+proto" }, body: envelope(GARBAGE) });
      expect(Buffer.from(await grpcWeb.arrayBuffer()).toString()).toContain(`grpc-status: ${Code.InvalidArgument}`);
    }
    // A valid binary body still goes through connect-node after the check.
    const ok = await fetch(`${gw.url}/${AdminService.typeName}/ListHosts`, { method: "POST", headers: { "content-type": "application/proto" }, body: new Uint8Array() });
    expect(ok.status).toBe(200);
    const invoke = toBinary(InvokeRequestSchema, create(InvokeRequestSchema, { actor: { system: "test", type: "Counter", name: uniqueName() }, action: "get" }));
    expect((await fetch(`${gw.url}/${ActorService.typeName}/Invoke`, { method: "POST", headers: { "content-type": "application/proto" }, body: invoke })).status).toBe(200);
    expect(captured.errors()).toEqual([]);
  });
});
