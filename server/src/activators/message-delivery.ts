// One broker message (RabbitMQ, MQTT) through the activator delivery: sync invoke or
// durable enqueue, and what the consumer should do next — acknowledge, try again later,
// or dead-letter — decided once here so every broker kind behaves the same.

import { Code } from "@connectrpc/connect";
import { codeName, isRetryableCode } from "@actorgate/client/common";
import type { Payload } from "@actorgate/client/gen";
import { toClientError } from "../errors.js";
import type { TargetSpec } from "./activator-config.js";
import type { ActivatorDelivery } from "./activator-delivery.js";
import type { MappedCall } from "./activator-mapping.js";

export type DeliveryResult =
  | { readonly ok: true; readonly reply: Payload | undefined; readonly invocationId: string }
  | { readonly ok: false; readonly retryable: boolean; readonly code: string; readonly message: string };

/** Invokes (or enqueues, for async activators) and reports the outcome; never throws. */
export async function deliverCall(
  delivery: ActivatorDelivery,
  spec: TargetSpec,
  call: MappedCall | (() => MappedCall),
  options: { readonly requestTimeoutMs: number; readonly attempt: number; readonly invocationId?: string },
): Promise<DeliveryResult> {
  try {
    const mapped = typeof call === "function" ? call() : call;
    if (spec.async) {
      const invocationId = await delivery.invokeAsync(mapped);
      return { ok: true, reply: undefined, invocationId };
    }
    const out = await delivery.invoke({
      ...mapped,
      deadline: Date.now() + (spec.timeoutMs ?? options.requestTimeoutMs),
      attempt: options.attempt,
      ...(options.invocationId ? { invocationId: options.invocationId } : {}),
    });
    return { ok: true, reply: out.reply, invocationId: out.invocationId };
  } catch (err) {
    const ce = toClientError(err);
    // not_found is retried too: after a gateway restart, messages arrive before the hosts
    // have registered again (unknown system/type). A message for an action that does not
    // exist still ends in the dead letters, after maxDeliveries.
    const retryable = isRetryableCode(ce.code) || ce.code === Code.NotFound;
    return { ok: false, retryable, code: codeName(ce.code), message: ce.rawMessage };
  }
}

/** Backoff before attempt `attempt + 1`: `base` × attempt, at most 30 s. */
export function retryDelay(base: number, attempt: number): number {
  return Math.min(30_000, base * attempt);
}
