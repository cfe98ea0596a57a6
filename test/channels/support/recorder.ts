// Host-side recording of what actors received, with waits that resolve on deliveries
// (never on timers). Hosts run in the test process, so the recorder sees every turn.

import { Code, ConnectError, defineActor, type ActorContext } from "@actorgate/client/host";
import { actorKeyString } from "@actorgate/client/common";

export interface Delivery {
  readonly type: string;
  readonly name: string;
  readonly action: string;
  readonly input: unknown;
  readonly metadata: Readonly<Record<string, string>>;
  /** `system/type/name` of the calling actor (the publisher), if any. */
  readonly caller: string | undefined;
}

export class Recorder {
  readonly all: Delivery[] = [];
  readonly #waiters: { done: () => boolean; resolve: () => void }[] = [];

  record(ctx: ActorContext<unknown>, input: unknown): void {
    const c = ctx.caller;
    this.all.push({
      type: ctx.actor.type,
      name: ctx.actor.name,
      action: ctx.action,
      input,
      metadata: ctx.metadata,
      caller: c ? actorKeyString(c) : undefined,
    });
    for (const w of [...this.#waiters]) {
      if (w.done()) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  /** Resolves once `done()` holds (checked after every delivery). */
  until(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ done, resolve }));
  }

  /** Resolves once at least `n` deliveries match `where`. */
  count(n: number, where: (d: Delivery) => boolean = () => true): Promise<void> {
    return this.until(() => this.all.filter(where).length >= n);
  }

  /** The inputs one actor received, in order. */
  inputsOf(type: string, name: string): unknown[] {
    return this.all.filter((d) => d.type === type && d.name === name).map((d) => d.input);
  }
}

/**
 * The actor types the channel tests use, all in one host:
 * - Listener (UNNAMED): subscribes `channel` → hear.
 * - Singleton (NAMED, stateful, so it activates at registration): subscribes → hear.
 * - Deaf (UNNAMED): has `hear` but subscribes to nothing.
 * - Picky (UNNAMED): subscribes → strict, which rejects input without a numeric `n`.
 * - Announcer (UNNAMED): `announce` broadcasts its input on the channel (workflow.broadcast).
 */
export function channelActors(recorder: Recorder, channel: string, options: { gate?: (input: unknown) => Promise<void> } = {}) {
  const hear = async (input: unknown, ctx: ActorContext<unknown>) => {
    await options.gate?.(input);
    recorder.record(ctx, input);
    return { reply: { heard: input } };
  };
  return [
    defineActor({
      name: "Listener",
      kind: "unnamed",
      stateful: false,
      channels: [{ topic: channel, action: "hear" }],
      actions: { hear, touch: () => ({ reply: null }) },
    }),
    defineActor({
      name: "Singleton",
      kind: "named",
      initialState: () => ({}),
      channels: [{ topic: channel, action: "hear" }],
      actions: { hear },
    }),
    defineActor({
      name: "Deaf",
      kind: "unnamed",
      stateful: false,
      actions: { hear, touch: () => ({ reply: null }) },
    }),
    defineActor({
      name: "Picky",
      kind: "unnamed",
      stateful: false,
      channels: [{ topic: channel, action: "strict" }],
      actions: {
        strict: (input: { n?: unknown } | null, ctx) => {
          if (typeof input?.n !== "number") throw new ConnectError("strict wants {n: number}", Code.InvalidArgument);
          recorder.record(ctx, input);
          return { reply: null };
        },
        touch: () => ({ reply: null }),
      },
    }),
    defineActor({
      name: "Announcer",
      kind: "unnamed",
      stateful: false,
      actions: { announce: (input: unknown) => ({ reply: null, broadcast: { channel, input } }) },
    }),
  ];
}
