import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import type { ActorRef } from "@actorgate/client/gen";
import { GatewayError } from "../errors.js";
import { MAX_IDEMPOTENCY_KEY_LENGTH, validateIdempotencyKey, validateName, validateRef, validateText } from "./names.js";

/** The error validation threw, or fails the test when none was thrown. */
function errorOf(fn: () => unknown): GatewayError {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(GatewayError);
  return thrown as GatewayError;
}

const ref = (system: string, type: string, name: string) => ({ system, type, name }) as ActorRef;

describe("validateName: the name alphabet", () => {
  it("accepts letters, digits and _ - . : @ ~, from 1 to 200 characters", () => {
    for (const ok of ["a", "Z", "7", "_", "-", ".", ":", "@", "~", "Order-42_v1.2:eu@west~x", "x".repeat(200)]) {
      expect(() => validateName("name", ok), ok).not.toThrow();
    }
  });

  it("refuses any other character, wherever it stands", () => {
    for (const bad of ["a b", "a/b", "/ab", "ab/", "a*", "*a", "é", "a\nb", "a\n", "a,b", "a#b", "a%20", "a$", "[a]", "a\\b"]) {
      const err = errorOf(() => validateName("name", bad));
      expect(err.code, bad).toBe(Code.InvalidArgument);
    }
  });

  it("refuses 201 characters", () => {
    expect(errorOf(() => validateName("name", "x".repeat(201))).code).toBe(Code.InvalidArgument);
  });

  it("says an empty name is required, naming the field", () => {
    const err = errorOf(() => validateName("host_id", ""));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.message).toBe("host_id is required");
  });

  it("quotes at most 64 characters of an invalid name and lists the alphabet", () => {
    const bad = "a".repeat(70) + " b";
    const err = errorOf(() => validateName("actor.name", bad));
    expect(err.message).toContain(`invalid actor.name ${JSON.stringify("a".repeat(64))}:`);
    expect(err.message).toContain("use 1-200 characters of letters, digits and _ - . : @ ~");
  });
});

describe("validateRef", () => {
  it("returns a valid ref as it is", () => {
    const r = ref("sys", "Counter", "c-1");
    expect(validateRef(r)).toBe(r);
  });

  it("allows an empty instance name (stateless and pooled calls carry none)", () => {
    const r = ref("sys", "Counter", "");
    expect(validateRef(r)).toBe(r);
  });

  it("requires a ref, naming the fields to set under the given name", () => {
    expect(errorOf(() => validateRef(undefined)).message).toBe(
      "actor is required: set actor.system, actor.type and actor.name",
    );
    const err = errorOf(() => validateRef(undefined, "target"));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.message).toBe("target is required: set target.system, target.type and target.name");
  });

  it("checks system, type and name, naming the field that is wrong", () => {
    expect(errorOf(() => validateRef(ref("", "T", "n"))).message).toBe("actor.system is required");
    expect(errorOf(() => validateRef(ref("s", "", "n"))).message).toBe("actor.type is required");
    expect(errorOf(() => validateRef(ref("s y", "T", "n"))).message).toMatch(/^invalid actor\.system "s y"/);
    expect(errorOf(() => validateRef(ref("s", "T/x", "n"))).message).toMatch(/^invalid actor\.type "T\/x"/);
    expect(errorOf(() => validateRef(ref("s", "T", "n n"), "caller")).message).toMatch(/^invalid caller\.name "n n"/);
  });
});

describe("validateText and validateIdempotencyKey", () => {
  it("accepts text up to its length, NUL-free", () => {
    expect(() => validateText("field", "a".repeat(10), 10)).not.toThrow();
    expect(() => validateIdempotencyKey("k".repeat(MAX_IDEMPOTENCY_KEY_LENGTH))).not.toThrow();
  });

  it("refuses text longer than its column, naming the field, the limit and the length", () => {
    const err = errorOf(() => validateText("field", "a".repeat(11), 10));
    expect(err.code).toBe(Code.InvalidArgument);
    expect(err.message).toBe("field must be at most 10 characters (got 11)");
    const key = errorOf(() => validateIdempotencyKey("k".repeat(MAX_IDEMPOTENCY_KEY_LENGTH + 1)));
    expect(key.message).toBe(`idempotency_key must be at most 255 characters (got 256)`);
  });

  it("refuses a NUL anywhere, which no database text column holds", () => {
    for (const value of ["\0", "a\0", "\0b", "a\0b"]) {
      const err = errorOf(() => validateIdempotencyKey(value));
      expect(err.code).toBe(Code.InvalidArgument);
      expect(err.message).toBe("idempotency_key contains a NUL character (\\u0000), which cannot be stored: remove it");
    }
  });
});
