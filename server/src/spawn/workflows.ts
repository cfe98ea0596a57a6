import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { ForwardSchema, PipeSchema, WorkflowSchema, type ActorRef, type Workflow } from "@actorgate/client/gen";
import type { Workflow as SpawnWorkflow, InvocationRequest } from "@actorgate/client/gen/spawn";
import { payloadFromAny } from "./payloads.js";
import type { SpawnBook } from "./spawn-book.js";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";

/**
 * A Spawn host's workflow as ours: side effects become effects (durable, at least once;
 * `scheduled_to` delays them), the broadcast a channel broadcast, pipe and forward the
 * same routing. Targets are Spawn actor names in the actor's system, resolved like an
 * invocation's (SpawnBook.refFor).
 */
export function workflowFromSpawn(workflow: SpawnWorkflow, self: ActorRef, book: SpawnBook): Workflow {
  const effects = workflow.effects.map((effect, i) => {
    const request = effect.request;
    if (!request) throw badWorkflow(`side effect ${i} has no request`);
    return effectOf(request, self, book, i);
  });
  const b = workflow.broadcast;
  const broadcast = b
    ? {
        channel: b.channelGroup,
        payload: b.payload.case === "value" ? payloadFromAny(b.payload.value) : undefined,
        action: b.actionName,
      }
    : undefined;
  const r = workflow.routing;
  let routing: Workflow["routing"] = { case: undefined };
  if (r.case === "pipe" || r.case === "forward") {
    if (!r.value.actor || !r.value.actionName) throw badWorkflow(`${r.case} needs an actor and an action_name`);
    if (r.value.registerRef) book.rememberSpawned(self.system, r.value.actor, r.value.registerRef);
    const target = book.refFor(self.system, r.value.actor, r.value.registerRef);
    const action = r.value.actionName;
    routing =
      r.case === "pipe"
        ? { case: "pipe", value: create(PipeSchema, { target, action }) }
        : { case: "forward", value: create(ForwardSchema, { target, action }) };
  }
  return create(WorkflowSchema, { effects, broadcast, routing });
}

function effectOf(request: InvocationRequest, self: ActorRef, book: SpawnBook, i: number) {
  const system = request.system?.name || self.system;
  const id = request.actor?.id;
  if (!id?.name || !request.actionName) throw badWorkflow(`side effect ${i} needs actor.id.name and action_name`);
  const parent = id.parent || request.registerRef;
  if (parent) book.rememberSpawned(system, id.name, parent);
  return {
    target: book.refFor(system, id.name, parent),
    action: request.actionName,
    payload: request.payload.case === "value" ? payloadFromAny(request.payload.value) : undefined,
    scheduledAt: request.scheduledTo > 0n ? timestampFromMs(Number(request.scheduledTo)) : undefined,
    metadata: request.metadata,
  };
}

function badWorkflow(what: string): ConnectError {
  return new ConnectError(`the Spawn host's workflow is not valid: ${what}`, Code.Internal);
}
