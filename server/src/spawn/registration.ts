import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema, file_google_protobuf_any } from "@bufbuild/protobuf/wkt";
import { ActorKind, HostCodec, HostHttpVersion, HostProtocol, RegisterRequestSchema, type ActorTypeSchema, type RegisterRequest } from "@actorgate/client/gen";
import { file_spawn_eigr_functions_protocol_actors_actor, file_spawn_eigr_functions_protocol_protocol, Kind, type Actor, type RegistrationRequest } from "@actorgate/client/gen/spawn";
import { invalidArgument } from "../errors.js";
import { channelsOf } from "./channels.js";
import type { SpawnTypeInfo } from "./spawn-book.js";

/** Actions the Spawn proxy answers with the actor's state when the actor does not define them. */
export const STATE_GETTERS = ["get", "Get", "get_state", "getState", "GetState"] as const;
/** Actions Spawn runs when an actor activates, if the actor defines one. */
export const INIT_ACTIONS = ["init", "Init", "setup", "Setup"] as const;

const UINT32_MAX = 0xffffffff;

/** A Spawn registration, ready for HostService/Register and the SpawnBook. */
export interface TranslatedRegistration {
  readonly system: string;
  readonly request: RegisterRequest;
  readonly types: ReadonlyMap<string, SpawnTypeInfo>;
}

/**
 * Translates a Spawn RegistrationRequest into our RegisterRequest for the Spawn host at
 * `hostUrl` (registration carries no URL: the adapter is configured with it). Every
 * field honoured, ignored or refused is listed in server/src/spawn/README.md.
 */
export function translateRegistration(req: RegistrationRequest, hostUrl: string, hostId: string, leaseId: string): TranslatedRegistration {
  const system = req.actorSystem?.name ?? "";
  if (!system) throw invalidArgument("RegistrationRequest.actor_system.name is empty: name the actor system");
  const actors = Object.entries(req.actorSystem?.registry?.actors ?? {});
  if (actors.length === 0) throw invalidArgument(`RegistrationRequest for system ${system} lists no actors (actor_system.registry.actors)`);
  const infos = new Map<string, SpawnTypeInfo>();
  const types = actors.map(([key, actor]) => {
    const name = actor.id?.name || key;
    const { type, info } = translateActor(name, actor);
    infos.set(name, info);
    return type;
  });
  const request = create(RegisterRequestSchema, {
    system,
    hostId,
    callbackUrl: hostUrl,
    protocol: HostProtocol.SPAWN,
    codec: HostCodec.PROTO,
    httpVersion: HostHttpVersion.HTTP1,
    types,
    leaseId,
    // So StateService and JSON clients can render Spawn state (JSONType, ActorState).
    descriptors: create(FileDescriptorSetSchema, {
      file: [file_google_protobuf_any.proto, file_spawn_eigr_functions_protocol_actors_actor.proto, file_spawn_eigr_functions_protocol_protocol.proto],
    }),
  });
  return { system, request, types: infos };
}

function translateActor(name: string, actor: Actor): { type: MessageInitShape<typeof ActorTypeSchema>; info: SpawnTypeInfo } {
  const settings = actor.settings;
  const kind = kindOf(name, settings?.kind ?? Kind.UNKNOW_KIND);
  const declared = actor.actions.map((a) => a.name).filter((a) => a !== "");
  const timers = actor.timerActions.map((t) => {
    const action = t.action?.name ?? "";
    if (!action) throw invalidArgument(`actor ${name}: a timer action has no action name`);
    // Spawn calls it "seconds"; the proxy and SDKs use milliseconds.
    return { action, everyMs: Math.min(UINT32_MAX, Math.max(0, t.seconds)) };
  });
  const channels = channelsOf(actor.metadata?.channelGroup ?? []);
  const initAction = INIT_ACTIONS.find((a) => declared.includes(a));
  const stateGetters = new Set(STATE_GETTERS.filter((g) => !declared.includes(g)));
  // Every action the actor can be sent: its own, its timers', its channels' and the getters.
  const actions = new Set([...declared, ...timers.map((t) => t.action), ...channels.map((c) => c.action), ...stateGetters]);
  const stateful = kind !== ActorKind.POOLED && (settings?.stateful ?? false);
  const type: MessageInitShape<typeof ActorTypeSchema> = {
    name,
    kind,
    stateful,
    actions: [...actions].filter((a) => !INIT_ACTIONS.includes(a as (typeof INIT_ACTIONS)[number])).map((a) => ({ name: a })),
    timers,
    channels: channels.map((c) => ({ topic: c.topic, action: c.action })),
    snapshotIntervalMs: ms(settings?.snapshotStrategy?.strategy.value?.timeout),
    deactivationTimeoutMs: ms(settings?.deactivationStrategy?.strategy.value?.timeout),
    minPoolSize: Math.max(0, settings?.minPoolSize ?? 0),
    maxPoolSize: Math.max(0, settings?.maxPoolSize ?? 0),
    hasInit: initAction !== undefined,
  };
  return {
    type,
    info: { kind, initAction, stateGetters, tags: { ...actor.metadata?.tags }, initialState: actor.state?.state },
  };
}

function kindOf(name: string, kind: Kind): ActorKind {
  switch (kind) {
    case Kind.UNKNOW_KIND: // Spawn's default is NAMED
    case Kind.NAMED:
    case Kind.TASK: // a named actor Spawn may place on another node; one node here
      return ActorKind.NAMED;
    case Kind.UNNAMED:
      return ActorKind.UNNAMED;
    case Kind.POOLED:
      return ActorKind.POOLED;
    default:
      throw invalidArgument(
        `actor ${name}: kind ${Kind[kind] ?? kind} is not supported by Actorgate's Spawn adapter; use NAMED, UNNAMED, POOLED or TASK`,
      );
  }
}

/** A Spawn timeout (int64 ms) as our uint32 setting; 0 or less means the gateway default. */
function ms(timeout: bigint | undefined): number {
  if (timeout === undefined || timeout <= 0n) return 0;
  return timeout > BigInt(UINT32_MAX) ? UINT32_MAX : Number(timeout);
}
