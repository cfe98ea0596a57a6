import { describe, expect, it } from "vitest";
import { create, fromJson } from "@bufbuild/protobuf";
import { ValueSchema } from "@bufbuild/protobuf/wkt";
import { PayloadSchema, type ActorRef } from "@actorgate/client/gen";
import { Activation } from "./activation.js";
import type { TypeEntry } from "./registry.js";

const ref = { system: "s", type: "T", name: "n" } as ActorRef;
const stored = (value: unknown) => ({ state: new TextEncoder().encode(JSON.stringify(value)), stateType: "json" });
const json = (value: unknown) => create(PayloadSchema, { kind: { case: "json", value: fromJson(ValueSchema, value as never) } });

describe("Activation state loaded from the store", () => {
  it("is decoded once, on first read, and shared by the working and durable copies", () => {
    const act = new Activation(ref, {} as TypeEntry, 10);
    act.loadState(stored({ value: 41 }), 7);
    expect([act.revision, act.durableRevision]).toEqual([7, 7]);
    const first = act.state;
    expect(first).toEqual(json({ value: 41 }));
    expect(act.durableState).toBe(first); // the same decoded message, not a second decode
    expect(act.state).toBe(first);
  });

  it("keeps the durable copy when a turn replaces the working one, and reverts to it", () => {
    const act = new Activation(ref, {} as TypeEntry, 10);
    act.loadState(stored({ value: 1 }), 1);
    act.setState(json({ value: 2 }));
    expect([act.state, act.revision]).toEqual([json({ value: 2 }), 2]);
    expect(act.durableState).toEqual(json({ value: 1 })); // decoded from the stored bytes only now
    act.revertToDurable();
    expect([act.state, act.revision]).toEqual([json({ value: 1 }), 1]);
  });

  it("reads stored 'no state' as undefined", () => {
    const act = new Activation(ref, {} as TypeEntry, 10);
    act.loadState({ state: null, stateType: "json" }, 3);
    expect([act.state, act.durableState, act.revision]).toEqual([undefined, undefined, 3]);
  });
});
