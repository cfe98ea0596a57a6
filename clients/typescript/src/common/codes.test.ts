import { describe, expect, it } from "vitest";
import { Code } from "@connectrpc/connect";
import { codeToString } from "@connectrpc/connect/protocol-connect";
import { codeFromName, codeName, isRetryableCode, TERMINAL_CODES } from "./codes.js";

const ALL = Object.values(Code).filter((v): v is Code => typeof v === "number");

describe("codeName", () => {
  it("spells every code as Connect does on the wire", () => {
    expect(ALL).toHaveLength(16);
    for (const code of ALL) expect(codeName(code)).toBe(codeToString(code));
    expect(codeName(Code.NotFound)).toBe("not_found");
    expect(codeName(Code.DeadlineExceeded)).toBe("deadline_exceeded");
    expect(codeName(Code.Unauthenticated)).toBe("unauthenticated");
  });

  it("calls anything else unknown", () => {
    expect(codeName(0)).toBe("unknown");
    expect(codeName(17)).toBe("unknown");
    expect(codeName(-1)).toBe("unknown");
  });

  it("reads names back", () => {
    for (const code of ALL) expect(codeFromName(codeName(code))).toBe(code);
    expect(codeFromName("NotFound")).toBeUndefined();
    expect(codeFromName("ok")).toBeUndefined();
    expect(codeFromName("")).toBeUndefined();
  });
});

describe("retry classification", () => {
  it("never retries what the caller got wrong or may not do", () => {
    expect([...TERMINAL_CODES].map(codeName).sort()).toEqual([
      "already_exists",
      "failed_precondition",
      "invalid_argument",
      "not_found",
      "out_of_range",
      "permission_denied",
      "unauthenticated",
      "unimplemented",
    ]);
    for (const code of TERMINAL_CODES) expect(isRetryableCode(code), codeName(code)).toBe(false);
  });

  it("retries what may pass later", () => {
    const retryable = ALL.filter(isRetryableCode).map(codeName).sort();
    expect(retryable).toEqual(["aborted", "canceled", "data_loss", "deadline_exceeded", "internal", "resource_exhausted", "unavailable", "unknown"]);
  });
});
