import type { ActorRef } from "@actorgate/client/gen";
import { invalidArgument } from "../errors.js";

// Names end up in SQL keys, NATS subjects and URLs: keep them to a safe alphabet.
const NAME = /^[A-Za-z0-9_\-.:@~]{1,200}$/;

export function validateName(what: string, value: string): void {
  if (!NAME.test(value)) {
    throw invalidArgument(
      value === ""
        ? `${what} is required`
        : `invalid ${what} ${JSON.stringify(value.slice(0, 64))}: use 1-200 characters of letters, digits and _ - . : @ ~`,
    );
  }
}

/**
 * Checks the syntax of an ActorRef; whether it exists is the registry's concern. Services
 * call `resolveActorRef` (actor-ref.ts), which also applies the type's naming rule.
 */
export function validateRef(ref: ActorRef | undefined, what = "actor"): ActorRef {
  if (!ref) throw invalidArgument(`${what} is required: set ${what}.system, ${what}.type and ${what}.name`);
  validateName(`${what}.system`, ref.system);
  validateName(`${what}.type`, ref.type);
  if (ref.name !== "") validateName(`${what}.name`, ref.name);
  return ref;
}

/** The longest idempotency key: the stores' column holds 255 characters. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * Checks a string a client sends that the gateway stores or routes as is: no NUL (no
 * database text column holds one) and at most `maxLength` characters (its column's size).
 */
export function validateText(what: string, value: string, maxLength: number): void {
  if (value.length > maxLength) throw invalidArgument(`${what} must be at most ${maxLength} characters (got ${value.length})`);
  if (value.includes("\0")) throw invalidArgument(`${what} contains a NUL character (\\u0000), which cannot be stored: remove it`);
}

/** An idempotency key is stored with its first result: checked before any query. */
export function validateIdempotencyKey(key: string): void {
  validateText("idempotency_key", key, MAX_IDEMPOTENCY_KEY_LENGTH);
}
