export { createHost } from "./host.js";
export type { Host, HostEvent, HostOptions } from "./host.js";
export { defineActor, toActorType } from "./define-actor.js";
export type { ActionHandler, ActionResult, ActorContext, ActorDefinition, ActorKindName, EffectSpec, RouteSpec, TypedAction } from "./define-actor.js";
export { actorHostService } from "./actor-handler.js";
export { DualServer } from "./dual-server.js";
export { Code, ConnectError } from "@connectrpc/connect";
export type { DualServerOptions, DualServerTls } from "./dual-server.js";
export { MAX_SIGNATURE_SKEW_MS, SIGNATURE_HEADER, signCallback, verifyCallback, type SignedCall } from "./callback-signature.js";
