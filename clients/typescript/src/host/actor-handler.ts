import { create, type DescMessage } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import { toActorRef } from "../address.js";
import { WorkflowSchema, type Workflow } from "../gen/actorgate/v1/actor_pb.js";
import type { ActorHostService} from "../gen/actorgate/v1/actor_host_service_pb.js";
import { type HandleRequest, type HandleResponse, HandleResponseSchema } from "../gen/actorgate/v1/actor_host_service_pb.js";
import { fromPayload, registerSchemas, toPayload } from "../payload.js";
import type { ActionHandler, ActionResult, ActorContext, ActorDefinition } from "./define-actor.js";

interface CompiledAction {
  readonly handler: ActionHandler<unknown>;
  readonly input: DescMessage | undefined;
}

interface CompiledActor {
  readonly def: ActorDefinition<unknown>;
  readonly actions: Map<string, CompiledAction>;
}

/** The ActorHostService a host serves: dispatches each turn to its actor's handler. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each actor has its own state type
export function actorHostService(defs: readonly ActorDefinition<any>[]): ServiceImpl<typeof ActorHostService> {
  const actors = new Map<string, CompiledActor>();
  for (const def of defs) {
    const actions = new Map<string, CompiledAction>();
    for (const [name, a] of Object.entries(def.actions)) {
      if (typeof a === "function") actions.set(name, { handler: a, input: undefined });
      else {
        if (a.input) registerSchemas(a.input);
        if (a.output) registerSchemas(a.output);
        actions.set(name, { handler: a.handler, input: a.input });
      }
    }
    if (def.init) actions.set("init", { handler: def.init, input: undefined });
    if (def.terminate) actions.set("terminate", { handler: def.terminate, input: undefined });
    if (def.stateSchema) registerSchemas(def.stateSchema);
    actors.set(def.name, { def, actions });
  }
  return {
    async handle(req: HandleRequest, ctx: HandlerContext): Promise<HandleResponse> {
      const type = req.actor?.type ?? "";
      const actor = actors.get(type);
      if (!actor) throw new ConnectError(`this host does not serve actor type ${JSON.stringify(type)}`, Code.NotFound);
      const action = actor.actions.get(req.action);
      if (!action) {
        throw new ConnectError(`actor type ${type} has no action ${JSON.stringify(req.action)}`, Code.NotFound);
      }
      const def = actor.def;
      let input: unknown;
      let state: unknown;
      try {
        input = action.input ? fromPayload(req.payload, action.input) : fromPayload(req.payload);
        state = req.state ? (def.stateSchema ? fromPayload(req.state, def.stateSchema) : fromPayload(req.state)) : def.initialState?.();
      } catch (err) {
        throw new ConnectError(`cannot decode input of ${type}.${req.action}: ${(err as Error).message}`, Code.InvalidArgument);
      }
      const context: ActorContext<unknown> = {
        actor: req.actor!,
        state,
        revision: Number(req.revision),
        action: req.action,
        metadata: req.metadata,
        caller: req.caller,
        invocationId: req.invocationId,
        attempt: req.attempt,
        signal: ctx.signal,
        deadline: req.deadline ? timestampDate(req.deadline) : undefined,
      };
      let result: ActionResult<unknown> | undefined;
      try {
        result = (await action.handler(input, context)) ?? undefined;
      } catch (err) {
        // An action that gives up because its deadline passed (or its caller left) fails
        // with that reason (deadline_exceeded, canceled), not as an internal error.
        if (ctx.signal.aborted && !(err instanceof ConnectError)) throw ConnectError.from(ctx.signal.reason, Code.Canceled);
        throw err;
      }
      return toResponse(result);
    },
  };
}

function toResponse(result: ActionResult<unknown> | undefined): HandleResponse {
  if (!result) return create(HandleResponseSchema);
  if (result.forward && result.pipe) throw new ConnectError("an action cannot both forward and pipe", Code.Internal);
  return create(HandleResponseSchema, {
    reply: toPayload(result.reply),
    state: result.state === undefined ? undefined : toPayload(result.state),
    clearState: result.clearState ?? false,
    checkpoint: result.checkpoint ?? false,
    workflow: toWorkflow(result),
  });
}

function toWorkflow(r: ActionResult<unknown>): Workflow | undefined {
  if (!r.effects?.length && !r.forward && !r.pipe && !r.broadcast) return undefined;
  return create(WorkflowSchema, {
    effects: (r.effects ?? []).map((e) => ({
      target: toActorRef(e.target),
      action: e.action,
      payload: toPayload(e.input),
      scheduledAt: e.scheduledAt ? timestampFromDate(e.scheduledAt) : undefined,
      metadata: e.metadata,
    })),
    broadcast: r.broadcast
      ? { channel: r.broadcast.channel, payload: toPayload(r.broadcast.input), action: r.broadcast.action ?? "" }
      : undefined,
    routing: r.forward
      ? { case: "forward", value: { target: toActorRef(r.forward.target), action: r.forward.action } }
      : r.pipe
        ? { case: "pipe", value: { target: toActorRef(r.pipe.target), action: r.pipe.action } }
        : { case: undefined },
  });
}
