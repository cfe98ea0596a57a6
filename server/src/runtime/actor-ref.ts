import { Code } from "@connectrpc/connect";
import { ActorKind, type ActorRef } from "@actorgate/client/gen";
import { GatewayError, invalidArgument } from "../errors.js";
import { validateRef } from "./names.js";
import type { TypeSettings } from "./type-settings.js";

/** Where the settings of a registered type come from (the registry). */
export interface TypeLookup {
  /** The type, or a not_found GatewayError when no host registered it. */
  resolveType(system: string, type: string): { readonly settings: TypeSettings };
}

/**
 * THE rule for an actor reference, used by every service (Actor, State, Admin) and the
 * runtime alike: checks its syntax (`validateRef`), then applies its type's naming rule
 * (`normalizeRef`). A type no host has registered is looked at by syntax alone, and then
 * needs its name (a NAMED actor's name is its type).
 */
export function resolveActorRef(raw: ActorRef | undefined, types: TypeLookup, what = "actor"): ActorRef {
  const ref = validateRef(raw, what);
  return normalizeRef(ref, registeredSettings(types, ref.system, ref.type), what);
}

/**
 * Applies the kind's naming rules to a syntactically valid reference: a NAMED actor's
 * name is its type (empty means that), an UNNAMED actor needs a name, STATELESS and
 * POOLED take any. `settings` undefined: the type is not registered now.
 */
export function normalizeRef(ref: ActorRef, settings: TypeSettings | undefined, what = "actor"): ActorRef {
  if (!settings) {
    if (ref.name === "") {
      throw invalidArgument(
        `${what}.name is required: no host has registered ${ref.system}/${ref.type} now, so the gateway cannot tell ` +
          `whether it is NAMED; set ${what}.name (for a NAMED actor, its type: ${JSON.stringify(ref.type)})`,
      );
    }
    return ref;
  }
  switch (settings.kind) {
    case ActorKind.NAMED:
      if (ref.name !== "" && ref.name !== ref.type) {
        throw invalidArgument(`${ref.type} is a NAMED actor: leave ${what}.name empty or set it to ${JSON.stringify(ref.type)}`);
      }
      return ref.name === ref.type ? ref : { ...ref, name: ref.type };
    case ActorKind.STATELESS:
    case ActorKind.POOLED:
      return ref;
    default:
      if (ref.name === "") {
        throw invalidArgument(`${ref.type} is an UNNAMED actor type: set ${what}.name to the instance you want`);
      }
      return ref;
  }
}

/** The type's settings, or undefined when no host registered it (other errors pass). */
function registeredSettings(types: TypeLookup, system: string, type: string): TypeSettings | undefined {
  try {
    return types.resolveType(system, type).settings;
  } catch (err) {
    if (err instanceof GatewayError && err.code === Code.NotFound) return undefined;
    throw err;
  }
}
