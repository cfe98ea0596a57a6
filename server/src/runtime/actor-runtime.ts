import { errorDetails } from "../error-details.js";
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { createHash } from "node:crypto";
import { Code } from "@connectrpc/connect";
import type { Logger } from "pino";
import { create, fromJson, toJson } from "@bufbuild/protobuf";
import { ValueSchema } from "@bufbuild/protobuf/wkt";
import { ActorKind, Durability, PayloadSchema, type ActorRef, type HandleResponse, type Payload } from "@actorgate/client/gen";
import { backoffMs } from "@actorgate/client/common";
import type { GatewayConfig } from "../config.js";
import { deadlineExceeded, failedPrecondition, GatewayError, toConnectError, invalidArgument, notFound, resourceExhausted, unavailable } from "../errors.js";
import { actorKeyString, type ActorKey, type IdempotencyRecord, type OutboxRecord, type RevisionRecord, type Store } from "../store/store.js";
import { Activation, type RecentResult } from "./activation.js";
import { OutboxDispatcher, type ConnectError } from "./outbox-dispatcher.js";
import { outboxPayload, outboxRecord } from "./outbox-records.js";
import { callerGone, callHost, type Call } from "./invoker.js";
import { TurnDeadline } from "./turn-deadline.js";
import type { Job } from "./mailbox.js";
import { validateIdempotencyKey, validateName, validateRef } from "./names.js";
import { normalizeRef, resolveActorRef } from "./actor-ref.js";
import { checkMetadata } from "./metadata-limits.js";
import { payloadSize } from "./payload-size.js";
import type { HostEntry, Registry, TypeEntry } from "./registry.js";
import { decodeState, encodeState } from "./state-codec.js";
import type { BroadcastPublisher } from "./broadcast-publisher.js";
import type { ActivateFrom, ActivateOutput, InvokeInput, InvokeOutput } from "./invoke-types.js";
import { ActorMovedError, SINGLE_NODE, type ActorPlacement } from "./placement.js";
import { IdleWheel } from "./idle-wheel.js";
import { checkCaller } from "./caller-access.js";
import { StateLoader } from "./state-loader.js";
import type { StateWriter } from "./state-writer.js";

export type { ActivateOutput, InvokeInput, InvokeOutput } from "./invoke-types.js";

/** An invocation to enqueue durably (async, scheduled). */
export interface AsyncInvokeInput {
  readonly actor: ActorRef | undefined;
  readonly action: string;
  readonly payload?: Payload | undefined;
  readonly metadata?: { [key: string]: string };
  readonly caller?: ActorRef | undefined;
  /** Deliver at this time; default now. */
  readonly scheduledAt?: Date;
  readonly idempotencyKey?: string;
}

export interface RuntimeDeps {
  readonly config: GatewayConfig;
  readonly store: Store;
  readonly registry: Registry;
  readonly writer: StateWriter;
  readonly log: Logger;
  /** Outbox polling and backoff; tests shorten them. */
  readonly dispatcher?: ConstructorParameters<typeof OutboxDispatcher>[3];
  /** Which actors this node owns (cluster mode); default: all of them. */
  readonly placement?: ActorPlacement;
}

interface TurnOutcome {
  readonly response: HandleResponse;
  readonly revision: number;
  /** The instance that ran it, when it differs from the addressed ref (pools). */
  readonly actor?: ActorRef;
  /** Effects already made durable with the turn's state (so #route must not send them). */
  readonly effectsWritten?: boolean;
}

/**
 * The actors of this node: activation on first call, one turn at a time per actor,
 * state applied only on success, write-behind or durable persistence, idle
 * deactivation, forward and pipe.
 */
export interface RuntimeEvents {
  activated: [key: string];
  deactivated: [key: string, reason: string];
}

export class ActorRuntime {
  /** Lifecycle events, for telemetry and tests. */
  readonly events = new EventEmitter<RuntimeEvents>();
  readonly #table = new Map<string, Activation>();
  readonly #releasing = new Map<string, Promise<void>>();
  #closing = false;

  #channels: BroadcastPublisher | undefined;
  readonly #dispatcher: OutboxDispatcher;
  /** Idempotent calls in flight, so a duplicate waits for the first instead of running. */
  readonly #idempotentInflight = new Map<string, Promise<InvokeOutput>>();
  /** Active members of each POOLED type (by system/type). */
  readonly #pools = new Map<string, Set<Activation>>();
  #purgeTimer: NodeJS.Timeout | undefined;
  readonly #loader: StateLoader;
  /** Idle-deactivation checks of every activation, on one timer. */
  readonly #idle = new IdleWheel<Activation>((act) => this.#checkIdle(act));
  readonly #placement: ActorPlacement;

  constructor(private readonly deps: RuntimeDeps) {
    this.#placement = deps.placement ?? SINGLE_NODE;
    this.#loader = new StateLoader(deps.store);
    this.#dispatcher = new OutboxDispatcher(
      deps.store,
      deps.log,
      { deliver: (r) => this.#deliver(r), onDeadLetter: (r, e) => this.#poison(r, e) },
      deps.dispatcher,
    );
  }

  /** Starts delivering the outbox and purging expired idempotency records. */
  start(): void {
    this.#dispatcher.start();
    const purge = () =>
      this.deps.store.purgeIdempotency(new Date()).catch((err: unknown) => this.deps.log.warn({ error: errorDetails(err) }, "idempotency purge failed"));
    this.#purgeTimer = setInterval(purge, Math.min(3_600_000, this.deps.config.idempotencyRetentionMs));
    this.#purgeTimer.unref();
  }

  /** The outbox has new due rows (written elsewhere): deliver now. */
  kickOutbox(): void {
    this.#dispatcher.kick();
  }

  /** Lets workflow broadcasts reach channels (created after the runtime). */
  attachChannels(channels: BroadcastPublisher): void {
    this.#channels = channels;
  }

  /** Runs one action and follows the result's forward or pipe to the final reply. */
  async invoke(input: InvokeInput): Promise<InvokeOutput> {
    const ref = validateRef(input.actor);
    validateName("action", input.action);
    const entry = this.deps.registry.resolveType(ref.system, ref.type);
    const settings = entry.settings;
    const target = normalizeRef(ref, settings);
    this.#checkAction(target, entry, input.action);
    if (!input.internal) checkCaller(entry.settings, input.action, input.caller);
    this.#checkPayload(input.action, input.payload);
    checkMetadata(input.metadata, this.deps.config.maxMetadataBytes);
    const call: Call = {
      action: input.action,
      payload: input.payload,
      metadata: input.metadata ?? {},
      caller: input.caller,
      invocationId: input.invocationId || randomUUID(),
      attempt: input.attempt ?? 1,
      deadline: input.deadline,
      signal: input.signal,
      internal: input.internal,
    };
    const run = async () => {
      const outcome =
        settings.kind === ActorKind.STATELESS
          ? await this.#runStateless(entry, target, call)
          : settings.kind === ActorKind.POOLED
            ? await this.#enqueue(this.#poolMember(target, entry), call)
            : await this.#enqueue(this.#activation(target, entry), call);
      return this.#route(outcome.actor ?? target, call, outcome);
    };
    if (input.idempotencyKey) validateIdempotencyKey(input.idempotencyKey);
    const local = () => (input.idempotencyKey ? this.#idempotent(target, input.idempotencyKey, call.invocationId, run) : run());
    // Stateless actors run on any node; the others where their owner is.
    if (settings.kind === ActorKind.STATELESS) return local();
    return this.#placement.route(
      placementKey(target, settings.kind),
      call.deadline,
      local,
      input.forwarded ? undefined : (node) => this.#placement.remote.invoke(node, { ...input, actor: target, invocationId: call.invocationId }),
    );
  }

  /**
   * Enqueues an invocation durably (outbox) and returns its id once it is stored: a
   * crash loses none. With an idempotency key the same id comes back for a repeat.
   */
  async invokeAsync(input: AsyncInvokeInput): Promise<string> {
    const ref = validateRef(input.actor);
    validateName("action", input.action);
    const entry = this.deps.registry.resolveType(ref.system, ref.type);
    const target = normalizeRef(ref, entry.settings);
    this.#checkAction(target, entry, input.action);
    checkCaller(entry.settings, input.action, input.caller);
    this.#checkPayload(input.action, input.payload);
    checkMetadata(input.metadata, this.deps.config.maxMetadataBytes);
    let id: string | undefined;
    if (input.idempotencyKey) {
      validateIdempotencyKey(input.idempotencyKey);
      const done = await this.deps.store.getIdempotency(target, input.idempotencyKey, new Date());
      if (done) return done.invocationId;
      // The same key always maps to the same outbox row, so a repeat is a no-op insert.
      id = `idem-${createHash("sha256").update(`${actorKeyString(target)}#${input.idempotencyKey}`).digest("hex").slice(0, 40)}`;
    }
    const record = outboxRecord({
      id,
      target,
      action: input.action,
      payload: input.payload,
      metadata: input.metadata ?? {},
      caller: input.caller,
      maxAttempts: entry.settings.maxAttempts,
      at: input.scheduledAt ?? new Date(),
      idempotencyKey: input.idempotencyKey,
    });
    try {
      await this.deps.store.enqueue([record]);
    } catch (err) {
      throw unavailable(`could not store the invocation durably: ${(err as Error).message}`, err);
    }
    if (record.nextAttemptAt.getTime() <= Date.now()) this.#dispatcher.kick();
    return record.id;
  }

  /**
   * Brings actors up (loading their state); reports their revision. With `from`, new
   * unnamed instances start from that actor's state (at `fromRevision`, or its latest):
   * Spawn's spawn-from-revision. The copied state is durable before this returns.
   */
  async activate(refs: readonly ActorRef[], deadline: number, from?: ActivateFrom, forwarded = false): Promise<ActivateOutput[]> {
    if (refs.length === 0 || refs.length > 1000) throw invalidArgument("activate between 1 and 1000 actors per call");
    // The source state is read once, by the first instance that needs it.
    let seed: Promise<Payload | undefined> | undefined;
    const seedOf = from ? () => (seed ??= this.#seedState(from)) : undefined;
    return Promise.all(
      refs.map(async (r) => {
        const ref = validateRef(r);
        const entry = this.deps.registry.resolveType(ref.system, ref.type);
        const target = normalizeRef(ref, entry.settings);
        if (entry.settings.kind === ActorKind.STATELESS || entry.settings.kind === ActorKind.POOLED) {
          if (from) throw failedPrecondition(`${ref.type} is ${ActorKind[entry.settings.kind]}: only stateful actors start from a revision`);
          return { actor: target, revision: 0, created: false };
        }
        return this.#placement.route(
          placementKey(target, entry.settings.kind),
          deadline,
          () => this.#activateHere(target, entry, deadline, seedOf),
          forwarded ? undefined : (node) => this.#placement.remote.activate(node, target, deadline, from),
        );
      }),
    );
  }

  async #activateHere(
    target: ActorRef,
    entry: TypeEntry,
    deadline: number,
    seedOf: (() => Promise<Payload | undefined>) | undefined,
  ): Promise<ActivateOutput> {
    const seed = seedOf ? await seedOf() : undefined;
    const act = this.#activation(target, entry);
    return this.#enqueueFn(act, deadline, async () => {
      if (!seedOf) return { actor: target, revision: act.revision, created: act.revision === 0 };
      if (!entry.settings.stateful) throw failedPrecondition(`${target.type} is not stateful: it cannot start from a revision`);
      if (act.revision !== 0) {
        throw new GatewayError(Code.AlreadyExists, `${actorKeyString(act.key)} already has state (revision ${act.revision}); pick a new name`);
      }
      act.setState(seed);
      try {
        await this.deps.writer.flushNow(act);
      } catch (err) {
        act.revertToDurable();
        throw err;
      }
      return { actor: target, revision: act.revision, created: true };
    });
  }

  async #seedState(from: { readonly actor: ActorRef; readonly revision: number }): Promise<Payload | undefined> {
    const source = resolveActorRef(from.actor, this.deps.registry, "from");
    if (from.revision > 0) {
      const record = await this.deps.store.loadRevision(source, from.revision);
      if (!record) throw notFound(`revision ${from.revision} of ${actorKeyString(source)} is not kept (see ListRevisions)`);
      return decodeState(record);
    }
    const act = this.#table.get(actorKeyString(source));
    if (act && !act.loadError) return act.state;
    const stored = await this.deps.store.load(source);
    if (!stored) throw notFound(`actor ${actorKeyString(source)} has no state to start from`);
    return decodeState(stored);
  }

  /** Finishes the actor's turns, writes its state and releases it. */
  async deactivate(ref: ActorRef): Promise<boolean> {
    validateRef(ref);
    const key = actorKeyString(ref);
    const act = this.#table.get(key);
    if (!act) {
      await this.#releasing.get(key);
      return false;
    }
    await this.#release(act, "requested");
    return true;
  }

  /** Makes the actor's current state durable and returns the durable revision. */
  async snapshot(ref: ActorRef, deadline: number): Promise<number> {
    validateRef(ref);
    const act = this.#table.get(actorKeyString(ref));
    if (!act) {
      await this.#releasing.get(actorKeyString(ref));
      const stored = await this.deps.store.load(ref);
      if (!stored) throw notFound(`actor ${actorKeyString(ref)} has no state`);
      return stored.revision;
    }
    // Through the mailbox, so the snapshot sees every turn that came before it.
    return this.#enqueueFn(act, deadline, async () => {
      await this.deps.writer.flushNow(act);
      return act.durableRevision;
    });
  }

  /**
   * Makes a kept revision current again, as a new revision, through the actor's
   * mailbox so it lands between turns; returns the new revision.
   */
  async restore(
    ref: ActorRef,
    pick: (key: ActorRef) => Promise<RevisionRecord | undefined>,
    what: string,
    deadline: number,
  ): Promise<number> {
    validateRef(ref);
    const entry = this.deps.registry.resolveType(ref.system, ref.type);
    if (!entry.settings.stateful) throw failedPrecondition(`${ref.system}/${ref.type} is not stateful`);
    const act = this.#activation(normalizeRef(ref, entry.settings), entry);
    return this.#enqueueFn(act, deadline, async () => {
      const record = await pick(act.ref);
      if (!record) throw notFound(`${what} of ${actorKeyString(act.key)} is not kept (see ListRevisions)`);
      act.setState(decodeState(record));
      try {
        await this.deps.writer.flushNow(act);
      } catch (err) {
        act.revertToDurable();
        throw err;
      }
      return act.revision;
    });
  }

  /** Resolves once a deactivation of this actor in progress has written its state. */
  async settled(ref: ActorRef): Promise<void> {
    await this.#releasing.get(actorKeyString(ref));
  }

  /** The activation of an actor on this node, if active. */
  find(ref: ActorRef): Activation | undefined {
    return this.#table.get(actorKeyString(ref));
  }

  active(): IterableIterator<Activation> {
    return this.#table.values();
  }

  get activeCount(): number {
    return this.#table.size;
  }

  /** Eagerly activates a host's NAMED stateful types (Spawn semantics). */
  onHostAdded(host: HostEntry): void {
    this.#activateNamedOf(host, () => true);
  }

  #activateNamedOf(host: HostEntry, matches: (key: ActorRef) => boolean): void {
    if (this.#closing) return;
    for (const name of host.typeNames) {
      const entry = this.deps.registry.resolveType(host.system, name);
      const s = entry.settings;
      if (s.kind === ActorKind.POOLED) {
        if (!matches({ system: host.system, type: name, name: "" } as ActorRef)) continue;
        try {
          this.#fillPool(entry);
        } catch (err) {
          if (!(err instanceof ActorMovedError)) throw err; // the pool lives on another node
        }
        continue;
      }
      if (s.kind !== ActorKind.NAMED || !s.stateful) continue;
      const ref = { system: host.system, type: name, name } as ActorRef;
      if (!matches(ref)) continue;
      // Only on its owner: the node that gets the partition activates it there.
      this.#placement
        .route(ref, Date.now() + 60_000, () => this.#enqueueFn(this.#activation(ref, entry), Date.now() + 60_000, async () => undefined), async () => undefined)
        .catch((err: unknown) => this.deps.log.warn({ error: errorDetails(err), actor: actorKeyString(ref) }, "eager activation failed"));
    }
  }

  /**
   * Cluster hand-over and failover. `handOver`: the matching activations finish their
   * turns and write their state, then go (this node gives their partition away).
   * Otherwise they are dropped at once without writing: ownership is already lost, the
   * store would refuse their writes, and their queued calls fail with ActorMovedError so
   * they are routed to the new owner.
   */
  async releaseWhere(matches: (act: Activation) => boolean, handOver: boolean): Promise<number> {
    const acts = [...this.#table.values()].filter(matches);
    if (handOver) {
      await Promise.all(acts.map((a) => this.#release(a, "handed over")));
      return acts.length;
    }
    for (const act of acts) this.dropMoved(act);
    return acts.length;
  }

  /** Drops an activation that is no longer this node's, failing what waits in its mailbox. */
  dropMoved(act: Activation): void {
    if (act.closed) return;
    act.loadError = new ActorMovedError(`${actorKeyString(act.key)} is now owned by another node; retry`);
    this.deps.writer.discard(act);
    this.#drop(act);
    this.events.emit("deactivated", actorKeyString(act.key), "moved");
  }

  /** Activates the NAMED stateful actors (timers, Spawn's eager start) that `matches` selects. */
  activateNamed(matches: (key: ActorRef) => boolean): void {
    for (const host of this.deps.registry.hosts()) this.#activateNamedOf(host, matches);
  }

  /** Deactivates every actor bound to a host (graceful unregister). */
  async drainHost(host: HostEntry): Promise<number> {
    const bound = [...this.#table.values()].filter((a) => a.host === host);
    await Promise.all(bound.map((a) => this.#release(a, "host drained")));
    return bound.length;
  }

  /** Stops accepting calls, finishes turns, writes all state. */
  async close(signal?: AbortSignal): Promise<void> {
    this.#closing = true;
    clearInterval(this.#purgeTimer);
    await this.#dispatcher.close();
    await Promise.all([...this.#table.values()].map((a) => this.#release(a, "shutdown")));
    await Promise.all(this.#releasing.values());
    await this.deps.writer.flushAll(signal);
    this.#idle.close();
  }

  // --- activations -------------------------------------------------------------

  #activation(ref: ActorRef, entry: TypeEntry): Activation {
    const key = actorKeyString(ref);
    const existing = this.#table.get(key);
    if (existing) return existing;
    if (this.#closing) throw unavailable("the gateway is shutting down; retry on another node");
    const act = new Activation(ref, entry, entry.settings.mailboxCapacity);
    act.fence = this.#placement.fence(placementKey(ref, entry.settings.kind));
    this.#table.set(key, act);
    act.mailbox.post({ run: () => this.#load(act) });
    this.#armIdle(act, entry.settings.deactivationTimeoutMs);
    return act;
  }

  async #load(act: Activation): Promise<void> {
    try {
      // A previous activation of this actor may still be writing its final state.
      await this.#releasing.get(actorKeyString(act.key));
      if (act.type.settings.stateful) {
        const stored = await this.#loader.load(act.key);
        if (stored) act.loadState(stored, stored.revision);
      }
    } catch (err) {
      this.deps.log.warn({ error: errorDetails(err), actor: actorKeyString(act.key) }, "activation failed to load state");
      act.loadError = unavailable(`could not load the state of ${actorKeyString(act.key)}: ${(err as Error).message}`, err);
      this.#drop(act);
      return;
    }
    if (act.type.settings.hasInit) {
      try {
        await this.#lifecycleTurn(act, "init");
      } catch (err) {
        // The activation fails; the next call tries again from scratch.
        const ce = toConnectError(err);
        act.loadError = new GatewayError(ce.code, `init of ${actorKeyString(act.key)} failed: ${ce.rawMessage}`, { cause: err });
        this.#drop(act);
        return;
      }
    }
    this.#startTimers(act);
    this.events.emit("activated", actorKeyString(act.key));
  }

  /** Runs a lifecycle action (init, terminate) as a turn that may change state. */
  async #lifecycleTurn(act: Activation, action: "init" | "terminate"): Promise<void> {
    const settings = act.type.settings;
    const host = act.bindHost(() => this.deps.registry.pickHost(act.type));
    const call: Call = {
      action,
      payload: undefined,
      metadata: {},
      caller: undefined,
      invocationId: randomUUID(),
      attempt: 1,
      deadline: Date.now() + settings.callTimeoutMs,
      signal: undefined,
      internal: true,
    };
    const response = await callHost(host, act.ref, call, act.state, act.revision, settings.callTimeoutMs, (h, why) =>
      this.deps.registry.evict(h, why),
    );
    if (!settings.stateful) return;
    if (response.state) act.setState(response.state);
    else if (response.clearState) act.setState(undefined);
    if (act.revision > act.durableRevision) this.deps.writer.markDirty(act);
  }

  #startTimers(act: Activation): void {
    for (const t of act.type.settings.spec.timers) {
      const timer = setInterval(() => this.#timerTick(act, t.action), t.everyMs);
      timer.unref();
      (act.timers ??= []).push(timer);
    }
  }

  #timerTick(act: Activation, action: string): void {
    if (act.closed || act.releasing || act.timerPending?.has(action)) return;
    (act.timerPending ??= new Set()).add(action);
    const call: Call = {
      action,
      payload: undefined,
      metadata: { "actorgate-timer": action },
      caller: undefined,
      invocationId: randomUUID(),
      attempt: 1,
      deadline: Date.now() + act.type.settings.callTimeoutMs,
      signal: undefined,
      internal: true,
    };
    this.#enqueue(act, call)
      .then((outcome) => this.#route(act.ref, call, outcome))
      .catch((err: unknown) => this.deps.log.warn({ error: errorDetails(err), actor: actorKeyString(act.key), action }, "timer action failed"))
      .finally(() => act.timerPending?.delete(action));
  }

  #armIdle(act: Activation, ms: number): void {
    this.#idle.arm(act, ms);
  }

  #checkIdle(act: Activation): void {
    if (act.closed || act.releasing) return;
    const settings = act.type.settings;
    const timeout = settings.deactivationTimeoutMs;
    // Named actors with timers and the pool's minimum members stay active.
    const stays = act.pinned || (settings.kind === ActorKind.NAMED && settings.spec.timers.length > 0);
    if (act.mailbox.busy || stays) return this.#armIdle(act, timeout);
    const idle = Date.now() - act.lastActiveAt;
    if (idle >= timeout) void this.#release(act, "idle");
    else this.#armIdle(act, timeout - idle);
  }

  /** Removes an activation from the table at once, then drains and writes it. */
  #release(act: Activation, reason: string): Promise<void> {
    const key = actorKeyString(act.key);
    if (act.releasing) return this.#releasing.get(key) ?? Promise.resolve();
    act.releasing = true;
    if (this.#table.get(key) === act) this.#table.delete(key);
    const done = (async () => {
      await act.mailbox.whenIdle();
      this.#idle.cancel(act);
      for (const t of act.timers ?? []) clearInterval(t);
      if (act.type.settings.hasTerminate && !act.loadError) {
        await this.#lifecycleTurn(act, "terminate").catch((err: unknown) =>
          this.deps.log.warn({ error: errorDetails(err), actor: key }, "terminate failed; deactivating anyway"),
        );
      }
      if (act.type.settings.stateful && !act.loadError) {
        // State must not be lost: keep trying until it is durable.
        for (let attempt = 0; act.hasPendingWrites; attempt++) {
          try {
            await this.deps.writer.flushNow(act);
          } catch (err) {
            this.deps.log.warn({ error: errorDetails(err), actor: key, attempt }, "deactivation write failed; retrying");
            await new Promise((r) => setTimeout(r, backoffMs(attempt + 1, { baseMs: 100, maxMs: 5000 })));
          }
        }
      }
      this.#drop(act);
      this.deps.log.debug({ actor: key, reason }, "actor deactivated");
      this.events.emit("deactivated", key, reason);
    })();
    const tracked = done.finally(() => {
      if (this.#releasing.get(key) === tracked) this.#releasing.delete(key);
    });
    this.#releasing.set(key, tracked);
    return tracked;
  }

  #drop(act: Activation): void {
    act.closed = true;
    this.#idle.cancel(act);
    for (const t of act.timers ?? []) clearInterval(t);
    this.#pools.get(`${act.key.system}/${act.key.type}`)?.delete(act);
    act.unbindHost();
    const key = actorKeyString(act.key);
    if (this.#table.get(key) === act) this.#table.delete(key);
  }

  // --- turns ---------------------------------------------------------------------

  #enqueue(act: Activation, call: Call): Promise<TurnOutcome> {
    return this.#enqueueFn(act, call.deadline, (turn) => this.#turn(act, call, turn), call.signal);
  }

  /**
   * Runs `fn` as one turn of `act`, after everything already in its mailbox. The call's
   * deadline is kept by one timer (TurnDeadline): a call still waiting at its deadline is
   * answered then, taken out of the mailbox and never runs; one at its host is answered
   * then, and its host request aborted.
   */
  #enqueueFn<T>(act: Activation, deadline: number, fn: (turn: TurnDeadline) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const turn = new TurnDeadline(deadline, (atHost) => {
        if (!atHost) act.mailbox.remove(job);
        reject(
          deadlineExceeded(
            atHost
              ? `the host did not answer ${actorKeyString(act.key)} in time; the actor's state is unchanged`
              : `the call waited in ${actorKeyString(act.key)}'s mailbox past its deadline`,
          ),
        );
      });
      const job: Job = {
        run: async () => {
          if (!turn.begin()) return; // answered at its deadline: it must not run
          try {
            if (act.loadError) return reject(act.loadError);
            if (signal?.aborted) return reject(callerGone(signal, ""));
            resolve(await fn(turn));
          } catch (err) {
            reject(err);
          } finally {
            turn.done();
          }
        },
      };
      if (!act.mailbox.post(job)) {
        turn.done();
        reject(
          resourceExhausted(
            `mailbox of ${actorKeyString(act.key)} is full (${act.mailbox.capacity} waiting calls); retry later or raise the type's mailbox_capacity`,
          ),
        );
      }
    });
  }

  async #turn(act: Activation, call: Call, turn: TurnDeadline): Promise<TurnOutcome> {
    const { registry, writer } = this.deps;
    const settings = act.type.settings;
    const host = act.bindHost(() => registry.pickHost(act.type));
    const response = await callHost(
      host, act.ref, call, act.state, act.revision, settings.callTimeoutMs, (h, why) => registry.evict(h, why), turn,
    );
    if (!call.internal) act.lastActiveAt = Date.now();
    if (!this.#placement.holds(act.fence)) {
      // The partition moved while the host worked: another node may already run this
      // actor, so this turn's result must not be applied or answered.
      throw new ActorMovedError(`${actorKeyString(act.key)} moved to another node during the call; nothing was applied`);
    }
    if (!settings.stateful) return { response, revision: 0 };
    if (response.state) act.setState(response.state);
    else if (response.clearState) act.setState(undefined);
    const durable = response.checkpoint || settings.durability === Durability.PER_CALL;
    const effects = response.workflow?.effects ?? [];
    if (durable && (act.revision > act.durableRevision || effects.length > 0)) {
      // Effects of a durable turn are written in the same transaction as its state.
      act.addOutbox(effects.map((e) => this.#effectRecord(act.ref, call, e)));
      try {
        await writer.flushNow(act);
      } catch (err) {
        // The caller is told the change failed, so the actor must not keep it.
        act.revertToDurable();
        throw err;
      }
      return { response, revision: act.revision, actor: act.ref, effectsWritten: true };
    }
    if (act.revision > act.durableRevision) writer.markDirty(act);
    return { response, revision: act.revision, actor: act.ref };
  }

  async #runStateless(entry: TypeEntry, ref: ActorRef, call: Call): Promise<TurnOutcome> {
    const host = this.deps.registry.pickHost(entry, (h) => h.inflight / h.maxConcurrency);
    if (host.inflight >= host.maxConcurrency) {
      throw resourceExhausted(
        `all hosts of ${ref.system}/${ref.type} are at their concurrency limit; retry later`,
      );
    }
    const response = await callHost(host, ref, call, undefined, 0, entry.settings.callTimeoutMs, (h, why) =>
      this.deps.registry.evict(h, why),
    );
    return { response, revision: 0 };
  }

  #checkAction(target: ActorRef, entry: TypeEntry, action: string): void {
    const actions = entry.settings.actions;
    if (actions && !actions.has(action)) {
      throw notFound(
        `actor type ${target.system}/${target.type} has no action ${JSON.stringify(action)}; ` +
          `its actions are: ${[...actions].join(", ")}`,
      );
    }
  }

  #checkPayload(action: string, payload: Payload | undefined): void {
    if (payload && payloadSize(payload) > this.deps.config.maxPayloadBytes) {
      throw invalidArgument(
        `payload of ${action} is larger than the ${this.deps.config.maxPayloadBytes}-byte limit (setting maxPayloadBytes)`,
      );
    }
  }

  // --- idempotency ---------------------------------------------------------------

  /**
   * Runs `run` at most once per (actor, key) within the retention window: a duplicate
   * waits for the call in flight, or gets the remembered result.
   */
  #idempotent(target: ActorRef, key: string, invocationId: string, run: () => Promise<InvokeOutput>): Promise<InvokeOutput> {
    const id = `${actorKeyString(target)}#${key}`;
    const inflight = this.#idempotentInflight.get(id);
    if (inflight) return inflight;
    const p = (async (): Promise<InvokeOutput> => {
      const recent = this.#table.get(actorKeyString(target))?.recentResults?.get(key);
      if (recent) return recent;
      const stored = await this.deps.store.getIdempotency(target, key, new Date());
      if (stored) return { reply: decodeState(stored.reply), revision: stored.revision, invocationId: stored.invocationId };
      const out = await run();
      await this.#remember(target, key, { ...out, invocationId });
      return { ...out, invocationId };
    })();
    this.#idempotentInflight.set(id, p);
    return p.finally(() => this.#idempotentInflight.delete(id));
  }

  /** Stores an idempotent result no later than the state change it reports. */
  async #remember(target: ActorRef, key: string, out: RecentResult): Promise<void> {
    const now = Date.now();
    const record: IdempotencyRecord = {
      key: { system: target.system, type: target.type, name: target.name },
      idempotencyKey: key,
      invocationId: out.invocationId,
      reply: encodeState(out.reply),
      revision: out.revision,
      createdAt: new Date(now),
      expiresAt: new Date(now + this.deps.config.idempotencyRetentionMs),
    };
    const act = this.#table.get(actorKeyString(target));
    if (act && !act.releasing && act.revision > act.durableRevision) {
      // Write-behind: it rides with the state write that makes the change durable.
      act.remember(record, out);
      this.deps.writer.markDirty(act);
      return;
    }
    await this.deps.store.putIdempotency([record]);
  }

  // --- durable invocations ---------------------------------------------------------

  #effectRecord(self: ActorRef, call: Call, effect: NonNullable<HandleResponse["workflow"]>["effects"][number]): OutboxRecord {
    const target = withSystem(effect.target, self.system);
    if (!target) throw invalidArgument(`an effect of ${actorKeyString(self)} has no target`);
    let maxAttempts = 5;
    try {
      maxAttempts = this.deps.registry.resolveType(target.system, target.type).settings.maxAttempts;
    } catch {
      // Unknown now; delivery reports not_found and dead-letters it.
    }
    return outboxRecord({
      target,
      action: effect.action,
      payload: effect.payload,
      metadata: { ...call.metadata, ...effect.metadata },
      caller: self,
      maxAttempts,
      at: effect.scheduledAt ? new Date(Number(effect.scheduledAt.seconds) * 1000 + effect.scheduledAt.nanos / 1e6) : new Date(),
    });
  }

  /** Runs one outbox row; throws what the call failed with. */
  async #deliver(r: OutboxRecord): Promise<void> {
    await this.invoke({
      actor: { ...r.target } as ActorRef,
      action: r.action,
      payload: outboxPayload(r),
      metadata: { ...r.metadata },
      caller: r.caller ? ({ ...r.caller } as ActorRef) : undefined,
      invocationId: r.id,
      attempt: r.attempt,
      deadline: Date.now() + this.deps.config.requestTimeoutMs,
      idempotencyKey: r.idempotencyKey ?? undefined,
    });
  }

  /** Thespian's poison message: tell the sending actor its invocation failed for good. */
  async #poison(r: OutboxRecord, error: ConnectError): Promise<void> {
    if (!r.caller) return;
    let entry: TypeEntry;
    try {
      entry = this.deps.registry.resolveType(r.caller.system, r.caller.type);
    } catch {
      return;
    }
    const action = entry.settings.spec.poisonAction;
    if (!action) return;
    const original = outboxPayload(r);
    const notice = {
      invocationId: r.id,
      target: actorKeyString(r.target),
      action: r.action,
      attempts: r.attempt,
      // The notice has always spelled codes as the enum does ("Unavailable"), not as the
      // wire does (codeName: "unavailable"); actors may match on it, so it stays for now.
      error: { code: Code[error.code], message: error.rawMessage },
      payload: original?.kind.case === "json" ? toJson(ValueSchema, original.kind.value) : null,
    };
    await this.deps.store.enqueue([
      outboxRecord({
        target: { ...r.caller } as ActorRef,
        action,
        payload: create(PayloadSchema, { kind: { case: "json", value: fromJson(ValueSchema, notice) } }),
        metadata: { "actorgate-poison": r.id },
        caller: undefined, // a failing notice must not notify anyone in turn
        maxAttempts: entry.settings.maxAttempts,
        at: new Date(),
      }),
    ]);
    this.#dispatcher.kick();
  }

  // --- pools -----------------------------------------------------------------------

  /** The least busy member of a POOLED type, growing the pool while all are busy. */
  #poolMember(ref: ActorRef, entry: TypeEntry): Activation {
    const members = this.#pool(entry);
    let best: Activation | undefined;
    let bestLoad = Infinity;
    for (const m of members) {
      if (m.releasing || m.closed) continue;
      const load = m.mailbox.depth + (m.mailbox.busy ? 1 : 0);
      if (load < bestLoad) {
        best = m;
        bestLoad = load;
      }
    }
    if (best && (bestLoad === 0 || members.size >= entry.settings.maxPoolSize)) return best;
    return this.#addPoolMember(ref, entry, members) ?? best!;
  }

  #pool(entry: TypeEntry): Set<Activation> {
    const id = `${entry.settings.system}/${entry.settings.name}`;
    let members = this.#pools.get(id);
    if (!members) {
      members = new Set();
      this.#pools.set(id, members);
    }
    return members;
  }

  #addPoolMember(ref: ActorRef, entry: TypeEntry, members: Set<Activation>): Activation | undefined {
    const taken = new Set([...members].map((m) => m.ref.name));
    for (let i = 0; i < entry.settings.maxPoolSize; i++) {
      const name = `${ref.type}-${i}`;
      if (taken.has(name)) continue;
      const act = this.#activation({ ...ref, name } as ActorRef, entry);
      act.pinned = i < entry.settings.minPoolSize;
      members.add(act);
      return act;
    }
    return undefined;
  }

  #fillPool(entry: TypeEntry): void {
    const members = this.#pool(entry);
    const ref = { system: entry.settings.system, type: entry.settings.name, name: "" } as ActorRef;
    while (members.size < entry.settings.minPoolSize) {
      if (!this.#addPoolMember(ref, entry, members)) break;
    }
  }

  /**
   * The store refused a write-behind turn's effects (an outage): they ride with the
   * actor's next state write instead, which the writer retries until the store is back,
   * so they are not dropped. Only an actor already gone can lose them.
   */
  #keepEffects(self: ActorRef, records: OutboxRecord[], err: unknown): void {
    const act = this.#table.get(actorKeyString(self));
    if (act && !act.closed && act.type.settings.stateful) {
      this.deps.log.warn({ error: errorDetails(err), from: actorKeyString(self), effects: records.length }, "could not enqueue effects; they go with the next state write");
      act.addOutbox(records);
      this.deps.writer.markDirty(act);
      return;
    }
    this.deps.log.error({ error: errorDetails(err), from: actorKeyString(self), effects: records.length }, "could not enqueue effects; they are lost");
  }

  /** Follows forward and pipe; fires effects without waiting for them. */
  async #route(self: ActorRef, call: Call, outcome: TurnOutcome): Promise<InvokeOutput> {
    const workflow = outcome.response.workflow;
    if (workflow) {
      if (workflow.effects.length > 0 && !outcome.effectsWritten) {
        // Write-behind source: the effects go to the outbox after the reply, never before.
        const records = workflow.effects.map((e) => this.#effectRecord(self, call, e));
        this.deps.store.enqueue(records).then(
          () => this.#dispatcher.kick(),
          (err: unknown) => this.#keepEffects(self, records, err),
        );
      }
      const broadcast = workflow.broadcast;
      if (broadcast && this.#channels) {
        // Like effects, a broadcast never holds up the reply.
        this.#channels
          .publish({
            system: self.system,
            channel: broadcast.channel,
            payload: broadcast.payload,
            action: broadcast.action || undefined,
            metadata: call.metadata,
            publisher: self,
          })
          .catch((err: unknown) => this.deps.log.warn({ error: errorDetails(err), from: actorKeyString(self), channel: broadcast.channel }, "broadcast failed"));
      }
      const routing = workflow.routing;
      if (routing.case === "forward" || routing.case === "pipe") {
        return this.invoke({
          actor: withSystem(routing.value.target, self.system),
          action: routing.value.action,
          payload: routing.case === "forward" ? call.payload : outcome.response.reply,
          metadata: call.metadata,
          caller: self,
          invocationId: call.invocationId,
          deadline: call.deadline,
          signal: call.signal,
        });
      }
    }
    return { reply: outcome.response.reply, revision: outcome.revision, invocationId: call.invocationId };
  }
}

/** Pools live on one node: every member is placed by the pool's key. */
function placementKey(ref: ActorRef, kind: ActorKind): ActorKey {
  return kind === ActorKind.POOLED ? { system: ref.system, type: ref.type, name: "" } : ref;
}

function withSystem(ref: ActorRef | undefined, system: string): ActorRef | undefined {
  if (!ref || ref.system) return ref;
  return { ...ref, system };
}
