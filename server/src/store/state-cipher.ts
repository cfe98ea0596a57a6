// Encryption of actor state at rest: AES-256-GCM with named keys so keys can rotate.
//
// Encrypted format (one BLOB, the key id lives in its own column next to it):
//
//   version (1 byte, 0x01) | IV (12 random bytes) | ciphertext (same length as the plaintext) | GCM tag (16 bytes)
//
// The additional authenticated data binds the ciphertext to the row it belongs to
// (system, type, name and state type), so bytes copied onto another actor's row fail to
// decrypt instead of silently becoming that actor's state. The revision is deliberately
// not bound: history rows are copied server-side with their revision unchanged, and a
// future server-side restore may re-number them.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { actorKeyString, type ActorKey } from "./store.js";

const FORMAT_VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const OVERHEAD = 1 + IV_BYTES + TAG_BYTES;
// Key ids are stored in a varchar(64) column and printed in error messages.
const KEY_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const ENV = "ACTORGATE_STATE_KEYS";

/** One AES-256 key with the id recorded next to every row it encrypts. */
export interface StateKey {
  readonly id: string;
  /** 32 bytes. */
  readonly key: Uint8Array;
}

/** Bytes encrypted under one key. */
export interface EncryptedState {
  readonly keyId: string;
  readonly bytes: Uint8Array;
}

/**
 * State cannot be decrypted: the key it names is not configured, or authentication
 * failed (wrong key material for that id, or the bytes were altered). Never retry; fix
 * ACTORGATE_STATE_KEYS.
 */
export class StateKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StateKeyError";
  }
}

/**
 * Parses `id1:base64,id2:base64` (the ACTORGATE_STATE_KEYS format). The first key
 * encrypts new state; every key decrypts. Errors name the variable and the key id but
 * never echo key material.
 */
export function parseStateKeys(spec: string): StateKey[] {
  const entries = spec
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (entries.length === 0) {
    throw new StateKeyError(`${ENV} is empty: set it to id:base64 pairs, e.g. k1:<32 bytes in base64>`);
  }
  const keys: StateKey[] = [];
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(":");
    const position = `entry ${index + 1} of ${ENV}`;
    if (colon < 0) {
      throw new StateKeyError(`${position} has no key id: write it as id:base64 (e.g. k1:...)`);
    }
    const id = entry.slice(0, colon).trim();
    const encoded = entry.slice(colon + 1).trim();
    if (!KEY_ID.test(id)) {
      throw new StateKeyError(
        `${position} has an invalid key id ${JSON.stringify(id.slice(0, 64))}: ` +
          `use 1-64 characters of letters, digits, _ . -`,
      );
    }
    if (keys.some((key) => key.id === id)) {
      throw new StateKeyError(`${ENV} lists key id "${id}" twice: every key needs its own id`);
    }
    // Buffer.from(..., "base64") silently skips junk, so check the alphabet first.
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) {
      throw new StateKeyError(`key "${id}" in ${ENV} is not valid base64`);
    }
    const key = Buffer.from(encoded, "base64");
    if (key.length !== KEY_BYTES) {
      throw new StateKeyError(
        `key "${id}" in ${ENV} is ${key.length} bytes; AES-256 needs exactly ${KEY_BYTES} ` +
          `(generate one with: openssl rand -base64 32)`,
      );
    }
    keys.push({ id, key: new Uint8Array(key) });
  }
  return keys;
}

/** Encrypts with the first key, decrypts with any configured key. */
export class StateCipher {
  readonly #keys: ReadonlyMap<string, Uint8Array>;
  readonly #current: StateKey;

  constructor(keys: readonly StateKey[]) {
    const first = keys[0];
    if (!first) throw new StateKeyError(`a state cipher needs at least one key (${ENV})`);
    const map = new Map<string, Uint8Array>();
    for (const { id, key } of keys) {
      if (key.length !== KEY_BYTES) {
        throw new StateKeyError(`key "${id}" is ${key.length} bytes; AES-256 needs exactly ${KEY_BYTES}`);
      }
      if (map.has(id)) throw new StateKeyError(`key id "${id}" is given twice`);
      map.set(id, key);
    }
    this.#keys = map;
    this.#current = first;
  }

  /** The id of the key new state is encrypted with. */
  get currentKeyId(): string {
    return this.#current.id;
  }

  /** Ids of all keys that can decrypt, encrypting key first. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  hasKey(keyId: string): boolean {
    return this.#keys.has(keyId);
  }

  encrypt(plain: Uint8Array, context: CipherContext): EncryptedState {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.#current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(context));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const bytes = Buffer.concat([Buffer.of(FORMAT_VERSION), iv, body, cipher.getAuthTag()]);
    return { keyId: this.#current.id, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }

  decrypt(keyId: string, bytes: Uint8Array, context: CipherContext): Uint8Array {
    const key = this.#keys.get(keyId);
    const where = describe(context);
    if (!key) {
      throw new StateKeyError(
        `state of ${where} is encrypted with key "${keyId}", which is not in ${ENV} ` +
          `(configured: ${this.keyIds.join(", ")}); add that key back (after the encrypting key) to read it`,
      );
    }
    if (bytes.length < OVERHEAD || bytes[0] !== FORMAT_VERSION) {
      throw new StateKeyError(`state of ${where} (key "${keyId}") is not in the encrypted format; the row is corrupt`);
    }
    const iv = bytes.subarray(1, 1 + IV_BYTES);
    const tag = bytes.subarray(bytes.length - TAG_BYTES);
    const body = bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES);
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData(context));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(body), decipher.final()]);
      return new Uint8Array(plain.buffer, plain.byteOffset, plain.byteLength);
    } catch (cause) {
      throw new StateKeyError(
        `state of ${where} failed authentication with key "${keyId}": the key material for that id ` +
          `differs from the one that encrypted it, or the row was altered`,
        { cause },
      );
    }
  }
}

/** What the ciphertext is bound to. */
export interface CipherContext {
  readonly key: ActorKey;
  readonly stateType: string;
}

/** Creates a cipher from the ACTORGATE_STATE_KEYS format. */
export function createStateCipher(spec: string): StateCipher {
  return new StateCipher(parseStateKeys(spec));
}

function additionalData({ key, stateType }: CipherContext): Buffer {
  // Length-prefixed so no choice of names can make two different contexts encode alike.
  const parts = ["actorgate-state-v1", key.system, key.type, key.name, stateType].map((part) => {
    const bytes = Buffer.from(part, "utf8");
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  });
  return Buffer.concat(parts);
}

function describe({ key }: CipherContext): string {
  return actorKeyString(key);
}
