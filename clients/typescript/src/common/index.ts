// Small rules shared by the gateway, the client SDK and the conformance kit, so that each
// lives in one place. No transport or driver imports here: the runtime imports this.
export { actorKeyString, type ActorKeyParts } from "./actor-key.js";
export { backoffMs, type BackoffOptions } from "./backoff.js";
export { codeFromName, codeName, isRetryableCode, TERMINAL_CODES } from "./codes.js";
