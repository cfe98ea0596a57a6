import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { HostCodec, HostHttpVersion, HostProtocol, RegisterRequestSchema } from "@actorgate/client/gen";
import { parseFeaturesFile } from "./features.js";
import { markdownReport } from "./markdown-report.js";
import { matrixText, summarizeByTransport } from "./matrix.js";
import { transportOf } from "./observer.js";
import type { CaseResult } from "./results.js";
import { ALL_TRANSPORTS, chooseTransports, formatTransport, parseTransport } from "./transport.js";

describe("transports", () => {
  it("parses protocol+codec+http and refuses what cannot exist", () => {
    expect(parseTransport("grpc+proto+h2c")).toEqual({ protocol: "grpc", codec: "proto", http: "h2c" });
    expect(() => parseTransport("grpc+proto+http1")).toThrow(/gRPC needs HTTP\/2/);
    expect(() => parseTransport("connect+xml+h2c")).toThrow(/unknown codec "xml"/);
    expect(() => parseTransport("connect+json")).toThrow(/is not a transport/);
    expect(ALL_TRANSPORTS.map(formatTransport)).toHaveLength(10);
  });

  it("reads them from the features file, and --transport narrows the list", () => {
    const file = parseFeaturesFile('{"features": ["effects"], "transports": ["connect+json+http1", "grpc+proto+h2c"]}');
    expect(file.transports?.map(formatTransport)).toEqual(["connect+json+http1", "grpc+proto+h2c"]);
    expect(parseFeaturesFile('{"features": []}').transports).toBeUndefined();
    expect(() => parseFeaturesFile('{"features": [], "transports": ["connect+json+http1", "connect+json+http1"]}')).toThrow(/listed twice/);
    expect(chooseTransports(file.transports, ["grpc+proto+h2c"])?.map(formatTransport)).toEqual(["grpc+proto+h2c"]);
    expect(() => chooseTransports(file.transports, ["connect+proto+h2c"])).toThrow(/not in the features file/);
    expect(chooseTransports(undefined, ["connect+proto+h2c"])?.map(formatTransport)).toEqual(["connect+proto+h2c"]);
  });

  it("reads the transport a host registered, with the gateway's defaults", () => {
    const reg = (o: object) => transportOf(create(RegisterRequestSchema, o));
    expect(formatTransport(reg({}))).toBe("connect+proto+http1");
    expect(formatTransport(reg({ protocol: HostProtocol.GRPC, codec: HostCodec.JSON }))).toBe("grpc+json+h2c");
    expect(formatTransport(reg({ codec: HostCodec.JSON, httpVersion: HostHttpVersion.HTTP2 }))).toBe("connect+json+h2c");
  });
});

describe("the matrix and the Markdown report", () => {
  const r = (name: string, transport: string, status: CaseResult["status"]): CaseResult => ({ name, transport, status, description: "", passed: status === "passed", durationMs: 1, trace: [], ...(status === "skipped" ? { skipReason: "feature x not declared" } : {}) });
  const results = [r("a/one", "connect+json+http1", "passed"), r("a/two", "connect+json+http1", "failed"), r("a/one", "grpc+proto+h2c", "passed"), r("a/two", "grpc+proto+h2c", "passed"), r("b/x", "grpc+proto+h2c", "skipped")];
  const matrix = summarizeByTransport(results, [parseTransport("connect+json+http1"), parseTransport("grpc+proto+h2c")]);

  it("tables each transport's counts, n/a where gRPC would need HTTP/1.1", () => {
    expect(matrixText(matrix)).toEqual([
      "protocol  codec  HTTP/1.1         h2c",
      "connect   json   1 FAILED / 1 ok  not listed",
      "connect   proto  not listed       not listed",
      "grpc      json   n/a              not listed",
      "grpc      proto  n/a              2 ok",
    ]);
  });

  it("writes version, features, matrix and what did not pass", () => {
    const md = markdownReport(
      { mode: "host", command: ["python3", "host.py"], knownFeatures: ["effects", "timers"], declaredFeatures: new Set(["effects"]), matrix, results, counts: { passed: 3, failed: 1, skipped: 1, knownFailing: 0 }, gateway: "store memory" },
      new Date("2026-01-02T00:00:00Z"),
    );
    expect(md).toContain("**FAILS** the Actorgate conformance suite: **3 passed, 1 failed**, 1 skipped");
    expect(md).toMatch(/- Suite: @actorgate\/conformance \d+\.\d+\.\d+/);
    expect(md).toContain("| timers | no (its cases are skipped) |");
    expect(md).toContain("| grpc | proto | n/a | 2 ok |");
    expect(md).toContain("- `a/two` on connect+json+http1");
    expect(md).toContain("- `b/x`: feature x not declared");
  });
});
