import type { StateCipher } from "../state-cipher.js";
import { StateKeyError } from "../state-cipher.js";
import { actorKeyString, type ActorKey } from "../store.js";

/** State bytes as they go into a row. */
export interface EncodedRowState {
  readonly state: Buffer | null;
  readonly keyId: string | null;
}

/** Encrypts state on the way in and decrypts it on the way out, when a cipher is set. */
export class StateCodec {
  readonly #cipher: StateCipher | undefined;

  constructor(cipher: StateCipher | undefined) {
    this.#cipher = cipher;
  }

  get cipher(): StateCipher | undefined {
    return this.#cipher;
  }

  encode(key: ActorKey, state: Uint8Array | null, stateType: string): EncodedRowState {
    if (state === null) return { state: null, keyId: null };
    if (!this.#cipher) return { state: toBuffer(state), keyId: null };
    const encrypted = this.#cipher.encrypt(state, { key, stateType });
    return { state: toBuffer(encrypted.bytes), keyId: encrypted.keyId };
  }

  decode(key: ActorKey, state: Uint8Array | null, keyId: string | null, stateType: string): Uint8Array | null {
    if (state === null) return null;
    const bytes = toUint8Array(state);
    if (keyId === null) return bytes;
    if (!this.#cipher) {
      throw new StateKeyError(
        `state of ${actorKeyString(key)} is encrypted with key "${keyId}" but no state ` +
          `keys are configured; set ACTORGATE_STATE_KEYS to include that key`,
      );
    }
    return this.#cipher.decrypt(keyId, bytes, { key, stateType });
  }
}

/** A Buffer view (no copy): better-sqlite3 and mysql2 bind Buffers, not plain Uint8Arrays. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A plain Uint8Array view (no copy) of what a driver returned, so callers compare bytes, not classes. */
export function toUint8Array(bytes: Uint8Array): Uint8Array {
  return Buffer.isBuffer(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
}
