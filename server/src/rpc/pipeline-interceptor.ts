import type { Message } from "@bufbuild/protobuf";
import { MAX_TIMEOUT_MS } from "./deadline.js";
import { Code, ConnectError, type Interceptor, type StreamRequest, type StreamResponse, type UnaryResponse } from "@connectrpc/connect";
import { createAsyncIterable } from "@connectrpc/connect/protocol";
import { parseTimeout as parseConnectTimeout } from "@connectrpc/connect/protocol-connect";
import { parseTimeout as parseGrpcTimeout } from "@connectrpc/connect/protocol-grpc";
import type { CallPipeline, RpcCall } from "./pipeline.js";

/**
 * connect-node's way in to the call pipeline: one Connect `Interceptor` that runs every
 * link around the handler, as the Invoke fast path does around its implementation. The
 * pipeline's error is what connect-node answers, for a stream too (even when it fails
 * while streaming).
 */
export function pipelineInterceptor(pipeline: CallPipeline): Interceptor {
  return (next) => async (req) => {
    const contentType = req.header.get("content-type") ?? "";
    const protocol = contentType.startsWith("application/grpc-web")
      ? "grpc-web"
      : contentType.startsWith("application/grpc")
        ? "grpc"
        : "connect";
    const timeoutMs =
      protocol === "connect"
        ? parseConnectTimeout(req.header.get("connect-timeout-ms"), MAX_TIMEOUT_MS).timeoutMs
        : parseGrpcTimeout(req.header.get("grpc-timeout"), MAX_TIMEOUT_MS).timeoutMs;
    const common = {
      service: req.service.typeName,
      method: req.method.name,
      procedure: `/${req.service.typeName}/${req.method.name}`,
      descriptor: req.method,
      protocol,
      path: "connect-node",
      requestHeader: req.header,
      signal: req.signal,
      timeoutMs,
      deadline: timeoutMs === undefined ? undefined : Date.now() + timeoutMs,
      values: req.contextValues,
    } as const;

    if (!req.stream) {
      let response: UnaryResponse | undefined;
      await pipeline.run({ ...common, message: req.message }, async () => {
        response = (await next(req)) as UnaryResponse;
      });
      if (!response) throw new Error("the call pipeline finished without a response");
      return response;
    }

    // A server stream has one request message: read it, so links see it, and hand the
    // handler the same message again.
    const input: Message[] = [];
    for await (const m of req.message) input.push(m);
    if (input.length !== 1) {
      throw new ConnectError(`a server-streaming call takes exactly one request message, got ${input.length}`, Code.InvalidArgument);
    }
    const call: RpcCall = { ...common, message: input[0]! };
    const streamReq: StreamRequest = { ...req, message: createAsyncIterable(input) };
    return streamThrough(pipeline, call, () => next(streamReq) as Promise<StreamResponse>);
  };
}

/**
 * Runs a stream through the pipeline: the links' `next()` settles when the stream ends,
 * and an error while streaming reaches the client as the pipeline mapped it.
 */
function streamThrough(pipeline: CallPipeline, call: RpcCall, open: () => Promise<StreamResponse>): Promise<StreamResponse> {
  return new Promise<StreamResponse>((resolveResponse, rejectResponse) => {
    let ended!: (err?: unknown) => void;
    const done = new Promise<void>((resolve, reject) => {
      ended = (err) => (err === undefined ? resolve() : reject(err));
    });
    const chain = pipeline.run(call, async () => {
      const res = await open();
      resolveResponse({ ...res, message: relay(res.message) });
      await done;
    });
    // Before the stream opened, the chain's error is the call's; afterwards relay() rethrows it.
    chain.catch((err: unknown) => rejectResponse(err));

    async function* relay(source: AsyncIterable<Message>): AsyncIterable<Message> {
      let failed = false;
      try {
        yield* source;
      } catch (err) {
        failed = true;
        ended(err ?? new Error("stream failed"));
        await chain; // rethrows what the links made of the error
      } finally {
        if (!failed) ended();
      }
    }
  });
}
