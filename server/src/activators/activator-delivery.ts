// Every activator delivery enters the actors through the gateway's one call pipeline
// (auth, limits, telemetry, error logging…), as an ActorService/Invoke (or
// StateService/GetState) call with path "activator": the links see the same request
// message a client would have sent, and the outside message's headers (an HTTP route's
// `authorization`, `traceparent`), so a link needs no special case for activators.

import { create, type DescMethod, type Message, type MessageInitShape } from "@bufbuild/protobuf";
import { createContextValues } from "@connectrpc/connect";
import {
  ActorService,
  GetStateRequestSchema,
  GetStateResponseSchema,
  InvokeRequestSchema,
  StateService,
  type ActorRef,
  type GetStateRequest,
  type GetStateResponse,
} from "@actorgate/client/gen";
import type { CallContext } from "../rpc/call-context.js";
import type { CallPipeline, RpcCall } from "../rpc/pipeline.js";
import type { AsyncInvokeInput, InvokeInput, InvokeOutput } from "../runtime/actor-runtime.js";

/** What delivery needs from the runtime (the ActorRuntime is one). */
export interface DeliveryRuntime {
  invoke(input: InvokeInput): Promise<InvokeOutput>;
  invokeAsync(input: AsyncInvokeInput): Promise<string>;
}

export interface ActivatorDeliveryDeps {
  readonly pipeline: CallPipeline;
  readonly runtime: DeliveryRuntime;
  /** StateService/GetState's implementation (the same one connect-node routes to). */
  readonly getState: (req: GetStateRequest, ctx: CallContext) => Promise<MessageInitShape<typeof GetStateResponseSchema>>;
}

/** Sync, async and state reads for activators, each through the call pipeline. */
export interface ActivatorDelivery {
  /** Runs the action (sync); the reply comes back. */
  invoke(input: InvokeInput, headers?: Headers): Promise<InvokeOutput>;
  /** Stores the invocation in the outbox (durable); its id comes back. */
  invokeAsync(input: AsyncInvokeInput & { readonly deadline?: number }, headers?: Headers): Promise<string>;
  getState(actor: ActorRef, headers?: Headers, signal?: AbortSignal): Promise<GetStateResponse>;
}

const INVOKE = ActorService.method.invoke;
const GET_STATE = StateService.method.getState;
const NEVER = new AbortController().signal;

export function createActivatorDelivery(deps: ActivatorDeliveryDeps): ActivatorDelivery {
  const run = async <T>(method: DescMethod, message: Message, deadline: number | undefined, headers: Headers | undefined, signal: AbortSignal | undefined, impl: (ctx: CallContext) => Promise<T>): Promise<T> => {
    const timeoutMs = deadline === undefined ? undefined : Math.max(0, deadline - Date.now());
    const values = createContextValues();
    const call: RpcCall = {
      service: method.parent.typeName,
      method: method.name,
      procedure: `/${method.parent.typeName}/${method.name}`,
      descriptor: method,
      protocol: "connect",
      path: "activator",
      requestHeader: headers ?? new Headers(),
      signal: signal ?? NEVER,
      timeoutMs,
      deadline,
      message,
      values,
    };
    let out: T | undefined;
    await deps.pipeline.run(call, async () => {
      out = await impl({ signal: call.signal, timeoutMs: () => timeoutMs, values });
    });
    return out as T;
  };
  return {
    invoke(input, headers) {
      const message = create(InvokeRequestSchema, {
        actor: input.actor,
        action: input.action,
        payload: input.payload,
        metadata: input.metadata,
        idempotencyKey: input.idempotencyKey,
        timeoutMs: Math.max(0, input.deadline - Date.now()),
      });
      return run(INVOKE, message, input.deadline, headers, input.signal, () => deps.runtime.invoke(input));
    },
    invokeAsync(input, headers) {
      const message = create(InvokeRequestSchema, {
        actor: input.actor,
        action: input.action,
        payload: input.payload,
        metadata: input.metadata,
        idempotencyKey: input.idempotencyKey,
        async: true,
      });
      return run(INVOKE, message, input.deadline, headers, undefined, () => deps.runtime.invokeAsync(input));
    },
    async getState(actor, headers, signal) {
      const message = create(GetStateRequestSchema, { actor });
      const out = await run(GET_STATE, message, undefined, headers, signal, (ctx) => deps.getState(message, ctx));
      return create(GetStateResponseSchema, out);
    },
  };
}
