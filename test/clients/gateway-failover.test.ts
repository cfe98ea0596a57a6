// Several gateway URLs in the TypeScript client and host SDK (issue 11): two independent
// gateway processes, calls and registration moving from one to the other when a node
// refuses connections or is SIGKILLed mid-run. Which node answered is read from
// Health.nodeId; every wait is on an event (a host event, a gate, a process exit).

import net from "node:net";
import { describe, expect, it } from "vitest";
import { Code, ConnectError, createActorgateClient, type ActorgateClient } from "@actorgate/client";
import { createHost, type Host, type HostEvent } from "@actorgate/client/host";
import { deferred, onCleanup, uniqueName } from "../support/harness.js";
import { startGatewayProcess, type GatewayProc } from "../support/processes.js";
import { counter, Gates, gatedActor } from "../support/test-actors.js";

const gates = new Gates();
const gated = gatedActor(gates);

/** A gateway process of its own (memory store) with a short lease, so hosts heartbeat often. */
function gateway(nodeId: string): Promise<GatewayProc> {
  return startGatewayProcess(["--store", "memory", "--node-id", nodeId, "--lease-ttl-ms", "1500"]);
}

/** A loopback port nobody listens on: connecting to it is refused. */
async function refusedUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

interface RecordedHost {
  readonly host: Host;
  readonly events: HostEvent[];
  /** Resolves with the first "registered" event at `url` (past or future). */
  registeredAt(url: string): Promise<HostEvent>;
}

async function startRecordedHost(system: string, gatewayUrl: string | string[]): Promise<RecordedHost> {
  const events: HostEvent[] = [];
  const waiters: { url: string; resolve: (e: HostEvent) => void }[] = [];
  const host = createHost({
    system,
    actors: [counter, gated],
    gatewayUrl,
    onEvent: (e) => {
      events.push(e);
      if (e.type !== "registered") return;
      for (const w of waiters.filter((w) => w.url === e.gatewayUrl)) w.resolve(e);
    },
  });
  await host.start();
  onCleanup(() => host.stop());
  return {
    host,
    events,
    registeredAt(url) {
      const seen = events.find((e) => e.type === "registered" && e.gatewayUrl === url);
      if (seen) return Promise.resolve(seen);
      const d = deferred<HostEvent>();
      waiters.push({ url, resolve: d.resolve });
      return d.promise;
    },
  };
}

// Gateway processes take seconds to start on a loaded machine; two per test.
const PROCESS_TEST_MS = 120_000;

const nodeOf = async (client: ActorgateClient) => (await client.admin.health({})).nodeId;

describe("several gateway URLs", () => {
  it("parses ACTORGATE_URL as a comma-separated list", async () => {
    const gw = await gateway("only");
    const saved = process.env["ACTORGATE_URL"];
    process.env["ACTORGATE_URL"] = ` ${await refusedUrl()} , ${gw.url} `;
    try {
      expect(await nodeOf(createActorgateClient())).toBe("only");
    } finally {
      if (saved === undefined) delete process.env["ACTORGATE_URL"];
      else process.env["ACTORGATE_URL"] = saved;
    }
  }, PROCESS_TEST_MS);

  it("with the first gateway refusing connections, the host registers with and calls go to the second", async () => {
    const gw = await gateway("second");
    const refused = await refusedUrl();
    const system = uniqueName("fo");
    const recorded = await startRecordedHost(system, [refused, gw.url]);
    expect(recorded.host.gatewayUrl).toBe(gw.url);
    // Moved on within the one registration attempt: no failed round, no wait.
    expect(recorded.events.map((e) => e.type)).toEqual(["failover", "registered"]);
    expect(recorded.events[0]).toMatchObject({ from: refused, to: gw.url });

    for (const protocol of ["connect", "grpc", "grpc-web"] as const) {
      const client = createActorgateClient({ url: `${refused},${gw.url}`, protocol });
      const actor = { system, type: "Counter", name: uniqueName(protocol) };
      // Not idempotent and not a read: safe to send elsewhere only because it never arrived.
      expect(await client.invoke(actor, "add", { by: 2 })).toEqual({ value: 2 });
      expect(await client.invoke(actor, "add", { by: 3 })).toEqual({ value: 5 });
      expect(await nodeOf(client)).toBe("second");
    }
  }, PROCESS_TEST_MS);

  it("a call that fails everywhere gets the last node's error; one URL fails exactly as before", async () => {
    const [a, b] = [await refusedUrl(), await refusedUrl()];
    const both = createActorgateClient({ url: [a, b] });
    const err = await nodeOf(both).catch((e: unknown) => ConnectError.from(e));
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.Unavailable);
    expect((err as ConnectError).message).toContain(b.slice("http://".length));

    const one = await nodeOf(createActorgateClient({ url: a })).catch((e: unknown) => ConnectError.from(e));
    expect((one as ConnectError).code).toBe(Code.Unavailable);
    expect((one as ConnectError).message).toContain(a.slice("http://".length));
  });

  it("SIGKILL of the gateway in use: calls that may have run fail, keyed calls are retried, the host moves and calls go on", async () => {
    const [gwA, gwB] = await Promise.all([gateway("a"), gateway("b")]);
    const system = uniqueName("fo");
    // Serves B from the start, so a retried call finds a host there at once.
    await startRecordedHost(system, gwB.url);
    const moving = await startRecordedHost(system, [gwA.url, gwB.url]);
    expect(moving.host.gatewayUrl).toBe(gwA.url);

    const client = createActorgateClient({ url: [gwA.url, gwB.url] });
    expect(await nodeOf(client)).toBe("a");
    const total = { system, type: "Counter", name: uniqueName("c") };
    expect(await client.invoke(total, "add", { by: 1 })).toEqual({ value: 1 });

    // Two calls held at the host, in flight through A.
    const [plainGate, keyedGate] = [uniqueName("plain"), uniqueName("keyed")];
    const settle = (p: Promise<unknown>) => p.then((reply) => ({ reply }), (error: unknown) => ({ error: ConnectError.from(error) }));
    const plain = settle(client.invoke({ system, type: "Gated", name: uniqueName("g") }, "hold", { gate: plainGate }));
    const keyed = settle(client.invoke({ system, type: "Gated", name: uniqueName("g") }, "hold", { gate: keyedGate }, { idempotencyKey: uniqueName("k") }));
    await Promise.all([gates.entered(plainGate), gates.entered(keyedGate)]);

    gwA.child.kill("SIGKILL");
    await gwA.exited;

    // Without an idempotency key the call may have run on A: its caller gets the error.
    const outcome = await plain;
    expect(outcome).toHaveProperty("error");
    // With one, it is sent again to B, which runs it (on either host) once released.
    gates.release(keyedGate);
    expect(await keyed).toEqual({ reply: { gate: keyedGate } });

    // The host's heartbeat to A fails: it moves to B and registers there, same host id.
    await moving.registeredAt(gwB.url);
    expect(moving.host.gatewayUrl).toBe(gwB.url);
    // In one heartbeat: A failed, B did not know the lease, B registered the host. No
    // failed round in between, so no wait while the lease runs down.
    expect(moving.events.map((e) => e.type)).toEqual(["registered", "failover", "lease-lost", "registered"]);
    expect(moving.events[1]).toMatchObject({ from: gwA.url, to: gwB.url });
    const hostsAtB = await createActorgateClient({ url: gwB.url }).admin.listHosts({ system });
    expect(hostsAtB.hosts.map((h) => h.hostId)).toContain(moving.host.hostId);

    // Calls now go to B; the client sticks to it.
    for (let i = 0; i < 3; i++) expect(await nodeOf(client)).toBe("b");
    const again = { system, type: "Counter", name: uniqueName("c") };
    expect(await client.invoke(again, "add", { by: 4 })).toEqual({ value: 4 });
    gates.release(plainGate);
  }, PROCESS_TEST_MS);
});
