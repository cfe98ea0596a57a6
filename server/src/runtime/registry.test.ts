import { create, createMutableRegistry, type MessageInitShape } from "@bufbuild/protobuf";
import { Code, type ConnectError } from "@connectrpc/connect";
import { FileDescriptorSetSchema, type FileDescriptorSet } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { ActorKind, RegisterRequestSchema } from "@actorgate/client/gen";

type RegisterInit = Omit<MessageInitShape<typeof RegisterRequestSchema>, "$typeName">;
import { WELL_KNOWN_TYPES } from "@actorgate/client";
import { loadConfig, type ConfigInput } from "../config.js";
import { toConnectError } from "../errors.js";
import { Registry } from "./registry.js";

function setup(overrides: ConfigInput = {}) {
  const removed: string[] = [];
  const forgotten: string[] = [];
  const clock = { now: 1_000_000 };
  const descriptors = createMutableRegistry(...WELL_KNOWN_TYPES);
  const registry = new Registry(
    loadConfig({}, {}, { store: "memory", leaseTtlMs: 1000, ...overrides }),
    () => ({ handle: async () => Promise.reject(new Error("unused")), close: () => undefined }),
    {
      onHostAdded: () => undefined,
      onHostRemoved: (h, why) => removed.push(`${h.hostId}:${why}`),
      onTypesForgotten: (types) => forgotten.push(...types),
    },
    descriptors,
    () => clock.now,
  );
  const request = (hostId: string, more: RegisterInit = {}) =>
    create(RegisterRequestSchema, {
      system: "s",
      hostId,
      callbackUrl: "http://127.0.0.1:1",
      types: [{ name: "T", kind: ActorKind.UNNAMED, stateful: true }],
      ...more,
    });
  const register = (hostId: string, more: RegisterInit = {}) => registry.register(request(hostId, more));
  return { registry, register, removed, forgotten, clock, descriptors };
}

/** The Connect error a registry call throws (fails the test if none). */
function refusal(fn: () => unknown): ConnectError {
  try {
    fn();
  } catch (err) {
    return toConnectError(err);
  }
  throw new Error("expected a refusal");
}

/** A FileDescriptorSet with one file holding `count` messages (each with some fields). */
function descriptorSet(file: string, count: number): FileDescriptorSet {
  return create(FileDescriptorSetSchema, {
    file: [
      {
        name: `${file}.proto`,
        package: file,
        syntax: "proto3",
        messageType: Array.from({ length: count }, (_, i) => ({
          name: `M${i}`,
          field: Array.from({ length: 8 }, (_, f) => ({ name: `field_${f}`, number: f + 1, type: 9, label: 1, jsonName: `field${f}` })),
        })),
      },
    ],
  });
}

const types = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}`, kind: ActorKind.UNNAMED }));

describe("Registry leases", () => {
  it("expires a host that neither heartbeats nor answers callbacks", () => {
    const { registry, register, removed } = setup();
    const host = register("h1");
    expect(registry.expire(host.leaseExpiresAt - 1)).toEqual([]);
    expect(registry.expire(host.leaseExpiresAt)).toEqual([host]);
    expect(removed).toEqual(["h1:lease expired"]);
  });

  it("counts answered callbacks as proof of life (a busy host may heartbeat late)", () => {
    const { registry, register } = setup();
    const host = register("h1");
    host.lastAnsweredAt = host.leaseExpiresAt + 500;
    expect(registry.expire(host.leaseExpiresAt + 1000)).toEqual([]);
    expect(registry.expire(host.lastAnsweredAt + 1000)).toEqual([host]);
  });

  it("renews leases on heartbeat", () => {
    const { registry, register, clock } = setup();
    const host = register("h1");
    expect(host.leaseExpiresAt).toBe(clock.now + 1000);
    clock.now += 600;
    expect(registry.heartbeat(host.leaseId).leaseExpiresAt).toBe(clock.now + 1000);
    // Past the first lease's end, the renewed lease holds...
    clock.now += 600;
    expect(registry.expire(clock.now)).toEqual([]);
    // ...until its own end.
    clock.now += 400;
    expect(registry.expire(clock.now)).toEqual([host]);
    expect(() => registry.heartbeat(host.leaseId)).toThrow(/register again/);
  });

  it("refuses a re-registration that changes a type's kind", () => {
    const { registry, register } = setup();
    register("h1");
    expect(() =>
      registry.register(
        create(RegisterRequestSchema, {
          system: "s",
          hostId: "h2",
          callbackUrl: "http://127.0.0.1:2",
          types: [{ name: "T", kind: ActorKind.NAMED, stateful: true }],
        }),
      ),
    ).toThrow(/already registered as UNNAMED/);
  });
});

describe("Registry host identity", () => {
  it("refuses to replace a live host without its lease id: already_exists, and the live host keeps serving", () => {
    const { registry, register, removed } = setup();
    const live = register("h1");
    for (const leaseId of ["", "not-its-lease"]) {
      const err = refusal(() => register("h1", { leaseId, callbackUrl: "http://127.0.0.1:2" }));
      expect(err.code).toBe(Code.AlreadyExists);
      expect(err.rawMessage).toMatch(/lease_id/);
    }
    expect(removed).toEqual([]);
    expect(registry.hosts()).toEqual([live]);
    expect(registry.pickHost(registry.resolveType("s", "T"))).toBe(live);
    expect(registry.heartbeat(live.leaseId)).toBe(live);
  });

  it("replaces a live host that proves its identity with its lease id", () => {
    const { registry, register, removed } = setup();
    const first = register("h1");
    const second = register("h1", { leaseId: first.leaseId });
    expect(removed).toEqual(["h1:re-registered"]);
    expect(registry.hosts()).toEqual([second]);
    expect(second.leaseId).not.toBe(first.leaseId);
    expect(() => registry.heartbeat(first.leaseId)).toThrow(/register again/);
  });

  it("lets anyone take a host id whose lease expired (the sweeper has not run yet)", () => {
    const { registry, register, removed, clock } = setup();
    const old = register("h1");
    clock.now = old.leaseExpiresAt;
    const taken = register("h1", { leaseId: "stale" });
    expect(removed).toEqual(["h1:lease expired"]);
    expect(registry.hosts()).toEqual([taken]);
  });
});

describe("Registry bounds", () => {
  const limits = {
    registryMaxSystems: 3,
    registryMaxTypesPerSystem: 10,
    registryMaxHostsPerSystem: 4,
    registryMaxDescriptorBytes: 4096,
    registryTypeGraceMs: 5000,
  };

  it("refuses ten times the type limit with resource_exhausted naming the setting", () => {
    const { registry, register } = setup(limits);
    let accepted = 0;
    const refused: ConnectError[] = [];
    for (let i = 0; i < 100; i++) {
      try {
        register(`h${i}`, { types: types(`T${i}-`, 1) });
        accepted++;
      } catch (err) {
        refused.push(toConnectError(err));
      }
    }
    // Each host brings one new type, so hosts (4) run out before types (10).
    expect(accepted).toBe(4);
    expect(refused.every((e) => e.code === Code.ResourceExhausted)).toBe(true);
    expect(refused[0]!.rawMessage).toMatch(/registryMaxHostsPerSystem \(--registry-max-hosts-per-system = 4\)/);

    const { registry: r2, register: reg2 } = setup(limits);
    const err = refusal(() => reg2("big", { types: types("X", 11) }));
    expect(err.code).toBe(Code.ResourceExhausted);
    expect(err.rawMessage).toMatch(/registryMaxTypesPerSystem \(--registry-max-types-per-system = 10\)/);
    reg2("ok", { types: types("X", 10) });
    for (let i = 0; i < 100; i++) expect(refusal(() => reg2(`more${i}`, { types: types(`Y${i}-`, 1) })).code).toBe(Code.ResourceExhausted);
    expect(r2.stats().types).toBe(10);
    // Types already known do not count again.
    reg2("same", { types: types("X", 10) });
    expect(registry.stats().hosts).toBe(4);
  });

  it("refuses ten times the system limit", () => {
    const { registry, register } = setup(limits);
    const codes = Array.from({ length: 30 }, (_, i) => {
      try {
        register(`h${i}`, { system: `sys${i}` });
        return "OK";
      } catch (err) {
        const e = toConnectError(err);
        expect(e.rawMessage).toMatch(/registryMaxSystems \(--registry-max-systems = 3\)/);
        return Code[e.code];
      }
    });
    expect(codes.filter((c) => c === "OK")).toHaveLength(3);
    expect(codes.filter((c) => c === "ResourceExhausted")).toHaveLength(27);
    expect(registry.stats().systems).toBe(3);
  });

  it("bounds descriptor bytes, counting a shared file once, and gives them back when the last user leaves", () => {
    const { registry, register, descriptors } = setup(limits);
    const set = descriptorSet("shared", 4);
    const a = register("a", { descriptors: set });
    const held = registry.stats().descriptorBytes;
    expect(held).toBeGreaterThan(0);
    const b = register("b", { descriptors: set });
    expect(registry.stats().descriptorBytes).toBe(held);
    expect(descriptors.getMessage("shared.M3")).toBeDefined();

    // Ten times what fits: every one refused, naming the setting.
    for (let i = 0; i < 10; i++) {
      const err = refusal(() => register(`big${i}`, { descriptors: descriptorSet(`big${i}`, 60) }));
      expect(err.code).toBe(Code.ResourceExhausted);
      expect(err.rawMessage).toMatch(/registryMaxDescriptorBytes \(--registry-max-descriptor-bytes = 4096\)/);
    }
    expect(descriptors.getMessage("big0.M0")).toBeUndefined();

    registry.unregister(a.leaseId);
    expect(descriptors.getMessage("shared.M3")).toBeDefined(); // b still uses it
    registry.unregister(b.leaseId);
    expect(descriptors.getMessage("shared.M3")).toBeUndefined();
    expect(registry.stats()).toMatchObject({ descriptorBytes: 0, descriptorTypes: 0 });
    // Well-known types are the gateway's own: never removed by a host leaving.
    const wkt = register("wkt", { descriptors: create(FileDescriptorSetSchema, { file: [] }) });
    registry.unregister(wkt.leaseId);
    expect(descriptors.getMessage("google.protobuf.Timestamp")).toBeDefined();
  });

  it("forgets types without hosts after the grace period, freeing room for new ones", () => {
    const { registry, register, forgotten, clock } = setup(limits);
    const host = register("h1", { types: types("A", 10) });
    expect(refusal(() => register("h2", { types: types("B", 1) })).code).toBe(Code.ResourceExhausted);
    registry.unregister(host.leaseId);
    // Within the grace period the type is known: calls get unavailable, not not_found.
    clock.now += 4999;
    expect(registry.forgetHostless(clock.now)).toEqual([]);
    expect(refusal(() => registry.pickHost(registry.resolveType("s", "A0"))).code).toBe(Code.Unavailable);
    clock.now += 1;
    expect(registry.forgetHostless(clock.now)).toHaveLength(10);
    expect(forgotten).toContain("s/A0");
    expect(refusal(() => registry.resolveType("s", "A0")).code).toBe(Code.NotFound);
    expect(registry.stats()).toMatchObject({ systems: 0, types: 0, hosts: 0 });
    register("h2", { types: types("B", 10) });
  });

  it("keeps a type whose host came back within the grace period; an old activation finds the new host", () => {
    const { registry, register, clock } = setup(limits);
    const first = register("h1");
    const stale = registry.resolveType("s", "T");
    registry.unregister(first.leaseId);
    clock.now += 10_000;
    expect(registry.forgetHostless(clock.now)).toEqual(["s/T"]);
    const back = register("h2");
    expect(registry.resolveType("s", "T")).not.toBe(stale);
    expect(registry.pickHost(stale)).toBe(back);

    const again = register("h3", { types: types("C", 1) });
    registry.unregister(again.leaseId);
    clock.now += 1000;
    register("h4", { types: types("C", 1) });
    clock.now += 10_000;
    expect(registry.forgetHostless(clock.now)).toEqual([]);
  });
});
