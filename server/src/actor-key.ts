// How an actor key is written ("system/type/name"), in a module that every layer may
// import: the store keys rows and maps by it, the runtime logs it, rpc puts it in error
// messages. Kept out of store.ts so that rpc need not import the store to format a key.

/** The parts of an actor key (the store's ActorKey, an ActorRef, …). */
export interface ActorKeyParts {
  readonly system: string;
  readonly type: string;
  readonly name: string;
}

/** Formats a key for logs and map keys. */
export function actorKeyString(key: ActorKeyParts): string {
  return `${key.system}/${key.type}/${key.name}`;
}
