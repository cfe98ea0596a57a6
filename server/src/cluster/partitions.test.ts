import { describe, expect, it } from "vitest";
import { partitionOf, preferredOwner } from "./partitions.js";

const PARTITIONS = 64;
const count = (nodes: string[]) => {
  const owned = new Map<string, number>();
  for (let p = 0; p < PARTITIONS; p++) {
    const o = preferredOwner(p, nodes)!;
    owned.set(o, (owned.get(o) ?? 0) + 1);
  }
  return owned;
};

describe("partitions", () => {
  it("places an actor in the same partition every time, spread over all of them", () => {
    const key = { system: "demo", type: "Counter", name: "c-1" };
    expect(partitionOf(key, PARTITIONS)).toBe(partitionOf({ ...key }, PARTITIONS));
    const used = new Set<number>();
    for (let i = 0; i < 2000; i++) used.add(partitionOf({ system: "demo", type: "Counter", name: `c-${i}` }, PARTITIONS));
    expect(used.size).toBe(PARTITIONS);
  });

  it("agrees on owners whatever the order of the member list", () => {
    for (let p = 0; p < PARTITIONS; p++) {
      expect(preferredOwner(p, ["a", "b", "c"])).toBe(preferredOwner(p, ["c", "a", "b"]));
    }
    expect(preferredOwner(3, [])).toBeUndefined();
  });

  it("gives every node a share, and moves only the partitions a joining node wins", () => {
    const three = count(["node-a", "node-b", "node-c"]);
    expect([...three.keys()].sort()).toEqual(["node-a", "node-b", "node-c"]);
    for (const n of three.values()) expect(n).toBeGreaterThan(8);
    let moved = 0;
    for (let p = 0; p < PARTITIONS; p++) {
      const before = preferredOwner(p, ["node-a", "node-b"]);
      const after = preferredOwner(p, ["node-a", "node-b", "node-c"]);
      if (before !== after) {
        moved++;
        expect(after).toBe("node-c");
      }
    }
    expect(moved).toBe(three.get("node-c"));
  });
});
