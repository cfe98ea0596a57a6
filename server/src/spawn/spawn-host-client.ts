import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { codeFromHttpStatus } from "@connectrpc/connect/protocol-connect";
import { Pool } from "undici";
import { HandleResponseSchema, HostProtocol, type ActorRef, type HandleRequest, type HandleResponse, type Payload } from "@actorgate/client/gen";
import {
  ActorIdSchema,
  ActorInvocationResponseSchema,
  ActorInvocationSchema,
  type ActorId,
  type ActorInvocationResponse,
} from "@actorgate/client/gen/spawn";
import { transportError } from "../host/pooled-connect-host-client.js";
import type { HandleOptions, HostClient, HostClientFactory, HostEndpoint } from "../runtime/host-client.js";
import { anyFromPayload, BadJsonPayload, payloadFromAny, payloadToState, samePayload, stateToPayload } from "./payloads.js";
import { addressedByType, type SpawnBook, type SpawnTypeInfo } from "./spawn-book.js";
import { workflowFromSpawn } from "./workflows.js";

/** Where Spawn SDKs serve their actors, under the host's base URL. */
export const ACTIONS_PATH = "/api/v1/actors/actions";

export interface SpawnHostClientOptions {
  readonly book: SpawnBook;
  /** A host response larger than this fails the call (resource_exhausted). */
  readonly maxResponseBytes: number;
}

/**
 * Calls a host written with a Spawn SDK: our HandleRequest becomes Spawn's
 * ActorInvocation (POST /api/v1/actors/actions, protobuf over HTTP/1.1), its
 * ActorInvocationResponse our HandleResponse. The runtime sees an ordinary host.
 *
 * `get`-style actions the actor does not define are answered here with the state the
 * runtime passed in, as the Spawn proxy answers them, without calling the host.
 */
export class SpawnHostClient implements HostClient {
  readonly #pool: Pool;
  readonly #path: string;
  readonly #book: SpawnBook;

  constructor(endpoint: HostEndpoint, options: SpawnHostClientOptions) {
    const url = new URL(endpoint.callbackUrl);
    this.#path = `${url.pathname.replace(/\/+$/, "")}${ACTIONS_PATH}`;
    this.#book = options.book;
    this.#pool = new Pool(url.origin, { connections: 64, pipelining: 1, maxResponseSize: options.maxResponseBytes });
  }

  async handle(request: HandleRequest, options: HandleOptions): Promise<HandleResponse> {
    const ref = request.actor!;
    const info = this.#book.type(ref.system, ref.type);
    const current = payloadToState(request.state);
    if (info?.stateGetters.has(request.action)) {
      return create(HandleResponseSchema, { reply: payloadFromAny(current.state ?? info.initialState) });
    }
    const self = actorIdOf(ref, info);
    const caller = request.caller ? actorIdOf(request.caller, this.#book.type(request.caller.system, request.caller.type)) : undefined;
    const sentTags = { ...info?.tags, ...current.tags };
    const value = anyFromPayload(request.payload);
    const invocation = create(ActorInvocationSchema, {
      actor: self,
      actionName: request.action === "init" && info?.initAction ? info.initAction : request.action,
      currentContext: { state: current.state ?? info?.initialState, caller, self, metadata: request.metadata, tags: sentTags },
      payload: value ? { case: "value", value } : { case: "noop", value: {} },
      caller,
    });
    let status: number;
    let bytes: Uint8Array;
    try {
      const res = await this.#pool.request({
        path: this.#path,
        method: "POST",
        headers: { "content-type": "application/octet-stream", accept: "application/octet-stream" },
        body: toBinary(ActorInvocationSchema, invocation),
        // The runtime aborts this at the call's deadline (its own timer, turn-deadline.ts).
        signal: options.signal,
      });
      status = res.statusCode;
      bytes = new Uint8Array(await res.body.arrayBuffer());
    } catch (err) {
      throw transportError(err, options.signal);
    }
    if (status !== 200) {
      const text = Buffer.from(bytes).toString("utf8").slice(0, 300);
      throw new ConnectError(`the Spawn host answered HTTP ${status}${text ? `: ${text}` : ""}`, codeFromHttpStatus(status));
    }
    let response: ActorInvocationResponse;
    try {
      response = fromBinary(ActorInvocationResponseSchema, bytes);
    } catch (err) {
      throw new ConnectError(`the Spawn host answered with bytes that are not an ActorInvocationResponse (${(err as Error).message})`, Code.Internal);
    }
    try {
      return this.#toHandleResponse(response, request, info, sentTags);
    } catch (err) {
      if (err instanceof ConnectError) throw err;
      if (err instanceof BadJsonPayload) throw new ConnectError(`the Spawn host's answer is not valid: ${err.message}`, Code.Internal);
      throw err;
    }
  }

  #toHandleResponse(
    response: ActorInvocationResponse,
    request: HandleRequest,
    info: SpawnTypeInfo | undefined,
    sentTags: { readonly [key: string]: string },
  ): HandleResponse {
    const self = request.actor!;
    const reply = response.payload.case === "value" ? payloadFromAny(response.payload.value) : undefined;
    const state = newState(response, request.state, info, sentTags);
    return create(HandleResponseSchema, {
      reply,
      state,
      workflow: response.workflow ? workflowFromSpawn(response.workflow, self, this.#book) : undefined,
      checkpoint: response.checkpoint,
    });
  }

  close(): void {
    void this.#pool.destroy().catch(() => undefined);
  }
}

/**
 * The state to store after an action, or undefined for "unchanged". SDKs send the
 * whole context back after every action; only a state (or tags) that differs from what
 * the actor had becomes a new revision. Tags the host echoes back unchanged, or leaves
 * out (SDKs that predate tags), keep the actor's current tags; registration tags are
 * not copied into the state.
 */
function newState(
  response: ActorInvocationResponse,
  before: Payload | undefined,
  info: SpawnTypeInfo | undefined,
  sentTags: { readonly [key: string]: string },
): Payload | undefined {
  const context = response.updatedContext;
  if (!context) return undefined;
  const current = payloadToState(before);
  let tags = current.tags;
  if (Object.keys(context.tags).length > 0 && !sameTags(context.tags, sentTags)) {
    const own: Record<string, string> = {};
    for (const [k, v] of Object.entries(context.tags)) if (info?.tags[k] !== v) own[k] = v;
    tags = own;
  }
  const next = stateToPayload({ state: context.state ?? current.state, tags });
  return samePayload(next, before) ? undefined : next;
}

function sameTags(a: { readonly [key: string]: string }, b: { readonly [key: string]: string }): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Spawn's ActorId for one of our refs: an unnamed instance names its parent (type). */
export function actorIdOf(ref: ActorRef, info: SpawnTypeInfo | undefined): ActorId {
  if (addressedByType(info, ref)) return create(ActorIdSchema, { name: ref.type, system: ref.system });
  return create(ActorIdSchema, { name: ref.name, system: ref.system, parent: ref.type });
}

/**
 * Our host-client factory with Spawn hosts added: endpoints registered with
 * HOST_PROTOCOL_SPAWN get a SpawnHostClient, every other one what `factory` makes.
 */
export function withSpawnHosts(factory: HostClientFactory, options: SpawnHostClientOptions): HostClientFactory {
  return (endpoint) => (endpoint.protocol === HostProtocol.SPAWN ? new SpawnHostClient(endpoint, options) : factory(endpoint));
}
