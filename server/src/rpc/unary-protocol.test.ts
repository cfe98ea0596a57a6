import type http from "node:http";
import { describe, expect, it } from "vitest";
import { headerValue, requestHeaders } from "./unary-protocol.js";

const request = (headers: http.IncomingHttpHeaders) => ({ headers }) as http.IncomingMessage;

describe("requestHeaders (what pipeline links see of a fast-path request)", () => {
  it("copies every header, repeated ones appended, and leaves out HTTP/2 pseudo-headers", () => {
    const headers = requestHeaders(
      request({
        ":path": "/actorgate.v1.ActorService/Invoke",
        ":method": "POST",
        authorization: "Bearer t",
        "x-forwarded-for": ["10.0.0.1", "10.0.0.2"],
        "content-type": "application/json",
        "x-absent": undefined,
      }),
    );
    expect([...headers.entries()]).toEqual([
      ["authorization", "Bearer t"],
      ["content-type", "application/json"],
      ["x-forwarded-for", "10.0.0.1, 10.0.0.2"],
    ]);
  });
});

describe("headerValue", () => {
  it("takes the first of repeated values, and null for a missing header", () => {
    expect(headerValue("100")).toBe("100");
    expect(headerValue(["100", "200"])).toBe("100");
    expect(headerValue([])).toBeNull();
    expect(headerValue(undefined)).toBeNull();
  });
});
