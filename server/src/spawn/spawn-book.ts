import type { Any } from "@bufbuild/protobuf/wkt";
import { ActorKind, type ActorRef } from "@actorgate/client/gen";
import { create } from "@bufbuild/protobuf";
import { ActorRefSchema } from "@actorgate/client/gen";

/** What the adapter learnt about one Spawn actor type at registration. */
export interface SpawnTypeInfo {
  readonly kind: ActorKind;
  /** The host's own name for its init action (init, Init, setup or Setup), if it has one. */
  readonly initAction: string | undefined;
  /** `get`-style actions the actor does not define: the proxy answers them with its state. */
  readonly stateGetters: ReadonlySet<string>;
  /** Tags from the actor's registration metadata, sent in every Context. */
  readonly tags: { readonly [key: string]: string };
  /** The state the actor registered with: its state until its first action sets one. */
  readonly initialState: Any | undefined;
}

export interface SpawnBookOptions {
  /**
   * Most spawned actor names remembered (name → registered parent), oldest forgotten
   * first; a forgotten name needs its parent again (ActorId.parent or register_ref).
   * Default 100,000.
   */
  readonly maxSpawnedNames?: number;
}

/**
 * What the Spawn adapter and the Spawn host client share: the registered Spawn types and
 * the names of spawned (unnamed) actors. Spawn addresses an unnamed actor by its name
 * alone once it was spawned; our actor refs need its type (Spawn's "parent"). It is kept
 * in memory, as the Spawn proxy keeps it: after a restart SDKs spawn their actors again
 * (or name the parent), and the actors' state is in the store either way.
 */
export class SpawnBook {
  readonly #types = new Map<string, SpawnTypeInfo>();
  readonly #parents = new Map<string, string>();
  readonly #maxNames: number;

  constructor(options: SpawnBookOptions = {}) {
    this.#maxNames = options.maxSpawnedNames ?? 100_000;
  }

  /** Records a system's types as its latest registration describes them. */
  setTypes(system: string, types: ReadonlyMap<string, SpawnTypeInfo>): void {
    for (const [name, info] of types) this.#types.set(`${system}/${name}`, info);
  }

  type(system: string, type: string): SpawnTypeInfo | undefined {
    return this.#types.get(`${system}/${type}`);
  }

  /** Remembers that `name` in `system` is an instance of `parent`. */
  rememberSpawned(system: string, name: string, parent: string): void {
    const key = `${system}/${name}`;
    this.#parents.delete(key); // re-inserted: the newest stays longest
    this.#parents.set(key, parent);
    while (this.#parents.size > this.#maxNames) {
      const oldest = this.#parents.keys().next().value as string;
      this.#parents.delete(oldest);
    }
  }

  /**
   * Our ref for the Spawn actor `name` of `system`: an instance of `parent` when given
   * (ActorId.parent, register_ref) or remembered from a spawn, else the registered
   * (named or pooled) actor of that name.
   */
  refFor(system: string, name: string, parent?: string): ActorRef {
    const known = parent || this.#parents.get(`${system}/${name}`);
    if (known && known !== name) return create(ActorRefSchema, { system, type: known, name });
    return create(ActorRefSchema, { system, type: name, name: "" });
  }
}

/** Spawn's name for a registered kind, for Spawn ActorIds: pooled members go by their type. */
export function addressedByType(info: SpawnTypeInfo | undefined, ref: ActorRef): boolean {
  if (info) return info.kind !== ActorKind.UNNAMED;
  return ref.name === "" || ref.name === ref.type;
}
