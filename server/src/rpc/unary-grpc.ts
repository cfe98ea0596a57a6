import type http2 from "node:http2";
import { MAX_TIMEOUT_MS } from "./deadline.js";
import { Code, ConnectError } from "@connectrpc/connect";
import { encodeEnvelope } from "@connectrpc/connect/protocol";
import { contentTypeJson, contentTypeProto, parseContentType, parseTimeout, setTrailerStatus } from "@connectrpc/connect/protocol-grpc";
import { headerValue, type UnaryProtocol, type UnaryResponse } from "./unary-protocol.js";

const COMPRESSED = 0b00000001;

function respond(res: UnaryResponse, contentType: string, body: Uint8Array | undefined, trailer: Headers): void {
  // gRPC runs over HTTP/2 only (accepts() checks), so this is the HTTP/2 compat response.
  const h2 = res as http2.Http2ServerResponse;
  h2.writeHead(200, { "content-type": contentType });
  const trailers: Record<string, string> = {};
  trailer.forEach((value, key) => {
    trailers[key] = value;
  });
  h2.addTrailers(trailers);
  if (body) h2.end(body);
  else h2.end();
}

/** gRPC unary over HTTP/2: one enveloped message each way, the status in trailers. */
export const grpcUnary: UnaryProtocol = {
  name: "grpc",
  accepts(req) {
    if (req.httpVersionMajor !== 2) return undefined;
    const type = parseContentType(req.headers["content-type"] ?? null);
    if (!type) return undefined;
    const encoding = req.headers["grpc-encoding"];
    if (encoding !== undefined && encoding !== "identity") return undefined;
    return type;
  },
  timeout: (req) => parseTimeout(headerValue(req.headers["grpc-timeout"]), MAX_TIMEOUT_MS),
  unwrap(body) {
    if (body.byteLength < 5) throw new ConnectError("protocol error: incomplete envelope", Code.InvalidArgument);
    if ((body[0]! & COMPRESSED) !== 0) {
      throw new ConnectError("protocol error: received compressed message without grpc-encoding", Code.InvalidArgument);
    }
    const length = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(1);
    if (body.byteLength !== 5 + length) {
      throw new ConnectError("protocol error: a unary request must carry exactly one message", Code.InvalidArgument);
    }
    return body.subarray(5);
  },
  succeed(res, message, binary) {
    respond(res, binary ? contentTypeProto : contentTypeJson, encodeEnvelope(0, message), setTrailerStatus(new Headers(), undefined));
  },
  fail(res, error, binary) {
    respond(res, binary ? contentTypeProto : contentTypeJson, undefined, setTrailerStatus(new Headers(), error));
  },
  cancelled: () => new ConnectError("the client cancelled the call", Code.Canceled),
};
