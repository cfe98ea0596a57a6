import { createMutableRegistry } from "@bufbuild/protobuf";
import { WELL_KNOWN_TYPES } from "@actorgate/client";
import type { ConnectRouter, HandlerContext } from "@connectrpc/connect";
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
import { errorDetails } from "./error-details.js";
import { SpawnBook, startSpawnAdapter, withSpawnHosts, type SpawnAdapter } from "./spawn/index.js";
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
import { fromNatsActivators } from "./activators/activator-config.js";
import { createActivatorDelivery } from "./activators/activator-delivery.js";
import type { ActivatorStats } from "./activators/activator-stats.js";
import { createActivators } from "./activators/start-activators.js";
import { StoreTickLedger } from "./activators/tick-ledger.js";
import { createBus } from "./bus/create-bus.js";
import type { Bus } from "./bus/bus.js";
import { StateWriter } from "./runtime/state-writer.js";
import { openStore, redactUrl } from "./store/open-store.js";
import { openCluster, type OpenCluster } from "./cluster/open-cluster.js";
import { ownerRpc } from "./cluster/owner-rpc.js";
import { clusterRpcRunner } from "./cluster/rpc-runner.js";
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
  /** The Spawn-protocol adapter, when `spawnPort` is set (issue 15). */
  readonly spawn?: SpawnAdapter;
  /** Activators (issue 14) and their counters. */
  readonly activators: ActivatorStats;
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
  const late: { runtime?: ActorRuntime; cluster?: OpenCluster } = {};
  const writer = new StateWriter(
    store,
    log,
    () => late.runtime?.kickOutbox(),
    (act) => late.runtime?.dropMoved(act),
  );
  // The registry and the writer report to the runtime, which needs both: tie the knot.
  // Message types hosts uploaded: JSON clients and JSON hosts see binary payloads as JSON.
  const descriptors = createMutableRegistry(...WELL_KNOWN_TYPES);
  // Payloads are checked against maxPayloadBytes (invalid_argument); this is the hard
  // ceiling for whole messages (client requests, host responses), with room for
  // metadata and state.
  const maxMessageBytes = config.maxPayloadBytes * 2 + 64 * 1024;
  // Spawn SDK hosts (issue 15) are called over their own protocol; the book holds what
  // the Spawn adapter learnt at their registration.
  const spawnBook = new SpawnBook();
  const hostClients = withSpawnHosts(
    deps.hostClients ??
      ((endpoint) => createHostClient(endpoint, { registry: descriptors, maxResponseBytes: maxMessageBytes, tls: security.hostTls })),
    { book: spawnBook, maxResponseBytes: maxMessageBytes },
  );
  const registry = new Registry(config, hostClients, {
    onHostAdded: (host) => {
      log.info({ host: host.hostId, system: host.system, types: host.typeNames, url: host.endpoint.callbackUrl }, "host registered");
      late.runtime?.onHostAdded(host);
    },
    onHostRemoved: (host, reason) => {
      log.info({ host: host.hostId, system: host.system, reason }, "host removed");
      late.cluster?.node.hosts.removed(host, reason);
    },
    onTypesForgotten: (types) => log.info({ types: types.slice(0, 20), count: types.length }, "types forgotten"),
    onHostRenewed: (host) => late.cluster?.node.hosts.renewed(host),
  }, descriptors);
  const bus = deps.bus ?? (await createBus(config.bus));
  // Cluster mode: placement, forwarding and cluster-wide hosts (server/src/cluster/).
  const cluster = config.cluster ? await openCluster(config, { bus, registry, store, log }) : undefined;
  late.cluster = cluster;
  const rt = new ActorRuntime({ config, store, registry, writer, log, dispatcher: deps.dispatcher, placement: cluster?.node });
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
  const owners = cluster ? ownerRpc(cluster.node, config.requestTimeoutMs) : undefined;
  const clusterView = cluster
    ? { name: config.clusterName, partitions: config.clusterPartitions, nodes: () => cluster.node.nodes() }
    : undefined;
  const state = stateService(rt, registry, queries, config, descriptors, owners);
  const routes = (router: ConnectRouter) => {
    router.service(ActorService, actorService(rt, channels, config));
    router.service(
      HostService,
      hostService(registry, rt, config, log, cluster ? { registered: (req, host) => cluster.node.hosts.registered(req, host) } : undefined),
    );
    router.service(StateService, state);
    router.service(
      AdminService,
      adminService({ runtime: rt, registry, queries, deadLetters, nodeId: config.nodeId, ready: () => ready, cluster: clusterView, owners, activators: () => activators.stats.list() }),
    );
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
  // Activators (issue 14): HTTP routes, CloudEvents, the REST surface and /openapi.json are
  // served before connect-node; every delivery passes the same pipeline.
  let url = "";
  const activators = createActivators([...fromNatsActivators(config.natsActivators), ...config.activators], {
    delivery: createActivatorDelivery({ pipeline, runtime: rt, getState: async (req, ctx) => state.getState(req, ctx as HandlerContext) }),
    log,
    bus,
    ledger: new StoreTickLedger(store),
    descriptors,
    types: { actionTypes: (system, type, action) => actionTypes(registry, system, type, action) },
    requestTimeoutMs: config.requestTimeoutMs,
    maxBodyBytes: maxMessageBytes,
    url: () => url,
  });
  const cors = config.corsOrigins.length > 0 ? corsHandler(config.corsOrigins) : undefined;
  const guard = decodeGuard([ActorService, HostService, StateService, AdminService], maxMessageBytes);
  const server = new DualServer((req, res) => {
    if (cors?.(req, res)) return;
    if (!fastInvoke(req, res) && !activators.http(req, res) && !guard(req, res, () => handler(req, res))) handler(req, res);
  }, security.server);
  const port = await server.listen(config.port, config.host);
  const stopWatching = security.watchCertificates(server);
  registry.start();
  rt.start();
  if (cluster) {
    // Calls other nodes forward here run through the same routes and call pipeline.
    cluster.node.attach(rt, clusterRpcRunner(routes, pipelineInterceptor(pipeline), descriptors));
    try {
      await cluster.node.start();
    } catch (err) {
      await cluster.close().catch(() => undefined);
      await server.close(0);
      throw err;
    }
  }
  const shownHost = config.host === "0.0.0.0" ? "127.0.0.1" : config.host;
  url = `${security.server.tls ? "https" : "http"}://${shownHost}:${port}`;
  log.info({ url, store: redactUrl(config.store), bus: config.bus, node: config.nodeId, auth: security.authenticating, mtls: config.tlsClientCa !== undefined }, "actorgate listening");

  let closing: Promise<void> | undefined;
  let spawn: SpawnAdapter | undefined;
  const gateway: Gateway = {
    port,
    url,
    runtime: rt,
    registry,
    store,
    channels,
    links: pipeline.links,
    get spawn() {
      return spawn;
    },
    activators: activators.stats,
    close() {
      closing ??= (async () => {
        // Readiness goes false first, so balancers stop sending here.
        ready = false;
        const limit = config.shutdownTimeoutMs || Infinity;
        const deadline = Date.now() + limit;
        const signal = Number.isFinite(limit) ? AbortSignal.timeout(limit) : undefined;
        // Keep serving while balancers notice /readyz failing.
        if (config.shutdownDrainMs > 0) await new Promise((r) => setTimeout(r, Math.min(config.shutdownDrainMs, Math.max(0, deadline - Date.now()))));
        // Hand this node's actors over (state written) while it still answers and
        // forwards, so calls in flight anywhere find their new owners.
        await cluster?.node.leave().catch((err: unknown) => log.warn({ error: errorDetails(err) }, "cluster hand-over failed; the others take over when this node's lease expires"));
        // No new connections; a call arriving on an open one is answered unavailable.
        server.stopAccepting(refuseWhileClosing);
        stopWatching();
        await activators.stop();
        await spawn?.close();
        // Every call already accepted is answered before the runtime closes (a call may
        // need activations, forwards and broadcasts until it is done). Subscribe
        // streams never end on their own: closing the channels ends them below.
        const drained = await server.drained(deadline, (req) => req.url?.startsWith(SUBSCRIBE_PATH) === true);
        if (!drained) log.warn({ timeoutMs: config.shutdownTimeoutMs }, "shutdown timeout: calls still in flight are cut");
        await channels.close();
        await rt.close(signal);
        await cluster?.close();
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
  try {
    await activators.start();
  } catch (err) {
    await gateway.close();
    throw err;
  }
  if (config.spawnPort !== undefined) {
    // Spawn-protocol adapter (issue 15): its calls are the services' own, through the pipeline.
    try {
      spawn = await startSpawnAdapter({
        port: config.spawnPort,
        host: config.host,
        hostUrl: config.spawnHostUrl,
        nodeId: config.nodeId,
        pipeline,
        services: { actors: actorService(rt, channels, config), hosts: hostService(registry, rt, config), state: stateService(rt, registry, queries, config, descriptors) },
        book: spawnBook,
        log,
        maxBodyBytes: maxMessageBytes,
      });
    } catch (err) {
      await gateway.close();
      throw err;
    }
  }
  return gateway;
}


/** An action's declared input/output message names, for the OpenAPI document. */
function actionTypes(registry: Registry, system: string, type: string, action: string) {
  const entry = registry.types(system).find((t) => t.settings.name === type);
  const a = entry?.settings.spec.actions.find((x) => x.name === action);
  return a && { input: a.inputType || undefined, output: a.outputType || undefined };
}
