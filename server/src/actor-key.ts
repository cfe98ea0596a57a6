// How an actor key is written ("system/type/name"), importable from every layer: the
// store keys rows and maps by it, the runtime logs it, rpc puts it in error messages.
// The rule itself lives with the SDK (@actorgate/client/common), so gateway and clients
// format keys alike; this module only spares rpc an import of the store.
export { actorKeyString } from "@actorgate/client/common";
