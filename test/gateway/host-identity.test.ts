import { describe, expect, it } from "vitest";
import { Code, ConnectError } from "@connectrpc/connect";
import { createHost, toActorType, type ActorDefinition, type HostEvent } from "@actorgate/client/host";
import { client, onCleanup, startGateway, startHost, uniqueName } from "../support/harness.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import { counter } from "../support/test-actors.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- toActorType reads only the settings
const counterType = toActorType(counter as ActorDefinition<any>);

function failure(call: Promise<unknown>): Promise<ConnectError> {
  return call.then(
    (reply) => {
      throw new Error(`expected the call to fail, got ${JSON.stringify(reply)}`);
    },
    (err: unknown) => ConnectError.from(err),
  );
}

describe("host identity", () => {
  it("refuses to let another caller take a live host id: already_exists, and the live host keeps serving", async () => {
    const gw = await startGateway();
    const host = await startHost(gw, [counter], { hostId: "counter-host" });
    const c = client(gw);
    const ref = { system: "test", type: "Counter", name: uniqueName() };
    expect(await c.invoke(ref, "add", { by: 1 })).toEqual({ value: 1 });
    const [listed] = (await c.admin.listHosts({ system: "test" })).hosts;
    expect(listed?.hostId).toBe(host.hostId);

    for (const leaseId of ["", "guessed-lease"]) {
      const err = await failure(
        c.hosts.register({ system: "test", hostId: host.hostId, callbackUrl: "http://127.0.0.1:1", types: [counterType], leaseId }),
      );
      expect(err.code).toBe(Code.AlreadyExists);
      expect(err.rawMessage).toMatch(/lease_id/);
    }
    // Still the same host, still answering.
    expect((await c.admin.listHosts({ system: "test" })).hosts.map((h) => h.callbackUrl)).toEqual([host.url]);
    expect(await c.invoke(ref, "add", { by: 1 })).toEqual({ value: 2 });
  });

  it("the TS host re-registers its live host id with its previous lease after the gateway was unreachable", async () => {
    const gw = await startGateway({ leaseTtlMs: 5000 });
    const proxy = await TcpProxy.start(gw.port);
    onCleanup(() => proxy.close());
    const events: HostEvent[] = [];
    let notify = () => undefined as void;
    const host = createHost({
      system: "test",
      actors: [counter],
      gatewayUrl: `http://127.0.0.1:${proxy.port}`,
      onEvent: (e) => {
        events.push(e);
        notify();
      },
    });
    await host.start();
    onCleanup(() => host.stop());
    const until = (pred: () => boolean) =>
      new Promise<void>((resolve) => {
        notify = () => {
          if (pred()) resolve();
        };
        notify();
      });
    const first = gw.registry.hosts()[0]!;
    // A heartbeat fails while the lease stays live on the gateway...
    proxy.down();
    await until(() => events.some((e) => e.type === "registration-failed"));
    expect(gw.registry.hosts()).toEqual([first]);
    // ...so registering again needs the previous lease: accepted, replacing it.
    proxy.up();
    await until(() => events.filter((e) => e.type === "registered").length >= 2);
    const refused = events.filter((e) => e.type === "registration-failed" && e.error.code === Code.AlreadyExists);
    expect(refused).toEqual([]);
    expect(gw.registry.hosts()).toHaveLength(1);
    expect(gw.registry.hosts()[0]!.leaseId).not.toBe(first.leaseId);
    expect(gw.registry.hosts()[0]!.hostId).toBe(host.hostId);
  });
});

describe("hostCallbackAllow", () => {
  it("refuses callback URLs outside the allowed CIDRs and names; allows the rest", async () => {
    const gw = await startGateway({ hostCallbackAllow: "10.0.0.0/8, ::1/128, allowed.example, *.svc.local" });
    const c = client(gw);
    const register = (callbackUrl: string) =>
      c.hosts.register({ system: "test", hostId: uniqueName("h"), callbackUrl, types: [counterType] });
    for (const url of ["http://127.0.0.1:9400", "http://169.254.169.254/", "http://[::2]:1", "http://evil.example:80", "http://svc.local.evil:1"]) {
      const err = await failure(register(url));
      expect(err.code).toBe(Code.PermissionDenied);
      expect(err.rawMessage).toMatch(/hostCallbackAllow \(--host-callback-allow/);
    }
    for (const url of ["http://10.1.2.3:9400", "http://[::1]:9400", "http://allowed.example:1", "http://a.b.svc.local:1", "http://[::ffff:10.0.0.1]:1"]) {
      await register(url);
    }
    expect((await c.admin.listHosts({ system: "test" })).hosts).toHaveLength(5);
  });

  it("allows a host name whose addresses are all in an allowed CIDR, and anything by default", async () => {
    const gw = await startGateway({ hostCallbackAllow: "127.0.0.0/8,::1/128" });
    const host = await startHost(gw, [counter], { hostname: "localhost" });
    expect(host.url).toMatch(/^http:\/\/localhost:/);
    expect(gw.registry.hosts()).toHaveLength(1);
    const open = await startGateway();
    await startHost(open, [counter]);
    expect(open.registry.hosts()).toHaveLength(1);
  });

  it("rejects a malformed list at start-up, naming the entry", async () => {
    await expect(startGateway({ hostCallbackAllow: "10.0.0.0/33" })).rejects.toThrow(/hostCallbackAllow.*10\.0\.0\.0\/33.*not a CIDR/);
    await expect(startGateway({ hostCallbackAllow: "10.0.0.0/8,bad_name!" })).rejects.toThrow(/neither a CIDR/);
  });
});
