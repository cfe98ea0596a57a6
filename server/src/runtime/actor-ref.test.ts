import { ActorKind } from "@actorgate/client/gen";
import { describe, expect, it } from "vitest";
import { notFound } from "../errors.js";
import { resolveActorRef, type TypeLookup } from "./actor-ref.js";
import type { TypeSettings } from "./type-settings.js";

const types = (kinds: Record<string, ActorKind>): TypeLookup => ({
  resolveType(system, type) {
    const kind = kinds[type];
    if (kind === undefined) throw notFound(`unknown actor type ${type}`);
    return { settings: { kind } as TypeSettings };
  },
});
const ref = (type: string, name: string) => ({ system: "s", type, name }) as Parameters<typeof resolveActorRef>[0];
const lookup = types({ Named: ActorKind.NAMED, Unnamed: ActorKind.UNNAMED, Pool: ActorKind.POOLED, Free: ActorKind.STATELESS });

describe("resolveActorRef", () => {
  it("names a NAMED actor after its type, refuses another name", () => {
    expect(resolveActorRef(ref("Named", ""), lookup)).toMatchObject({ name: "Named" });
    expect(resolveActorRef(ref("Named", "Named"), lookup)).toMatchObject({ name: "Named" });
    expect(() => resolveActorRef(ref("Named", "x"), lookup)).toThrow('Named is a NAMED actor: leave actor.name empty or set it to "Named"');
  });

  it("needs a name for an UNNAMED actor, and for a type nobody registered", () => {
    expect(() => resolveActorRef(ref("Unnamed", ""), lookup)).toThrow("Unnamed is an UNNAMED actor type: set actor.name to the instance you want");
    expect(resolveActorRef(ref("Unnamed", "a"), lookup)).toMatchObject({ name: "a" });
    expect(() => resolveActorRef(ref("Gone", ""), lookup, "from")).toThrow(/^from\.name is required: no host has registered s\/Gone/);
    expect(resolveActorRef(ref("Gone", "a"), lookup)).toMatchObject({ name: "a" });
  });

  it("takes any name for STATELESS and POOLED types, and checks syntax first", () => {
    expect(resolveActorRef(ref("Pool", ""), lookup)).toMatchObject({ name: "" });
    expect(resolveActorRef(ref("Free", "z"), lookup)).toMatchObject({ name: "z" });
    expect(() => resolveActorRef(ref("Named", "a b"), lookup)).toThrow(/invalid actor\.name/);
    expect(() => resolveActorRef(undefined, lookup)).toThrow(/actor is required/);
  });

  it("passes other registry errors through", () => {
    const broken: TypeLookup = { resolveType: () => { throw new Error("boom"); } };
    expect(() => resolveActorRef(ref("Named", ""), broken)).toThrow("boom");
  });
});
