// One HTTP request → one invocation through the activator delivery, answered as HTTP:
// sync → 200 with the reply as JSON (204 without one); async → 202 with the invocation
// id once it is in the outbox. Shared by configured routes and the REST surface.

import type { Registry } from "@bufbuild/protobuf";
import { requestHeaders, type UnaryRequest, type UnaryResponse } from "../rpc/unary-protocol.js";
import type { ActivatorDelivery } from "./activator-delivery.js";
import type { ActivatorCounters } from "./activator-stats.js";
import type { MappedCall } from "./activator-mapping.js";
import { replyJson, sendError, sendJson } from "./http-response.js";

export interface HttpCallDeps {
  readonly delivery: ActivatorDelivery;
  readonly descriptors: Registry;
  /** Deadline of a sync call when the route sets none (ms). */
  readonly requestTimeoutMs: number;
  /** Largest request body read (bytes). */
  readonly maxBodyBytes: number;
}

export const INVOCATION_ID_HEADER = "x-actorgate-invocation-id";
export const REVISION_HEADER = "x-actorgate-revision";

/** A signal aborted when the client goes away before its answer was sent. */
export function clientGone(res: UnaryResponse): { signal: AbortSignal; answered: () => void } {
  const controller = new AbortController();
  let done = false;
  res.once("close", () => {
    if (!done) controller.abort(new Error("the HTTP client went away"));
  });
  return { signal: controller.signal, answered: () => (done = true) };
}

/** Runs the mapped call and answers; counts it on `counters`. */
export async function answerCall(
  deps: HttpCallDeps,
  req: UnaryRequest,
  res: UnaryResponse,
  call: MappedCall,
  options: { readonly async: boolean; readonly timeoutMs?: number; readonly counters?: ActivatorCounters },
): Promise<void> {
  const headers = requestHeaders(req);
  const gone = clientGone(res);
  try {
    if (options.async) {
      const invocationId = await deps.delivery.invokeAsync(call, headers);
      if (options.counters) options.counters.invoked++;
      gone.answered();
      sendJson(res, 202, { invocationId }, { [INVOCATION_ID_HEADER]: invocationId });
      return;
    }
    const out = await deps.delivery.invoke(
      { ...call, deadline: Date.now() + (options.timeoutMs ?? deps.requestTimeoutMs), signal: gone.signal },
      headers,
    );
    if (options.counters) options.counters.invoked++;
    gone.answered();
    const body = replyJson(out.reply, deps.descriptors);
    sendJson(res, body === undefined ? 204 : 200, body, { [INVOCATION_ID_HEADER]: out.invocationId, [REVISION_HEADER]: String(out.revision) });
  } catch (err) {
    if (options.counters) options.counters.failed++;
    gone.answered();
    sendError(res, err);
  }
}
