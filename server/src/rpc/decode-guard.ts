import { fromBinary, type DescMethod, type DescService } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { codeName } from "@actorgate/client/common";
import { parseTimeout as parseConnectTimeout } from "@connectrpc/connect/protocol-connect";
import { parseTimeout as parseGrpcTimeout } from "@connectrpc/connect/protocol-grpc";
import { MAX_TIMEOUT_MS } from "./deadline.js";
import { connectUnary } from "./unary-connect.js";
import { grpcUnary } from "./unary-grpc.js";
import { headerValue, readBody, type UnaryRequest, type UnaryResponse } from "./unary-protocol.js";

type Wire = "connect" | "connect-stream" | "grpc" | "grpc-web";
interface Framing {
  readonly wire: Wire;
  readonly binary: boolean;
}
const FRAMINGS: Record<string, Framing> = {
  "application/proto": { wire: "connect", binary: true },
  "application/connect+proto": { wire: "connect-stream", binary: true },
  "application/connect+json": { wire: "connect-stream", binary: false },
  "application/grpc": { wire: "grpc", binary: true },
  "application/grpc+proto": { wire: "grpc", binary: true },
  "application/grpc+json": { wire: "grpc", binary: false },
  "application/grpc-web": { wire: "grpc-web", binary: true },
  "application/grpc-web+proto": { wire: "grpc-web", binary: true },
  "application/grpc-web+json": { wire: "grpc-web", binary: false },
};
const ENCODING_HEADER: Record<Wire, string> = {
  connect: "content-encoding",
  "connect-stream": "connect-content-encoding",
  grpc: "grpc-encoding",
  "grpc-web": "grpc-encoding",
};

/**
 * A request whose body is not one well-framed, decodable message is the client's
 * mistake: `invalid_argument`. connect-node answers several such mistakes `internal`
 * (a binary message that does not parse: "parse binary: illegal tag"; an empty body, two
 * messages or a compressed flag without an encoding: "protocol error: …"), which also
 * hides them among real faults. So for the calls connect-node serves (every unary and
 * server-streaming method; the Invoke fast path checks its own), this reads the request
 * body first (it is one message, so connect-node would buffer it anyway), checks its
 * framing and, for binary codecs, decodes it once; it answers `invalid_argument` in the
 * call's protocol when that fails, and otherwise hands connect-node the same bytes.
 * Compressed requests and content types it does not know go to connect-node unchecked.
 *
 * Returns false when it did not take the request (connect-node should serve it), true
 * when it did; then `next` is called with the request once its body checked out.
 */
export function decodeGuard(
  services: readonly DescService[],
  readMaxBytes: number,
): (req: UnaryRequest, res: UnaryResponse, next: () => void) => boolean {
  const methods = new Map<string, DescMethod>();
  for (const s of services) {
    for (const m of s.methods) if (m.methodKind === "unary" || m.methodKind === "server_streaming") methods.set(`/${s.typeName}/${m.name}`, m);
  }
  return (req, res, next) => {
    if (req.method !== "POST") return false;
    const method = methods.get(req.url ?? "");
    const framing = FRAMINGS[(req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase()];
    if (!method || !framing) return false;
    const { wire, binary } = framing;
    // connect-node refuses these itself, with the right codes.
    if ((wire === "connect") !== (method.methodKind === "unary") && wire.startsWith("connect")) return false;
    if (wire === "grpc" && req.httpVersionMajor !== 2) return false;
    const encoding = req.headers[ENCODING_HEADER[wire]];
    if (encoding !== undefined && encoding !== "identity") return false;
    readBody(req, readMaxBytes).then(
      (body) => {
        // A timeout Node's timers cannot hold: connect-node would warn and arm a 1 ms timer.
        const timeout = wire.startsWith("connect")
          ? parseConnectTimeout(headerValue(req.headers["connect-timeout-ms"]), MAX_TIMEOUT_MS)
          : parseGrpcTimeout(headerValue(req.headers["grpc-timeout"]), MAX_TIMEOUT_MS);
        if (timeout.error) {
          answer(res, framing, timeout.error);
          return;
        }
        const framed = wire === "connect" ? { message: body } : singleMessage(body);
        const problem = "problem" in framed ? framed.problem : binary ? parseError(method, framed.message) : undefined;
        if (problem !== undefined) {
          answer(res, framing, new ConnectError(`the request body is not a valid ${method.input.typeName}: ${problem}`, Code.InvalidArgument));
          return;
        }
        replay(req, body);
        next();
      },
      (err: unknown) => {
        if (!req.destroyed) answer(res, framing, ConnectError.from(err));
      },
    );
    return true;
  };
}

/** The one uncompressed message of an enveloped body, or what is wrong with its framing. */
function singleMessage(body: Uint8Array): { message: Uint8Array } | { problem: string } {
  if (body.byteLength === 0) return { problem: "no request message (the body is empty)" };
  if (body.byteLength < 5) return { problem: "incomplete envelope" };
  if (body[0]! & 1) return { problem: "a compressed message without a message encoding header" };
  if (body[0]! !== 0) return { problem: `unexpected envelope flags 0x${body[0]!.toString(16)} on a request message` };
  const length = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(1);
  if (body.byteLength < 5 + length) return { problem: `incomplete message (the envelope promises ${length} bytes)` };
  if (body.byteLength > 5 + length) return { problem: "more than one request message (these methods take exactly one)" };
  return { message: body.subarray(5) };
}

function parseError(method: DescMethod, bytes: Uint8Array): string | undefined {
  try {
    fromBinary(method.input, bytes);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** connect-node reads a request by async iteration: give it the bytes already read. */
function replay(req: UnaryRequest, body: Uint8Array): void {
  Object.defineProperty(req, Symbol.asyncIterator, {
    configurable: true,
    value: async function* () {
      if (body.byteLength > 0) yield Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    },
  });
}

function frame(flags: number, payload: Buffer): Buffer {
  const out = Buffer.alloc(5 + payload.length);
  out[0] = flags;
  out.writeUInt32BE(payload.length, 1);
  payload.copy(out, 5);
  return out;
}

function answer(res: UnaryResponse, { wire, binary }: Framing, error: ConnectError): void {
  if (wire === "connect") return connectUnary.fail(res, error, binary, {});
  if (wire === "grpc") return grpcUnary.fail(res, error, binary, {});
  const codec = binary ? "proto" : "json";
  let body: Buffer;
  if (wire === "connect-stream") {
    // A Connect stream ends with an end-stream message (flag 0x02) holding the error.
    const end = { error: { code: codeName(error.code), message: error.rawMessage } };
    body = frame(0x02, Buffer.from(JSON.stringify(end)));
    res.writeHead(200, { "content-type": `application/connect+${codec}` });
  } else {
    // gRPC-Web: the status travels in a trailer frame (flag 0x80) in the body.
    body = frame(0x80, Buffer.from(`grpc-status: ${error.code}\r\ngrpc-message: ${encodeURIComponent(error.rawMessage)}\r\n`));
    res.writeHead(200, { "content-type": `application/grpc-web+${codec}` });
  }
  res.end(body);
}
