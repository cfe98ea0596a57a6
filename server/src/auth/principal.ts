import { createContextKey } from "@connectrpc/connect";

/** What a principal may do: call actors, host actor types, or administer the gateway. */
export type Role = "client" | "host" | "admin";
export const ROLES: readonly Role[] = ["client", "host", "admin"];

/**
 * Who is calling, once authenticated, with their grants. A list that is undefined grants
 * everything of its kind (all systems, all types, all actions).
 */
export interface Principal {
  readonly name: string;
  readonly roles: ReadonlySet<Role>;
  readonly systems?: ReadonlySet<string>;
  /** Type names (`Counter`) or system-qualified ones (`demo/Counter`). */
  readonly types?: ReadonlySet<string>;
  readonly actions?: ReadonlySet<string>;
  /** How the principal proved who it is. */
  readonly via: "token" | "jwt" | "certificate" | "none";
}

/**
 * The caller's principal, set by the auth link for later links and the services
 * (HostService reads it to tell who owns a type). Undefined when auth is off.
 */
export const principalKey = createContextKey<Principal | undefined>(undefined, { description: "actorgate principal" });
