// Re-exports the generated eigr Spawn protocol messages (proto/spawn), which the
// gateway's Spawn adapter speaks and Spawn-protocol test hosts use.
export * from "./gen/spawn/eigr/functions/protocol/actors/actor_pb.js";
export * from "./gen/spawn/eigr/functions/protocol/protocol_pb.js";
