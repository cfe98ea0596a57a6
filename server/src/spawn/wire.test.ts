// The Spawn messages against the wire facts of issue 15, byte for byte: bytes built by
// hand from the field numbers (as any Spawn SDK's generated code writes them) must decode
// into the right fields, and what the adapter writes must be exactly those bytes.
import { describe, expect, it } from "vitest";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  ActorInvocationResponseSchema,
  ActorInvocationSchema,
  InvocationRequestSchema,
  InvocationResponseSchema,
  Kind,
  RegistrationRequestSchema,
  Status,
} from "@actorgate/client/gen/spawn";

const enc = new TextEncoder();
function varint(n: number | bigint): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}
/** Length-delimited field `n` (strings, bytes, messages, map entries). */
const ld = (n: number, body: number[] | string): number[] => {
  const bytes = typeof body === "string" ? [...enc.encode(body)] : body;
  return [...varint((n << 3) | 2), ...varint(bytes.length), ...bytes];
};
/** Varint field `n` (ints, bools, enums). */
const vi = (n: number, v: number | bigint): number[] => [...varint(n << 3), ...varint(v)];
const bytes = (...parts: number[][]) => new Uint8Array(parts.flat());
const any = (typeUrl: string, value: number[]) => [...ld(1, typeUrl), ...ld(2, value)];
const actorId = (name: string, system: string, parent = "") => [...ld(1, name), ...ld(2, system), ...(parent ? ld(3, parent) : [])];
const entry = (k: string, v: string) => [...ld(1, k), ...ld(2, v)];
const JSON_URL = "type.googleapis.com/eigr.functions.protocol.JSONType";
const json = (s: string) => any(JSON_URL, ld(1, s));

describe("Spawn wire format", () => {
  it("decodes a RegistrationRequest of either metadata generation", () => {
    const settings = [
      ...vi(1, 2), // kind UNNAMED
      ...vi(2, 1), // stateful
      ...ld(3, ld(1, vi(1, 2000))), // snapshot_strategy.timeout.timeout
      ...ld(4, ld(1, vi(1, 60000))), // deactivation_strategy.timeout.timeout
      ...vi(5, 1),
      ...vi(6, 4),
    ];
    const actor = (metadata: number[]) => [
      ...ld(1, actorId("Counter", "sys")),
      ...ld(2, [...ld(1, entry("t", "1")), ...ld(2, json("{}"))]), // state: ActorState{tags, state}
      ...ld(3, settings),
      ...ld(4, ld(1, "add")), // actions
      ...ld(5, [...vi(1, 250), ...ld(2, ld(1, "tick"))]), // timer_actions
      ...ld(6, metadata),
    ];
    const older = [...ld(1, "news"), ...ld(2, entry("team", "a"))];
    const newer = [...ld(1, [...ld(1, "news"), ...ld(2, "onNews")]), ...ld(2, entry("team", "a"))];
    for (const metadata of [older, newer]) {
      const wire = bytes(ld(1, [...ld(1, "sdk"), ...vi(6, 1), ...vi(7, 2)]), ld(2, [...ld(1, "sys"), ...ld(2, ld(1, [...ld(1, "Counter"), ...ld(2, actor(metadata))]))]));
      const req = fromBinary(RegistrationRequestSchema, wire);
      expect(req.serviceInfo).toMatchObject({ serviceName: "sdk", protocolMajorVersion: 1, protocolMinorVersion: 2 });
      const a = req.actorSystem!.registry!.actors["Counter"]!;
      expect(req.actorSystem!.name).toBe("sys");
      expect(a.id).toMatchObject({ name: "Counter", system: "sys" });
      expect(a.state!.tags).toEqual({ t: "1" });
      expect(a.state!.state!.typeUrl).toBe(JSON_URL);
      expect(a.settings).toMatchObject({ kind: Kind.UNNAMED, stateful: true, minPoolSize: 1, maxPoolSize: 4 });
      expect(a.settings!.snapshotStrategy!.strategy.value!.timeout).toBe(2000n);
      expect(a.settings!.deactivationStrategy!.strategy.value!.timeout).toBe(60000n);
      expect(a.actions.map((x) => x.name)).toEqual(["add"]);
      expect(a.timerActions[0]).toMatchObject({ seconds: 250, action: { name: "tick" } });
      expect(a.metadata!.tags).toEqual({ team: "a" });
      expect(a.metadata!.channelGroup).toHaveLength(1);
    }
  });

  it("decodes an InvocationRequest and an ActorInvocationResponse with a workflow", () => {
    const request = bytes(
      ld(1, ld(1, "sys")),
      ld(2, ld(1, actorId("robert", "sys", "Counter"))),
      ld(3, "add"),
      ld(4, json('{"by":1}')),
      vi(5, 1),
      ld(6, actorId("me", "sys")),
      ld(8, entry("k", "v")),
      vi(9, 1_700_000_000_000n),
      vi(10, 1),
      ld(11, "Counter"),
    );
    const r = fromBinary(InvocationRequestSchema, request);
    expect(r).toMatchObject({ actionName: "add", async: true, metadata: { k: "v" }, scheduledTo: 1_700_000_000_000n, pooled: true, registerRef: "Counter" });
    expect(r.system!.name).toBe("sys");
    expect(r.actor!.id).toMatchObject({ name: "robert", parent: "Counter" });
    expect(r.caller).toMatchObject({ name: "me" });
    expect(r.payload.case).toBe("value");
    expect(fromBinary(InvocationRequestSchema, bytes(ld(3, "get"), ld(7, []))).payload.case).toBe("noop");

    const effect = ld(1, [...ld(2, ld(1, actorId("b", "sys"))), ...ld(3, "add")]);
    const response = bytes(
      ld(1, "robert"),
      ld(2, "sys"),
      ld(3, [...ld(1, json('{"value":1}')), ...ld(4, entry("m", "1")), ...ld(5, entry("tag", "x"))]),
      ld(4, json('{"ok":true}')),
      ld(5, [...ld(1, effect), ...ld(2, [...ld(1, "news"), ...ld(2, "onNews"), ...ld(3, json("1"))]), ...ld(4, [...ld(1, "b"), ...ld(2, "add"), ...ld(3, "Counter")])]),
      vi(7, 1),
    );
    const res = fromBinary(ActorInvocationResponseSchema, response);
    expect(res).toMatchObject({ actorName: "robert", actorSystem: "sys", checkpoint: true });
    expect(res.updatedContext).toMatchObject({ metadata: { m: "1" }, tags: { tag: "x" } });
    expect(res.payload.case).toBe("value");
    expect(res.workflow!.effects[0]!.request).toMatchObject({ actionName: "add", actor: { id: { name: "b" } } });
    expect(res.workflow!.broadcast).toMatchObject({ channelGroup: "news", actionName: "onNews" });
    expect(res.workflow!.broadcast!.payload.case).toBe("value");
    expect(res.workflow!.routing).toMatchObject({ case: "forward", value: { actor: "b", actionName: "add", registerRef: "Counter" } });
    const piped = fromBinary(ActorInvocationResponseSchema, bytes(ld(5, ld(3, [...ld(1, "c"), ...ld(2, "x")])), ld(6, [])));
    expect(piped.workflow!.routing.case).toBe("pipe");
    expect(piped.payload.case).toBe("noop");
  });

  it("writes ActorInvocation and InvocationResponse exactly as the field numbers say", () => {
    const invocation = create(ActorInvocationSchema, {
      actor: { name: "robert", system: "sys", parent: "Counter" },
      actionName: "add",
      currentContext: {
        state: { typeUrl: JSON_URL, value: new Uint8Array(ld(1, '{"value":1}')) },
        caller: { name: "me", system: "sys" },
        self: { name: "robert", system: "sys", parent: "Counter" },
        metadata: { k: "v" },
        tags: { t: "1" },
      },
      payload: { case: "value", value: { typeUrl: JSON_URL, value: new Uint8Array(ld(1, '{"by":1}')) } },
      caller: { name: "me", system: "sys" },
    });
    expect([...toBinary(ActorInvocationSchema, invocation)]).toEqual([
      ...ld(1, actorId("robert", "sys", "Counter")),
      ...ld(2, "add"),
      ...ld(3, [...ld(1, json('{"value":1}')), ...ld(2, actorId("me", "sys")), ...ld(3, actorId("robert", "sys", "Counter")), ...ld(4, entry("k", "v")), ...ld(5, entry("t", "1"))]),
      ...ld(4, json('{"by":1}')),
      ...ld(6, actorId("me", "sys")),
    ]);
    const noop = create(ActorInvocationSchema, { actionName: "tick", payload: { case: "noop", value: {} } });
    expect([...toBinary(ActorInvocationSchema, noop)]).toEqual([...ld(2, "tick"), ...ld(5, [])]);

    const answer = create(InvocationResponseSchema, {
      status: { status: Status.ACTOR_NOT_FOUND, message: "no" },
      system: { name: "sys" },
      actor: { id: { name: "x", system: "sys" } },
      payload: { case: "noop", value: {} },
    });
    expect([...toBinary(InvocationResponseSchema, answer)]).toEqual([
      ...ld(1, [...vi(1, 2), ...ld(2, "no")]),
      ...ld(2, ld(1, "sys")),
      ...ld(3, ld(1, actorId("x", "sys"))),
      ...ld(5, []),
    ]);
  });
});
