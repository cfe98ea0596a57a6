import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createStateCipher, parseStateKeys, StateCipher, StateKeyError, type CipherContext } from "./state-cipher.js";

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const key32 = () => new Uint8Array(randomBytes(32));
const ctx = (system = "s", type = "T", name = "n", stateType = "json"): CipherContext => ({ key: { system, type, name }, stateType });
const plain = new TextEncoder().encode('{"n":1}');

/** The StateKeyError `fn` threw (fails the test when it threw nothing or something else). */
function keyError(fn: () => unknown): StateKeyError {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(StateKeyError);
  expect((thrown as Error).name).toBe("StateKeyError");
  return thrown as StateKeyError;
}

describe("parseStateKeys (ACTORGATE_STATE_KEYS)", () => {
  it("refuses an empty or blank list, naming the variable", () => {
    for (const spec of ["", " , ,", "   "]) {
      expect(keyError(() => parseStateKeys(spec)).message).toBe(
        "ACTORGATE_STATE_KEYS is empty: set it to id:base64 pairs, e.g. k1:<32 bytes in base64>",
      );
    }
  });

  it("trims ids and values, keeps the order, and copies the key bytes", () => {
    const a = key32();
    const b = key32();
    const keys = parseStateKeys(` k1 : ${b64(a)} ,k2:${b64(b)}`);
    expect(keys.map((k) => k.id)).toEqual(["k1", "k2"]);
    expect(Buffer.from(keys[0]!.key).equals(Buffer.from(a))).toBe(true);
    expect(keys[0]!.key).toBeInstanceOf(Uint8Array);
  });

  it("names the entry that has no key id", () => {
    expect(keyError(() => parseStateKeys(`k1:${b64(key32())},${b64(key32())}`)).message).toBe(
      "entry 2 of ACTORGATE_STATE_KEYS has no key id: write it as id:base64 (e.g. k1:...)",
    );
  });

  it("allows key ids of 1 to 64 letters, digits, _ . -", () => {
    for (const id of ["k", "a".repeat(64), "K_1.b-2"]) expect(parseStateKeys(`${id}:${b64(key32())}`)[0]!.id).toBe(id);
  });

  it("refuses other key ids, quoting at most 64 characters", () => {
    for (const id of ["", "a b", "k/1", "é", "a".repeat(65)]) {
      const err = keyError(() => parseStateKeys(`${id}:${b64(key32())}`));
      expect(err.message, id).toContain("entry 1 of ACTORGATE_STATE_KEYS has an invalid key id");
    }
    expect(keyError(() => parseStateKeys(`${"x".repeat(70)}:${b64(key32())}`)).message).toContain(
      `invalid key id ${JSON.stringify("x".repeat(64))}: use 1-64 characters of letters, digits, _ . -`,
    );
  });

  it("refuses an id listed twice", () => {
    expect(keyError(() => parseStateKeys(`k1:${b64(key32())},k1:${b64(key32())}`)).message).toBe(
      'ACTORGATE_STATE_KEYS lists key id "k1" twice: every key needs its own id',
    );
  });

  it("refuses values that are not base64, anywhere in the value", () => {
    const good = b64(key32());
    for (const bad of [`${good}!`, `!${good}`, `${good.slice(0, 10)} ${good.slice(10)}`, `${good}===`, ""]) {
      expect(keyError(() => parseStateKeys(`k1:${bad}`)).message, bad).toBe('key "k1" in ACTORGATE_STATE_KEYS is not valid base64');
    }
  });

  it("refuses keys that are not 32 bytes, saying how to make one", () => {
    for (const size of [16, 31, 33]) {
      const err = keyError(() => parseStateKeys(`k1:${b64(randomBytes(size))}`));
      expect(err.message).toBe(
        `key "k1" in ACTORGATE_STATE_KEYS is ${size} bytes; AES-256 needs exactly 32 (generate one with: openssl rand -base64 32)`,
      );
    }
  });
});

describe("StateCipher", () => {
  it("needs at least one 32-byte key and distinct ids", () => {
    expect(keyError(() => new StateCipher([])).message).toBe("a state cipher needs at least one key (ACTORGATE_STATE_KEYS)");
    expect(keyError(() => new StateCipher([{ id: "k1", key: new Uint8Array(31) }])).message).toBe(
      'key "k1" is 31 bytes; AES-256 needs exactly 32',
    );
    expect(keyError(() => new StateCipher([{ id: "k1", key: key32() }, { id: "k1", key: key32() }])).message).toBe(
      'key id "k1" is given twice',
    );
  });

  it("encrypts with the first key and lists every key, encrypting key first", () => {
    const cipher = createStateCipher(`new:${b64(key32())},old:${b64(key32())}`);
    expect(cipher.currentKeyId).toBe("new");
    expect(cipher.keyIds).toEqual(["new", "old"]);
    expect([cipher.hasKey("old"), cipher.hasKey("other")]).toEqual([true, false]);
    const sealed = cipher.encrypt(plain, ctx());
    expect(sealed.keyId).toBe("new");
    expect(sealed.bytes[0]).toBe(0x01);
    expect(sealed.bytes.byteLength).toBe(1 + 12 + plain.byteLength + 16);
    expect(Buffer.from(cipher.decrypt("new", sealed.bytes, ctx())).equals(Buffer.from(plain))).toBe(true);
  });

  it("reads state written before a rotation with the old key", () => {
    const oldKey = key32();
    const before = new StateCipher([{ id: "old", key: oldKey }]);
    const sealed = before.encrypt(plain, ctx());
    const after = new StateCipher([{ id: "new", key: key32() }, { id: "old", key: oldKey }]);
    expect(Buffer.from(after.decrypt(sealed.keyId, sealed.bytes, ctx())).equals(Buffer.from(plain))).toBe(true);
    expect(after.encrypt(plain, ctx()).keyId).toBe("new");
  });

  it("names a missing key, the actor and the configured keys", () => {
    const cipher = new StateCipher([{ id: "a", key: key32() }, { id: "b", key: key32() }]);
    expect(keyError(() => cipher.decrypt("gone", new Uint8Array(40), ctx("sys", "Type", "name"))).message).toBe(
      'state of sys/Type/name is encrypted with key "gone", which is not in ACTORGATE_STATE_KEYS (configured: a, b); add that key back (after the encrypting key) to read it',
    );
  });

  it("decrypts the shortest valid row (empty state) and refuses anything shorter or of another version", () => {
    const cipher = new StateCipher([{ id: "k", key: key32() }]);
    const empty = cipher.encrypt(new Uint8Array(0), ctx());
    expect(empty.bytes.byteLength).toBe(29);
    expect(cipher.decrypt("k", empty.bytes, ctx()).byteLength).toBe(0);
    const formatError = 'state of s/T/n (key "k") is not in the encrypted format; the row is corrupt';
    expect(keyError(() => cipher.decrypt("k", empty.bytes.subarray(0, 28), ctx())).message).toBe(formatError);
    const v2 = Uint8Array.from(empty.bytes);
    v2[0] = 0x02;
    expect(keyError(() => cipher.decrypt("k", v2, ctx())).message).toBe(formatError);
  });

  it("detects a change to any byte: IV, ciphertext or tag", () => {
    const cipher = new StateCipher([{ id: "k", key: key32() }]);
    const { bytes } = cipher.encrypt(plain, ctx());
    for (const at of [1, 12, 13, 13 + plain.byteLength - 1, bytes.byteLength - 16, bytes.byteLength - 1]) {
      const altered = Uint8Array.from(bytes);
      altered[at]! ^= 0x01;
      const err = keyError(() => cipher.decrypt("k", altered, ctx()));
      expect(err.message, `byte ${at}`).toBe(
        'state of s/T/n failed authentication with key "k": the key material for that id differs from the one that encrypted it, or the row was altered',
      );
      expect(err.cause).toBeDefined();
    }
  });

  it("binds the ciphertext to its row: system, type, name and state type", () => {
    const cipher = new StateCipher([{ id: "k", key: key32() }]);
    const { bytes } = cipher.encrypt(plain, ctx("s", "T", "n", "json"));
    for (const other of [ctx("x", "T", "n"), ctx("s", "X", "n"), ctx("s", "T", "x"), ctx("s", "T", "n", "type.googleapis.com/x.Y")]) {
      keyError(() => cipher.decrypt("k", bytes, other));
    }
  });

  it("keeps contexts apart that would concatenate alike", () => {
    const cipher = new StateCipher([{ id: "k", key: key32() }]);
    const { bytes } = cipher.encrypt(plain, ctx("ab", "c", "n"));
    keyError(() => cipher.decrypt("k", bytes, ctx("a", "bc", "n")));
    const second = cipher.encrypt(plain, ctx("s", "T", "na"));
    keyError(() => cipher.decrypt("k", second.bytes, ctx("s", "Tn", "a")));
  });

  it("fails authentication under other key material with the same id", () => {
    const sealed = new StateCipher([{ id: "k", key: key32() }]).encrypt(plain, ctx());
    const other = new StateCipher([{ id: "k", key: key32() }]);
    expect(keyError(() => other.decrypt("k", sealed.bytes, ctx())).message).toContain("failed authentication");
  });
});
