import { create, fromJson, toJson, type Registry as ProtoRegistry } from "@bufbuild/protobuf";
import { anyUnpack, timestampDate, timestampFromDate, ValueSchema, type Value } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import { StateService } from "@actorgate/client/gen";
import { RevisionInfoSchema, type Payload } from "@actorgate/client/gen";
import type { GatewayConfig } from "../config.js";
import { invalidArgument, notFound } from "../errors.js";
import type { ActorRuntime } from "../runtime/actor-runtime.js";
import { resolveActorRef } from "../runtime/actor-ref.js";
import type { Registry } from "../runtime/registry.js";
import { decodeState } from "../runtime/state-codec.js";
import { actorKeyString } from "../actor-key.js";
import type { StateQueries } from "../runtime/state-queries.js";
import { deadlineOf } from "./deadline.js";
import { THIS_NODE, type OwnerForwarding } from "./owner-forwarding.js";

/** The state as JSON: JSON state as is, binary state when its type's descriptor is known. */
function renderJson(state: Payload | undefined, descriptors: ProtoRegistry): Value | undefined {
  const kind = state?.kind;
  if (kind?.case === "json") return kind.value;
  if (kind?.case !== "binary") return undefined;
  const message = anyUnpack(kind.value, descriptors);
  if (!message) return undefined;
  const schema = descriptors.getMessage(message.$typeName);
  return schema ? fromJson(ValueSchema, toJson(schema, message, { registry: descriptors })) : undefined;
}

export function stateService(
  runtime: ActorRuntime,
  registry: Registry,
  queries: StateQueries,
  config: GatewayConfig,
  descriptors: ProtoRegistry,
  owners: OwnerForwarding = THIS_NODE,
): ServiceImpl<typeof StateService> {
  /** The same reference rule as Invoke's (a NAMED actor's empty name is its type). */
  const resolve = (r: Parameters<typeof resolveActorRef>[0]) => resolveActorRef(r, registry);
  return {
    async snapshot(req, ctx) {
      const ref = resolve(req.actor);
      const forwarded = await owners.forward(ref, StateService.method.snapshot, req, ctx);
      if (forwarded) return forwarded;
      return { revision: BigInt(await runtime.snapshot(ref, deadlineOf(ctx, 0, config.requestTimeoutMs))) };
    },

    async getState(req, ctx) {
      const ref = resolve(req.actor);
      // The owner has the working state, newer than the store's under write-behind.
      const forwarded = await owners.forward(ref, StateService.method.getState, req, ctx);
      if (forwarded) return forwarded;
      const wanted = Number(req.revision);
      let act = runtime.find(ref);
      if (!act) {
        // A deactivation may be writing the state right now: read after it lands.
        await runtime.settled(ref);
        act = runtime.find(ref);
      }
      let state: Payload | undefined;
      let revision: number;
      let updatedAt: Date | undefined;
      if (act && !act.loadError && (wanted === 0 || wanted === act.revision)) {
        state = act.state;
        revision = act.revision;
        updatedAt = new Date(act.lastActiveAt);
      } else if (wanted === 0) {
        const stored = await queries.load(ref);
        if (!stored) throw notFound(`actor ${actorKeyString(ref)} has no stored state`);
        state = decodeState(stored);
        revision = stored.revision;
        updatedAt = stored.updatedAt;
      } else {
        const rec = await queries.loadRevision(ref, wanted);
        if (!rec) throw notFound(`revision ${wanted} of ${actorKeyString(ref)} is not kept`);
        state = decodeState(rec);
        revision = rec.revision;
        updatedAt = rec.validFrom;
      }
      return {
        state,
        revision: BigInt(revision),
        updatedAt: updatedAt ? timestampFromDate(updatedAt) : undefined,
        json: renderJson(state, descriptors),
      };
    },

    async listRevisions(req) {
      const ref = resolve(req.actor);
      const limit = req.pageSize === 0 ? 100 : Math.min(req.pageSize, 1000);
      let before: number | undefined;
      if (req.pageToken) {
        before = Number(req.pageToken);
        if (!Number.isSafeInteger(before) || before <= 0) throw invalidArgument("page_token is not one this service returned");
      }
      const records = await queries.listRevisions(ref, { before, limit: limit + 1 });
      const page = records.slice(0, limit);
      return {
        revisions: page.map((r) =>
          create(RevisionInfoSchema, {
            revision: BigInt(r.revision),
            validFrom: timestampFromDate(r.validFrom),
            validTo: r.validTo ? timestampFromDate(r.validTo) : undefined,
            sizeBytes: r.state?.byteLength ?? 0,
          }),
        ),
        nextPageToken: records.length > limit ? String(page[page.length - 1]!.revision) : "",
      };
    },

    async restore(req, ctx) {
      const ref = resolve(req.actor);
      registry.resolveType(ref.system, ref.type);
      const forwarded = await owners.forward(ref, StateService.method.restore, req, ctx);
      if (forwarded) return forwarded;
      const deadline = deadlineOf(ctx, 0, config.requestTimeoutMs);
      const target = req.target;
      if (target.case === "revision") {
        const rev = Number(target.value);
        if (rev <= 0) throw invalidArgument("revision must be positive");
        return { revision: BigInt(await runtime.restore(ref, (k) => queries.loadRevision(k, rev), `revision ${rev}`, deadline)) };
      }
      if (target.case === "at") {
        const at = timestampDate(target.value);
        return { revision: BigInt(await runtime.restore(ref, (k) => queries.loadAt(k, at), `the state at ${at.toISOString()}`, deadline)) };
      }
      throw invalidArgument("set revision or at");
    },
  };
}
