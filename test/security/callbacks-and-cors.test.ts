import { create, toBinary } from "@bufbuild/protobuf";
import { HandleRequestSchema } from "@actorgate/client/gen";
import { signCallback } from "@actorgate/client/host";
import { describe, expect, it } from "vitest";
import { client, startGateway, startHost, uniqueName } from "../support/harness.js";
import { counter } from "../support/test-actors.js";

const HANDLE = "/actorgate.v1.ActorHostService/Handle";

describe("gateway → host proof (callback signatures)", () => {
  it("the TS host serves the gateway's signed callbacks and refuses unsigned or forged ones", async () => {
    const gw = await startGateway();
    const host = await startHost(gw, [counter]);
    const actor = { system: "test", type: "Counter", name: uniqueName() };
    expect(await client(gw).invoke(actor, "add", { by: 1 })).toEqual({ value: 1 });
    const request = create(HandleRequestSchema, { actor, action: "add", invocationId: "forged-1" });
    const body = toBinary(HandleRequestSchema, request);
    const post = (headers: Record<string, string>) =>
      fetch(host.url + HANDLE, { method: "POST", headers: { "content-type": "application/proto", ...headers }, body });
    for (const headers of [{} as Record<string, string>, { "actorgate-signature": "t=1,v1=" + "0".repeat(64) }, { "actorgate-signature": signCallback("not-the-secret", request) }]) {
      const res = await post(headers);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe("unauthenticated");
    }
    // The secret the gateway holds for this host signs a callback the host accepts.
    const secret = gw.registry.hosts("test")[0]!.endpoint.callbackSecret!;
    const get = create(HandleRequestSchema, { actor, action: "get", invocationId: "signed-1" });
    const signed = await fetch(host.url + HANDLE, {
      method: "POST",
      headers: { "content-type": "application/proto", "actorgate-signature": signCallback(secret, get) },
      body: toBinary(HandleRequestSchema, get),
    });
    expect(signed.status).toBe(200);
  });
});

describe("CORS (--cors-origins)", () => {
  const preflight = (url: string, origin: string, contentType: string) =>
    fetch(`${url}/actorgate.v1.ActorService/Invoke`, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": `content-type,${contentType}` },
    });

  it("answers preflights for listed origins with what Connect and gRPC-Web need, and refuses others", async () => {
    const gw = await startGateway({ corsOrigins: "https://app.example, https://admin.example" });
    await startHost(gw, [counter]);
    const ok = await preflight(gw.url, "https://app.example", "connect-protocol-version");
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(ok.headers.get("access-control-allow-methods")).toContain("POST");
    const allowed = ok.headers.get("access-control-allow-headers")!.toLowerCase();
    for (const h of ["content-type", "connect-protocol-version", "connect-timeout-ms", "x-grpc-web", "x-user-agent", "grpc-timeout", "authorization"]) {
      expect(allowed).toContain(h);
    }
    const refused = await preflight(gw.url, "https://evil.example", "connect-protocol-version");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    // The call itself: readable by the listed origin (Connect JSON and gRPC-Web), not by another.
    const body = JSON.stringify({ actor: { system: "test", type: "Counter", name: uniqueName() }, action: "get" });
    const call = (origin: string) =>
      fetch(`${gw.url}/actorgate.v1.ActorService/Invoke`, { method: "POST", headers: { origin, "content-type": "application/json" }, body });
    const listed = await call("https://admin.example");
    expect(listed.status).toBe(200);
    expect(listed.headers.get("access-control-allow-origin")).toBe("https://admin.example");
    expect(listed.headers.get("access-control-expose-headers")!.toLowerCase()).toContain("grpc-status");
    const other = await call("https://evil.example");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("has no CORS without --cors-origins (a preflight is not answered)", async () => {
    const gw = await startGateway();
    const res = await preflight(gw.url, "https://app.example", "connect-protocol-version");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});
