import { create, type DescMessage } from "@bufbuild/protobuf";
import { toActorRef, type ActorAddress } from "../address.js";
import {
  ActorKind,
  ActorTypeSchema,
  Durability,
  type ActorRef,
  type ActorType,
} from "../gen/actorgate/v1/actor_pb.js";

/** What a handler sees besides its input. */
export interface ActorContext<S> {
  /** The actor being run. */
  readonly actor: ActorRef;
  /** Its current state (the initial state when it has none). */
  readonly state: S;
  /** The state revision (0 when it never had state). */
  readonly revision: number;
  /** The action being run. */
  readonly action: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** The calling actor, for actor-to-actor calls. */
  readonly caller: ActorRef | undefined;
  readonly invocationId: string;
  /** Delivery attempt, from 1. */
  readonly attempt: number;
  /** Aborted when the gateway stops waiting (deadline passed or caller gone). */
  readonly signal: AbortSignal;
  /** When the gateway stops waiting for this turn (the caller's deadline, or the type's call timeout). */
  readonly deadline: Date | undefined;
}

/** An invocation the gateway runs after the state change is applied. */
export interface EffectSpec {
  readonly target: ActorAddress;
  readonly action: string;
  readonly input?: unknown;
  readonly scheduledAt?: Date;
  readonly metadata?: Record<string, string>;
}

/** Forward (original input) or pipe (this reply) to another actor's action. */
export interface RouteSpec {
  readonly target: ActorAddress;
  readonly action: string;
}

/**
 * What an action returns. Every field is optional; returning `undefined` means no
 * reply and no state change.
 */
export interface ActionResult<S> {
  /** The reply to the caller (a protobuf message or any JSON value). */
  readonly reply?: unknown;
  /** The new state. */
  readonly state?: S;
  /** Clear the state. */
  readonly clearState?: boolean;
  /** Make the new state durable before the reply is sent. */
  readonly checkpoint?: boolean;
  readonly effects?: readonly EffectSpec[];
  readonly forward?: RouteSpec;
  readonly pipe?: RouteSpec;
  readonly broadcast?: { readonly channel: string; readonly input?: unknown; readonly action?: string };
}

// Handlers annotate their own input type; `any` lets such a handler be assigned here
// (with `unknown`, parameter contravariance would reject every annotated handler).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActionHandler<S, I = any> = (
  input: I,
  ctx: ActorContext<S>,
) => ActionResult<S> | void | Promise<ActionResult<S> | void>;

/** An action with protobuf input/output types. */
export interface TypedAction<S> {
  readonly input?: DescMessage;
  readonly output?: DescMessage;
  readonly handler: ActionHandler<S>;
}

export type ActorKindName = "named" | "unnamed" | "pooled" | "stateless";

/** Everything a host declares about one actor type. */
export interface ActorDefinition<S = unknown> {
  readonly name: string;
  /** Default "unnamed". */
  readonly kind?: ActorKindName;
  /** Default true, except for stateless actors. */
  readonly stateful?: boolean;
  /** The state a handler sees when the actor has none yet. */
  readonly initialState?: () => S;
  /** Protobuf schema of the state; without it state is natural JSON. */
  readonly stateSchema?: DescMessage;
  readonly actions: Readonly<Record<string, ActionHandler<S> | TypedAction<S>>>;
  /** Runs when the actor activates; a failure fails the activation. */
  readonly init?: ActionHandler<S>;
  /** Runs before the actor deactivates. */
  readonly terminate?: ActionHandler<S>;
  readonly timers?: readonly { readonly action: string; readonly everyMs: number }[];
  readonly channels?: readonly { readonly topic: string; readonly action?: string }[];
  readonly snapshotIntervalMs?: number;
  readonly deactivationTimeoutMs?: number;
  readonly minPoolSize?: number;
  readonly maxPoolSize?: number;
  /** "write-behind" (default) or "per-call". */
  readonly durability?: "write-behind" | "per-call";
  readonly requiredCapabilities?: readonly string[];
  readonly mailboxCapacity?: number;
  readonly historyRevisions?: number;
  readonly historyRetentionSeconds?: number;
  readonly maxAttempts?: number;
  readonly poisonAction?: string;
  readonly callTimeoutMs?: number;
  /**
   * Who may invoke which action: `{ take: ["bank/Teller", "client"] }` ("system/Type",
   * "Type" in this system, "system/*", "client" for outside calls; "*" as the action
   * covers actions without a rule). Actions not listed are open. Default: all open.
   */
  readonly access?: Readonly<Record<string, readonly string[]>>;
}

/** Declares an actor type (identity function that keeps the state type). */
export function defineActor<S>(definition: ActorDefinition<S>): ActorDefinition<S> {
  return definition;
}

const KINDS: Record<ActorKindName, ActorKind> = {
  named: ActorKind.NAMED,
  unnamed: ActorKind.UNNAMED,
  pooled: ActorKind.POOLED,
  stateless: ActorKind.STATELESS,
};

/** The ActorType message a host registers for a definition. */
export function toActorType(def: ActorDefinition<unknown>): ActorType {
  const kind = def.kind ?? "unnamed";
  return create(ActorTypeSchema, {
    name: def.name,
    kind: KINDS[kind],
    stateful: def.stateful ?? kind !== "stateless",
    actions: Object.entries(def.actions).map(([name, a]) => ({
      name,
      inputType: typeof a === "function" ? "" : (a.input?.typeName ?? ""),
      outputType: typeof a === "function" ? "" : (a.output?.typeName ?? ""),
    })),
    timers: def.timers?.map((t) => ({ action: t.action, everyMs: t.everyMs })),
    channels: def.channels?.map((c) => ({ topic: c.topic, action: c.action ?? "" })),
    snapshotIntervalMs: def.snapshotIntervalMs,
    deactivationTimeoutMs: def.deactivationTimeoutMs,
    minPoolSize: def.minPoolSize,
    maxPoolSize: def.maxPoolSize,
    durability: def.durability === "per-call" ? Durability.PER_CALL : Durability.WRITE_BEHIND,
    requiredCapabilities: def.requiredCapabilities ? [...def.requiredCapabilities] : [],
    mailboxCapacity: def.mailboxCapacity,
    stateType: def.stateSchema?.typeName ?? "",
    historyRevisions: def.historyRevisions,
    historyRetentionSeconds: def.historyRetentionSeconds,
    hasInit: def.init !== undefined,
    hasTerminate: def.terminate !== undefined,
    maxAttempts: def.maxAttempts,
    poisonAction: def.poisonAction,
    callTimeoutMs: def.callTimeoutMs,
    access: Object.entries(def.access ?? {}).map(([action, callers]) => ({ action, callers: [...callers] })),
  });
}

export { toActorRef };
