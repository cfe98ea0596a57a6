// Reads of stored state for the State and Admin services. rpc reaches state through the
// runtime, never the store (ARCHITECTURE.md, "Parts stay parts"): this is the runtime's
// read side for it, kept out of actor-runtime.ts. Each read is one store call today;
// when actors get owners across nodes, which node answers is decided here, not in rpc.
import type {
  ActorKey,
  ListActorsQuery,
  ListRevisionsQuery,
  RevisionRecord,
  Store,
  StoredActorSummary,
  StoredState,
} from "../store/store.js";

/** The store reads StateQueries passes on. */
export type StateReads = Pick<Store, "load" | "loadRevision" | "loadAt" | "listRevisions" | "listActors">;

export class StateQueries {
  readonly #store: StateReads;

  constructor(store: StateReads) {
    this.#store = store;
  }

  /** The current stored state, or undefined when the actor has never been written. */
  load(key: ActorKey): Promise<StoredState | undefined> {
    return this.#store.load(key);
  }

  /** A kept revision (current or from history), or undefined if it is not kept. */
  loadRevision(key: ActorKey, revision: number): Promise<RevisionRecord | undefined> {
    return this.#store.loadRevision(key, revision);
  }

  /** The revision that was current at `at`, or undefined if none was. */
  loadAt(key: ActorKey, at: Date): Promise<RevisionRecord | undefined> {
    return this.#store.loadAt(key, at);
  }

  /** Kept revisions, newest first, the current one included. */
  listRevisions(key: ActorKey, query: ListRevisionsQuery): Promise<RevisionRecord[]> {
    return this.#store.listRevisions(key, query);
  }

  /** Actors with stored state, in (type, name) order. */
  listActors(query: ListActorsQuery): Promise<StoredActorSummary[]> {
    return this.#store.listActors(query);
  }
}
