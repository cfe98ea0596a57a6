import { createClient, type Client, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { toActorRef, type ActorAddress } from "./address.js";
import { actorKeyString } from "./common/actor-key.js";
import { ActorService, type InvokeResponse } from "./gen/actorgate/v1/actor_service_pb.js";
import { AdminService } from "./gen/actorgate/v1/admin_service_pb.js";
import { HostService } from "./gen/actorgate/v1/host_service_pb.js";
import { StateService, type GetStateResponse } from "./gen/actorgate/v1/state_service_pb.js";
import { fromPayload, toPayload } from "./payload.js";
import { createFailoverTransport, GatewayUrls, parseGatewayUrls } from "./failover/index.js";
import { bearerInterceptors, resolveToken, tlsNodeOptions, type CredentialOptions } from "./credentials.js";

export interface ClientOptions extends CredentialOptions {
  /**
   * Gateway URL, or several (an array, or one comma-separated string) to fail over
   * between: calls stick to the URL that works and move on when it cannot be reached.
   * Default ACTORGATE_URL (same forms), else http://127.0.0.1:9300.
   */
  readonly url?: string | readonly string[];
  /** Wire protocol. Default "connect". */
  readonly protocol?: "connect" | "grpc" | "grpc-web";
  /** Binary protobuf (default) or JSON messages; gRPC is always binary here. */
  readonly binary?: boolean;
  /** HTTP/2 multiplexes every call on one connection (default); "1.1" pools sockets. */
  readonly httpVersion?: "1.1" | "2";
  /** Extra interceptors, e.g. for auth headers. */
  readonly interceptors?: Interceptor[];
  /** Bring your own transport (overrides url/protocol/binary/httpVersion). */
  readonly transport?: Transport;
}

export interface InvokeOptions {
  readonly metadata?: Record<string, string>;
  /** End-to-end timeout for this call, in milliseconds. */
  readonly timeoutMs?: number;
  readonly idempotencyKey?: string;
  readonly signal?: AbortSignal;
  /** Decode a binary reply as this message type. */
  readonly replySchema?: DescMessage;
}

export interface AsyncInvokeOptions extends Omit<InvokeOptions, "replySchema"> {
  /** Deliver at this time instead of now. */
  readonly scheduledAt?: Date;
}

/** A typed client for the gateway: activate, invoke, broadcast and state helpers. */
export interface ActorgateClient {
  /** The raw generated service clients, for anything the helpers do not cover. */
  readonly actors: Client<typeof ActorService>;
  readonly state: Client<typeof StateService>;
  readonly admin: Client<typeof AdminService>;
  readonly hosts: Client<typeof HostService>;
  /** Calls an action and returns its reply (natural JSON, or the message with replySchema). */
  invoke<T = unknown>(actor: ActorAddress, action: string, input?: unknown, options?: InvokeOptions): Promise<T>;
  /** Like invoke, returning the whole response (reply payload, revision, invocation id). */
  invokeRaw(actor: ActorAddress, action: string, input?: unknown, options?: InvokeOptions): Promise<InvokeResponse>;
  /** Enqueues an invocation durably and returns its id. */
  invokeAsync(actor: ActorAddress, action: string, input?: unknown, options?: AsyncInvokeOptions): Promise<string>;
  /** Activates actors; returns their revisions. */
  activate(actors: ActorAddress | ActorAddress[], options?: { from?: ActorAddress; fromRevision?: number }): Promise<{ actor: string; revision: number; created: boolean }[]>;
  /** Broadcasts a payload to every actor subscribed to a channel. */
  broadcast(system: string, channel: string, input?: unknown, options?: { action?: string; metadata?: Record<string, string> }): Promise<number>;
  /** Makes the actor's state durable now; returns the durable revision. */
  snapshot(actor: ActorAddress): Promise<number>;
  /** Reads an actor's state (natural JSON, or the message with schema). */
  getState<D extends DescMessage>(actor: ActorAddress, options: { revision?: number; schema: D }): Promise<{ state: MessageShape<D> | undefined; revision: number }>;
  getState(actor: ActorAddress, options?: { revision?: number }): Promise<{ state: unknown; revision: number }>;
}

export function createActorgateClient(options: ClientOptions = {}): ActorgateClient {
  const transport = options.transport ?? createTransport(options);
  const actors = createClient(ActorService, transport);
  const state = createClient(StateService, transport);
  const admin = createClient(AdminService, transport);
  const hosts = createClient(HostService, transport);

  const invokeRaw = (actor: ActorAddress, action: string, input?: unknown, o: InvokeOptions = {}) =>
    actors.invoke(
      {
        actor: toActorRef(actor),
        action,
        payload: toPayload(input),
        metadata: o.metadata,
        idempotencyKey: o.idempotencyKey,
        timeoutMs: o.timeoutMs,
      },
      { timeoutMs: o.timeoutMs, signal: o.signal },
    );

  return {
    actors,
    state,
    admin,
    hosts,
    invokeRaw,
    async invoke<T>(actor: ActorAddress, action: string, input?: unknown, o: InvokeOptions = {}) {
      const res = await invokeRaw(actor, action, input, o);
      return (o.replySchema ? fromPayload(res.reply, o.replySchema) : fromPayload(res.reply)) as T;
    },
    async invokeAsync(actor, action, input, o = {}) {
      const res = await actors.invoke(
        {
          actor: toActorRef(actor),
          action,
          payload: toPayload(input),
          metadata: o.metadata,
          idempotencyKey: o.idempotencyKey,
          async: true,
          scheduledAt: o.scheduledAt ? timestampFromDate(o.scheduledAt) : undefined,
        },
        { timeoutMs: o.timeoutMs, signal: o.signal },
      );
      return res.invocationId;
    },
    async activate(list, o = {}) {
      const res = await actors.activate({
        actors: (Array.isArray(list) ? list : [list]).map(toActorRef),
        from: o.from ? toActorRef(o.from) : undefined,
        fromRevision: BigInt(o.fromRevision ?? 0),
      });
      return res.actors.map((a) => ({
        actor: a.actor ? actorKeyString(a.actor) : "",
        revision: Number(a.revision),
        created: a.created,
      }));
    },
    async broadcast(system, channel, input, o = {}) {
      const res = await actors.broadcast({ system, channel, payload: toPayload(input), action: o.action, metadata: o.metadata });
      return res.delivered;
    },
    async snapshot(actor) {
      return Number((await state.snapshot({ actor: toActorRef(actor) })).revision);
    },
    async getState(actor: ActorAddress, o: { revision?: number; schema?: DescMessage } = {}) {
      const res: GetStateResponse = await state.getState({ actor: toActorRef(actor), revision: BigInt(o.revision ?? 0) });
      return {
        state: o.schema ? fromPayload(res.state, o.schema) : fromPayload(res.state),
        revision: Number(res.revision),
      } as { state: never; revision: number };
    },
  };
}

function createTransport(o: ClientOptions): Transport {
  const urls = parseGatewayUrls(o.url);
  const httpVersion = o.httpVersion ?? "2";
  const useBinaryFormat = o.binary ?? true;
  const interceptors = [...bearerInterceptors(resolveToken(o)), ...(o.interceptors ?? [])];
  const tls = tlsNodeOptions(o);
  const nodeOptions = Object.keys(tls).length > 0 ? tls : undefined;
  const transportFor = (baseUrl: string): Transport => {
    switch (o.protocol ?? "connect") {
      case "grpc":
        return createGrpcTransport({ baseUrl, interceptors, nodeOptions });
      case "grpc-web":
        return createGrpcWebTransport({ baseUrl, httpVersion, useBinaryFormat, interceptors, nodeOptions });
      default:
        return createConnectTransport({ baseUrl, httpVersion, useBinaryFormat, interceptors, nodeOptions });
    }
  };
  // One URL: the plain transport, exactly as before there were several.
  if (urls.length === 1) return transportFor(urls[0]!);
  return createFailoverTransport({ urls: new GatewayUrls(urls), transportFor });
}
