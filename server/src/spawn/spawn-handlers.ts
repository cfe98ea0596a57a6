import { create, fromBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  ActivateRequestSchema,
  ActorService,
  HostService,
  InvokeRequestSchema,
  PayloadSchema,
  RestoreRequestSchema,
  StateService,
  type ActorRef,
} from "@actorgate/client/gen";
import {
  InvocationRequestSchema,
  InvocationResponseSchema,
  RegistrationRequestSchema,
  RegistrationResponseSchema,
  SpawnRequestSchema,
  SpawnResponseSchema,
  Status,
  type InvocationResponse,
  type RegistrationResponse,
  type SpawnResponse,
} from "@actorgate/client/gen/spawn";
import { invalidArgument } from "../errors.js";
import type { CallPipeline } from "../rpc/pipeline.js";
import { anyFromPayload, BadJsonPayload, payloadFromAny } from "./payloads.js";
import { translateRegistration } from "./registration.js";
import type { SpawnBook } from "./spawn-book.js";
import { runThrough, type SpawnRequestContext } from "./spawn-call.js";
import { actorIdOf } from "./spawn-host-client.js";
import { handlerContext, type SpawnGatewayServices } from "./spawn-services.js";

/** Spawn protocol version Actorgate speaks (ProxyInfo). */
const PROTOCOL = { major: 1, minor: 2 } as const;

export interface SpawnHandlersOptions {
  readonly pipeline: CallPipeline;
  readonly services: SpawnGatewayServices;
  readonly book: SpawnBook;
  /** Where the Spawn SDK host serves /api/v1/actors/actions. */
  readonly hostUrl: string;
  /** This node's id: one Spawn host per system per node. */
  readonly nodeId: string;
  /** Told of each lease a registration got (the adapter keeps it alive). */
  readonly onRegistered: (system: string, lease: { leaseId: string; heartbeatIntervalMs: number }) => void;
  /** The lease of the system's previous registration on this node, if still kept. */
  readonly leaseOf: (system: string) => string | undefined;
}

/** The adapter's three Spawn endpoints, each from request bytes to response message. */
export interface SpawnHandlers {
  register(body: Uint8Array, req: SpawnRequestContext): Promise<RegistrationResponse>;
  spawn(system: string, revision: number, body: Uint8Array, req: SpawnRequestContext): Promise<SpawnResponse>;
  invoke(system: string, actor: string, body: Uint8Array, req: SpawnRequestContext): Promise<InvocationResponse>;
}

export function spawnHandlers(o: SpawnHandlersOptions): SpawnHandlers {
  const { pipeline, services, book } = o;
  return {
    async register(body, req) {
      const spawnReq = decode(RegistrationRequestSchema, body);
      const system = spawnReq.actorSystem?.name ?? "";
      const hostId = `spawn.${o.nodeId}.${system}`;
      const translated = translateRegistration(spawnReq, o.hostUrl, hostId, o.leaseOf(system) ?? "");
      // Before Register: named actors activate during it, and their init needs the book.
      book.setTypes(translated.system, translated.types);
      const method = HostService.method.register;
      const res = await runThrough(pipeline, method, translated.request, req, (ctx) =>
        Promise.resolve(services.hosts.register(translated.request, handlerContext(ctx))),
      );
      o.onRegistered(system, { leaseId: res.leaseId ?? "", heartbeatIntervalMs: res.heartbeatIntervalMs ?? 1000 });
      return create(RegistrationResponseSchema, {
        status: { status: Status.OK, message: `registered ${translated.types.size} actor(s) of system ${system}` },
        proxyInfo: { protocolMajorVersion: PROTOCOL.major, protocolMinorVersion: PROTOCOL.minor, proxyName: "actorgate", proxyVersion: "0.1.0" },
      });
    },

    async spawn(system, revision, body, req) {
      const spawnReq = decode(SpawnRequestSchema, body);
      if (spawnReq.actors.length === 0) throw invalidArgument("SpawnRequest.actors is empty: list the actors to spawn");
      const refs = spawnReq.actors.map((id) => {
        if (!id.name) throw invalidArgument("an ActorId in SpawnRequest.actors has no name");
        return book.refFor(system, id.name, id.parent);
      });
      const activate = create(ActivateRequestSchema, { actors: refs });
      await runThrough(pipeline, ActorService.method.activate, activate, req, (ctx) =>
        Promise.resolve(services.actors.activate(activate, handlerContext(ctx))),
      );
      for (const ref of refs) if (ref.name) book.rememberSpawned(system, ref.name, ref.type);
      if (revision > 0) {
        // Spawn's ?revision=N: the actor starts from its own state at revision N.
        for (const ref of refs) await restore(ref, revision, req);
      }
      return create(SpawnResponseSchema, { status: { status: Status.OK, message: `spawned ${refs.length} actor(s)` } });
    },

    async invoke(system, actor, body, req) {
      const spawnReq = decode(InvocationRequestSchema, body);
      const id = spawnReq.actor?.id;
      const name = id?.name || actor;
      const parent = id?.parent || spawnReq.registerRef;
      const ref = book.refFor(system, name, parent);
      let payload;
      try {
        payload = spawnReq.payload.case === "value" ? payloadFromAny(spawnReq.payload.value) : undefined;
      } catch (err) {
        if (err instanceof BadJsonPayload) throw invalidArgument(`InvocationRequest.value: ${err.message}`);
        throw err;
      }
      const scheduled = spawnReq.scheduledTo > 0n;
      const invoke = create(InvokeRequestSchema, {
        actor: ref,
        action: spawnReq.actionName,
        payload,
        metadata: spawnReq.metadata,
        async: spawnReq.async || scheduled,
        scheduledAt: scheduled ? timestampFromMs(Number(spawnReq.scheduledTo)) : undefined,
      });
      const out = await runThrough(pipeline, ActorService.method.invoke, invoke, req, (ctx) =>
        Promise.resolve(services.actors.invoke(invoke, handlerContext(ctx))),
      );
      if (parent) book.rememberSpawned(system, name, parent);
      const value = anyFromPayload(out.reply ? create(PayloadSchema, out.reply) : undefined);
      return create(InvocationResponseSchema, {
        status: { status: Status.OK },
        system: { name: system },
        actor: { id: actorIdOf(ref, book.type(ref.system, ref.type)) },
        payload: value ? { case: "value", value } : { case: "noop", value: {} },
      });
    },
  };

  async function restore(ref: ActorRef, revision: number, req: SpawnRequestContext): Promise<void> {
    const restoreReq = create(RestoreRequestSchema, { actor: ref, target: { case: "revision", value: BigInt(revision) } });
    await runThrough(pipeline, StateService.method.restore, restoreReq, req, (ctx) =>
      Promise.resolve(services.state.restore(restoreReq, handlerContext(ctx))),
    );
  }
}

/** Decodes a Spawn request body; malformed bytes are invalid_argument, naming the message. */
function decode<Desc extends DescMessage>(schema: Desc, body: Uint8Array): MessageShape<Desc> {
  try {
    return fromBinary(schema, body);
  } catch (err) {
    throw invalidArgument(`the body is not a protobuf ${schema.typeName} (${(err as Error).message})`);
  }
}
