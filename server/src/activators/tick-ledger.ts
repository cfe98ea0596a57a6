// Where cron activators keep the last tick they fired, durably, so that a restart neither
// fires a tick twice nor skips one silently. A small interface: the gateway backs it with
// its store; tests may use the memory store.

import { StaleWriteError, type Store } from "../store/store.js";

export interface TickLedger {
  /** The last tick recorded for the activator, or undefined before its first. */
  last(id: string): Promise<Date | undefined>;
  /** Records `tick` as fired, unless a later tick is already recorded (another node was first). */
  advance(id: string, tick: Date): Promise<void>;
}

/**
 * Keeps each activator's last tick as a state row of a key no actor can have (the
 * system `actorgate/activators` holds a `/`, which actor names may not), with the
 * store's revision check: two nodes advancing at once cannot move it backwards.
 */
export class StoreTickLedger implements TickLedger {
  static readonly SYSTEM = "actorgate/activators";
  constructor(private readonly store: Pick<Store, "load" | "writeBatch">) {}

  async last(id: string): Promise<Date | undefined> {
    const row = await this.store.load(this.#key(id));
    if (!row?.state) return undefined;
    const { tick } = JSON.parse(Buffer.from(row.state).toString("utf8")) as { tick: string };
    return new Date(tick);
  }

  async advance(id: string, tick: Date): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const key = this.#key(id);
      const row = await this.store.load(key);
      if (row?.state) {
        const { tick: stored } = JSON.parse(Buffer.from(row.state).toString("utf8")) as { tick: string };
        if (new Date(stored).getTime() >= tick.getTime()) return;
      }
      const revision = row?.revision ?? 0;
      try {
        await this.store.writeBatch([
          {
            key,
            state: Buffer.from(JSON.stringify({ tick: tick.toISOString() })),
            stateType: "json",
            revision: revision + 1,
            expectedRevision: revision,
            retention: { maxRevisions: 0, maxAgeSeconds: 0 },
          },
        ]);
        return;
      } catch (err) {
        // Another node wrote in between: read again and compare.
        if (!(err instanceof StaleWriteError)) throw err;
      }
    }
  }

  #key(name: string) {
    return { system: StoreTickLedger.SYSTEM, type: "cron", name };
  }
}
