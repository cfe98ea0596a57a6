import { Code, ConnectError, createContextValues } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { toClientError } from "../errors.js";
import { parsePrincipalFile, sha256Hex } from "./auth-file.js";
import { createAuthenticator } from "./authenticator.js";
import { callNeeds } from "./call-needs.js";
import { authorize } from "./grants.js";
import { checkHostJoin } from "./host-join.js";
import { principalKey, type Principal } from "./principal.js";
import { rateLimitLink } from "./rate-limit.js";
import type { RpcCall } from "../rpc/pipeline.js";

const principal = (p: Partial<Principal> & { roles: Principal["roles"] }): Principal => ({ name: "p", via: "token", ...p });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    const ce = toClientError(err);
    return { code: ce.code, message: ce.rawMessage };
  }
  return undefined;
};

describe("authorize", () => {
  const reader = principal({ name: "reader", roles: new Set(["client"]), systems: new Set(["demo"]), types: new Set(["Counter", "shop/Cart"]), actions: new Set(["get"]) });

  it("allows what the grants hold, by bare or system-qualified type", () => {
    expect(codeOf(() => authorize(reader, { role: "client", system: "demo", type: "Counter", action: "get" }))).toBeUndefined();
    const all = principal({ roles: new Set(["client"]) });
    expect(codeOf(() => authorize(all, { role: "client", system: "any", type: "Any", action: "any" }))).toBeUndefined();
  });

  it("denies and names the missing role, system, type or action", () => {
    expect(codeOf(() => authorize(reader, { role: "admin" }))).toEqual({ code: Code.PermissionDenied, message: expect.stringMatching(/lacks the role "admin" \(it has: client\)/) });
    expect(codeOf(() => authorize(reader, { role: "client", system: "shop", type: "Cart" }))?.message).toMatch(/not granted system "shop"/);
    expect(codeOf(() => authorize(reader, { role: "client", system: "demo", type: "Cart" }))?.message).toMatch(/not granted type demo\/Cart/);
    expect(codeOf(() => authorize(reader, { role: "client", system: "demo", type: "Counter", action: "add" }))?.message).toMatch(/may not call action "add" of demo\/Counter/);
  });
});

describe("callNeeds", () => {
  const needs = (service: string, method: string, message: unknown) => callNeeds({ service: `actorgate.v1.${service}`, method, message: message as RpcCall["message"] });
  it("maps each service's calls to the role and actor they reach; unknown ones need admin", () => {
    const actor = { system: "s", type: "T", name: "n" };
    expect(needs("ActorService", "Invoke", { actor, action: "a" })).toEqual([{ role: "client", system: "s", type: "T", action: "a" }]);
    expect(needs("ActorService", "Activate", { actors: [actor], from: { ...actor, type: "U" } })).toEqual([
      { role: "client", system: "s", type: "T" },
      { role: "client", system: "s", type: "U" },
    ]);
    expect(needs("ActorService", "Broadcast", { system: "s" })).toEqual([{ role: "client", system: "s" }]);
    expect(needs("StateService", "Restore", { actor })).toEqual([{ role: "client", system: "s", type: "T" }]);
    expect(needs("HostService", "Register", { system: "s", types: [{ name: "T" }] })).toEqual([{ role: "host", system: "s" }, { role: "host", system: "s", type: "T" }]);
    expect(needs("HostService", "Heartbeat", {})).toEqual([{ role: "host" }]);
    expect(needs("AdminService", "Health", {})).toEqual([]);
    expect(needs("AdminService", "ListHosts", {})).toEqual([{ role: "admin" }]);
    expect(needs("FutureService", "Anything", {})).toEqual([{ role: "admin" }]);
  });
});

describe("principals file and authenticator", () => {
  const file = parsePrincipalFile({
    principals: [
      { name: "a", token: "token-a-0123456789" },
      { name: "b", tokenSha256: sha256Hex("token-b-0123456789"), roles: ["host"] },
      { name: "c", certificateCn: "svc-c", roles: ["admin"] },
    ],
  });

  it("refuses a file with a bad entry, naming it", () => {
    expect(() => parsePrincipalFile({ principals: [{ name: "x", roles: ["client"] }] })).toThrow(/principals\.0.*needs token, tokenSha256 or certificateCn/);
    expect(() => parsePrincipalFile({ principals: [{ name: "x", token: "short" }] })).toThrow(/at least 16/);
    expect(() => parsePrincipalFile({ principals: [{ name: "x", token: "token-a-0123456789", roles: ["root"] }] })).toThrow(/roles/);
    expect(() => parsePrincipalFile({ principals: [{ name: "x", token: "token-a-0123456789" }, { name: "y", token: "token-a-0123456789" }] })).toThrow(/same token/);
  });

  it("finds principals by token (plain or hashed) or client certificate, and never echoes a token", async () => {
    const auth = createAuthenticator({ file });
    expect((await auth("Bearer token-a-0123456789", undefined)).name).toBe("a");
    expect((await auth("bearer  token-b-0123456789", undefined)).roles).toEqual(new Set(["host"]));
    expect((await auth(null, { address: "", certificateCn: "svc-c" })).name).toBe("c");
    const fail = async (header: string | null, cn?: string) => ConnectError.from(await auth(header, { address: "", certificateCn: cn }).catch((e: unknown) => toClientError(e)));
    const unknown = await fail("Bearer secret-guess-0123456789");
    expect(unknown.code).toBe(Code.Unauthenticated);
    expect(unknown.rawMessage).not.toContain("secret-guess");
    expect((await fail("Basic abc")).rawMessage).toMatch(/must be "Bearer <token>"/);
    expect((await fail(null)).rawMessage).toMatch(/requires authentication/);
    expect((await fail(null, "svc-x")).rawMessage).toMatch(/"svc-x" names no principal/);
  });
});

describe("checkHostJoin", () => {
  const owner = (o: string | undefined) => () => ({ owner: o });
  const host = principal({ name: "h2", roles: new Set(["host"]) });
  it("lets a new type or the owner's own type through, refuses another principal's unless granted by name", () => {
    expect(codeOf(() => checkHostJoin(host, "s", ["T"], () => undefined))).toBeUndefined();
    expect(codeOf(() => checkHostJoin(host, "s", ["T"], owner("h2")))).toBeUndefined();
    expect(codeOf(() => checkHostJoin(host, "s", ["T"], owner(undefined)))).toBeUndefined();
    expect(codeOf(() => checkHostJoin(host, "s", ["T"], owner("h1")))).toEqual({ code: Code.PermissionDenied, message: expect.stringMatching(/type s\/T is served by hosts of another principal/) });
    const granted = principal({ name: "h2", roles: new Set(["host"]), types: new Set(["s/T"]) });
    expect(codeOf(() => checkHostJoin(granted, "s", ["T"], owner("h1")))).toBeUndefined();
  });
});

describe("rateLimitLink", () => {
  it("lets a burst through, then refuses with retry-after-ms until tokens come back, per principal", async () => {
    let now = 0;
    const link = rateLimitLink({ perSecond: 2, burst: 2, now: () => now });
    const call = (name: string) => {
      const values = createContextValues().set(principalKey, principal({ name, roles: new Set(["client"]) }));
      return link.handle({ values } as RpcCall, () => Promise.resolve());
    };
    await call("a");
    await call("a");
    const refused = await call("a").then(() => undefined, (e: unknown) => e as ConnectError);
    expect(refused?.code).toBe(Code.ResourceExhausted);
    expect(refused?.metadata.get("retry-after-ms")).toBe("500");
    await call("b");
    now = 500;
    await call("a");
  });
});
