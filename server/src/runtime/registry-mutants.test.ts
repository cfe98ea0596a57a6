import { Code } from "@connectrpc/connect";
import { create } from "@bufbuild/protobuf";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ActorKind, RegisterRequestSchema, type RegisterRequest } from "@actorgate/client/gen";
import { loadConfig } from "../config.js";
import { GatewayError } from "../errors.js";
import { Registry, type HostEntry } from "./registry.js";

type RegisterInit = Parameters<typeof create<typeof RegisterRequestSchema>>[1];

function setup(overrides: { leaseTtlMs?: number; callTimeoutMs?: number; hostConcurrency?: number } = {}) {
  const events: string[] = [];
  const closed: string[] = [];
  const registry = new Registry(
    loadConfig({}, {}, { store: "memory", leaseTtlMs: 1000, ...overrides }),
    (endpoint) => ({ handle: async () => Promise.reject(new Error("unused")), close: () => void closed.push(endpoint.callbackUrl) }),
    {
      onHostAdded: (h, types) => events.push(`added ${h.hostId} [${types.map((t) => t.name).join(",")}]`),
      onHostRemoved: (h, why) => events.push(`removed ${h.hostId}: ${why}`),
    },
  );
  const request = (init: RegisterInit = {}): RegisterRequest =>
    create(RegisterRequestSchema, {
      system: "s",
      hostId: "h1",
      callbackUrl: "http://127.0.0.1:1",
      types: [{ name: "T", kind: ActorKind.UNNAMED, stateful: true }],
      ...init,
    });
  const register = (init: RegisterInit = {}) => registry.register(request(init));
  return { registry, register, request, events, closed };
}

function errorOf(fn: () => unknown): GatewayError {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(GatewayError);
  return thrown as GatewayError;
}

afterEach(() => vi.useRealTimers());

describe("Registry: registration", () => {
  it("registers a host with its endpoint, capabilities, types and a lease", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(1_000_000);
    const { registry, register, events } = setup({ leaseTtlMs: 2000 });
    const host = register({ callbackUrl: "http://127.0.0.1:9400/", capabilities: ["gpu"], maxConcurrency: 7 });
    expect(host.endpoint.callbackUrl).toBe("http://127.0.0.1:9400");
    expect([...host.capabilities]).toEqual(["gpu"]);
    expect(host.typeNames).toEqual(["T"]);
    expect(host.maxConcurrency).toBe(7);
    expect(host.leaseExpiresAt).toBe(1_002_000);
    expect(host.system).toBe("s");
    expect(events).toEqual(["added h1 [T]"]);
    expect(registry.lease(host.leaseId)).toBe(host);
    expect(registry.hosts()).toEqual([host]);
    expect(registry.hosts("s")).toEqual([host]);
    expect(registry.hosts("other")).toEqual([]);
    expect(registry.resolveType("s", "T").hosts).toEqual([host]);
    expect(registry.types("s").map((t) => t.settings.name)).toEqual(["T"]);
    expect(registry.types("other")).toEqual([]);
  });

  it("gives a host without a concurrency limit the gateway's default", () => {
    const { register } = setup({ hostConcurrency: 33 });
    expect(register().maxConcurrency).toBe(33);
  });

  it("gives each registration its own lease", () => {
    const { register } = setup();
    const a = register({ hostId: "a" });
    const b = register({ hostId: "b" });
    expect(a.leaseId).not.toBe(b.leaseId);
    expect(a.leaseId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("adds a second host of a known type to the type's hosts", () => {
    const { registry, register } = setup();
    const a = register({ hostId: "a", callbackUrl: "http://127.0.0.1:1" });
    const b = register({ hostId: "b", callbackUrl: "http://127.0.0.1:2" });
    expect(registry.resolveType("s", "T").hosts).toEqual([a, b]);
  });

  it("refuses bad names, URLs and type lists with invalid_argument", () => {
    const { register } = setup();
    const cases: [RegisterInit, RegExp][] = [
      [{ system: "" }, /system is required/],
      [{ system: "a b" }, /invalid system/],
      [{ hostId: "" }, /host_id is required/],
      [{ callbackUrl: "not a url" }, /callback_url "not a url" is not a URL: use e\.g\. http:\/\/127\.0\.0\.1:9400/],
      [{ callbackUrl: "ftp://127.0.0.1:1" }, /callback_url must be http:\/\/ or https:\/\/, got ftp:/],
      [{ types: [] }, /a host must register at least one actor type/],
      [{ types: [{ name: "T" }, { name: "T" }] }, /type T is listed twice/],
    ];
    for (const [init, message] of cases) {
      const err = errorOf(() => register(init));
      expect(err.code, JSON.stringify(init)).toBe(Code.InvalidArgument);
      expect(err.message).toMatch(message);
    }
  });

  it("accepts https callback URLs", () => {
    const { register } = setup();
    expect(register({ callbackUrl: "https://example.test:8443" }).endpoint.callbackUrl).toBe("https://example.test:8443");
  });

  it("refuses a host that changes a served type's kind or statefulness, and registers nothing", () => {
    const { registry, register } = setup();
    register({ hostId: "a" });
    const kind = errorOf(() => register({ hostId: "b", types: [{ name: "T", kind: ActorKind.NAMED, stateful: true }] }));
    expect(kind.code).toBe(Code.FailedPrecondition);
    expect(kind.message).toBe(
      "type s/T is already registered as UNNAMED stateful; a host cannot change its kind or statefulness while other hosts serve it",
    );
    const stateful = errorOf(() => register({ hostId: "b", types: [{ name: "T", kind: ActorKind.UNNAMED, stateful: false }] }));
    expect(stateful.code).toBe(Code.FailedPrecondition);
    expect(registry.hosts().map((h) => h.hostId)).toEqual(["a"]);
  });

  it("lets another host register the same type with the same kind", () => {
    const { register } = setup();
    register({ hostId: "a" });
    expect(() => register({ hostId: "b", callbackUrl: "http://127.0.0.1:2" })).not.toThrow();
  });
});

describe("Registry: leases", () => {
  it("renews a lease by the TTL from now on heartbeat", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(1_000_000);
    const { registry, register } = setup({ leaseTtlMs: 1000 });
    const host = register();
    vi.setSystemTime(1_000_600);
    expect(registry.heartbeat(host.leaseId)).toBe(host);
    expect(host.leaseExpiresAt).toBe(1_001_600);
    expect(registry.expire(1_001_599)).toEqual([]);
  });

  it("answers not_found for an unknown lease", () => {
    const { registry } = setup();
    expect(errorOf(() => registry.heartbeat("nope")).message).toBe("lease nope is unknown or expired: register again");
    expect(errorOf(() => registry.heartbeat("nope")).code).toBe(Code.NotFound);
    expect(errorOf(() => registry.lease("nope")).code).toBe(Code.NotFound);
    expect(errorOf(() => registry.unregister("nope")).code).toBe(Code.NotFound);
  });

  it("unregisters a host: its lease ends, its type stays known but has no host", () => {
    const { registry, register, events } = setup();
    const host = register();
    expect(registry.unregister(host.leaseId)).toBe(host);
    expect(host.removed).toBe(true);
    expect(events).toContain("removed h1: unregistered");
    expect(registry.hosts()).toEqual([]);
    expect(errorOf(() => registry.lease(host.leaseId)).code).toBe(Code.NotFound);
    const type = registry.resolveType("s", "T");
    expect(type.hosts).toEqual([]);
    expect(errorOf(() => registry.pickHost(type)).code).toBe(Code.Unavailable);
  });

  it("keeps the other hosts of a type when one leaves", () => {
    const { registry, register } = setup();
    const a = register({ hostId: "a", callbackUrl: "http://127.0.0.1:1" });
    const b = register({ hostId: "b", callbackUrl: "http://127.0.0.1:2" });
    registry.unregister(a.leaseId);
    const type = registry.resolveType("s", "T");
    expect(type.hosts).toEqual([b]);
    expect(registry.pickHost(type)).toBe(b);
  });

  it("evicts a host once", () => {
    const { registry, register, events } = setup();
    const host = register();
    registry.evict(host, "callback unreachable");
    registry.evict(host, "callback unreachable");
    expect(events.filter((e) => e.startsWith("removed"))).toEqual(["removed h1: callback unreachable"]);
    expect(registry.hosts()).toEqual([]);
  });

  it("closes a removed host's connections at once when no call is out", () => {
    const { registry, register, closed } = setup();
    const host = register();
    registry.unregister(host.leaseId);
    expect(closed).toEqual(["http://127.0.0.1:1"]);
  });

  it("gives calls still out to a removed host the call timeout before closing its connections", () => {
    vi.useFakeTimers();
    const { registry, register, closed } = setup({ callTimeoutMs: 500 });
    const host = register();
    host.inflight = 1;
    registry.unregister(host.leaseId);
    vi.advanceTimersByTime(499);
    expect(closed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(closed).toEqual(["http://127.0.0.1:1"]);
  });

  it("sweeps expired leases by itself once started", () => {
    vi.useFakeTimers();
    const { registry, register, events } = setup({ leaseTtlMs: 1000 });
    register();
    registry.start();
    vi.advanceTimersByTime(999);
    expect(registry.hosts()).toHaveLength(1);
    vi.advanceTimersByTime(300);
    expect(registry.hosts()).toEqual([]);
    expect(events).toContain("removed h1: lease expired");
    registry.close();
  });

  it("closes every host's connections on close", () => {
    const { registry, register, closed } = setup();
    register({ hostId: "a", callbackUrl: "http://127.0.0.1:1" });
    register({ hostId: "b", callbackUrl: "http://127.0.0.1:2" });
    registry.close();
    expect(closed.sort()).toEqual(["http://127.0.0.1:1", "http://127.0.0.1:2"]);
    expect(registry.hosts()).toEqual([]);
  });
});

describe("Registry: routing", () => {
  it("answers not_found naming an unknown system or type, listing the known types", () => {
    const { registry, register } = setup();
    register({ types: [{ name: "A" }, { name: "B" }] });
    const system = errorOf(() => registry.resolveType("nope", "A"));
    expect(system.code).toBe(Code.NotFound);
    expect(system.message).toBe('unknown actor system "nope": no host has registered it');
    const type = errorOf(() => registry.resolveType("s", "C"));
    expect(type.code).toBe(Code.NotFound);
    expect(type.message).toBe('unknown actor type "C" in system s; registered types: A, B');
  });

  it("picks the host with the fewest activations, or the least of a given load", () => {
    const { registry, register } = setup();
    const a = register({ hostId: "a", callbackUrl: "http://127.0.0.1:1" });
    const b = register({ hostId: "b", callbackUrl: "http://127.0.0.1:2" });
    const type = registry.resolveType("s", "T");
    a.activeActors = 3;
    b.activeActors = 2;
    expect(registry.pickHost(type)).toBe(b);
    b.activeActors = 3;
    expect(registry.pickHost(type)).toBe(a); // ties go to the first
    a.inflight = 5;
    expect(registry.pickHost(type, (h: HostEntry) => h.inflight)).toBe(b);
  });

  it("skips draining hosts and hosts without the type's capabilities", () => {
    const { registry, register } = setup();
    const types = [{ name: "G", requiredCapabilities: ["gpu", "cuda"] }];
    const partial = register({ hostId: "a", callbackUrl: "http://127.0.0.1:1", capabilities: ["gpu"], types });
    const full = register({ hostId: "b", callbackUrl: "http://127.0.0.1:2", capabilities: ["cuda", "gpu"], types });
    const type = registry.resolveType("s", "G");
    partial.activeActors = 0;
    full.activeActors = 10;
    expect(registry.pickHost(type)).toBe(full);
    full.draining = true;
    const err = errorOf(() => registry.pickHost(type));
    expect(err.code).toBe(Code.Unavailable);
    expect(err.message).toMatch(/^no host is serving s\/G with capabilities \[(gpu, cuda|cuda, gpu)\]: start a host that registers this type$/);
  });

  it("says no host serves a type without capabilities plainly", () => {
    const { registry, register } = setup();
    const host = register();
    host.draining = true;
    expect(errorOf(() => registry.pickHost(registry.resolveType("s", "T"))).message).toBe(
      "no host is serving s/T: start a host that registers this type",
    );
  });
});
