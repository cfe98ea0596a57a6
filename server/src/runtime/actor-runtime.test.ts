import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import pino from "pino";
import { describe, expect, it } from "vitest";
import {
  ActorKind,
  Durability,
  HandleResponseSchema,
  HostCodec,
  HostHttpVersion,
  HostProtocol,
  RegisterRequestSchema,
  type HandleRequest,
  type HandleResponse,
} from "@actorgate/client/gen";
import { fromPayload, toPayload } from "@actorgate/client";
import { loadConfig } from "../config.js";
import { MemoryStore } from "../store/memory-store.js";
import type { OutboxRecord, StateWrite } from "../store/store.js";
import { ActorRuntime } from "./actor-runtime.js";
import type { HostClient } from "./host-client.js";
import { Registry } from "./registry.js";
import { StateWriter } from "./state-writer.js";

type Behaviour = (req: HandleRequest) => Promise<HandleResponse> | HandleResponse;

/** A store whose writes can be made to fail, as a database outage would. */
class FlakyStore extends MemoryStore {
  down = false;
  failures = 0;
  #onFailure: (() => void) | undefined;
  override async writeBatch(writes: readonly StateWrite[]): Promise<void> {
    if (this.down) {
      this.failures++;
      this.#onFailure?.();
      throw new Error("connection refused");
    }
    return super.writeBatch(writes);
  }
  override async enqueue(records: readonly OutboxRecord[]): Promise<void> {
    if (this.down) {
      this.failures++;
      this.#onFailure?.();
      throw new Error("connection refused");
    }
    return super.enqueue(records);
  }
  /** Resolves once `n` writes have failed. */
  failed(n: number): Promise<void> {
    return new Promise((resolve) => {
      this.#onFailure = () => this.failures >= n && resolve();
      this.#onFailure();
    });
  }
}

function setup(behaviour: Behaviour, durability = Durability.WRITE_BEHIND) {
  const config = loadConfig({}, {}, { store: "memory", logLevel: "silent" });
  const log = pino({ level: "silent" });
  const store = new FlakyStore();
  const fake: HostClient = { handle: async (req) => behaviour(req), close: () => undefined };
  const registry = new Registry(config, () => fake, { onHostAdded: () => undefined, onHostRemoved: () => undefined });
  const writer = new StateWriter(store, log);
  const runtime = new ActorRuntime({ config, store, registry, writer, log });
  const host = registry.register(
    create(RegisterRequestSchema, {
      system: "s",
      hostId: "h1",
      callbackUrl: "http://127.0.0.1:1",
      protocol: HostProtocol.CONNECT,
      codec: HostCodec.PROTO,
      httpVersion: HostHttpVersion.HTTP2,
      types: [{ name: "T", kind: ActorKind.UNNAMED, stateful: true, durability, actions: [{ name: "inc" }, { name: "fail" }, { name: "emit" }] }],
    }),
  );
  const invoke = (action: string, name = "a") =>
    runtime.invoke({ actor: { system: "s", type: "T", name } as never, action, deadline: Date.now() + 5000 });
  return { runtime, store, registry, host, invoke, writer };
}

/** inc: state = (state ?? 0) + 1, reply = new state; fail: a host error; emit: inc with an effect on actor b. */
const counting: Behaviour = (req) => {
  if (req.action === "fail") throw new ConnectError("no", Code.Aborted);
  if (req.action === "emit") {
    const n = ((fromPayload(req.state) as number | undefined) ?? 0) + 1;
    return create(HandleResponseSchema, {
      state: toPayload(n),
      reply: toPayload(n),
      workflow: { effects: [{ target: { system: "s", type: "T", name: "b" }, action: "inc" }] },
    });
  }
  const n = ((fromPayload(req.state) as number | undefined) ?? 0) + 1;
  return create(HandleResponseSchema, { state: toPayload(n), reply: toPayload(n) });
};

describe("ActorRuntime", () => {
  it("applies state only on success and bumps the revision per change", async () => {
    const { invoke } = setup(counting);
    expect((await invoke("inc")).revision).toBe(1);
    await expect(invoke("fail")).rejects.toMatchObject({ code: Code.Aborted });
    const out = await invoke("inc");
    expect(fromPayload(out.reply)).toBe(2);
    expect(out.revision).toBe(2);
  });

  it("writes state on deactivation and loads it on the next activation", async () => {
    const { runtime, store, invoke } = setup(counting);
    await invoke("inc");
    await invoke("inc");
    expect(await store.load({ system: "s", type: "T", name: "a" })).toBeUndefined();
    expect(await runtime.deactivate({ system: "s", type: "T", name: "a" } as never)).toBe(true);
    expect((await store.load({ system: "s", type: "T", name: "a" }))?.revision).toBe(2);
    expect(runtime.activeCount).toBe(0);
    expect(fromPayload((await invoke("inc")).reply)).toBe(3);
  });

  it("fails a PER_CALL change with unavailable when the store is down and keeps the last durable state", async () => {
    const { store, invoke } = setup(counting, Durability.PER_CALL);
    await invoke("inc");
    store.down = true;
    await expect(invoke("inc")).rejects.toMatchObject({ code: Code.Unavailable });
    store.down = false;
    const out = await invoke("inc");
    expect(fromPayload(out.reply)).toBe(2);
    expect((await store.load({ system: "s", type: "T", name: "a" }))?.revision).toBe(2);
  });

  it("keeps retrying a write-behind flush until the store is back", async () => {
    const { store, invoke, runtime } = setup(counting);
    store.down = true;
    await invoke("inc");
    const closing = runtime.close();
    await store.failed(2);
    store.down = false;
    await closing;
    expect((await store.load({ system: "s", type: "T", name: "a" }))?.revision).toBe(1);
  });

  it("keeps a write-behind turn's effects when the store refuses them, and writes them once it is back", async () => {
    const { store, invoke, runtime } = setup(counting);
    store.down = true;
    expect(fromPayload((await invoke("emit")).reply)).toBe(1);
    await store.failed(1);
    store.down = false;
    await runtime.close();
    const queued = await store.claimDue(new Date(Date.now() + 60_000), 10, new Date(Date.now() + 60_000));
    expect(queued.map((r) => [r.target.name, r.action])).toEqual([["b", "inc"]]);
  });

  it("evicts a host whose callback is refused and answers unavailable", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const { invoke, registry } = setup(() => {
      throw new ConnectError("unavailable", Code.Unavailable, undefined, undefined, refused);
    });
    await expect(invoke("inc")).rejects.toMatchObject({ code: Code.Unavailable });
    expect(registry.hosts()).toHaveLength(0);
    await expect(invoke("inc")).rejects.toThrow(/no host is serving s\/T/);
  });

  it("fails every queued call with unavailable when the state cannot be loaded, and retries on the next call", async () => {
    const { store, invoke } = setup(counting);
    const load = store.load.bind(store);
    let fail = true;
    store.load = async (k) => {
      if (fail) throw new Error("db down");
      return load(k);
    };
    await expect(Promise.all([invoke("inc"), invoke("inc")])).rejects.toMatchObject({ code: Code.Unavailable });
    fail = false;
    expect((await invoke("inc")).revision).toBe(1);
  });
});
