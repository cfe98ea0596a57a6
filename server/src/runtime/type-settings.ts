import { ActorKind, Durability, type ActorType } from "@actorgate/client/gen";
import { validateAccess } from "./caller-access.js";
import type { GatewayConfig } from "../config.js";
import { invalidArgument } from "../errors.js";
import type { RetentionPolicy } from "../store/store.js";
import { validateName } from "./names.js";

/** An actor type with every default applied: what the runtime reads on each turn. */
export interface TypeSettings {
  readonly system: string;
  readonly name: string;
  readonly kind: ActorKind;
  readonly stateful: boolean;
  /** Declared actions; null means the type accepts any action (the host decides). */
  readonly actions: ReadonlySet<string> | null;
  readonly callTimeoutMs: number;
  readonly deactivationTimeoutMs: number;
  readonly snapshotIntervalMs: number;
  readonly mailboxCapacity: number;
  readonly durability: Durability;
  readonly retention: RetentionPolicy;
  readonly requiredCapabilities: readonly string[];
  readonly hasInit: boolean;
  readonly hasTerminate: boolean;
  readonly maxAttempts: number;
  readonly minPoolSize: number;
  readonly maxPoolSize: number;
  /** The type as the host registered it, for admin views. */
  readonly spec: ActorType;
}

/** Validates a registered type and applies the gateway's defaults. */
export function resolveTypeSettings(system: string, spec: ActorType, config: GatewayConfig): TypeSettings {
  validateName("type name", spec.name);
  const kind = spec.kind === ActorKind.UNSPECIFIED ? ActorKind.UNNAMED : spec.kind;
  if (kind === ActorKind.STATELESS && spec.stateful) {
    throw invalidArgument(`type ${spec.name}: a STATELESS type cannot be stateful`);
  }
  for (const a of spec.actions) validateName(`action name in type ${spec.name}`, a.name);
  validateAccess(spec);
  for (const t of spec.timers) {
    validateName(`timer action in type ${spec.name}`, t.action);
    if (t.everyMs < 10) throw invalidArgument(`type ${spec.name}: timer ${t.action} every_ms must be at least 10`);
  }
  const minPool = spec.minPoolSize || 1;
  const maxPool = spec.maxPoolSize || Math.max(8, minPool);
  if (minPool > maxPool) {
    throw invalidArgument(`type ${spec.name}: min_pool_size ${minPool} exceeds max_pool_size ${maxPool}`);
  }
  return {
    system,
    name: spec.name,
    kind,
    stateful: kind !== ActorKind.STATELESS && spec.stateful,
    actions: spec.actions.length ? new Set(spec.actions.map((a) => a.name)) : null,
    callTimeoutMs: spec.callTimeoutMs || config.callTimeoutMs,
    deactivationTimeoutMs: spec.deactivationTimeoutMs || config.deactivationTimeoutMs,
    snapshotIntervalMs: spec.snapshotIntervalMs || config.snapshotIntervalMs,
    mailboxCapacity: spec.mailboxCapacity || config.mailboxCapacity,
    durability: spec.durability === Durability.PER_CALL ? Durability.PER_CALL : Durability.WRITE_BEHIND,
    retention: {
      maxRevisions: spec.historyRevisions || config.historyRevisions,
      maxAgeSeconds: spec.historyRetentionSeconds,
    },
    requiredCapabilities: [...spec.requiredCapabilities].sort(),
    hasInit: spec.hasInit,
    hasTerminate: spec.hasTerminate,
    maxAttempts: spec.maxAttempts || 5,
    minPoolSize: minPool,
    maxPoolSize: maxPool,
    spec,
  };
}
