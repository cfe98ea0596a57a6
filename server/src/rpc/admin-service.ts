import { create } from "@bufbuild/protobuf";
import { timestampFromDate, timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import { ActorInfoSchema, AdminService, DeadLetterSchema, HostInfoSchema, NodeInfoSchema, type ActorInfo } from "@actorgate/client/gen";
import { decodeState } from "../runtime/state-codec.js";
import { invalidArgument, notFound } from "../errors.js";
import type { ActorRuntime } from "../runtime/actor-runtime.js";
import { resolveActorRef } from "../runtime/actor-ref.js";
import { validateName } from "../runtime/names.js";
import type { Registry } from "../runtime/registry.js";
import { actorKeyString } from "../actor-key.js";
import type { DeadLetters } from "../runtime/dead-letters.js";
import type { StateQueries } from "../runtime/state-queries.js";
import { THIS_NODE, type ClusterView, type OwnerForwarding } from "./owner-forwarding.js";

export const VERSION = "0.1.0";

export interface AdminDeps {
  readonly runtime: ActorRuntime;
  readonly registry: Registry;
  /** Stored state of actors (reads only). */
  readonly queries: StateQueries;
  readonly deadLetters: DeadLetters;
  readonly nodeId: string;
  readonly ready: () => boolean;
  /** Cluster mode: the members, and the owners of actors this node does not own. */
  readonly cluster?: ClusterView;
  readonly owners?: OwnerForwarding;
  /** This node's activators and their counters (issue 14). Default none. */
  readonly activators?: () => readonly { id: string; kind: string; source: string; target: string; received: number; invoked: number; failed: number; deadLettered: number }[];
}

export function adminService(deps: AdminDeps): ServiceImpl<typeof AdminService> {
  const { runtime, registry, queries, deadLetters, nodeId, ready, cluster, activators } = deps;
  const owners = deps.owners ?? THIS_NODE;
  const startedAt = Date.now();
  /** The same reference rule as Invoke's (a NAMED actor's empty name is its type). */
  const named = (r: Parameters<typeof resolveActorRef>[0]) => resolveActorRef(r, registry);
  return {
    async listActors(req) {
      validateName("system", req.system);
      const limit = req.pageSize === 0 ? 100 : Math.min(req.pageSize, 1000);
      const after = decodeToken(req.pageToken);
      const active = new Map<string, ActorInfo>();
      for (const act of runtime.active()) {
        if (act.key.system !== req.system || (req.type && act.key.type !== req.type)) continue;
        active.set(actorKeyString(act.key), info(act.ref, true, act.revision, act.host?.hostId ?? ""));
      }
      let rows: ActorInfo[] = [...active.values()];
      if (req.includeInactive) {
        const stored = await queries.listActors({ system: req.system, type: req.type || undefined, after, limit: limit + 1 });
        for (const s of stored) {
          const k = actorKeyString(s.key);
          if (!active.has(k)) rows.push(info({ ...s.key }, false, s.revision, ""));
        }
      }
      rows = rows
        .filter((r) => !after || cmpRef(r, after) > 0)
        .sort((a, b) => cmpRef(a, { type: b.actor!.type, name: b.actor!.name }));
      const page = rows.slice(0, limit);
      const last = page[page.length - 1]?.actor;
      return { actors: page, nextPageToken: rows.length > limit && last ? encodeToken(last.type, last.name) : "" };
    },

    async describeActor(req, ctx) {
      const ref = named(req.actor);
      const forwarded = await owners.forward(ref, AdminService.method.describeActor, req, ctx);
      if (forwarded) return forwarded;
      const entry = registry.resolveType(ref.system, ref.type);
      if (!runtime.find(ref)) await runtime.settled(ref);
      const act = runtime.find(ref);
      if (act) {
        return {
          info: info(act.ref, true, act.revision, act.host?.hostId ?? ""),
          type: entry.settings.spec,
          mailboxDepth: act.mailbox.depth,
          durableRevision: BigInt(act.durableRevision),
          activatedAt: timestampFromMs(act.activatedAt),
          lastActiveAt: timestampFromMs(act.lastActiveAt),
        };
      }
      const stored = await queries.load(ref);
      if (!stored) throw notFound(`actor ${actorKeyString(ref)} is not active and has no stored state`);
      return {
        info: info(ref, false, stored.revision, ""),
        type: entry.settings.spec,
        durableRevision: BigInt(stored.revision),
      };
    },

    async deactivate(req, ctx) {
      const ref = named(req.actor);
      const forwarded = await owners.forward(ref, AdminService.method.deactivate, req, ctx);
      if (forwarded) return forwarded;
      return { wasActive: await runtime.deactivate(ref) };
    },

    async listNodes() {
      if (!cluster) {
        const now = Date.now();
        return {
          cluster: "",
          partitions: 0,
          nodes: [
            create(NodeInfoSchema, {
              nodeId,
              startedAt: timestampFromMs(startedAt),
              heartbeatAt: timestampFromMs(now),
              activeActors: runtime.activeCount,
              hosts: registry.hosts().length,
              self: true,
            }),
          ],
        };
      }
      return {
        cluster: cluster.name,
        partitions: cluster.partitions,
        nodes: cluster.nodes().map((n) =>
          create(NodeInfoSchema, {
            nodeId: n.nodeId,
            startedAt: timestampFromMs(n.startedAt),
            heartbeatAt: timestampFromMs(n.heartbeatAt),
            activeActors: n.activeActors,
            ownedPartitions: n.ownedPartitions,
            hosts: n.hosts,
            self: n.nodeId === nodeId,
            leaving: n.leaving,
          }),
        ),
      };
    },

    async listHosts(req) {
      if (req.system) validateName("system", req.system);
      return {
        hosts: registry.hosts(req.system || undefined).map((h) =>
          create(HostInfoSchema, {
            hostId: h.hostId,
            system: h.system,
            callbackUrl: h.endpoint.callbackUrl,
            types: [...h.typeNames],
            capabilities: [...h.capabilities],
            activeActors: h.activeActors,
            leaseExpiresAt: timestampFromMs(h.leaseExpiresAt),
          }),
        ),
      };
    },

    async listDeadLetters(req) {
      validateName("system", req.system);
      const limit = req.pageSize === 0 ? 100 : Math.min(req.pageSize, 1000);
      const rows = await deadLetters.list({ system: req.system, limit: limit + 1, after: req.pageToken || undefined });
      const page = rows.slice(0, limit);
      return {
        deadLetters: page.map((d) =>
          create(DeadLetterSchema, {
            invocationId: d.id,
            target: { ...d.target },
            action: d.action,
            payload: decodeState(d.payload),
            caller: d.caller ? { ...d.caller } : undefined,
            attempts: d.attempt,
            error: d.error,
            createdAt: timestampFromDate(d.createdAt),
            failedAt: timestampFromDate(d.failedAt),
            metadata: { ...d.metadata },
          }),
        ),
        nextPageToken: rows.length > limit ? page[page.length - 1]!.id : "",
      };
    },

    async replayDeadLetter(req) {
      if (!(await deadLetters.replay(req.invocationId))) {
        throw notFound(`no dead letter with invocation id ${JSON.stringify(req.invocationId)}`);
      }
      return {};
    },

    async deleteDeadLetter(req) {
      if (!(await deadLetters.delete(req.invocationId))) {
        throw notFound(`no dead letter with invocation id ${JSON.stringify(req.invocationId)}`);
      }
      return {};
    },

    async listActivators() {
      return {
        activators: (activators?.() ?? []).map((a) => ({
          ...a,
          received: BigInt(a.received),
          invoked: BigInt(a.invoked),
          failed: BigInt(a.failed),
          deadLettered: BigInt(a.deadLettered),
        })),
      };
    },

    async health() {
      return { live: true, ready: ready(), nodeId, version: VERSION, activeActors: runtime.activeCount, hosts: registry.hosts().length };
    },
  };
}

function info(ref: { system: string; type: string; name: string }, active: boolean, revision: number, hostId: string): ActorInfo {
  return create(ActorInfoSchema, { actor: ref, active, revision: BigInt(revision), hostId });
}

function cmpRef(a: ActorInfo, b: { type: string; name: string }): number {
  const x = a.actor!;
  if (x.type !== b.type) return x.type < b.type ? -1 : 1;
  return x.name === b.name ? 0 : x.name < b.name ? -1 : 1;
}

function encodeToken(type: string, name: string): string {
  return Buffer.from(JSON.stringify([type, name])).toString("base64url");
}

function decodeToken(token: string): { type: string; name: string } | undefined {
  if (!token) return undefined;
  try {
    const [type, name] = JSON.parse(Buffer.from(token, "base64url").toString()) as [string, string];
    if (typeof type === "string" && typeof name === "string") return { type, name };
  } catch {
    // fall through
  }
  throw invalidArgument("page_token is not one this service returned");
}
