import type { CallLink } from "../rpc/pipeline.js";
import { peerKey } from "../rpc/peer.js";
import type { Authenticator } from "./authenticator.js";
import { callNeeds } from "./call-needs.js";
import { authorize } from "./grants.js";
import { principalKey } from "./principal.js";

/**
 * Authenticates every call once at the edge, then authorizes it from what it reaches
 * (role, system, type, action): `unauthenticated` / `permission_denied` before the
 * runtime sees it. The principal goes into the call's values for later links and the
 * services.
 */
export function authLink(authenticate: Authenticator): CallLink {
  return {
    name: "auth",
    async handle(call, next) {
      const principal = await authenticate(call.requestHeader.get("authorization"), call.values.get(peerKey));
      for (const need of callNeeds(call)) authorize(principal, need);
      call.values.set(principalKey, principal);
      return next();
    },
  };
}
