import { Code } from "@connectrpc/connect";
import { GatewayError } from "../errors.js";
import type { Principal, Role } from "./principal.js";

/** What one call needs: a role, and for actor calls the system, type and action it reaches. */
export interface Need {
  readonly role: Role;
  readonly system?: string;
  readonly type?: string;
  readonly action?: string;
}

/** True when `principal` holds `type` of `system`, by either spelling. */
export function grantsType(principal: Principal, system: string, type: string): boolean {
  return !principal.types || principal.types.has(type) || principal.types.has(`${system}/${type}`);
}

/**
 * The authorization decision: a pure function of (principal, role, system, type,
 * action). Returns nothing when allowed, throws `permission_denied` naming what is
 * missing otherwise. Every entry (RPC, fast path, activators) asks it through the auth link.
 */
export function authorize(principal: Principal, need: Need): void {
  const who = `principal ${JSON.stringify(principal.name)}`;
  if (!principal.roles.has(need.role)) {
    throw denied(`${who} lacks the role "${need.role}" (it has: ${[...principal.roles].join(", ") || "none"})`);
  }
  if (need.system !== undefined && principal.systems && !principal.systems.has(need.system)) {
    throw denied(`${who} is not granted system ${JSON.stringify(need.system)} (granted: ${[...principal.systems].join(", ") || "none"})`);
  }
  if (need.system !== undefined && need.type !== undefined && !grantsType(principal, need.system, need.type)) {
    throw denied(`${who} is not granted type ${need.system}/${need.type} (granted: ${[...principal.types!].join(", ") || "none"})`);
  }
  if (need.action !== undefined && principal.actions && !principal.actions.has(need.action)) {
    const where = need.type !== undefined ? ` of ${need.system}/${need.type}` : "";
    throw denied(`${who} may not call action ${JSON.stringify(need.action)}${where} (granted actions: ${[...principal.actions].join(", ") || "none"})`);
  }
}

const denied = (message: string) => new GatewayError(Code.PermissionDenied, `${message}: ask the gateway's operator for the grant`);
