import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { StateCipher, StateKeyError, createStateCipher, parseStateKeys } from "./state-cipher.js";

const b64 = (bytes: number) => randomBytes(bytes).toString("base64");
const context = { key: { system: "s", type: "T", name: "n" }, stateType: "json" };
const plain = new TextEncoder().encode('{"secret":42}');

describe("parseStateKeys", () => {
  it("parses id:base64 pairs in order, ignoring blanks and spaces", () => {
    const [one, two] = [b64(32), b64(32)];
    const keys = parseStateKeys(` k1:${one} , key-2.b:${two},`);
    expect(keys.map((k) => k.id)).toEqual(["k1", "key-2.b"]);
    expect(Buffer.from(keys[0]!.key).toString("base64")).toBe(one);
    expect(keys[1]!.key).toHaveLength(32);
  });

  it("accepts URL-safe base64", () => {
    const key = randomBytes(32);
    expect(parseStateKeys(`k:${key.toString("base64url")}`)[0]!.key).toEqual(new Uint8Array(key));
  });

  it.each([
    ["", /ACTORGATE_STATE_KEYS is empty/],
    ["  ,  ", /ACTORGATE_STATE_KEYS is empty/],
    [b64(32), /entry 1 of ACTORGATE_STATE_KEYS has no key id/],
    [`:${b64(32)}`, /invalid key id ""/],
    [`bad id:${b64(32)}`, /invalid key id "bad id"/],
    [`${"x".repeat(65)}:${b64(32)}`, /invalid key id/],
    [`k1:${b64(32)},k1:${b64(32)}`, /lists key id "k1" twice/],
    ["k1:not*base64!", /key "k1" in ACTORGATE_STATE_KEYS is not valid base64/],
    [`k1:${b64(16)}`, /key "k1" in ACTORGATE_STATE_KEYS is 16 bytes; AES-256 needs exactly 32/],
    [`k1:${b64(32)},k2:${b64(33)}`, /key "k2" .* is 33 bytes/],
  ])("rejects %j", (spec, message) => {
    expect(() => parseStateKeys(spec)).toThrow(StateKeyError);
    expect(() => parseStateKeys(spec)).toThrow(message);
  });

  it("never echoes key material in errors", () => {
    // A 31-byte key must be refused, and the refusal must not repeat the key. The error
    // is caught outside any try, so a parse that throws nothing fails the test.
    const secret = b64(31);
    let thrown: unknown;
    try {
      parseStateKeys(`k1:${secret}`);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StateKeyError);
    expect((thrown as Error).message).toMatch(/31 bytes/);
    expect((thrown as Error).message).not.toContain(secret);
    expect(() => new StateCipher([{ id: "k1", key: Buffer.from(secret, "base64") }])).toThrow(StateKeyError);
  });
});

describe("StateCipher", () => {
  it("round-trips, using the first key and the documented layout", () => {
    const cipher = createStateCipher(`new:${b64(32)},old:${b64(32)}`);
    expect(cipher.currentKeyId).toBe("new");
    expect(cipher.keyIds).toEqual(["new", "old"]);
    const sealed = cipher.encrypt(plain, context);
    expect(sealed.keyId).toBe("new");
    expect(sealed.bytes.length).toBe(1 + 12 + plain.length + 16);
    expect(sealed.bytes[0]).toBe(0x01);
    expect(Buffer.from(sealed.bytes).includes(Buffer.from("secret"))).toBe(false);
    expect(cipher.decrypt("new", sealed.bytes, context)).toEqual(plain);
  });

  it("uses a fresh IV every time", () => {
    const cipher = createStateCipher(`k:${b64(32)}`);
    const a = cipher.encrypt(plain, context).bytes;
    const b = cipher.encrypt(plain, context).bytes;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it("encrypts empty state", () => {
    const cipher = createStateCipher(`k:${b64(32)}`);
    const sealed = cipher.encrypt(new Uint8Array(0), context);
    expect(cipher.decrypt("k", sealed.bytes, context)).toEqual(new Uint8Array(0));
  });

  it("decrypts with an older key after rotation", () => {
    const old = `old:${b64(32)}`;
    const sealed = createStateCipher(old).encrypt(plain, context);
    const rotated = createStateCipher(`new:${b64(32)},${old}`);
    expect(rotated.decrypt("old", sealed.bytes, context)).toEqual(plain);
    expect(rotated.hasKey("old")).toBe(true);
  });

  it("names an unknown key id", () => {
    const sealed = createStateCipher(`gone:${b64(32)}`).encrypt(plain, context);
    const cipher = createStateCipher(`k:${b64(32)}`);
    expect(() => cipher.decrypt("gone", sealed.bytes, context)).toThrow(
      /s\/T\/n is encrypted with key "gone", which is not in ACTORGATE_STATE_KEYS \(configured: k\)/,
    );
  });

  it("fails authentication for other key material, tampering, or another row", () => {
    const cipher = createStateCipher(`k:${b64(32)}`);
    const sealed = cipher.encrypt(plain, context);
    const impostor = createStateCipher(`k:${b64(32)}`);
    expect(() => impostor.decrypt("k", sealed.bytes, context)).toThrow(/failed authentication with key "k"/);

    const tampered = Uint8Array.from(sealed.bytes);
    tampered[20] = tampered[20]! ^ 1;
    expect(() => cipher.decrypt("k", tampered, context)).toThrow(StateKeyError);

    const elsewhere = { ...context, key: { ...context.key, name: "other" } };
    expect(() => cipher.decrypt("k", sealed.bytes, elsewhere)).toThrow(/failed authentication/);
    expect(() => cipher.decrypt("k", sealed.bytes, { ...context, stateType: "type.googleapis.com/x.Y" })).toThrow(
      /failed authentication/,
    );
  });

  it("rejects bytes that are not in the format", () => {
    const cipher = createStateCipher(`k:${b64(32)}`);
    expect(() => cipher.decrypt("k", new Uint8Array(10), context)).toThrow(/not in the encrypted format/);
    const sealed = cipher.encrypt(plain, context);
    const wrongVersion = Uint8Array.from(sealed.bytes);
    wrongVersion[0] = 2;
    expect(() => cipher.decrypt("k", wrongVersion, context)).toThrow(/not in the encrypted format/);
  });

  it("refuses to be built without keys or with bad keys", () => {
    expect(() => new StateCipher([])).toThrow(StateKeyError);
    expect(() => new StateCipher([{ id: "k", key: new Uint8Array(16) }])).toThrow(/16 bytes/);
    const key = new Uint8Array(32);
    expect(() => new StateCipher([{ id: "k", key }, { id: "k", key }])).toThrow(/twice/);
  });
});
