import type { ActorRef } from "@actorgate/client/gen";
import type { RpcCall } from "../rpc/pipeline.js";
import type { Need } from "./grants.js";

type Fields = Record<string, unknown>;
const ref = (value: unknown): ActorRef | undefined => value as ActorRef | undefined;
const actorNeed = (actor: ActorRef | undefined, action?: string): Need => ({
  role: "client",
  system: actor?.system ?? "",
  type: actor?.type ?? "",
  ...(action !== undefined ? { action } : {}),
});

/**
 * What a call needs, from its service, method and request message. Unknown methods need
 * `admin`, so a service added later is closed until someone decides who may call it.
 */
export function callNeeds(call: Pick<RpcCall, "service" | "method" | "message">): Need[] {
  const m = call.message as unknown as Fields;
  switch (call.service) {
    case "actorgate.v1.ActorService":
      switch (call.method) {
        case "Invoke":
          return [actorNeed(ref(m["actor"]), m["action"] as string)];
        case "Activate": {
          const needs = (m["actors"] as ActorRef[]).map((a) => actorNeed(a));
          const from = ref(m["from"]);
          if (from) needs.push(actorNeed(from));
          return needs.length > 0 ? needs : [{ role: "client" }];
        }
        case "Broadcast":
        case "Subscribe":
          return [{ role: "client", system: m["system"] as string }];
      }
      break;
    case "actorgate.v1.StateService":
      // Reading, snapshotting and restoring state: a client granted the actor's type.
      return [actorNeed(ref(m["actor"]))];
    case "actorgate.v1.HostService":
      if (call.method === "Register") {
        const system = m["system"] as string;
        const types = (m["types"] as { name: string }[]).map((t): Need => ({ role: "host", system, type: t.name }));
        return [{ role: "host", system }, ...types];
      }
      // Heartbeat and Unregister: the lease names the host; its owner is checked there.
      return [{ role: "host" }];
    case "actorgate.v1.AdminService":
      // Health is what a probe calls: any authenticated principal may.
      return call.method === "Health" ? [] : [{ role: "admin" }];
  }
  return [{ role: "admin" }];
}
