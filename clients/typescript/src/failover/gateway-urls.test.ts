import { describe, expect, it } from "vitest";
import { GatewayUrls, parseGatewayUrls } from "./gateway-urls.js";

describe("parseGatewayUrls", () => {
  it("takes one URL, a comma-separated string or an array; blanks and duplicates dropped", () => {
    expect(parseGatewayUrls("http://a:1")).toEqual(["http://a:1"]);
    expect(parseGatewayUrls(" http://a:1 , http://b:2,,http://a:1 ")).toEqual(["http://a:1", "http://b:2"]);
    expect(parseGatewayUrls(["http://a:1", "http://b:2,https://c:3"])).toEqual(["http://a:1", "http://b:2", "https://c:3"]);
  });

  it("falls back to ACTORGATE_URL (same forms), then the default", () => {
    expect(parseGatewayUrls(undefined, { ACTORGATE_URL: "http://a:1,http://b:2" })).toEqual(["http://a:1", "http://b:2"]);
    expect(parseGatewayUrls("", {})).toEqual(["http://127.0.0.1:9300"]);
  });

  it("refuses an empty list or a non-http entry, naming where it came from", () => {
    expect(() => parseGatewayUrls(" , ")).toThrow(/the gateway URL option names no gateway URL/);
    expect(() => parseGatewayUrls(undefined, { ACTORGATE_URL: "http://a:1,ftp://x" })).toThrow(/ACTORGATE_URL: "ftp:\/\/x" is not an http/);
    expect(() => parseGatewayUrls(["not a url"])).toThrow(/"not a url" is not an http/);
  });
});

describe("GatewayUrls", () => {
  const make = () => {
    const clock = { now: 100_000 };
    const urls = new GatewayUrls(["a", "b", "c"], { backoff: { baseMs: 1000, maxMs: 4000 }, now: () => clock.now });
    return { urls, clock };
  };

  it("sticks to the URL that works and moves to the next when it fails", () => {
    const { urls } = make();
    expect(urls.candidates()).toEqual(["a", "b", "c"]);
    urls.failed("a");
    expect(urls.current).toBe("b");
    expect(urls.candidates()).toEqual(["b", "c", "a"]);
    urls.succeeded("b");
    expect(urls.candidates()).toEqual(["b", "c", "a"]);
  });

  it("tries a failed URL after the others until its backoff is over, then in turn again", () => {
    const { urls, clock } = make();
    urls.failed("a");
    urls.failed("b");
    expect(urls.candidates()).toEqual(["c", "a", "b"]); // backed off: last, earliest retry first
    clock.now += 1000;
    urls.failed("c");
    expect(urls.candidates()).toEqual(["a", "b", "c"]);
    urls.succeeded("a"); // the node came back
    expect(urls.current).toBe("a");
  });

  it("doubles the backoff per failure, counting a burst of failures once", () => {
    const { urls, clock } = make();
    for (let i = 0; i < 5; i++) urls.failed("a"); // many calls failing together: 1 s
    clock.now += 1000;
    urls.failed("b");
    expect(urls.candidates()).toEqual(["c", "a", "b"]);
    urls.failed("a"); // second failure: 2 s
    clock.now += 1000;
    expect(urls.candidates()).toEqual(["c", "b", "a"]);
    clock.now += 1000;
    expect(urls.candidates()).toEqual(["c", "a", "b"]);
  });

  it("with one URL always tries that one", () => {
    const urls = new GatewayUrls(["only"]);
    urls.failed("only");
    expect(urls.candidates()).toEqual(["only"]);
    expect(urls.current).toBe("only");
  });
});
