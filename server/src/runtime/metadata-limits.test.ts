import { describe, expect, it } from "vitest";
import { checkMetadata, MAX_METADATA_ENTRIES, MAX_METADATA_KEY_LENGTH } from "./metadata-limits.js";

describe("checkMetadata", () => {
  it("accepts metadata up to every limit", () => {
    const entries = Object.fromEntries(Array.from({ length: MAX_METADATA_ENTRIES }, (_, i) => [`k${i}`, "v"]));
    expect(() => checkMetadata(entries, 64 * 1024)).not.toThrow();
    expect(() => checkMetadata({ ["k".repeat(MAX_METADATA_KEY_LENGTH)]: "v" }, 1024)).not.toThrow();
    expect(() => checkMetadata({ k: "v".repeat(1023) }, 1024)).not.toThrow();
    expect(() => checkMetadata(undefined, 1024)).not.toThrow();
  });

  it("refuses one past each limit with invalid_argument", () => {
    const entries = Object.fromEntries(Array.from({ length: MAX_METADATA_ENTRIES + 1 }, (_, i) => [`k${i}`, "v"]));
    expect(() => checkMetadata(entries, 64 * 1024)).toThrow(/more than 256 entries/);
    expect(() => checkMetadata({ ["k".repeat(MAX_METADATA_KEY_LENGTH + 1)]: "v" }, 64 * 1024)).toThrow(/must be 1-256 characters/);
    expect(() => checkMetadata({ "": "v" }, 64 * 1024)).toThrow(/must be 1-256 characters/);
    expect(() => checkMetadata({ k: "v".repeat(1024) }, 1024)).toThrow(/larger than the 1024-byte limit/);
    expect(() => checkMetadata({ a: "é".repeat(400), b: "é".repeat(200) }, 1024)).toThrow(/1024-byte limit/);
    expect(() => checkMetadata({ k: "a\u0000" }, 1024)).toThrow(/NUL/);
  });
});
