// The decisions of the failover transport, over in-memory nodes (createRouterTransport)
// that fail on cue. Which failure is which kind is failure-kind.test.ts's business, on
// real sockets; here each kind is the error that test shows connect-node raising.
import { describe, expect, it } from "vitest";
import { Code, ConnectError, createClient, createRouterTransport, type Transport } from "@connectrpc/connect";
import { ActorService } from "../gen/actorgate/v1/actor_service_pb.js";
import { AdminService } from "../gen/actorgate/v1/admin_service_pb.js";
import { createFailoverTransport } from "./failover-transport.js";
import { GatewayUrls } from "./gateway-urls.js";

const refused = () => new ConnectError("connect ECONNREFUSED", Code.Unavailable, undefined, undefined, Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", syscall: "connect" }));
const reset = () => new ConnectError("socket hang up", Code.Aborted, undefined, undefined, Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
const unavailable = () => new ConnectError("draining", Code.Unavailable);
const notFound = () => new ConnectError("no such actor type", Code.NotFound);

interface FakeNode {
  readonly transport: Transport;
  /** The timeout each call arrived with. */
  readonly calls: (number | undefined)[];
  /** Failures for the next calls, in order; a function may wait first. */
  readonly failures: (() => ConnectError | Promise<ConnectError>)[];
}

function fakeNode(name: string): FakeNode {
  const inner = createRouterTransport(({ service }) => {
    service(AdminService, { health: () => ({ nodeId: name }) });
    service(ActorService, {
      invoke: () => ({ invocationId: name }),
      async *subscribe(req) {
        yield { channel: `${req.channel}@${name}` };
      },
    });
  });
  const node: FakeNode = {
    calls: [],
    failures: [],
    transport: {
      async unary(method, signal, timeoutMs, header, input, ctx) {
        node.calls.push(timeoutMs);
        const fail = node.failures.shift();
        if (fail) throw await fail();
        return inner.unary(method, signal, timeoutMs, header, input, ctx);
      },
      async stream(method, signal, timeoutMs, header, input, ctx) {
        node.calls.push(timeoutMs);
        const fail = node.failures.shift();
        if (fail) throw await fail();
        return inner.stream(method, signal, timeoutMs, header, input, ctx);
      },
    },
  };
  return node;
}

function cluster() {
  const a = fakeNode("a");
  const b = fakeNode("b");
  const urls = new GatewayUrls(["a", "b"]);
  const transport = createFailoverTransport({ urls, transportFor: (url) => (url === "a" ? a : b).transport });
  return { a, b, urls, admin: createClient(AdminService, transport), actors: createClient(ActorService, transport) };
}

const invoke = { actor: { system: "s", type: "T", name: "n" }, action: "add" };

describe("createFailoverTransport", () => {
  it("sends a call that never reached the node to the next one, and sticks there", async () => {
    const { a, b, actors } = cluster();
    a.failures.push(refused);
    expect((await actors.invoke(invoke)).invocationId).toBe("b");
    expect((await actors.invoke(invoke)).invocationId).toBe("b");
    expect([a.calls.length, b.calls.length]).toEqual([1, 2]);
  });

  it("does not repeat a call that may have run; the next call goes to the next node", async () => {
    for (const failure of [reset, unavailable]) {
      const { a, b, actors } = cluster();
      a.failures.push(failure);
      await expect(actors.invoke(invoke)).rejects.toThrow(failure().message);
      expect(b.calls).toHaveLength(0);
      expect((await actors.invoke(invoke)).invocationId).toBe("b");
    }
  });

  it("repeats a call that may have run when it carries an idempotency key, or only reads", async () => {
    const keyed = cluster();
    keyed.a.failures.push(reset);
    expect((await keyed.actors.invoke({ ...invoke, idempotencyKey: "k1" })).invocationId).toBe("b");
    const read = cluster();
    read.a.failures.push(unavailable);
    expect((await read.admin.health({})).nodeId).toBe("b");
  });

  it("leaves the call's own errors alone: no retry, no move", async () => {
    const { a, b, actors } = cluster();
    a.failures.push(notFound);
    await expect(actors.invoke({ ...invoke, idempotencyKey: "k" })).rejects.toThrow("no such actor type");
    expect((await actors.invoke(invoke)).invocationId).toBe("a");
    expect(b.calls).toHaveLength(0);
  });

  it("gives the next node what is left of the deadline, and stops when none is", async () => {
    const { a, b, admin } = cluster();
    a.failures.push(refused);
    await admin.health({}, { timeoutMs: 5000 });
    expect(a.calls[0]).toBe(5000);
    expect(b.calls[0]).toBeLessThanOrEqual(5000);
    expect(b.calls[0]).toBeGreaterThan(0);

    // B is current now: it uses up the whole deadline, then turns out unreachable.
    b.failures.push(() => new Promise((r) => setTimeout(() => r(refused()), 60)));
    const err = await admin.health({}, { timeoutMs: 50 }).catch((e: unknown) => ConnectError.from(e));
    expect(err).toMatchObject({ code: Code.DeadlineExceeded });
    expect((err as ConnectError).message).toContain("ECONNREFUSED");
    expect(a.calls).toHaveLength(1);
  });

  it("does not move when the caller aborted", async () => {
    const { a, actors } = cluster();
    const controller = new AbortController();
    a.failures.push(() => {
      controller.abort();
      return new ConnectError("canceled", Code.Canceled);
    });
    await expect(actors.invoke({ ...invoke, idempotencyKey: "k" }, { signal: controller.signal })).rejects.toThrow("canceled");
    expect((await actors.invoke(invoke)).invocationId).toBe("a");
  });

  it("opens a server stream on the next node with the same request", async () => {
    const { a, actors } = cluster();
    a.failures.push(refused);
    const seen: string[] = [];
    for await (const ev of actors.subscribe({ system: "s", channel: "news" })) seen.push(ev.channel);
    expect(seen).toEqual(["news@b"]);
  });

  it("fails with the last node's error when every node is down", async () => {
    const { a, b, admin } = cluster();
    a.failures.push(refused);
    b.failures.push(() => new ConnectError("connect ECONNREFUSED b", Code.Unavailable, undefined, undefined, Object.assign(new Error("x"), { code: "ECONNREFUSED" })));
    await expect(admin.health({})).rejects.toThrow("ECONNREFUSED b");
  });
});
