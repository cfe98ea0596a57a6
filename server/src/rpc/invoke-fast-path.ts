import { create, type MessageInitShape, type Registry } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { createMethodSerializationLookup } from "@connectrpc/connect/protocol";
import { ActorService, InvokeResponseSchema, type InvokeRequest, type InvokeResponse } from "@actorgate/client/gen";
import { toClientError } from "../errors.js";
import type { CallContext } from "./call-context.js";
import { requestValues } from "./peer.js";
import type { CallPipeline, RpcCall } from "./pipeline.js";
import { connectUnary } from "./unary-connect.js";
import { grpcUnary } from "./unary-grpc.js";
import { readBody, requestHeaders, type UnaryProtocol, type UnaryRequest, type UnaryResponse } from "./unary-protocol.js";

export interface InvokeFastPathOptions {
  /** The same implementation connect-node routes ActorService/Invoke to. */
  readonly invoke: (req: InvokeRequest, ctx: CallContext) => Promise<MessageInitShape<typeof InvokeResponseSchema>>;
  /** The links every call passes (the same ones connect-node's calls pass). */
  readonly pipeline: CallPipeline;
  readonly registry: Registry;
  readonly readMaxBytes: number;
}

const METHOD = ActorService.method.invoke;
const PATH = `/${ActorService.typeName}/${METHOD.name}`;
const PROTOCOLS: readonly UnaryProtocol[] = [connectUnary, grpcUnary];

/**
 * Answers `ActorService/Invoke` over the Connect unary protocol (POST, JSON or binary)
 * and over gRPC (HTTP/2), uncompressed, without connect-node's generic handler; returns
 * false for every other request, which connect-node then serves.
 *
 * Invoke is the hot path, and for a unary call the generic handler's own bookkeeping
 * (three AbortSignals and a DOMException per call, Headers objects, async-iterable
 * bodies and the garbage they leave) cost about as much CPU as the rest of the gateway's
 * work for the call (bench/results/profile-*.md). The protocol pieces (content types,
 * timeout headers, envelopes, serialization and its errors, error JSON, status codes,
 * gRPC trailers) are connect's own, imported from @connectrpc/connect/protocol*; only
 * the request/response plumbing is here. The call passes the same call pipeline
 * (links: auth, limits, telemetry, error mapping…) as connect-node's calls, with the
 * same call information. Anything unusual (GET, compression, streaming
 * or gRPC-Web content types) goes to connect-node.
 */
export function invokeFastPath(options: InvokeFastPathOptions): (req: UnaryRequest, res: UnaryResponse) => boolean {
  const jsonOptions = { registry: options.registry };
  const limits = { readMaxBytes: options.readMaxBytes, writeMaxBytes: 0xffffffff };
  const serialization = createMethodSerializationLookup(ActorService.method.invoke, undefined, jsonOptions, limits);

  return (req, res) => {
    if (req.method !== "POST" || req.url !== PATH) return false;
    let protocol: UnaryProtocol | undefined;
    let binary = false;
    for (const p of PROTOCOLS) {
      const accepted = p.accepts(req);
      if (accepted) {
        protocol = p;
        binary = accepted.binary;
        break;
      }
    }
    if (!protocol) return false;
    const timeout = protocol.timeout(req);

    // Aborted when the client goes away before its answer is sent: the runtime drops the
    // call from the mailbox, or cancels it at the host.
    const controller = new AbortController();
    let answered = false;
    res.once("close", () => {
      if (!answered) controller.abort(protocol.cancelled());
    });
    const fail = (err: unknown) => {
      answered = true;
      try {
        protocol.fail(res, toClientError(err), binary, jsonOptions);
      } catch {
        // The answer was already under way (headers sent) when it failed: all that is
        // left is to cut the call off, which the client sees as a broken response.
        res.destroy();
      }
    };

    readBody(req, options.readMaxBytes).then(
      async (body) => {
        try {
          if (timeout.error) throw timeout.error;
          const input = parseInput(() => serialization.getI(binary).parse(protocol.unwrap(body)) as InvokeRequest);
          const values = requestValues(req);
          const ctx: CallContext = { signal: controller.signal, timeoutMs: () => timeout.timeoutMs, values };
          const call = fastCall(req, protocol.name, input, controller.signal, timeout.timeoutMs, values);
          let bytes: Uint8Array | undefined;
          await options.pipeline.run(call, async () => {
            // Encoding the reply is part of the call: a reply that cannot be encoded fails it.
            const output = create(InvokeResponseSchema, await options.invoke(input, ctx)) as InvokeResponse;
            bytes = serialization.getO(binary).serialize(output);
          });
          if (!bytes) throw new Error("the call pipeline finished without a response");
          answered = true;
          protocol.succeed(res, bytes, binary);
        } catch (err) {
          fail(err);
        }
      },
      (err: unknown) => {
        if (!req.destroyed) fail(err);
      },
    );
    return true;
  };
}

/** The call as the pipeline's links see it; the headers are converted only if a link reads them. */
function fastCall(
  req: UnaryRequest,
  protocol: RpcCall["protocol"],
  message: InvokeRequest,
  signal: AbortSignal,
  timeoutMs: number | undefined,
  values: RpcCall["values"],
): RpcCall {
  let headers: Headers | undefined;
  return {
    service: ActorService.typeName,
    method: METHOD.name,
    procedure: PATH,
    descriptor: METHOD,
    protocol,
    path: "fast-path",
    get requestHeader() {
      return (headers ??= requestHeaders(req));
    },
    signal,
    timeoutMs,
    deadline: timeoutMs === undefined ? undefined : Date.now() + timeoutMs,
    message,
    values,
  };
}

/**
 * A body that does not decode is the client's mistake: invalid_argument. connect's
 * binary serialization calls it internal ("parse binary: …"), which is for the gateway's
 * own faults.
 */
function parseInput(parse: () => InvokeRequest): InvokeRequest {
  try {
    return parse();
  } catch (err) {
    const ce = ConnectError.from(err);
    if (ce.code !== Code.Internal) throw ce;
    throw new ConnectError(`the request body is not a valid ${METHOD.input.typeName}: ${ce.rawMessage}`, Code.InvalidArgument);
  }
}
