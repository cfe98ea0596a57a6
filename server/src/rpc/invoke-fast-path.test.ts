import http from "node:http";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { Code, ConnectError } from "@connectrpc/connect";
import { create, createRegistry, fromBinary, toBinary } from "@bufbuild/protobuf";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InvokeRequestSchema, InvokeResponseSchema, type InvokeRequest } from "@actorgate/client/gen";
import { GatewayError } from "../errors.js";
import type { CallContext } from "./call-context.js";
import { invokeFastPath } from "./invoke-fast-path.js";
import { createCallPipeline } from "./pipeline.js";
import type { UnaryRequest, UnaryResponse } from "./unary-protocol.js";

const PATH = "/actorgate.v1.ActorService/Invoke";
const MAX = 4096;

/** What the Invoke implementation saw, and what it does next. */
let seen: { req: InvokeRequest; ctx: CallContext }[] = [];
let behaviour: (req: InvokeRequest, ctx: CallContext) => Promise<object> = async (req) => ({ invocationId: `id-${req.action}`, revision: 7n });

const fastPath = invokeFastPath({
  invoke: (req, ctx) => {
    seen.push({ req, ctx });
    return behaviour(req, ctx) as never;
  },
  pipeline: createCallPipeline([]),
  registry: createRegistry(),
  readMaxBytes: MAX,
});

/** Settles when the server's response to the latest request has closed. */
let responseClosed: Promise<void> = Promise.resolve();

function route(req: UnaryRequest, res: UnaryResponse): void {
  responseClosed = new Promise((r) => res.once("close", () => r()));
  if (fastPath(req, res)) return;
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("fallback");
}

let h1: http.Server;
let h2: http2.Http2Server;
let h1Url: string;
let h2Url: string;

beforeAll(async () => {
  h1 = http.createServer(route);
  h2 = http2.createServer(route);
  await Promise.all([h1, h2].map((s) => new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()))));
  h1Url = `http://127.0.0.1:${(h1.address() as AddressInfo).port}`;
  h2Url = `http://127.0.0.1:${(h2.address() as AddressInfo).port}`;
});
afterAll(async () => {
  h1.closeAllConnections();
  await Promise.all([h1, h2].map((s) => new Promise((r) => s.close(r))));
});
beforeEach(() => {
  seen = [];
  behaviour = async (req) => ({ invocationId: `id-${req.action}`, revision: 7n });
});

const requestJson = { actor: { system: "s", type: "T", name: "n" }, action: "add", metadata: { k: "v" } };
const requestBinary = () => toBinary(InvokeRequestSchema, create(InvokeRequestSchema, requestJson));

function post(headers: Record<string, string>, body: string | Uint8Array, path = PATH): Promise<Response> {
  return fetch(h1Url + path, { method: "POST", headers, body });
}

describe("Invoke fast path: Connect unary", () => {
  it("answers Connect JSON", async () => {
    const res = await post({ "content-type": "application/json" }, JSON.stringify(requestJson));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    const text = await res.text();
    expect(res.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    expect(JSON.parse(text)).toEqual({ invocationId: "id-add", revision: "7" });
    expect(seen[0]!.req.actor).toMatchObject(requestJson.actor);
    expect(seen[0]!.req.metadata).toEqual({ k: "v" });
    expect(seen[0]!.ctx.timeoutMs()).toBeUndefined();
  });

  it("answers Connect binary, also with identity encoding", async () => {
    const variants: Record<string, string>[] = [{ "content-type": "application/proto" }, { "content-type": "application/proto", "content-encoding": "identity" }];
    for (const headers of variants) {
      const res = await post(headers, requestBinary());
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/proto");
      const out = fromBinary(InvokeResponseSchema, new Uint8Array(await res.arrayBuffer()));
      expect([out.invocationId, out.revision]).toEqual(["id-add", 7n]);
    }
  });

  it("leaves other paths, methods, content types and compressed bodies to connect-node", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ "content-type": "application/json" }, "/actorgate.v1.ActorService/Broadcast"],
      [{ "content-type": "text/plain" }, PATH],
      [{ "content-type": "application/connect+json" }, PATH],
      [{ "content-type": "application/grpc" }, PATH], // gRPC needs HTTP/2
      [{ "content-type": "application/json", "content-encoding": "gzip" }, PATH],
    ];
    for (const [headers, path] of cases) {
      const res = await post(headers, "{}", path);
      expect(await res.text(), JSON.stringify(headers)).toBe("fallback");
    }
    const get = await fetch(h1Url + PATH);
    expect(await get.text()).toBe("fallback");
    expect(seen).toEqual([]);
  });

  it("hands the implementation the connect-timeout-ms header", async () => {
    await post({ "content-type": "application/json", "connect-timeout-ms": "250" }, "{}");
    expect(seen[0]!.ctx.timeoutMs()).toBe(250);
  });

  it("refuses a malformed connect-timeout-ms without calling the implementation", async () => {
    const res = await post({ "content-type": "application/json", "connect-timeout-ms": "soon" }, "{}");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe("invalid_argument");
    expect(seen).toEqual([]);
  });

  it("answers the implementation's error as Connect error JSON, with its metadata as headers", async () => {
    behaviour = async () => {
      throw new ConnectError("no such actor", Code.NotFound, { "x-hint": "register it" });
    };
    const res = await post({ "content-type": "application/proto" }, requestBinary());
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("x-hint")).toBe("register it");
    expect(await res.json()).toEqual({ code: "not_found", message: "no such actor" });
  });

  it("turns a GatewayError into its code", async () => {
    behaviour = async () => {
      throw new GatewayError(Code.ResourceExhausted, "mailbox full");
    };
    const res = await post({ "content-type": "application/json" }, "{}");
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ code: "resource_exhausted", message: "mailbox full" });
  });

  it("refuses malformed JSON with invalid_argument", async () => {
    const res = await post({ "content-type": "application/json" }, "{not json");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe("invalid_argument");
    expect(seen).toEqual([]);
  });

  it("refuses a body over readMaxBytes, declared or streamed", async () => {
    const big = JSON.stringify({ action: "x".repeat(MAX) });
    const declared = await post({ "content-type": "application/json" }, big);
    expect(declared.status).toBe(429);
    const body = (await declared.json()) as { code: string; message: string };
    expect(body.code).toBe("resource_exhausted");
    expect(body.message).toContain(`larger than configured readMaxBytes ${MAX}`);
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(h1Url + PATH, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode!, body: text }));
      });
      req.on("error", reject);
      req.write(big.slice(0, 3000));
      req.end(big.slice(3000)); // chunked: no content-length to refuse up front
    });
    expect(streamed.status).toBe(429);
    expect(JSON.parse(streamed.body).code).toBe("resource_exhausted");
    expect(seen).toEqual([]);
  });

  it("accepts a body of exactly readMaxBytes", async () => {
    const padded = JSON.stringify({ action: "a" }).replace("}", " ".repeat(MAX - 14) + "}");
    expect(Buffer.byteLength(padded)).toBe(MAX);
    const res = await post({ "content-type": "application/json" }, padded);
    expect(res.status).toBe(200);
  });

  it("aborts the call with canceled when the client goes away before its answer", async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    behaviour = (_req, ctx) =>
      new Promise((_resolve, reject) => {
        started();
        ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason));
      });
    const req = http.request(h1Url + PATH, { method: "POST", headers: { "content-type": "application/json" } });
    req.on("error", () => undefined);
    req.end("{}");
    await running;
    const signal = seen[0]!.ctx.signal;
    const aborted = new Promise((r) => signal.addEventListener("abort", r));
    req.destroy();
    await aborted;
    expect(signal.reason).toBeInstanceOf(ConnectError);
    expect((signal.reason as ConnectError).code).toBe(Code.Canceled);
  });

  it("does not abort a call whose answer was sent", async () => {
    const res = await post({ "content-type": "application/json", connection: "close" }, "{}");
    await res.text();
    await responseClosed;
    expect(seen[0]!.ctx.signal.aborted).toBe(false);
  });
});

/** One gRPC call over h2c: status from the trailers, the message from the envelope. */
function grpc(headers: Record<string, string>, body: Uint8Array) {
  return new Promise<{ status: number; headers: http2.IncomingHttpHeaders; trailers: http2.IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      const session = http2.connect(h2Url);
      session.on("error", reject);
      const stream = session.request({ ":method": "POST", ":path": PATH, te: "trailers", ...headers });
      const chunks: Buffer[] = [];
      let responseHeaders: http2.IncomingHttpHeaders = {};
      let trailers: http2.IncomingHttpHeaders = {};
      stream.on("response", (h) => (responseHeaders = h));
      stream.on("trailers", (t) => (trailers = t));
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        session.close();
        resolve({ status: Number(responseHeaders[":status"]), headers: responseHeaders, trailers, body: Buffer.concat(chunks) });
      });
      stream.on("error", reject);
      stream.end(body);
    },
  );
}

function envelope(message: Uint8Array, flags = 0): Uint8Array {
  const out = new Uint8Array(5 + message.byteLength);
  out[0] = flags;
  new DataView(out.buffer).setUint32(1, message.byteLength);
  out.set(message, 5);
  return out;
}

describe("Invoke fast path: gRPC", () => {
  it("answers gRPC binary with one enveloped message and grpc-status 0", async () => {
    const res = await grpc({ "content-type": "application/grpc" }, envelope(requestBinary()));
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/grpc+proto");
    expect(res.trailers["grpc-status"]).toBe("0");
    expect(res.body[0]).toBe(0);
    expect(res.body.readUInt32BE(1)).toBe(res.body.byteLength - 5);
    const out = fromBinary(InvokeResponseSchema, res.body.subarray(5));
    expect([out.invocationId, out.revision]).toEqual(["id-add", 7n]);
    expect(seen[0]!.req.action).toBe("add");
  });

  it("answers gRPC JSON", async () => {
    const res = await grpc({ "content-type": "application/grpc+json" }, envelope(Buffer.from(JSON.stringify(requestJson))));
    expect(res.headers["content-type"]).toBe("application/grpc+json");
    expect(res.trailers["grpc-status"]).toBe("0");
    expect(JSON.parse(res.body.subarray(5).toString())).toEqual({ invocationId: "id-add", revision: "7" });
  });

  it("hands the implementation the grpc-timeout header", async () => {
    await grpc({ "content-type": "application/grpc", "grpc-timeout": "200m" }, envelope(requestBinary()));
    expect(seen[0]!.ctx.timeoutMs()).toBe(200);
  });

  it("answers errors in the trailers, with no message", async () => {
    behaviour = async () => {
      throw new GatewayError(Code.NotFound, "no such actor");
    };
    const res = await grpc({ "content-type": "application/grpc" }, envelope(requestBinary()));
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/grpc+proto");
    expect(res.trailers["grpc-status"]).toBe(String(Code.NotFound));
    expect(decodeURIComponent(String(res.trailers["grpc-message"]))).toBe("no such actor");
    expect(res.body.byteLength).toBe(0);
  });

  it("refuses bad framing: a short envelope, a compressed flag, or more than one message", async () => {
    const message = requestBinary();
    const cases: [Uint8Array, Code, string][] = [
      [new Uint8Array([0, 0, 0, 0]), Code.InvalidArgument, "incomplete envelope"],
      [envelope(message, 1), Code.InvalidArgument, "compressed message without grpc-encoding"],
      [Buffer.concat([envelope(message), envelope(message)]), Code.InvalidArgument, "exactly one message"],
      [envelope(message).subarray(0, 5 + message.byteLength - 1), Code.InvalidArgument, "exactly one message"],
    ];
    for (const [body, code, text] of cases) {
      const res = await grpc({ "content-type": "application/grpc" }, body);
      expect(res.trailers["grpc-status"], text).toBe(String(code));
      expect(decodeURIComponent(String(res.trailers["grpc-message"]))).toContain(text);
    }
    expect(seen).toEqual([]);
  });

  it("accepts an empty message (a five-byte envelope)", async () => {
    const res = await grpc({ "content-type": "application/grpc" }, envelope(new Uint8Array(0)));
    expect(res.trailers["grpc-status"]).toBe("0");
    expect(seen).toHaveLength(1);
  });

  it("leaves compressed gRPC and gRPC-Web to connect-node, serves identity", async () => {
    const gzip = await grpc({ "content-type": "application/grpc", "grpc-encoding": "gzip" }, envelope(requestBinary()));
    expect(gzip.body.toString()).toBe("fallback");
    const web = await grpc({ "content-type": "application/grpc-web" }, envelope(requestBinary()));
    expect(web.body.toString()).toBe("fallback");
    const identity = await grpc({ "content-type": "application/grpc", "grpc-encoding": "identity" }, envelope(requestBinary()));
    expect(identity.trailers["grpc-status"]).toBe("0");
  });

  it("serves Connect over HTTP/2 too", async () => {
    const res = await grpc({ "content-type": "application/json" }, Buffer.from(JSON.stringify(requestJson)));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ invocationId: "id-add", revision: "7" });
  });
});
