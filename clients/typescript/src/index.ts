export { createActorgateClient } from "./client.js";
export type { ActorgateClient, AsyncInvokeOptions, ClientOptions, InvokeOptions } from "./client.js";
export { toActorRef } from "./address.js";
export type { ActorAddress } from "./address.js";
export { fromPayload, registerSchemas, toPayload } from "./payload.js";
export { Code, ConnectError } from "@connectrpc/connect";
export { WELL_KNOWN_TYPES } from "./well-known-types.js";
export type { CredentialOptions } from "./credentials.js";
