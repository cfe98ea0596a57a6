import { Code } from "@connectrpc/connect";
import type { ActorRef, ActorType } from "@actorgate/client/gen";
import { GatewayError, invalidArgument } from "../errors.js";

/** action (or "*") → allowed callers, as the host declared them in ActorType.access. */
type Rules = ReadonlyMap<string, readonly string[]>;
const rulesOf = new WeakMap<ActorType, Rules | null>();
const CALLER = /^(client|[A-Za-z0-9_.-]+(\/([A-Za-z0-9_.-]+|\*))?)$/;

/** Refuses a type whose access rules cannot be read (at registration). */
export function validateAccess(spec: ActorType): void {
  const seen = new Set<string>();
  for (const rule of spec.access) {
    if (!rule.action) throw invalidArgument(`type ${spec.name}: an access rule needs an action (or "*")`);
    if (seen.has(rule.action)) throw invalidArgument(`type ${spec.name}: action ${rule.action} has two access rules`);
    seen.add(rule.action);
    for (const c of rule.callers) {
      if (!CALLER.test(c)) throw invalidArgument(`type ${spec.name}: access caller ${JSON.stringify(c)} must be "system/Type", "Type", "system/*" or "client"`);
    }
  }
}

function rules(spec: ActorType): Rules | null {
  let r = rulesOf.get(spec);
  if (r === undefined) {
    r = spec.access.length === 0 ? null : new Map(spec.access.map((a) => [a.action, a.callers]));
    rulesOf.set(spec, r);
  }
  return r;
}

/**
 * The actor-to-actor ACL (issue 12): when the type has a rule for `action` (or "*"),
 * the caller must be one it lists — an actor by system/type, or "client" for a call
 * from outside. Throws permission_denied naming the caller and the action.
 */
export function checkCaller(settings: { readonly system: string; readonly name: string; readonly spec: ActorType }, action: string, caller: ActorRef | undefined): void {
  const r = rules(settings.spec);
  if (!r) return;
  const allowed = r.get(action) ?? r.get("*");
  if (!allowed) return;
  const ok = caller
    ? allowed.some((c) => c === `${caller.system}/${caller.type}` || c === `${caller.system}/*` || (c === caller.type && caller.system === settings.system))
    : allowed.includes("client");
  if (ok) return;
  const who = caller ? `actor ${caller.system}/${caller.type}` : "a client";
  throw new GatewayError(
    Code.PermissionDenied,
    `${who} may not invoke ${settings.system}/${settings.name}.${action}: its access rule allows ${allowed.join(", ") || "no one"}`,
  );
}
