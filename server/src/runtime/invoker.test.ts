import { Code, ConnectError } from "@connectrpc/connect";
import { create, fromJson } from "@bufbuild/protobuf";
import { timestampMs, ValueSchema } from "@bufbuild/protobuf/wkt";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  HandleResponseSchema,
  HostCodec,
  HostHttpVersion,
  HostProtocol,
  PayloadSchema,
  type ActorRef,
  type HandleRequest,
  type HandleResponse,
} from "@actorgate/client/gen";
import type { GatewayError } from "../errors.js";
import type { HandleOptions, HostClient } from "./host-client.js";
import { callHost, type Call } from "./invoker.js";
import { HostEntry } from "./registry.js";

const NOW = 1_700_000_000_000;
const actor = { system: "s", type: "Counter", name: "c1" } as ActorRef;
const json = (value: unknown) => create(PayloadSchema, { kind: { case: "json", value: fromJson(ValueSchema, value as never) } });

type Handler = (request: HandleRequest, options: HandleOptions) => Promise<HandleResponse>;

/** A host whose callback runs `handler`; records what it was sent. */
function hostWith(handler: Handler) {
  const requests: HandleRequest[] = [];
  const client: HostClient = {
    handle: (request, options) => {
      requests.push(request);
      return handler(request, options);
    },
    close: () => undefined,
  };
  const endpoint = { callbackUrl: "http://127.0.0.1:9", protocol: HostProtocol.CONNECT, codec: HostCodec.JSON, httpVersion: HostHttpVersion.HTTP1 };
  const host = new HostEntry("h1", "lease-1", "s", endpoint, new Set(), ["Counter"], 8, client, NOW + 10_000);
  return { host, requests };
}

function call(overrides: Partial<Call> = {}): Call {
  return {
    action: "add",
    payload: json({ by: 2 }),
    metadata: { tenant: "t1" },
    caller: { system: "s", type: "Caller", name: "x" } as ActorRef,
    invocationId: "inv-1",
    attempt: 3,
    deadline: NOW + 5_000,
    signal: undefined,
    ...overrides,
  };
}

const answer = (init: Parameters<typeof create<typeof HandleResponseSchema>>[1] = {}) =>
  Promise.resolve(create(HandleResponseSchema, init));

/** What callHost rejected with (fails the test if it resolved). */
async function failure(promise: Promise<unknown>): Promise<GatewayError | ConnectError> {
  const result = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(result, "callHost should have failed").toBeDefined();
  return result as GatewayError | ConnectError;
}

const noGone = () => {
  throw new Error("onGone must not be called");
};

/** A transport failure as the host clients report it: unavailable, socket error as cause. */
function socketError(code: string, depth = 1): ConnectError {
  let cause: Error = Object.assign(new Error(`socket ${code}`), { code });
  for (let i = 1; i < depth; i++) cause = new Error("wrapped", { cause });
  return new ConnectError("fetch failed", Code.Unavailable, undefined, undefined, cause);
}

describe("callHost", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it("sends the turn with state, revision and the deadline the host must keep, and returns the answer", async () => {
    const { host, requests } = hostWith(() => answer({ reply: json({ ok: true }), state: json({ n: 5 }) }));
    const res = await callHost(host, actor, call(), json({ n: 3 }), 7, 1_000, noGone);
    expect(res.reply).toEqual(json({ ok: true }));
    expect(res.state).toEqual(json({ n: 5 }));
    const req = requests[0]!;
    expect(req.actor).toMatchObject(actor);
    expect(req.action).toBe("add");
    expect(req.payload).toEqual(json({ by: 2 }));
    expect(req.state).toEqual(json({ n: 3 }));
    expect(req.revision).toBe(7n);
    expect(req.metadata).toEqual({ tenant: "t1" });
    expect(req.caller).toMatchObject({ system: "s", type: "Caller", name: "x" });
    expect(req.invocationId).toBe("inv-1");
    expect(req.attempt).toBe(3);
    // The call timeout is sooner than the caller's deadline here.
    expect(timestampMs(req.deadline!)).toBe(NOW + 1_000);
  });

  it("gives the host the caller's deadline when it is sooner than the call timeout", async () => {
    const { host, requests } = hostWith(() => answer());
    await callHost(host, actor, call({ deadline: NOW + 300 }), undefined, 0, 1_000, noGone);
    expect(timestampMs(requests[0]!.deadline!)).toBe(NOW + 300);
  });

  it("does not call the host when the deadline has already come", async () => {
    for (const deadline of [NOW, NOW - 1]) {
      const { host, requests } = hostWith(() => answer());
      const err = await failure(callHost(host, actor, call({ deadline }), undefined, 0, 1_000, noGone));
      expect(err.code).toBe(Code.DeadlineExceeded);
      expect(err.message).toContain("Counter.add");
      expect(requests).toHaveLength(0);
    }
  });

  it("does not call the host for a caller that already left", async () => {
    const { host, requests } = hostWith(() => answer());
    const signal = AbortSignal.abort();
    const err = await failure(callHost(host, actor, call({ signal }), undefined, 0, 1_000, noGone));
    expect(err.code).toBe(Code.Canceled);
    expect(requests).toHaveLength(0);
  });

  it("counts the call in flight while it runs, and records the host's answer as a sign of life", async () => {
    let inflightDuring = -1;
    const { host } = hostWith(() => {
      inflightDuring = host.inflight;
      vi.setSystemTime(NOW + 40);
      return answer();
    });
    await callHost(host, actor, call(), undefined, 0, 1_000, noGone);
    expect(inflightDuring).toBe(1);
    expect(host.inflight).toBe(0);
    expect(host.lastAnsweredAt).toBe(NOW + 40);
  });

  it("stops counting a failed call in flight", async () => {
    const { host } = hostWith(() => Promise.reject(new ConnectError("nope", Code.FailedPrecondition)));
    await failure(callHost(host, actor, call(), undefined, 0, 1_000, noGone));
    expect(host.inflight).toBe(0);
  });

  it("discards an answer that comes when the deadline has passed (state unchanged)", async () => {
    for (const late of [5_000, 5_001]) {
      vi.setSystemTime(NOW);
      const { host } = hostWith(() => {
        vi.setSystemTime(NOW + late);
        return answer({ state: json({ n: 99 }) });
      });
      const err = await failure(callHost(host, actor, call({ deadline: NOW + 5_000 }), undefined, 0, 10_000, noGone));
      expect(err.code).toBe(Code.DeadlineExceeded);
      expect(err.message).toContain("state is unchanged");
    }
  });

  it("keeps an answer that comes just before the deadline", async () => {
    const { host } = hostWith(() => {
      vi.setSystemTime(NOW + 4_999);
      return answer({ state: json({ n: 1 }) });
    });
    const res = await callHost(host, actor, call({ deadline: NOW + 5_000 }), undefined, 0, 10_000, noGone);
    expect(res.state).toEqual(json({ n: 1 }));
  });

  it("discards an answer that comes after the caller cancelled", async () => {
    const controller = new AbortController();
    const { host } = hostWith(() => {
      controller.abort();
      return answer({ state: json({ n: 99 }) });
    });
    const err = await failure(callHost(host, actor, call({ signal: controller.signal }), undefined, 0, 1_000, noGone));
    expect(err.code).toBe(Code.Canceled);
    expect(err.message).toContain("state is unchanged");
  });

  it("refuses an answer that sets both state and clear_state, and accepts either alone", async () => {
    const both = hostWith(() => answer({ state: json({ n: 1 }), clearState: true }));
    const err = await failure(callHost(both.host, actor, call(), undefined, 0, 1_000, noGone));
    expect(err.code).toBe(Code.Internal);
    expect(err.message).toContain("both state and clear_state");
    const cleared = hostWith(() => answer({ clearState: true }));
    expect((await callHost(cleared.host, actor, call(), undefined, 0, 1_000, noGone)).clearState).toBe(true);
  });

  it("passes the host's own error through with its code and message, keeping only the host's metadata", async () => {
    const metadata = new Headers({
      "x-reason": "limit",
      "content-type": "application/json",
      "content-length": "12",
      connection: "keep-alive",
      "keep-alive": "timeout=5",
      "transfer-encoding": "chunked",
      date: "today",
      server: "node",
      vary: "accept",
      "content-encoding": "gzip",
      "accept-encoding": "gzip",
      "grpc-status": "9",
      "grpc-message": "x",
      "connect-protocol-version": "1",
      trailer: "grpc-status",
      te: "trailers",
      upgrade: "h2c",
      "proxy-connection": "close",
    });
    const { host } = hostWith(() => {
      vi.setSystemTime(NOW + 20);
      return Promise.reject(new ConnectError("over the limit", Code.FailedPrecondition, metadata));
    });
    const err = await failure(callHost(host, actor, call(), undefined, 0, 1_000, noGone));
    expect(err).toBeInstanceOf(ConnectError);
    expect(err.code).toBe(Code.FailedPrecondition);
    expect((err as ConnectError).rawMessage).toBe("over the limit");
    expect([...(err as ConnectError).metadata.keys()]).toEqual(["x-reason"]);
    // The host answered, if with an error: that is a sign of life.
    expect(host.lastAnsweredAt).toBe(NOW + 20);
  });

  it("reports a host that cannot be reached as unavailable and tells the registry it is gone", async () => {
    for (const code of ["ECONNREFUSED", "EHOSTUNREACH", "ENOTFOUND", "ENETUNREACH"]) {
      const { host } = hostWith(() => Promise.reject(socketError(code)));
      const gone: string[] = [];
      const err = await failure(callHost(host, actor, call(), undefined, 0, 1_000, (h, reason) => gone.push(`${h.hostId} ${reason}`)));
      expect(err.code, code).toBe(Code.Unavailable);
      expect(err.message).toContain(`failed (${code})`);
      expect(err.message).toContain("http://127.0.0.1:9");
      expect(err.message).toContain("state is unchanged");
      expect(gone).toEqual([`h1 callback unreachable (${code})`]);
    }
  });

  it("finds the socket error a few causes deep, also on a plain thrown error", async () => {
    const { host } = hostWith(() => Promise.reject(socketError("ECONNREFUSED", 3)));
    const gone: string[] = [];
    const err = await failure(callHost(host, actor, call(), undefined, 0, 1_000, (_h, reason) => gone.push(reason)));
    expect(err.code).toBe(Code.Unavailable);
    expect(gone).toHaveLength(1);
    const plain = hostWith(() => Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })));
    expect((await failure(callHost(plain.host, actor, call(), undefined, 0, 1_000, () => undefined))).code).toBe(Code.Unavailable);
  });

  it("reports other socket failures as unavailable without dropping the host", async () => {
    for (const code of ["ECONNRESET", "EPIPE", "UND_ERR_CONNECT_TIMEOUT"]) {
      const { host } = hostWith(() => Promise.reject(socketError(code)));
      const err = await failure(callHost(host, actor, call(), undefined, 0, 1_000, noGone));
      expect(err.code, code).toBe(Code.Unavailable);
      expect(err.message).toContain(`failed (${code})`);
    }
  });

  it("does not mistake other error codes on a cause for socket failures", async () => {
    for (const code of ["ERR_INVALID_ARG_TYPE", "XECONNREFUSED", 42]) {
      const cause = Object.assign(new Error("client bug"), { code });
      const { host } = hostWith(() => Promise.reject(new ConnectError("client bug", Code.Internal, undefined, undefined, cause)));
      const err = await failure(callHost(host, actor, call(), undefined, 0, 1_000, noGone));
      expect(err.code, String(code)).toBe(Code.Internal);
    }
  });

  it("stops looking for a socket error in a cause chain that loops", async () => {
    const looping: Error & { cause?: unknown } = new Error("loop");
    looping.cause = looping;
    const { host } = hostWith(() => Promise.reject(new ConnectError("odd", Code.Internal, undefined, undefined, looping)));
    expect((await failure(callHost(host, actor, call(), undefined, 0, 1_000, noGone))).code).toBe(Code.Internal);
  });

  it("reports a connection the host closed mid-call as unavailable, without dropping the host", async () => {
    const { host } = hostWith(() => Promise.reject(socketError("UND_ERR_SOCKET")));
    const err = await failure(callHost(host, actor, call(), undefined, 0, 1_000, noGone));
    expect(err.code).toBe(Code.Unavailable);
    expect(err.message).toContain("dropped the connection");
    expect(err.message).toContain("state is unchanged");
  });

  it("reports an HTTP/2 stream cancelled by nobody here as a dropped connection", async () => {
    const { host } = hostWith(() => Promise.reject(new ConnectError("stream closed", Code.Canceled)));
    const err = await failure(callHost(host, actor, call(), undefined, 0, 1_000, noGone));
    expect(err.code).toBe(Code.Unavailable);
    expect(err.message).toContain("dropped the connection");
    expect(err.message).toContain("(stream closed)");
  });

  it("reports the caller's own cancellation as cancelled", async () => {
    const controller = new AbortController();
    for (const thrown of [new ConnectError("aborted", Code.Canceled), socketError("UND_ERR_SOCKET")]) {
      const { host } = hostWith(() => {
        controller.abort();
        return Promise.reject(thrown);
      });
      const err = await failure(callHost(host, actor, call({ signal: controller.signal }), undefined, 0, 1_000, noGone));
      expect(err.code).toBe(Code.Canceled);
    }
  });

  it("reports a host that did not answer in time as deadline_exceeded", async () => {
    const { host } = hostWith(() => Promise.reject(new ConnectError("timed out", Code.DeadlineExceeded)));
    const err = await failure(callHost(host, actor, call(), undefined, 0, 1_000, noGone));
    expect(err.code).toBe(Code.DeadlineExceeded);
    expect(err.message).toContain("did not answer Counter.add in time");
    expect(host.lastAnsweredAt).toBe(0);
  });

  it("counts any failure past the host's deadline as the host giving up, not as its own error", async () => {
    const { host } = hostWith(() => {
      vi.setSystemTime(NOW + 1_000);
      return Promise.reject(new ConnectError("the action saw its signal abort", Code.Internal));
    });
    const err = await failure(callHost(host, actor, call(), undefined, 0, 1_000, noGone));
    expect(err.code).toBe(Code.DeadlineExceeded);
  });

  it("passes a host's own deadline_exceeded (with a cause) through before the deadline", async () => {
    const { host } = hostWith(() =>
      Promise.reject(new ConnectError("upstream too slow", Code.DeadlineExceeded, undefined, undefined, new Error("upstream"))),
    );
    const err = await failure(callHost(host, actor, call(), undefined, 0, 1_000, noGone));
    expect(err.code).toBe(Code.DeadlineExceeded);
    expect((err as ConnectError).rawMessage).toBe("upstream too slow");
  });

  it("turns a payload a JSON host cannot take into failed_precondition that says what to do", async () => {
    const { host } = hostWith(() =>
      Promise.reject(new ConnectError("cannot encode field x.Y.z: message x.Y is not in the type registry", Code.Internal)),
    );
    const err = await failure(callHost(host, actor, call(), undefined, 0, 1_000, noGone));
    expect(err.code).toBe(Code.FailedPrecondition);
    expect(err.message).toBe(
      "host h1 takes JSON, and message x.Y is not in the type registry: send natural JSON, or have a host upload the type's descriptors at registration",
    );
  });
});
