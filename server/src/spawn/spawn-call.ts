import type { DescMethod, Message } from "@bufbuild/protobuf";
import { createContextValues } from "@connectrpc/connect";
import type { CallContext } from "../rpc/call-context.js";
import type { CallPipeline, RpcCall } from "../rpc/pipeline.js";

/** One Spawn HTTP request as the adapter's calls need it. */
export interface SpawnRequestContext {
  readonly headers: Headers;
  /** Aborted when the Spawn client goes away. */
  readonly signal: AbortSignal;
}

/**
 * Runs one gateway call made for a Spawn request through the call pipeline, so every
 * link (authentication, authorization, limits, telemetry, error mapping) sees it as the
 * call it is (`actorgate.v1.ActorService/Invoke`, …) with the translated message and the
 * Spawn request's headers. Spawn sends no timeout: the gateway's request timeout applies.
 */
export async function runThrough<T>(
  pipeline: CallPipeline,
  method: DescMethod,
  message: Message,
  request: SpawnRequestContext,
  implementation: (ctx: CallContext) => Promise<T>,
): Promise<T> {
  const values = createContextValues();
  const call: RpcCall = {
    service: method.parent.typeName,
    method: method.name,
    procedure: `/${method.parent.typeName}/${method.name}`,
    descriptor: method,
    protocol: "spawn",
    path: "spawn-adapter",
    requestHeader: request.headers,
    signal: request.signal,
    timeoutMs: undefined,
    deadline: undefined,
    message,
    values,
  };
  const ctx: CallContext = { signal: request.signal, timeoutMs: () => undefined, values };
  let result: { value: T } | undefined;
  await pipeline.run(call, async () => {
    result = { value: await implementation(ctx) };
  });
  if (!result) throw new Error("the call pipeline finished without a result");
  return result.value;
}
