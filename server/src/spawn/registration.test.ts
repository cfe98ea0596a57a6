import { describe, expect, it } from "vitest";
import { create, toBinary } from "@bufbuild/protobuf";
import { ActorKind, HostProtocol } from "@actorgate/client/gen";
import { ChannelSchema, Kind, RegistrationRequestSchema, type ActorSchema } from "@actorgate/client/gen/spawn";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { translateRegistration } from "./registration.js";

function registration(actors: { [name: string]: MessageInitShape<typeof ActorSchema> }) {
  return create(RegistrationRequestSchema, { actorSystem: { name: "sys", registry: { actors } } });
}

describe("translateRegistration", () => {
  it("maps a Spawn actor's settings, actions, timers and channels onto an actor type", () => {
    const t = translateRegistration(
      registration({
        Clock: {
          id: { name: "Clock", system: "sys" },
          settings: {
            kind: Kind.UNNAMED,
            stateful: true,
            snapshotStrategy: { strategy: { case: "timeout", value: { timeout: 1500n } } },
            deactivationStrategy: { strategy: { case: "timeout", value: { timeout: 99_999_999_999n } } },
          },
          actions: [{ name: "setup" }, { name: "add" }, { name: "get" }],
          timerActions: [{ seconds: 250, action: { name: "tick" } }],
          metadata: { channelGroup: [toBinary(ChannelSchema, create(ChannelSchema, { topic: "news" }))], tags: { team: "a" } },
        },
      }),
      "http://127.0.0.1:8091",
      "spawn.n1.sys",
      "lease-1",
    );
    expect(t.request).toMatchObject({ system: "sys", hostId: "spawn.n1.sys", callbackUrl: "http://127.0.0.1:8091", protocol: HostProtocol.SPAWN, leaseId: "lease-1" });
    expect(t.request.descriptors?.file.map((f) => f.name)).toEqual([
      "google/protobuf/any.proto",
      "spawn/eigr/functions/protocol/actors/actor.proto",
      "spawn/eigr/functions/protocol/protocol.proto",
    ]);
    const [type] = t.request.types;
    expect(type).toMatchObject({
      name: "Clock",
      kind: ActorKind.UNNAMED,
      stateful: true,
      snapshotIntervalMs: 1500,
      deactivationTimeoutMs: 0xffffffff,
      hasInit: true,
      timers: [{ action: "tick", everyMs: 250 }],
      channels: [{ topic: "news", action: "receive" }],
    });
    // setup runs as init; the defined get goes to the host; the other getters are the proxy's.
    expect(type!.actions.map((a) => a.name)).toEqual(["add", "get", "tick", "receive", "Get", "get_state", "getState", "GetState"]);
    const info = t.types.get("Clock")!;
    expect(info).toMatchObject({ kind: ActorKind.UNNAMED, initAction: "setup", tags: { team: "a" } });
    expect([...info.stateGetters]).toEqual(["Get", "get_state", "getState", "GetState"]);
  });

  it("maps kinds as Spawn defines them and refuses the ones it cannot run", () => {
    const kindOf = (kind: Kind, stateful = true) =>
      translateRegistration(registration({ A: { settings: { kind, stateful } } }), "http://h", "h", "").request.types[0];
    expect(kindOf(Kind.UNKNOW_KIND)?.kind).toBe(ActorKind.NAMED);
    expect(kindOf(Kind.NAMED)?.kind).toBe(ActorKind.NAMED);
    expect(kindOf(Kind.TASK)?.kind).toBe(ActorKind.NAMED);
    expect(kindOf(Kind.POOLED)).toMatchObject({ kind: ActorKind.POOLED, stateful: false });
    expect(() => kindOf(Kind.PROXY)).toThrow(/PROXY is not supported/);
    expect(() => kindOf(Kind.PROJECTION)).toThrow(/PROJECTION is not supported/);
  });

  it("refuses a registration without a system or actors", () => {
    expect(() => translateRegistration(create(RegistrationRequestSchema, {}), "http://h", "h", "")).toThrow(/actor_system.name is empty/);
    expect(() => translateRegistration(registration({}), "http://h", "h", "")).toThrow(/lists no actors/);
  });
});
