/** The parts of an actor reference (ActorRef, the store's ActorKey, …). */
export interface ActorKeyParts {
  readonly system: string;
  readonly type: string;
  readonly name: string;
}

/**
 * "system/type/name": how an actor is named in messages, logs and map keys, everywhere.
 * Names may contain "/" themselves, so the string is for people and map keys, not parsing.
 */
export function actorKeyString(key: ActorKeyParts): string {
  return `${key.system}/${key.type}/${key.name}`;
}
