import { describe, expect, it } from "vitest";
import { actorKeyString } from "./actor-key.js";

describe("actorKeyString", () => {
  it("joins system, type and name with slashes", () => {
    expect(actorKeyString({ system: "demo", type: "Counter", name: "c1" })).toBe("demo/Counter/c1");
  });

  it("keeps empty parts visible and ignores extra fields", () => {
    expect(actorKeyString({ system: "demo", type: "Counter", name: "" })).toBe("demo/Counter/");
    const ref = { system: "s", type: "t", name: "n", $typeName: "actorgate.v1.ActorRef" };
    expect(actorKeyString(ref)).toBe("s/t/n");
  });
});
