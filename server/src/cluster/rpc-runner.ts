// Runs an RPC another node forwarded here (see forwarding.ts) through this node's own
// routes and call pipeline, in process: connect's router transport, no socket.
import { fromBinary, toBinary, type DescMethodUnary, type Registry as ProtoRegistry } from "@bufbuild/protobuf";
import { createRouterTransport, type ConnectRouter, type Interceptor } from "@connectrpc/connect";
import { ActorService, AdminService, HostService, StateService } from "@actorgate/client/gen";
import { invalidArgument } from "../errors.js";
import type { ForwardTarget } from "./forwarding.js";

/** Every unary method of the public services, by `/service/method`. */
const METHODS = new Map<string, DescMethodUnary>(
  [ActorService, HostService, StateService, AdminService].flatMap((service) =>
    service.methods.filter((m): m is DescMethodUnary => m.methodKind === "unary").map((m) => [`/${service.typeName}/${m.name}`, m] as const),
  ),
);

export function clusterRpcRunner(
  routes: (router: ConnectRouter) => void,
  pipeline: Interceptor,
  descriptors: ProtoRegistry,
): ForwardTarget["rpc"] {
  const transport = createRouterTransport(routes, {
    router: { interceptors: [pipeline], jsonOptions: { registry: descriptors } },
  });
  return async (procedure, request, headers, timeoutMs) => {
    const method = METHODS.get(procedure);
    if (!method) throw invalidArgument(`no unary method ${procedure} to run for another node`);
    const res = await transport.unary(method, undefined, timeoutMs, headers, fromBinary(method.input, request));
    return toBinary(method.output, res.message);
  };
}
