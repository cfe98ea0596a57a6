import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { errorSummary, GatewayError, INTERNAL_MESSAGE, invalidArgument, isStoreOutage, toClientError, toConnectError, unavailable } from "./errors.js";
import { StoreUnavailableError } from "./store/store.js";

describe("toConnectError", () => {
  it("keeps the code and message of a GatewayError and its cause", () => {
    const cause = new Error("root");
    const ce = toConnectError(new GatewayError(Code.Unavailable, "no host", { cause }));
    expect(ce.code).toBe(Code.Unavailable);
    expect(ce.rawMessage).toBe("no host");
    expect(ce.cause).toBeInstanceOf(GatewayError);
  });

  it("passes ConnectErrors from hosts through unchanged", () => {
    const host = new ConnectError("nope", Code.PermissionDenied);
    expect(toConnectError(host)).toBe(host);
  });

  it("turns anything else into internal", () => {
    expect(toConnectError(new TypeError("bug")).code).toBe(Code.Internal);
    expect(toConnectError("string").code).toBe(Code.Internal);
    expect(toConnectError(invalidArgument("x")).code).toBe(Code.InvalidArgument);
  });
});

describe("toClientError", () => {
  it("maps a store outage to unavailable with the store's message", () => {
    const ce = toClientError(new StoreUnavailableError("store listRevisions failed: mysql://root@db/x is unavailable (ECONNREFUSED)"));
    expect(ce.code).toBe(Code.Unavailable);
    expect(ce.rawMessage).toContain("mysql://root@db/x is unavailable");
    expect(toConnectError(new StoreUnavailableError("x")).code).toBe(Code.Unavailable);
  });

  it("hides the message of an error nobody raised on purpose, keeping it as the cause", () => {
    const driver = new Error('invalid byte sequence for encoding "UTF8": 0x00');
    const ce = toClientError(driver);
    expect(ce.code).toBe(Code.Internal);
    expect(ce.rawMessage).toBe(INTERNAL_MESSAGE);
    expect(ce.cause).toBe(driver);
    // The runtime's own records keep it.
    expect(toConnectError(driver).rawMessage).toContain("0x00");
  });

  it("keeps deliberate errors as they are", () => {
    expect(toClientError(invalidArgument("x")).rawMessage).toBe("x");
    const host = new ConnectError("nope", Code.Internal);
    expect(toClientError(host)).toBe(host);
  });
});

describe("isStoreOutage and errorSummary", () => {
  it("finds a store outage wrapped as a cause", () => {
    expect(isStoreOutage(unavailable("could not store", new StoreUnavailableError("down")))).toBe(true);
    expect(isStoreOutage(unavailable("no host"))).toBe(false);
  });

  it("summarises an error as plain data, without its other fields", () => {
    const err = Object.assign(new Error("top", { cause: new StoreUnavailableError("down") }), { code: "ECONNRESET", client: { huge: 1 } });
    const summary = errorSummary(err);
    expect(summary).toMatchObject({ type: "Error", message: "top", code: "ECONNRESET", cause: { type: "StoreUnavailableError", message: "down" } });
    expect(summary).not.toHaveProperty("client");
    expect(errorSummary("text")).toEqual({ type: "string", message: "text" });
  });
});
