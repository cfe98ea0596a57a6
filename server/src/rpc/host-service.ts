import type { ServiceImpl } from "@connectrpc/connect";
import type { Logger } from "pino";
import type { HostService, RegisterRequest } from "@actorgate/client/gen";
import { checkHostJoin, checkLeaseOwner } from "../auth/host-join.js";
import { principalKey } from "../auth/principal.js";
import type { GatewayConfig } from "../config.js";
import type { ActorRuntime } from "../runtime/actor-runtime.js";
import type { HostEntry, Registry } from "../runtime/registry.js";
import { checkCallbackAllowed } from "../runtime/callback-allow.js";

/** Cluster mode: registrations are shared with the other nodes before they are confirmed. */
export interface HostDirectory {
  registered(req: RegisterRequest, host: HostEntry): Promise<void>;
}

export function hostService(
  registry: Registry,
  runtime: ActorRuntime,
  config: GatewayConfig,
  log?: Logger,
  directory?: HostDirectory,
): ServiceImpl<typeof HostService> {
  const heartbeatIntervalMs = Math.max(100, Math.floor(config.leaseTtlMs / 3));
  return {
    async register(req, ctx) {
      // With auth on, a type already served is joined only by its owner's hosts (issue 12).
      const principal = ctx.values.get(principalKey);
      if (principal) {
        try {
          checkHostJoin(principal, req.system, req.types.map((t) => t.name), (type) => registry.typeOwner(req.system, type));
        } catch (err) {
          log?.warn({ principal: principal.name, system: req.system, hostId: req.hostId, callbackUrl: req.callbackUrl }, "host registration refused: type owned by another principal");
          throw err;
        }
      }
      // The gateway will call this URL: only where the operator allows (a URL that does
      // not parse is the registry's to report).
      const url = URL.canParse(req.callbackUrl) ? new URL(req.callbackUrl) : undefined;
      if (url) await checkCallbackAllowed(config.hostCallbackAllow, url);
      const host = registry.register(req, { owner: principal?.name });
      if (directory) {
        try {
          await directory.registered(req, host);
        } catch (err) {
          // A host other nodes cannot see would get calls only through this one.
          registry.unregister(host.leaseId);
          throw err;
        }
      }
      return {
        leaseId: host.leaseId,
        leaseTtlMs: config.leaseTtlMs,
        heartbeatIntervalMs,
        gatewayId: config.nodeId,
        callbackSecret: host.endpoint.callbackSecret ?? "",
      };
    },
    async heartbeat(req, ctx) {
      checkLeaseOwner(ctx.values.get(principalKey), registry.lease(req.leaseId).owner);
      registry.heartbeat(req.leaseId);
      return { leaseTtlMs: config.leaseTtlMs };
    },
    async unregister(req, ctx) {
      const host = registry.lease(req.leaseId);
      checkLeaseOwner(ctx.values.get(principalKey), host.owner);
      let deactivated = 0;
      if (req.drain) {
        host.draining = true;
        deactivated = await runtime.drainHost(host);
      }
      registry.unregister(req.leaseId);
      return { deactivated };
    },
  };
}
