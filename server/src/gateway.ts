import { createMutableRegistry } from "@bufbuild/protobuf";
import { WELL_KNOWN_TYPES } from "@actorgate/client";
import type { ConnectRouter } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import type { Logger } from "pino";
import { ActorService, AdminService, HostService, StateService } from "@actorgate/client/gen";
import type { GatewayConfig } from "./config.js";
import { createHostClient } from "./host/create-host-client.js";
import { corsHandler } from "./auth/cors.js";
import { createSecurity } from "./auth/security.js";
import { decodeGuard } from "./rpc/decode-guard.js";
import { requestValues } from "./rpc/peer.js";
import { MAX_TIMEOUT_MS } from "./rpc/deadline.js";
import { DualServer } from "@actorgate/client/host";
import { createLogger } from "./log.js";
import { actorService, invoke } from "./rpc/actor-service.js";
import { adminService } from "./rpc/admin-service.js";
import { invokeFastPath } from "./rpc/invoke-fast-path.js";
import { errorLogging } from "./rpc/links/error-logging.js";
import { requestStrings } from "./rpc/links/request-strings.js";
import { createCallPipeline, type CallLink } from "./rpc/pipeline.js";
import { pipelineInterceptor } from "./rpc/pipeline-interceptor.js";
import { refuseWhileClosing } from "./rpc/refuse-while-closing.js";
import { hostService } from "./rpc/host-service.js";
import { stateService } from "./rpc/state-service.js";
import { ActorRuntime, type RuntimeDeps } from "./runtime/actor-runtime.js";
import type { HostClientFactory } from "./runtime/host-client.js";
import { Registry } from "./runtime/registry.js";
import { Channels } from "./runtime/channels.js";
import { DeadLetters } from "./runtime/dead-letters.js";
import { StateQueries } from "./runtime/state-queries.js";
import { startNatsActivators, type NatsActivators } from "./activators/nats-subject-activator.js";
import { createBus } from "./bus/create-bus.js";
import type { Bus } from "./bus/bus.js";
import { StateWriter } from "./runtime/state-writer.js";
import { openStore, redactUrl } from "./store/open-store.js";
import type { Store } from "./store/store.js";

export interface GatewayDeps {
  /** Use this store instead of opening `config.store`. */
  readonly store?: Store;
  readonly log?: Logger;
  /** How to call hosts; default Connect/gRPC/gRPC-Web over connect-node. */
  readonly hostClients?: HostClientFactory;
  /** Use this bus instead of opening `config.bus`. */
  readonly bus?: Bus;
  /** Outbox polling and retry backoff (tests shorten them). */
  readonly dispatcher?: RuntimeDeps["dispatcher"];
  /**
   * Links added to the call pipeline (authentication, authorization, telemetry…), in
   * this order. Every call of every service passes them, over the Invoke fast path and
   * over connect-node alike. They run inside the gateway's error logging (so what they
   * throw reaches the client mapped, and is logged if internal) and before its request
   * checks (strings the stores cannot hold, then the services' own validation).
   */
  readonly links?: readonly CallLink[];
}

export interface Gateway {
  /** The port it listens on (resolved when config.port is 0). */
  readonly port: number;
  /** http://host:port */
  readonly url: string;
  readonly runtime: ActorRuntime;
  readonly registry: Registry;
  readonly store: Store;
  /** Broadcasts and Subscribe streams (delivery reports and stats). */
  readonly channels: Channels;
  /** The links every call passes, in order (for diagnostics and tests). */
  readonly links: readonly CallLink[];
  /** Graceful: stop accepting, finish turns, flush state, release everything. */
  close(): Promise<void>;
}

/** Server-streaming calls that last until the client or shutdown ends them. */
const SUBSCRIBE_PATH = `/${ActorService.typeName}/Subscribe`;

/** Opens the store, starts the runtime and listens. */
export async function createGateway(config: GatewayConfig, deps: GatewayDeps = {}): Promise<Gateway> {
  const log = deps.log ?? createLogger(config);
  // Security (issue 12): checked before anything opens, so a bad setting stops start-up.
  const security = createSecurity(config, log);
  const store = deps.store ?? (await openStore(config, log));
  await store.migrate();
  const late: { runtime?: ActorRuntime } = {};
  const writer = new StateWriter(store, log, () => late.runtime?.kickOutbox());
  // The registry and the writer report to the runtime, which needs both: tie the knot.
  // Message types hosts uploaded: JSON clients and JSON hosts see binary payloads as JSON.
  const descriptors = createMutableRegistry(...WELL_KNOWN_TYPES);
  // Payloads are checked against maxPayloadBytes (invalid_argument); this is the hard
  // ceiling for whole messages (client requests, host responses), with room for
  // metadata and state.
  const maxMessageBytes = config.maxPayloadBytes * 2 + 64 * 1024;
  const hostClients =
    deps.hostClients ?? ((endpoint) => createHostClient(endpoint, { registry: descriptors, maxResponseBytes: maxMessageBytes, tls: security.hostTls }));
  const registry = new Registry(config, hostClients, {
    onHostAdded: (host) => {
      log.info({ host: host.hostId, system: host.system, types: host.typeNames, url: host.endpoint.callbackUrl }, "host registered");
      late.runtime?.onHostAdded(host);
    },
    onHostRemoved: (host, reason) => log.info({ host: host.hostId, system: host.system, reason }, "host removed"),
    onTypesForgotten: (types) => log.info({ types: types.slice(0, 20), count: types.length }, "types forgotten"),
  }, descriptors);
  const bus = deps.bus ?? (await createBus(config.bus));
  const rt = new ActorRuntime({ config, store, registry, writer, log, dispatcher: deps.dispatcher });
  late.runtime = rt;
  const channels = new Channels({
    runtime: rt,
    registry,
    bus,
    log,
    nodeId: config.nodeId,
    subscriberBuffer: config.subscribeBufferSize,
    deliveryTimeoutMs: config.requestTimeoutMs,
    deliveryConcurrency: config.broadcastConcurrency,
  });
  rt.attachChannels(channels);
  // rpc reaches stored state and dead letters through these runtime parts, never the store.
  const queries = new StateQueries(store);
  const deadLetters = new DeadLetters(store, () => rt.kickOutbox());
  await channels.start();
  let ready = true;

  // Built once: the fast path and connect-node run every call through the same links.
  const pipeline = createCallPipeline([errorLogging(log), ...security.links, ...(deps.links ?? []), requestStrings()]);
  const routes = (router: ConnectRouter) => {
    router.service(ActorService, actorService(rt, channels, config));
    router.service(HostService, hostService(registry, rt, config, log));
    router.service(StateService, stateService(rt, registry, queries, config, descriptors));
    router.service(AdminService, adminService({ runtime: rt, registry, queries, deadLetters, nodeId: config.nodeId, ready: () => ready }));
  };
  const handler = connectNodeAdapter({
    routes,
    interceptors: [pipelineInterceptor(pipeline)],
    contextValues: requestValues,
    jsonOptions: { registry: descriptors },
    readMaxBytes: maxMessageBytes,
    // Longer timeouts would overflow Node's timers (and fire at once): invalid_argument.
    maxTimeoutMs: MAX_TIMEOUT_MS,
    fallback: (req, res) => {
      if (req.url === "/healthz" || req.url === "/readyz") {
        const ok = req.url === "/healthz" || ready;
        res.writeHead(ok ? 200 : 503, { "content-type": "text/plain" });
        res.end(ok ? "ok\n" : "draining\n");
        return;
      }
      res.writeHead(404, { "content-type": "text/plain" });
      res.end(`no route for ${req.method} ${req.url}; see https://connectrpc.com for calling actorgate.v1 services\n`);
    },
  });
  const fastInvoke = invokeFastPath({
    invoke: (req, ctx) => invoke(rt, config, req, ctx),
    pipeline,
    registry: descriptors,
    readMaxBytes: maxMessageBytes,
  });
  const cors = config.corsOrigins.length > 0 ? corsHandler(config.corsOrigins) : undefined;
  const guard = decodeGuard([ActorService, HostService, StateService, AdminService], maxMessageBytes);
  const server = new DualServer((req, res) => {
    if (cors?.(req, res)) return;
    if (!fastInvoke(req, res) && !guard(req, res, () => handler(req, res))) handler(req, res);
  }, security.server);
  const port = await server.listen(config.port, config.host);
  const stopWatching = security.watchCertificates(server);
  registry.start();
  rt.start();
  const shownHost = config.host === "0.0.0.0" ? "127.0.0.1" : config.host;
  const url = `${security.server.tls ? "https" : "http"}://${shownHost}:${port}`;
  log.info({ url, store: redactUrl(config.store), bus: config.bus, node: config.nodeId, auth: security.authenticating, mtls: config.tlsClientCa !== undefined }, "actorgate listening");

  let closing: Promise<void> | undefined;
  let activators: NatsActivators | undefined;
  const gateway: Gateway = {
    port,
    url,
    runtime: rt,
    registry,
    store,
    channels,
    links: pipeline.links,
    close() {
      closing ??= (async () => {
        // Readiness goes false first, so balancers stop sending here.
        ready = false;
        const limit = config.shutdownTimeoutMs || Infinity;
        const deadline = Date.now() + limit;
        const signal = Number.isFinite(limit) ? AbortSignal.timeout(limit) : undefined;
        // No new connections; a call arriving on an open one is answered unavailable.
        server.stopAccepting(refuseWhileClosing);
        stopWatching();
        await activators?.stop();
        // Every call already accepted is answered before the runtime closes (a call may
        // need activations, forwards and broadcasts until it is done). Subscribe
        // streams never end on their own: closing the channels ends them below.
        const drained = await server.drained(deadline, (req) => req.url?.startsWith(SUBSCRIBE_PATH) === true);
        if (!drained) log.warn({ timeoutMs: config.shutdownTimeoutMs }, "shutdown timeout: calls still in flight are cut");
        await channels.close();
        await rt.close(signal);
        await server.close(Math.max(0, deadline - Date.now()));
        if (!deps.bus) await bus.close();
        writer.close();
        registry.close();
        if (!deps.store) await store.close();
        log.info("actorgate stopped");
      })();
      return closing;
    },
  };
  if (config.natsActivators.length > 0) {
    try {
      activators = await startNatsActivators(config.natsActivators, { runtime: rt, bus, log, requestTimeoutMs: config.requestTimeoutMs });
    } catch (err) {
      await gateway.close();
      throw err;
    }
  }
  return gateway;
}

