// Calls between nodes: NATS request/reply on the owner's own subject, carrying
// ForwardRequest / ForwardResponse (proto/actorgate/cluster/v1/forward.proto). The
// sender passes the time left until its deadline, the idempotency key and the metadata;
// the owner answers with the result or the error the client must see (code, message,
// details), so callers cannot tell which node answered.
import { create, fromBinary, toBinary, type DescMethodUnary, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type { ActorRef } from "@actorgate/client/gen";
import {
  ForwardRequestSchema,
  ForwardResponseSchema,
  type ForwardRequest,
  type ForwardResponse,
} from "@actorgate/client/internal/cluster";
import type { Logger } from "pino";
import { BusNoRespondersError, BusTimeoutError, type Bus, type BusMessage, type Subscription } from "../bus/bus.js";
import { deadlineExceeded, toClientError, unavailable } from "../errors.js";
import { errorDetails } from "../error-details.js";
import { ActorMovedError, type RemoteActors } from "../runtime/placement.js";
import type { ActivateFrom, ActivateOutput, InvokeInput, InvokeOutput } from "../runtime/invoke-types.js";

/** What a node runs for the calls others forward to it. */
export interface ForwardTarget {
  invoke(input: InvokeInput): Promise<InvokeOutput>;
  activate(ref: ActorRef, deadline: number, from: ActivateFrom | undefined): Promise<ActivateOutput>;
  /** Runs a unary RPC through the call pipeline; returns the response, binary. */
  rpc(procedure: string, request: Uint8Array, headers: Headers, timeoutMs: number): Promise<Uint8Array>;
}

export const forwardSubject = (cluster: string, node: string) => `actorgate.cluster.${cluster}.node.${node}.forward`;

/** The sending side: RemoteActors over the bus, plus forwarded RPCs. */
export class Forwarder implements RemoteActors {
  constructor(
    private readonly bus: Bus,
    private readonly cluster: string,
    /** Calls back when a node stops being a member (a call out to it will get no answer); returns an unsubscribe. */
    private readonly onGone: (node: string, listener: () => void) => () => void = () => () => undefined,
  ) {}

  async invoke(node: string, input: InvokeInput): Promise<InvokeOutput> {
    const res = await this.#send(node, input.deadline, {
      case: "invoke",
      value: {
        actor: input.actor,
        action: input.action,
        payload: input.payload,
        metadata: input.metadata ?? {},
        caller: input.caller,
        invocationId: input.invocationId ?? "",
        attempt: input.attempt ?? 0,
        idempotencyKey: input.idempotencyKey ?? "",
        internal: input.internal ?? false,
      },
    });
    if (res.outcome.case !== "invoke") throw unexpected(node, res);
    const r = res.outcome.value;
    return { reply: r.reply, revision: Number(r.revision), invocationId: r.invocationId };
  }

  async activate(node: string, ref: ActorRef, deadline: number, from: ActivateFrom | undefined): Promise<ActivateOutput> {
    const res = await this.#send(node, deadline, {
      case: "activate",
      value: { actor: ref, from: from?.actor, fromRevision: BigInt(from?.revision ?? 0) },
    });
    if (res.outcome.case !== "activate") throw unexpected(node, res);
    const r = res.outcome.value;
    return { actor: r.actor!, revision: Number(r.revision), created: r.created };
  }

  /** Sends a unary RPC to the node that owns its actor; returns the owner's response. */
  async rpc<I extends DescMessage, O extends DescMessage>(
    node: string,
    method: DescMethodUnary<I, O>,
    request: MessageShape<I>,
    headers: Headers,
    deadline: number,
  ): Promise<MessageShape<O>> {
    const forwardedHeaders: Record<string, string> = {};
    headers.forEach((value, name) => {
      if (FORWARDED_HEADERS.has(name)) forwardedHeaders[name] = value;
    });
    const res = await this.#send(node, deadline, {
      case: "rpc",
      value: {
        procedure: `/${method.parent.typeName}/${method.name}`,
        request: toBinary(method.input, request),
        headers: forwardedHeaders,
      },
    });
    if (res.outcome.case !== "rpc") throw unexpected(node, res);
    return fromBinary(method.output, res.outcome.value);
  }

  async #send(node: string, deadline: number, call: MessageInitShape<typeof ForwardRequestSchema>["call"]): Promise<ForwardResponse> {
    const timeoutMs = deadline - Date.now();
    if (timeoutMs <= 0) throw deadlineExceeded("the call's deadline passed before it reached the actor's node");
    const request = create(ForwardRequestSchema, { call, timeoutMs: BigInt(timeoutMs) });
    let reply;
    let stopWatching = () => undefined as void;
    try {
      // A node that dies with the call in flight never answers: stop waiting once the
      // cluster sees it gone, rather than at the caller's deadline.
      const gone = new Promise<never>((_, reject) => {
        stopWatching = this.onGone(node, () =>
          reject(unavailable(`node ${node} left the cluster while handling the call; it may or may not have run, retry (with an idempotency key, a retry runs it at most once)`)),
        );
      });
      reply = await Promise.race([
        this.bus.request(forwardSubject(this.cluster, node), toBinary(ForwardRequestSchema, request), { timeoutMs }),
        gone,
      ]);
    } catch (err) {
      // Nobody listens there: the node is gone. Placement waits for the directory to move on.
      if (err instanceof BusNoRespondersError) throw new ActorMovedError(`node ${node} is not reachable; waiting for its actors to move`);
      if (err instanceof BusTimeoutError) throw deadlineExceeded(`node ${node} did not answer before the call's deadline`);
      throw err;
    } finally {
      stopWatching();
    }
    const res = fromBinary(ForwardResponseSchema, reply.data);
    if (res.outcome.case === "error") {
      const e = res.outcome.value;
      if (e.moved) throw new ActorMovedError(e.message);
      const error = new ConnectError(e.message, e.code as Code);
      error.details.push(...e.details.map((d) => ({ type: d.type, value: d.value, debug: undefined })));
      throw error;
    }
    return res;
  }
}

/** Request headers a forwarded RPC keeps: what the pipeline's links read. */
export const FORWARDED_HEADERS = new Set(["authorization", "traceparent", "tracestate", "baggage", "user-agent"]);
/** Set on an RPC run for another node, so it is not forwarded again. */
export const FORWARDED_MARK = "actorgate-forwarded";

function unexpected(node: string, res: ForwardResponse): Error {
  return new Error(`node ${node} answered a forwarded call with ${res.outcome.case ?? "nothing"}`);
}

/** The receiving side's subscription, and the calls it is still answering. */
export interface ForwardedServer extends Subscription {
  /** Resolves once every call received so far has been answered. */
  settled(): Promise<void>;
}

/** The receiving side: answers the calls other nodes send to this node. */
export function serveForwarded(bus: Bus, cluster: string, node: string, target: ForwardTarget, log: Logger): ForwardedServer {
  const inflight = new Set<Promise<void>>();
  const handle = async (m: BusMessage): Promise<void> => {
    if (!m.respond) return;
    let res: ForwardResponse;
    try {
      const req = fromBinary(ForwardRequestSchema, m.data);
      res = await answer(req, target);
    } catch (err) {
      res = errorResponse(err);
      if (res.outcome.case === "error" && res.outcome.value.code === Code.Internal) {
        log.error({ error: errorDetails(err) }, "forwarded call failed");
      }
    }
    m.respond(toBinary(ForwardResponseSchema, res));
  };
  const subscription = bus.subscribe(forwardSubject(cluster, node), (m) => {
    const p = handle(m).finally(() => inflight.delete(p));
    inflight.add(p);
    return p;
  });
  return {
    unsubscribe: () => subscription.unsubscribe(),
    settled: async () => {
      await Promise.all(inflight);
    },
  };
}

async function answer(req: ForwardRequest, target: ForwardTarget): Promise<ForwardResponse> {
  const timeoutMs = Number(req.timeoutMs);
  const deadline = Date.now() + timeoutMs;
  const call = req.call;
  switch (call.case) {
    case "invoke": {
      const c = call.value;
      const out = await target.invoke({
        actor: c.actor,
        action: c.action,
        payload: c.payload,
        metadata: c.metadata,
        caller: c.caller,
        invocationId: c.invocationId || undefined,
        attempt: c.attempt || undefined,
        idempotencyKey: c.idempotencyKey || undefined,
        internal: c.internal,
        deadline,
        forwarded: true,
      });
      return create(ForwardResponseSchema, {
        outcome: { case: "invoke", value: { reply: out.reply, revision: BigInt(out.revision), invocationId: out.invocationId } },
      });
    }
    case "activate": {
      const c = call.value;
      const from = c.from ? { actor: c.from, revision: Number(c.fromRevision) } : undefined;
      const out = await target.activate(c.actor!, deadline, from);
      return create(ForwardResponseSchema, {
        outcome: { case: "activate", value: { actor: out.actor, revision: BigInt(out.revision), created: out.created } },
      });
    }
    case "rpc": {
      const c = call.value;
      const headers = new Headers(c.headers);
      headers.set(FORWARDED_MARK, "1");
      const response = await target.rpc(c.procedure, c.request, headers, timeoutMs);
      return create(ForwardResponseSchema, { outcome: { case: "rpc", value: response } });
    }
    default:
      throw new Error("empty forwarded call");
  }
}

function errorResponse(err: unknown): ForwardResponse {
  // What the client would have been told on the owner itself.
  const ce = toClientError(err);
  return create(ForwardResponseSchema, {
    outcome: {
      case: "error",
      value: {
        code: ce.code,
        message: ce.rawMessage,
        moved: err instanceof ActorMovedError,
        details: ce.details.map((d) =>
          "desc" in d ? { type: d.desc.typeName, value: toBinary(d.desc, create(d.desc, d.value)) } : { type: d.type, value: d.value },
        ),
      },
    },
  });
}
