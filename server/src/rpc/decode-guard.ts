import { fromBinary, type DescMethod, type DescService } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { connectUnary } from "./unary-connect.js";
import { grpcUnary } from "./unary-grpc.js";
import { readBody, type UnaryRequest, type UnaryResponse } from "./unary-protocol.js";

type Wire = "connect" | "grpc" | "grpc-web";
const WIRES: Record<string, Wire> = {
  "application/proto": "connect",
  "application/grpc": "grpc",
  "application/grpc+proto": "grpc",
  "application/grpc-web": "grpc-web",
  "application/grpc-web+proto": "grpc-web",
};

/**
 * A binary request body that is not a valid protobuf message is the client's mistake:
 * `invalid_argument`. connect-node reports it `internal` ("parse binary: illegal tag"),
 * which also hides it among real faults. So for unary binary calls connect-node serves,
 * this reads the body first, decodes it once, answers `invalid_argument` when it does
 * not parse, and otherwise hands connect-node the same bytes again. Anything it does not
 * understand (compression, odd framing, JSON) is left to connect-node as before.
 *
 * Returns false when it did not take the request (connect-node should serve it), true
 * when it did; then `next` is called with the request once its body checked out.
 */
export function decodeGuard(
  services: readonly DescService[],
  readMaxBytes: number,
): (req: UnaryRequest, res: UnaryResponse, next: () => void) => boolean {
  const methods = new Map<string, DescMethod>();
  for (const s of services) for (const m of s.methods) if (m.methodKind === "unary") methods.set(`/${s.typeName}/${m.name}`, m);
  return (req, res, next) => {
    if (req.method !== "POST") return false;
    const method = methods.get(req.url ?? "");
    const wire = WIRES[(req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase()];
    if (!method || !wire) return false;
    const encoding = req.headers[wire === "connect" ? "content-encoding" : "grpc-encoding"];
    if (encoding !== undefined && encoding !== "identity") return false;
    if (wire === "grpc" && req.httpVersionMajor !== 2) return false;
    readBody(req, readMaxBytes).then(
      (body) => {
        const message = wire === "connect" ? body : singleMessage(body);
        const error = message ? parseError(method, message) : undefined;
        if (error) {
          answer(res, wire, new ConnectError(`the request body is not a valid ${method.input.typeName}: ${error}`, Code.InvalidArgument));
          return;
        }
        replay(req, body);
        next();
      },
      (err: unknown) => {
        if (!req.destroyed) answer(res, wire, ConnectError.from(err));
      },
    );
    return true;
  };
}

/** The one uncompressed message of an enveloped body, or undefined when framed otherwise (connect-node reports that). */
function singleMessage(body: Uint8Array): Uint8Array | undefined {
  if (body.byteLength < 5 || (body[0]! & 1) !== 0) return undefined;
  const length = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(1);
  return body.byteLength === 5 + length ? body.subarray(5) : undefined;
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

function answer(res: UnaryResponse, wire: Wire, error: ConnectError): void {
  if (wire === "connect") return connectUnary.fail(res, error, true, {});
  if (wire === "grpc") return grpcUnary.fail(res, error, true, {});
  // gRPC-Web: the status travels in a trailer frame (flag 0x80) in the body.
  const trailer = Buffer.from(`grpc-status: ${error.code}\r\ngrpc-message: ${encodeURIComponent(error.rawMessage)}\r\n`);
  const frame = Buffer.alloc(5 + trailer.length);
  frame[0] = 0x80;
  frame.writeUInt32BE(trailer.length, 1);
  trailer.copy(frame, 5);
  res.writeHead(200, { "content-type": "application/grpc-web+proto" });
  res.end(frame);
}
