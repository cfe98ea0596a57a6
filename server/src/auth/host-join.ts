import { Code } from "@connectrpc/connect";
import { GatewayError } from "../errors.js";
import { grantsType } from "./grants.js";
import type { Principal } from "./principal.js";

/** Who registered a type first; undefined for a type no host has registered. */
export type TypeOwnerLookup = (type: string) => { readonly owner: string | undefined } | undefined;

/**
 * The rogue-host rule: a type already served (or still remembered after its last host
 * left) may be joined only by hosts of the principal that registered it first, or of a
 * principal granted that type by name. Anything else would receive a share of the
 * type's calls, payloads and state. Throws `permission_denied` naming the type.
 */
export function checkHostJoin(principal: Principal, system: string, types: readonly string[], ownerOf: TypeOwnerLookup): void {
  for (const type of types) {
    const known = ownerOf(type);
    if (!known || known.owner === undefined || known.owner === principal.name) continue;
    if (principal.types && grantsType(principal, system, type)) continue;
    throw new GatewayError(
      Code.PermissionDenied,
      `type ${system}/${type} is served by hosts of another principal; principal ${JSON.stringify(principal.name)} ` +
        `may join it only if granted the type by name (types: ["${system}/${type}"])`,
    );
  }
}

/** Heartbeat and Unregister: only the principal that registered a host may renew or end its lease. */
export function checkLeaseOwner(principal: Principal | undefined, owner: string | undefined): void {
  if (principal && owner !== undefined && owner !== principal.name) {
    throw new GatewayError(Code.PermissionDenied, `this lease belongs to a host of another principal`);
  }
}
