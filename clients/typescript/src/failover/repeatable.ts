import type { DescMethod } from "@bufbuild/protobuf";
import { MethodOptions_IdempotencyLevel } from "@bufbuild/protobuf/wkt";

/** Calls that only read: running one twice changes nothing. */
const READ_ONLY = new Set([
  "actorgate.v1.ActorService/Subscribe",
  "actorgate.v1.StateService/GetState",
  "actorgate.v1.StateService/ListRevisions",
  "actorgate.v1.AdminService/ListActors",
  "actorgate.v1.AdminService/DescribeActor",
  "actorgate.v1.AdminService/ListHosts",
  "actorgate.v1.AdminService/Health",
  "actorgate.v1.AdminService/ListDeadLetters",
]);

/**
 * Whether a call that may already have run on one gateway node may be sent again to
 * another: reads, methods the contract declares idempotent, and calls that carry an
 * idempotency key (the gateway returns the first result for a repeated key instead of
 * running the action again).
 */
export function isRepeatable(method: DescMethod, input: unknown): boolean {
  if (READ_ONLY.has(`${method.parent.typeName}/${method.name}`)) return true;
  if (method.idempotency !== MethodOptions_IdempotencyLevel.IDEMPOTENCY_UNKNOWN) return true;
  const key = (input as { idempotencyKey?: unknown } | undefined)?.idempotencyKey;
  return typeof key === "string" && key !== "";
}
