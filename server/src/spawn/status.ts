import { Code } from "@connectrpc/connect";
import { Status } from "@actorgate/client/gen/spawn";
import { toClientError } from "../errors.js";

/** How a failed Spawn request is answered: the status SDKs read, and the HTTP status. */
export interface SpawnFailure {
  readonly status: Status;
  readonly httpStatus: number;
  readonly message: string;
}

/**
 * Spawn SDKs decode the response body whatever the HTTP status and throw on a status
 * other than OK, so every failure still carries a protobuf body. Unknown systems,
 * actors and actions are ACTOR_NOT_FOUND (HTTP 404); everything else is ERROR, HTTP 400
 * for requests that cannot be valid, HTTP 500 otherwise. The message is the Connect
 * code and message our own clients would get.
 */
export function spawnFailure(err: unknown): SpawnFailure {
  const ce = toClientError(err);
  const message = `${Code[ce.code] ?? ce.code}: ${ce.rawMessage}`;
  if (ce.code === Code.NotFound) return { status: Status.ACTOR_NOT_FOUND, httpStatus: 404, message };
  if (ce.code === Code.InvalidArgument) return { status: Status.ERROR, httpStatus: 400, message };
  return { status: Status.ERROR, httpStatus: 500, message };
}
