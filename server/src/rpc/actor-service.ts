import { create, type MessageInitShape } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import type { ActorService } from "@actorgate/client/gen";
import { ActivatedActorSchema, type InvokeRequest, type InvokeResponseSchema } from "@actorgate/client/gen";
import type { GatewayConfig } from "../config.js";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { invalidArgument } from "../errors.js";
import type { ActorRuntime } from "../runtime/actor-runtime.js";
import type { Channels } from "../runtime/channels.js";
import { checkMetadata } from "../runtime/metadata-limits.js";
import { validateName } from "../runtime/names.js";
import type { CallContext } from "./call-context.js";
import { deadlineOf } from "./deadline.js";

export function actorService(runtime: ActorRuntime, channels: Channels, config: GatewayConfig): ServiceImpl<typeof ActorService> {
  return {
    async activate(req, ctx) {
      const deadline = deadlineOf(ctx, 0, config.requestTimeoutMs);
      if (!req.from && req.fromRevision !== 0n) throw invalidArgument("from_revision needs from");
      const from = req.from ? { actor: req.from, revision: Number(req.fromRevision) } : undefined;
      const actors = await runtime.activate(req.actors, deadline, from);
      return { actors: actors.map((a) => create(ActivatedActorSchema, { ...a, revision: BigInt(a.revision) })) };
    },

    invoke: (req, ctx) => invoke(runtime, config, req, ctx),

    async broadcast(req) {
      validateName("system", req.system);
      validateName("channel", req.channel);
      if (req.action) validateName("action", req.action);
      checkMetadata(req.metadata, config.maxMetadataBytes);
      const delivered = await channels.publish({
        system: req.system,
        channel: req.channel,
        payload: req.payload,
        action: req.action || undefined,
        metadata: req.metadata,
      });
      return { delivered };
    },

    async *subscribe(req, ctx) {
      validateName("system", req.system);
      validateName("channel", req.channel);
      if (req.actionFilter) validateName("action_filter", req.actionFilter);
      yield* channels.subscribe(req.system, req.channel, req.actionFilter, ctx.signal);
    },
  };
}

/** ActorService/Invoke, shared by the connect-node route and the fast path. */
export async function invoke(
  runtime: ActorRuntime,
  config: GatewayConfig,
  req: InvokeRequest,
  ctx: CallContext,
): Promise<MessageInitShape<typeof InvokeResponseSchema>> {
  if (req.async || req.scheduledAt) {
    const invocationId = await runtime.invokeAsync({
      actor: req.actor,
      action: req.action,
      payload: req.payload,
      metadata: req.metadata,
      scheduledAt: req.scheduledAt ? timestampDate(req.scheduledAt) : undefined,
      idempotencyKey: req.idempotencyKey || undefined,
    });
    return { invocationId };
  }
  const out = await runtime.invoke({
    idempotencyKey: req.idempotencyKey || undefined,
    actor: req.actor,
    action: req.action,
    payload: req.payload,
    metadata: req.metadata,
    deadline: deadlineOf(ctx, req.timeoutMs, config.requestTimeoutMs),
    signal: ctx.signal,
  });
  return { reply: out.reply, invocationId: out.invocationId, revision: BigInt(out.revision) };
}
