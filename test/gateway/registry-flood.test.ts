import { create } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { createActorgateClient } from "@actorgate/client";
import { ActorKind } from "@actorgate/client/gen";
import { spawnTs } from "../support/processes.js";

const WAVES = 10;
const PER_WAVE = 60;
const TYPES_PER_REGISTRATION = 50;
const LIMITS = {
  "registry-max-systems": 2,
  "registry-max-types-per-system": 200,
  "registry-max-hosts-per-system": 6,
  "registry-max-descriptor-bytes": 256 * 1024,
  "registry-type-grace-ms": 100,
  "lease-ttl-ms": 600000,
};

/** One file of `TYPES_PER_REGISTRATION` messages, unique to this registration. */
function descriptors(id: string) {
  return create(FileDescriptorSetSchema, {
    file: [
      {
        name: `${id}.proto`,
        package: id,
        syntax: "proto3",
        messageType: Array.from({ length: TYPES_PER_REGISTRATION }, (_, i) => ({
          name: `M${i}`,
          field: Array.from({ length: 8 }, (_, f) => ({ name: `field_${f}`, number: f + 1, type: 9, label: 1, jsonName: `field${f}` })),
        })),
      },
    ],
  });
}

describe("a registration flood", () => {
  it("is refused with resource_exhausted past the limits, forgotten after the grace period, and leaves the gateway's memory bounded", async () => {
    const args = Object.entries(LIMITS).flatMap(([k, v]) => [`--${k}`, String(v)]);
    const gw = spawnTs("test/fixtures/gateway-with-memory.ts", ["--port", "0", "--store", "memory", ...args], {});
    const url = (await gw.waitFor(/^READY (\S+)/))[1]!;
    const c = createActorgateClient({ url, httpVersion: "1.1" });
    const memory = async (n: number) => {
      gw.child.kill("SIGUSR2");
      const m = await gw.waitFor(new RegExp(`^MEM ${n} (\\d+) (\\d+)`));
      return { heap: Number(m[1]), rss: Number(m[2]) };
    };

    let seq = 0;
    const wave = async (w: number) => {
      const outcomes: string[] = [];
      const leases: string[] = [];
      // Twenty at a time (ten times the limits over the waves), each with 50 new types and their descriptors, to a callback
      // that answers nothing (port 1).
      for (let batch = 0; batch < PER_WAVE / 20; batch++) {
        await Promise.all(
          Array.from({ length: 20 }, async () => {
            const id = `flood${w}_${++seq}`;
            try {
              const { leaseId } = await c.hosts.register({
                system: `flood-${seq % 3}`,
                hostId: id,
                callbackUrl: "http://127.0.0.1:1",
                types: Array.from({ length: TYPES_PER_REGISTRATION }, (_, i) => ({ name: `${id}T${i}`, kind: ActorKind.UNNAMED })),
                descriptors: descriptors(id),
              });
              outcomes.push("ok");
              leases.push(leaseId);
            } catch (err) {
              const e = ConnectError.from(err);
              expect(e.code, e.message).toBe(Code.ResourceExhausted);
              expect(e.rawMessage).toMatch(/registryMax(Systems|TypesPerSystem) \(--registry-max-/);
              outcomes.push("refused");
            }
          }),
        );
      }
      // Two systems of four 50-type hosts each fit; everything else is refused.
      expect(outcomes.filter((o) => o === "ok")).toHaveLength(8);
      expect(outcomes.filter((o) => o === "refused")).toHaveLength(PER_WAVE - 8);
      // The hosts leave (lease expiry is the same path, see registry.test.ts), then
      // their types are forgotten after the grace period, with their descriptors.
      await Promise.all(leases.map((leaseId) => c.hosts.unregister({ leaseId })));
      await gw.waitFor(new RegExp(`^DRAINED ${w}$`));
    };

    await wave(1);
    const before = await memory(1);
    for (let w = 2; w <= WAVES; w++) await wave(w);
    const after = await memory(2);
    // 2,000 registrations of 50 types each once added ~278 MB (issue 21); here only what one wave
    // may hold can be live, and it is gone again.
    expect(after.heap - before.heap).toBeLessThan(16 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(128 * 1024 * 1024);
  }, 120_000);
});
