import type { ActorRef, Payload } from "@actorgate/client/gen";
import type { ActorKey, EncodedState, IdempotencyRecord, OutboxRecord, OwnerFence } from "../store/store.js";
import { Mailbox } from "./mailbox.js";
import type { HostEntry, TypeEntry } from "./registry.js";
import { decodeState } from "./state-codec.js";

/** A reply kept for an idempotency key. */
export interface RecentResult {
  readonly reply: Payload | undefined;
  readonly revision: number;
  readonly invocationId: string;
}

/**
 * One active actor on this node: its state (the working copy, authoritative while
 * active), the last durable copy, its mailbox and the host it is bound to.
 */
export class Activation {
  readonly mailbox: Mailbox;
  readonly key: ActorKey;
  // The working state (what the next turn sees) and the state known to be in the store.
  // Either may still be the stored encoding, decoded on first use: actors woken by
  // Activate (or by a broadcast they ignore) often never run a turn, and undecoded
  // bytes are cheaper to keep than a protobuf Value tree.
  #state: Payload | EncodedState | undefined;
  #durableState: Payload | EncodedState | undefined;
  revision = 0;
  durableRevision = 0;
  /** When the working state first diverged from the durable one (0 = clean). */
  dirtySince = 0;
  host: HostEntry | undefined;
  readonly activatedAt = Date.now();
  lastActiveAt = Date.now();
  /** Set once the activation is released; it never runs another turn. */
  closed = false;
  /** Set when deactivation started; new calls go to a fresh activation. */
  releasing = false;
  /** Why loading the state failed; every queued call fails with it. */
  loadError: Error | undefined;
  /** When its idle check is due (IdleWheel; 0 = none). */
  idleDue = 0;
  // The fields below are allocated only when used: a node holds up to millions of
  // idle activations, and most never need them.
  /** Effects of durable turns, written with the next state write. */
  pendingOutbox: OutboxRecord[] | undefined;
  /** Idempotent results not yet durable, written with the next state write. */
  pendingIdempotency: IdempotencyRecord[] | undefined;
  /** Those results by idempotency key, answered from memory until written. */
  recentResults: Map<string, RecentResult> | undefined;
  /** Interval timers of the type's timer actions. */
  timers: NodeJS.Timeout[] | undefined;
  /** Timer actions with a turn queued or running (a slow timer never piles up). */
  timerPending: Set<string> | undefined;
  /** Pool members below the pool's minimum size never idle out. */
  pinned = false;
  /** Cluster mode: the partition epoch its state writes carry (see placement.ts). */
  fence: OwnerFence | undefined;

  constructor(
    readonly ref: ActorRef,
    readonly type: TypeEntry,
    capacity: number,
  ) {
    this.mailbox = new Mailbox(capacity);
    this.key = ref; // an ActorRef is an ActorKey; no copy per activation
  }

  get state(): Payload | undefined {
    return this.#decoded(this.#state);
  }

  set state(state: Payload | undefined) {
    this.#state = state;
  }

  get durableState(): Payload | undefined {
    return this.#decoded(this.#durableState);
  }

  set durableState(state: Payload | undefined) {
    this.#durableState = state;
  }

  /** The state as loaded from the store: both working and durable, decoded when first read. */
  loadState(stored: EncodedState, revision: number): void {
    this.#state = this.#durableState = stored;
    this.revision = this.durableRevision = revision;
  }

  #decoded(state: Payload | EncodedState | undefined): Payload | undefined {
    if (state === undefined || "$typeName" in state) return state;
    const payload = decodeState(state);
    // Working and durable state share one loaded encoding until a turn changes one.
    if (this.#state === state) this.#state = payload;
    if (this.#durableState === state) this.#durableState = payload;
    return payload;
  }

  get dirty(): boolean {
    return this.dirtySince !== 0;
  }

  /** Binds to a live host serving the type (re-binding if the old one left). */
  bindHost(pick: () => HostEntry): HostEntry {
    const current = this.host;
    if (current && current.serves(this.type.settings)) return current;
    if (current) current.activeActors--;
    const next = pick();
    next.activeActors++;
    this.host = next;
    return next;
  }

  unbindHost(): void {
    if (this.host) this.host.activeActors--;
    this.host = undefined;
  }

  /** Applies a successful turn's state change. */
  setState(state: Payload | undefined): void {
    this.state = state;
    this.revision++;
    if (this.dirtySince === 0) this.dirtySince = Date.now();
  }

  /** Drops changes that never became durable (a durable write failed). */
  revertToDurable(): void {
    this.state = this.durableState;
    this.revision = this.durableRevision;
    this.dirtySince = 0;
    this.pendingOutbox = undefined;
    this.pendingIdempotency = undefined;
    this.recentResults = undefined;
  }

  /** True when the next write has something to carry. */
  get hasPendingWrites(): boolean {
    return this.revision > this.durableRevision || !!this.pendingOutbox?.length || !!this.pendingIdempotency?.length;
  }

  /** Takes the outbox rows and idempotent results for the next write. */
  takePending(): { outbox: OutboxRecord[]; idempotency: IdempotencyRecord[] } {
    const taken = { outbox: this.pendingOutbox ?? [], idempotency: this.pendingIdempotency ?? [] };
    this.pendingOutbox = this.pendingIdempotency = undefined;
    return taken;
  }

  /** Puts back what a failed write did not store, ahead of anything newer. */
  returnPending(outbox: OutboxRecord[], idempotency: IdempotencyRecord[]): void {
    if (outbox.length) this.pendingOutbox = [...outbox, ...(this.pendingOutbox ?? [])];
    if (idempotency.length) this.pendingIdempotency = [...idempotency, ...(this.pendingIdempotency ?? [])];
  }

  addOutbox(records: OutboxRecord[]): void {
    if (records.length) (this.pendingOutbox ??= []).push(...records);
  }

  remember(record: IdempotencyRecord, result: RecentResult): void {
    (this.pendingIdempotency ??= []).push(record);
    (this.recentResults ??= new Map()).set(record.idempotencyKey, result);
  }
}
