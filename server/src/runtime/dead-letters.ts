// Dead letters for the Admin service: list, replay, delete. rpc reaches the outbox
// through the runtime, never the store (ARCHITECTURE.md, "Parts stay parts"); a replay
// also wakes the outbox dispatcher so the letter is delivered now, not at the next poll.
import type { DeadLetterRecord, Store } from "../store/store.js";

/** The store calls DeadLetters passes on. */
export type DeadLetterStore = Pick<Store, "listDeadLetters" | "replayDeadLetter" | "deleteDeadLetter">;

export class DeadLetters {
  readonly #store: DeadLetterStore;
  readonly #kickOutbox: () => void;

  /** @param kickOutbox delivers due outbox rows now (ActorRuntime.kickOutbox). */
  constructor(store: DeadLetterStore, kickOutbox: () => void) {
    this.#store = store;
    this.#kickOutbox = kickOutbox;
  }

  /** Dead letters of a system, oldest first, after the `after` id cursor. */
  list(query: { readonly system: string; readonly limit: number; readonly after?: string }): Promise<DeadLetterRecord[]> {
    return this.#store.listDeadLetters(query);
  }

  /** Moves a dead letter back to the outbox, attempts reset, and delivers it; false if unknown. */
  async replay(invocationId: string): Promise<boolean> {
    if (!(await this.#store.replayDeadLetter(invocationId, new Date()))) return false;
    this.#kickOutbox();
    return true;
  }

  /** Deletes a dead letter; false if unknown. */
  delete(invocationId: string): Promise<boolean> {
    return this.#store.deleteDeadLetter(invocationId);
  }
}
