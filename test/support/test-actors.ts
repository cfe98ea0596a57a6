import { Code, ConnectError } from "@connectrpc/connect";
import { defineActor } from "@actorgate/client/host";
import { deferred } from "./deferred.js";

export interface CounterState {
  value: number;
}

/** The counter every test uses: add, get, and ways to fail. */
export const counter = defineActor<CounterState>({
  name: "Counter",
  kind: "unnamed",
  initialState: () => ({ value: 0 }),
  actions: {
    add: (input: { by: number }, ctx) => {
      const value = ctx.state.value + input.by;
      return { state: { value }, reply: { value } };
    },
    get: (_: unknown, ctx) => ({ reply: { value: ctx.state.value } }),
    /** Computes a new state, then fails: the gateway must not keep it. */
    addThenFail: (input: { by: number }) => {
      throw new ConnectError(`refusing to add ${input.by}`, Code.FailedPrecondition);
    },
    /** Returns garbage: both state and clear_state. */
    badResult: (_: unknown, ctx) => ({ state: { value: ctx.state.value + 1 }, clearState: true }),
    clear: () => ({ clearState: true, reply: null }),
    checkpointAdd: (input: { by: number }, ctx) => {
      const value = ctx.state.value + input.by;
      return { state: { value }, reply: { value }, checkpoint: true };
    },
  },
});

/** Gates let a test hold an action open and know when it started. */
export class Gates {
  readonly #gates = new Map<
    string,
    { entered: ReturnType<typeof deferred<void>>; release: ReturnType<typeof deferred<void>>; aborted: ReturnType<typeof deferred<void>> }
  >();
  #get(key: string) {
    let g = this.#gates.get(key);
    if (!g) {
      g = { entered: deferred<void>(), release: deferred<void>(), aborted: deferred<void>() };
      this.#gates.set(key, g);
    }
    return g;
  }
  /** Called by the actor: signals entry, waits for release (or for the call's abort). */
  async pass(key: string, signal?: AbortSignal): Promise<void> {
    const g = this.#get(key);
    g.entered.resolve();
    await Promise.race<unknown>([
      g.release.promise,
      new Promise((_, reject) =>
        signal?.addEventListener("abort", () => {
          g.aborted.resolve();
          reject(new Error("aborted"));
        }),
      ),
    ]);
  }
  /** Resolves once the call waiting at this gate was aborted (the gateway gave up on it). */
  aborted(key: string): Promise<void> {
    return this.#get(key).aborted.promise;
  }
  entered(key: string): Promise<void> {
    return this.#get(key).entered.promise;
  }
  release(key: string): void {
    this.#get(key).release.resolve();
  }
}

/** An actor whose `hold` action blocks on a gate named by its input. */
export function gatedActor(gates: Gates, options: { mailboxCapacity?: number; callTimeoutMs?: number } = {}) {
  return defineActor<{ log: string[] }>({
    name: "Gated",
    kind: "unnamed",
    initialState: () => ({ log: [] }),
    mailboxCapacity: options.mailboxCapacity,
    callTimeoutMs: options.callTimeoutMs,
    actions: {
      hold: async (input: { gate: string }, ctx) => {
        await gates.pass(input.gate, ctx.signal);
        return { state: { log: [...ctx.state.log, input.gate] }, reply: { gate: input.gate } };
      },
      log: (_: unknown, ctx) => ({ reply: ctx.state.log }),
    },
  });
}

/** A stateless echo. */
export const echo = defineActor({
  name: "Echo",
  kind: "stateless",
  actions: {
    echo: (input: unknown, ctx) => ({ reply: { input, metadata: ctx.metadata, caller: ctx.caller ? `${ctx.caller.system}/${ctx.caller.type}/${ctx.caller.name}` : null } }),
  },
});

/**
 * An UNNAMED adder with a short snapshot interval: `add` changes state write-behind,
 * `checkpointAdd` makes the change durable before it answers. Persistence tests mix the two.
 */
export function adder(name: string, snapshotIntervalMs: number) {
  return defineActor<{ value: number }>({
    name,
    kind: "unnamed",
    initialState: () => ({ value: 0 }),
    snapshotIntervalMs,
    actions: {
      add: (input: { by: number }, ctx) => ({ state: { value: ctx.state.value + input.by }, reply: { value: ctx.state.value + input.by } }),
      checkpointAdd: (input: { by: number }, ctx) => ({
        state: { value: ctx.state.value + input.by },
        reply: { value: ctx.state.value + input.by },
        checkpoint: true,
      }),
    },
  });
}
