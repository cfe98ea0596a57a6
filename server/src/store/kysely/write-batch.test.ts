import { describe, expect, it } from "vitest";
import { mayExceedRetention, type PreparedWrite } from "./write-batch.js";

const write = (revision: number, maxRevisions: number, maxAgeSeconds = 0) =>
  ({
    write: { key: { system: "s", type: "T", name: "n" }, revision, expectedRevision: revision - 1, retention: { maxRevisions, maxAgeSeconds }, state: null, stateType: "json" },
    encoded: { state: null, keyId: null },
  }) as unknown as PreparedWrite;

describe("mayExceedRetention", () => {
  it("is false while the revision leaves room for no more history rows than kept", () => {
    // Revision r replaces at most r - 1 earlier revisions.
    expect(mayExceedRetention(write(2, 1))).toBe(false);
    expect(mayExceedRetention(write(101, 100))).toBe(false);
    expect(mayExceedRetention(write(102, 100))).toBe(true);
  });

  it("is true whenever history is limited by age or not kept at all", () => {
    expect(mayExceedRetention(write(2, 100, 60))).toBe(true);
    expect(mayExceedRetention(write(2, 0))).toBe(true);
  });
});
