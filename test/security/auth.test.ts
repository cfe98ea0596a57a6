import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError } from "@connectrpc/connect";
import { generateKeyPair, exportJWK, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { client, onCleanup, startGateway, startHost, uniqueName } from "../support/harness.js";
import { codeOf } from "../support/errors.js";
import { counter } from "../support/test-actors.js";
import { createHost } from "@actorgate/client/host";

const TOKENS = {
  reader: "reader-token-0123456789",
  writer: "writer-token-0123456789",
  host: "host-token-0123456789abc",
  rogue: "rogue-host-token-0123456789",
  admin: "admin-token-0123456789ab",
};

function authFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "actorgate-auth-"));
  const path = join(dir, "auth.json");
  writeFileSync(
    path,
    JSON.stringify({
      principals: [
        { name: "reader", token: TOKENS.reader, roles: ["client"], systems: ["test"], types: ["Counter"], actions: ["get"] },
        { name: "writer", token: TOKENS.writer, roles: ["client"], systems: ["test"] },
        { name: "counter-host", token: TOKENS.host, roles: ["host"], systems: ["test"] },
        { name: "rogue", token: TOKENS.rogue, roles: ["host"], systems: ["test"] },
        { name: "ops", token: TOKENS.admin, roles: ["admin"] },
      ],
    }),
  );
  return path;
}

describe("authentication and grants (--auth-file)", () => {
  it("answers unauthenticated without a token or with an unknown one, and permission_denied outside the grants", async () => {
    const gw = await startGateway({ authFile: authFile() });
    await startHost(gw, [counter], { token: TOKENS.host });
    const actor = { system: "test", type: "Counter", name: uniqueName() };
    // Every protocol and both server paths (the Invoke fast path, connect-node for gRPC-Web).
    for (const options of [{}, { protocol: "grpc" as const }, { protocol: "grpc-web" as const }, { binary: false }]) {
      const none = await codeOf(client(gw, options).invoke(actor, "get"));
      expect(none.code).toBe(Code.Unauthenticated);
      expect(none.message).toMatch(/requires authentication/);
      const unknown = await codeOf(client(gw, { ...options, token: "not-a-known-token-123" }).invoke(actor, "get"));
      expect(unknown.code).toBe(Code.Unauthenticated);
      expect(unknown.message).not.toContain("not-a-known-token-123");
      const reader = client(gw, { ...options, token: TOKENS.reader });
      expect(await reader.invoke(actor, "get")).toEqual({ value: 0 });
      const add = await codeOf(reader.invoke(actor, "add", { by: 1 }));
      expect(add.code).toBe(Code.PermissionDenied);
      expect(add.message).toMatch(/"reader" may not call action "add" of test\/Counter/);
    }
    const writer = client(gw, { token: TOKENS.writer });
    expect(await writer.invoke(actor, "add", { by: 2 })).toEqual({ value: 2 });
    // Another system is outside the writer's grant.
    const other = await codeOf(writer.invoke({ system: "other", type: "Counter", name: "x" }, "get"));
    expect(other.code).toBe(Code.PermissionDenied);
    expect(other.message).toMatch(/not granted system "other"/);
    // State: a client granted the type may read it; admin calls need the admin role.
    expect((await writer.getState(actor)).state).toEqual({ value: 2 });
    expect((await codeOf(client(gw, { token: TOKENS.reader }).getState({ ...actor, type: "Other" }))).code).toBe(Code.PermissionDenied);
    const listHosts = await codeOf(writer.admin.listHosts({}));
    expect(listHosts.code).toBe(Code.PermissionDenied);
    expect(listHosts.message).toMatch(/lacks the role "admin"/);
    expect((await client(gw, { token: TOKENS.admin }).admin.listHosts({})).hosts).toHaveLength(1);
    // A client may not register hosts.
    const register = await codeOf(writer.hosts.register({ system: "test", hostId: "h", callbackUrl: "http://127.0.0.1:1", types: [{ name: "X" }] }));
    expect(register.code).toBe(Code.PermissionDenied);
  });

  it("refuses a rogue host joining a type another principal serves, and lets the owner's second host join", async () => {
    const gw = await startGateway({ authFile: authFile() });
    await startHost(gw, [counter], { token: TOKENS.host });
    const rogue = createHost({ system: "test", actors: [counter], gatewayUrl: gw.url, token: TOKENS.rogue });
    onCleanup(() => rogue.stop());
    const refused = await codeOf(rogue.start());
    expect(refused.code).toBe(Code.PermissionDenied);
    expect(refused.message).toMatch(/type test\/Counter is served by hosts of another principal/);
    await startHost(gw, [counter], { token: TOKENS.host });
    expect(gw.registry.hosts("test")).toHaveLength(2);
    // Every call lands on the owner's hosts.
    const c = client(gw, { token: TOKENS.writer });
    const actor = { system: "test", type: "Counter", name: uniqueName() };
    for (let i = 1; i <= 5; i++) expect(await c.invoke(actor, "add", { by: 1 })).toEqual({ value: i });
    // Nor may the rogue renew or end the owner's lease.
    const lease = gw.registry.hosts("test")[0]!.leaseId;
    const rogueClient = client(gw, { token: TOKENS.rogue });
    expect((await codeOf(rogueClient.hosts.heartbeat({ leaseId: lease }))).code).toBe(Code.PermissionDenied);
    expect((await codeOf(rogueClient.hosts.unregister({ leaseId: lease }))).code).toBe(Code.PermissionDenied);
    expect(gw.registry.hosts("test")).toHaveLength(2);
  });

  it("accepts JWTs from the JWKS, refusing expired ones and those for another audience", async () => {
    const { publicKey, privateKey } = await generateKeyPair("ES256");
    const dir = mkdtempSync(join(tmpdir(), "actorgate-jwks-"));
    const jwks = join(dir, "jwks.json");
    writeFileSync(jwks, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256" }] }));
    const gw = await startGateway({ authJwks: jwks, authJwtIssuer: "https://issuer.test", authJwtAudience: "actorgate", authFile: authFile() });
    await startHost(gw, [counter], { token: TOKENS.host });
    const sign = (claims: Record<string, unknown>, audience: string, exp: string | number) =>
      new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: "k1" }).setSubject("web-app").setIssuer("https://issuer.test").setAudience(audience).setIssuedAt().setExpirationTime(exp).sign(privateKey);
    const actor = { system: "test", type: "Counter", name: uniqueName() };
    const good = await sign({ "actorgate/roles": ["client"], "actorgate/systems": ["test"] }, "actorgate", "5m");
    expect(await client(gw, { token: good }).invoke(actor, "add", { by: 3 })).toEqual({ value: 3 });
    const expired = await sign({ "actorgate/roles": ["client"] }, "actorgate", Math.floor(Date.now() / 1000) - 60);
    const e = await codeOf(client(gw, { token: expired }).invoke(actor, "get"));
    expect(e).toEqual({ code: Code.Unauthenticated, message: expect.stringMatching(/JWT has expired/) });
    const wrongAudience = await sign({ "actorgate/roles": ["client"] }, "someone-else", "5m");
    const a = await codeOf(client(gw, { token: wrongAudience }).invoke(actor, "get"));
    expect(a).toEqual({ code: Code.Unauthenticated, message: expect.stringMatching(/"aud" claim/) });
    const noSystem = await sign({ "actorgate/roles": ["client"], "actorgate/systems": ["billing"] }, "actorgate", "5m");
    expect((await codeOf(client(gw, { token: noSystem }).invoke(actor, "get"))).code).toBe(Code.PermissionDenied);
  });

  it("rate-limits each principal with a token bucket: resource_exhausted with retry-after-ms", async () => {
    const gw = await startGateway({ authFile: authFile(), rateLimitPerSecond: 0.01, rateLimitBurst: 3 });
    await startHost(gw, [counter], { token: TOKENS.host });
    const actor = { system: "test", type: "Counter", name: uniqueName() };
    const reader = client(gw, { token: TOKENS.reader });
    for (let i = 0; i < 3; i++) await reader.invoke(actor, "get");
    const limited = await reader.invoke(actor, "get").then(() => undefined, (err: unknown) => ConnectError.from(err));
    expect(limited?.code).toBe(Code.ResourceExhausted);
    expect(limited?.rawMessage).toMatch(/rate limit: more than 0.01 calls\/s \(burst 3\) for "reader"; retry after \d+ ms/);
    expect(Number(limited?.metadata.get("retry-after-ms"))).toBeGreaterThan(0);
    // Another principal has its own bucket.
    expect(await client(gw, { token: TOKENS.writer }).invoke(actor, "get")).toEqual({ value: 0 });
  });

  it("refuses to listen beyond loopback without auth unless --insecure", async () => {
    await expect(startGateway({ host: "0.0.0.0" })).rejects.toThrow(/refusing to listen on 0.0.0.0 without authentication.*--insecure/);
    const open = await startGateway({ host: "0.0.0.0", insecure: "true" });
    expect(open.port).toBeGreaterThan(0);
    const secured = await startGateway({ host: "0.0.0.0", authFile: authFile() });
    expect(secured.port).toBeGreaterThan(0);
  });
});
