import { randomUUID } from "node:crypto";
import { createFileRegistry, createRegistry } from "@bufbuild/protobuf";
import { WELL_KNOWN_TYPES } from "../well-known-types.js";
import { Code, ConnectError } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { ActorHostService } from "../gen/actorgate/v1/actor_host_service_pb.js";
import { HostCodec, HostHttpVersion, HostProtocol } from "../gen/actorgate/v1/host_service_pb.js";
import { parseGatewayUrls } from "../failover/gateway-urls.js";
import { actorHostService } from "./actor-handler.js";
import { toActorType, type ActorDefinition } from "./define-actor.js";
import { descriptorSet } from "./descriptor-set.js";
import { DualServer, type DualServerTls } from "./dual-server.js";
import { GatewayLink } from "./gateway-link.js";
import { bearerInterceptors, resolveToken, tlsNodeOptions, type CredentialOptions } from "../credentials.js";
import { SIGNATURE_HEADER, verifyCallback } from "./callback-signature.js";
import type { HandleRequest } from "../gen/actorgate/v1/actor_host_service_pb.js";

export interface HostOptions extends CredentialOptions {
  /** The actor system these actors belong to. */
  readonly system: string;
  // Each actor has its own state type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly actors: readonly ActorDefinition<any>[];
  /**
   * Gateway URL, or several (an array, or one comma-separated string): registration
   * and heartbeats go to one of them and move to the next when it fails. Default
   * ACTORGATE_URL (same forms), else http://127.0.0.1:9300.
   */
  readonly gatewayUrl?: string | readonly string[];
  /** Port for the callback server; 0 (default) picks a free one. */
  readonly port?: number;
  /** Interface for the callback server. Default 127.0.0.1. */
  readonly hostname?: string;
  /** The URL the gateway calls; default http://{hostname}:{port}. */
  readonly advertiseUrl?: string;
  /** Stable host id; default a random UUID per process. */
  readonly hostId?: string;
  /** Capabilities this host offers (Thespian-style placement). */
  readonly capabilities?: readonly string[];
  /**
   * The protocol the gateway calls back with: "connect" (default), "grpc" (needs
   * httpVersion "2") or "grpc-web". The callback server speaks all three.
   */
  readonly protocol?: "connect" | "grpc" | "grpc-web";
  /** How the gateway encodes callbacks: "proto" (default) or "json". */
  readonly codec?: "proto" | "json";
  /**
   * How the gateway calls back: "1.1" (default: pooled keep-alive sockets, the
   * cheapest per call) or "2" (h2c, every call multiplexed on one connection).
   */
  readonly httpVersion?: "1.1" | "2";
  /** Callbacks accepted at once. Default: the gateway's default. */
  readonly maxConcurrency?: number;
  /**
   * Serve callbacks over HTTPS with this certificate and key (the advertised URL becomes
   * https://); with `clientCa`, only callers with a certificate it signed (the gateway's
   * --host-tls-cert) get through. Default: cleartext.
   */
  readonly serverTls?: DualServerTls;
  /**
   * Refuse callbacks that do not carry the gateway's signature (a secret handed out at
   * registration). Default true; only a gateway that signs nothing (older versions)
   * needs false, and then any process that reaches the host can call it.
   */
  readonly requireSignature?: boolean;
  /** Called on registration changes and errors, for logging. */
  readonly onEvent?: (event: HostEvent) => void;
}

export type HostEvent =
  | { readonly type: "registered"; readonly leaseId: string; readonly gatewayUrl: string }
  | { readonly type: "registration-failed"; readonly error: ConnectError }
  | { readonly type: "lease-lost" }
  /** A gateway URL failed (`error`); the registration moves to the next one. */
  | { readonly type: "failover"; readonly from: string; readonly to: string; readonly error: ConnectError };

export interface Host {
  /** The callback URL the gateway calls. */
  readonly url: string;
  readonly hostId: string;
  /** The gateway URL the host is registered with (or trying) now. */
  readonly gatewayUrl: string;
  /** Listens and registers; resolves once registered. */
  start(signal?: AbortSignal): Promise<void>;
  /** Unregisters (draining its actors) and closes the callback server. */
  stop(): Promise<void>;
}

/**
 * Serves actor definitions: an ActorHostService on one port (HTTP/1.1 and h2c), a
 * registration with the gateway kept alive by heartbeats, and re-registration when the
 * lease is lost (for instance because the gateway restarted).
 */
export function createHost(options: HostOptions): Host {
  const hostId = options.hostId ?? randomUUID();
  const hostname = options.hostname ?? "127.0.0.1";
  const emit = (e: HostEvent) => options.onEvent?.(e);
  const link = new GatewayLink(parseGatewayUrls(options.gatewayUrl), (f) => emit({ type: "failover", ...f }), {
    interceptors: bearerInterceptors(resolveToken(options)),
    nodeOptions: tlsNodeOptions(options),
  });
  const descriptors = descriptorSet(options.actors);
  // JSON callbacks may carry Any payloads: the host must know their types to parse them.
  const registry = createRegistry(...WELL_KNOWN_TYPES, ...(descriptors ? [createFileRegistry(descriptors)] : []));
  // The secrets of this host's current and previous registration: a callback signed
  // under either is the gateway's (calls in flight when it re-registered use the old one).
  const secrets: string[] = [];
  const requireSignature = options.requireSignature ?? true;
  const server = new DualServer(
    connectNodeAdapter({
      routes: (r) => r.service(ActorHostService, actorHostService(options.actors)),
      jsonOptions: { registry },
      interceptors: [
        (next) => async (req) => {
          if (requireSignature && secrets.length > 0) {
            const header = req.header.get(SIGNATURE_HEADER);
            const call = req.message as HandleRequest;
            const reasons = secrets.map((s) => verifyCallback(s, header, call));
            if (!reasons.includes(undefined)) throw new ConnectError(`callback refused: ${reasons[0]}`, Code.Unauthenticated);
          }
          return next(req);
        },
      ],
    }),
    options.serverTls ? { tls: options.serverTls } : {},
  );
  let url = "";
  let leaseId = "";
  /**
   * The lease of this host's last registration, kept when the lease is dropped: the
   * gateway lets a live host id re-register only with it (after a missed heartbeat the
   * old lease may still be live there).
   */
  let previousLeaseId = "";
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const register = async () => {
    const request = {
      system: options.system,
      hostId,
      callbackUrl: url,
      protocol: options.protocol === "grpc" ? HostProtocol.GRPC : options.protocol === "grpc-web" ? HostProtocol.GRPC_WEB : HostProtocol.CONNECT,
      codec: options.codec === "json" ? HostCodec.JSON : HostCodec.PROTO,
      httpVersion: options.httpVersion === "2" ? HostHttpVersion.HTTP2 : HostHttpVersion.HTTP1,
      capabilities: options.capabilities ? [...options.capabilities] : [],
      types: options.actors.map(toActorType),
      descriptors,
      maxConcurrency: options.maxConcurrency,
      leaseId: previousLeaseId,
    };
    const res = await link.call((gateway) => gateway.register(request, { timeoutMs: 10_000 }));
    leaseId = res.leaseId;
    previousLeaseId = res.leaseId;
    if (res.callbackSecret) {
      secrets.unshift(res.callbackSecret);
      secrets.length = Math.min(secrets.length, 2);
    }
    emit({ type: "registered", leaseId, gatewayUrl: link.url });
    return res.heartbeatIntervalMs || 1000;
  };

  // One loop keeps the lease: heartbeat while it holds, re-register when it is lost
  // or the gateway was unreachable, retrying at the heartbeat interval.
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => void beat(ms), ms);
    timer.unref();
  };
  // With several URLs a heartbeat leaves time to try the next node well within the lease.
  const heartbeatTimeout = (interval: number) => (link.several ? Math.max(100, Math.floor(interval / 2)) : interval);
  const keepLease = async (interval: number): Promise<number> => {
    if (!leaseId) return register();
    const before = link.url;
    try {
      await link.call((gateway) => gateway.heartbeat({ leaseId }, { timeoutMs: heartbeatTimeout(interval) }));
      return interval;
    } catch (err) {
      const ce = ConnectError.from(err);
      // The node this heartbeat moved to does not know the lease (it is not in the same
      // cluster, or the lease expired meanwhile): register with it at once, no gap.
      if (link.url === before || (ce.code !== Code.NotFound && ce.code !== Code.FailedPrecondition)) throw err;
      emit({ type: "lease-lost" });
      leaseId = "";
      return register();
    }
  };
  const beat = async (interval: number) => {
    try {
      interval = await keepLease(interval);
    } catch (err) {
      const ce = ConnectError.from(err);
      if (ce.code === Code.NotFound) emit({ type: "lease-lost" });
      else emit({ type: "registration-failed", error: ce });
      leaseId = "";
      interval = Math.min(interval, 1000);
    }
    schedule(interval);
  };

  return {
    get url() {
      return url;
    },
    hostId,
    get gatewayUrl() {
      return link.url;
    },
    async start(signal?: AbortSignal) {
      const port = await server.listen(options.port ?? 0, hostname);
      url = options.advertiseUrl ?? `${options.serverTls ? "https" : "http"}://${hostname}:${port}`;
      // Hosts may start before the gateway: keep trying until registered.
      for (;;) {
        try {
          schedule(await register());
          return;
        } catch (err) {
          const error = ConnectError.from(err);
          // A rejected registration (bad type, conflicting kind) will not fix itself;
          // already_exists will once the lease of an earlier process with this host id
          // expires.
          if (error.code !== Code.Unavailable && error.code !== Code.DeadlineExceeded && error.code !== Code.AlreadyExists) {
            await server.close(0);
            throw error;
          }
          emit({ type: "registration-failed", error });
          if (signal?.aborted) throw error;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (leaseId) {
        await link.call((gateway) => gateway.unregister({ leaseId, drain: true }, { timeoutMs: 30_000 })).catch(() => undefined);
      }
      await server.close(5_000);
    },
  };
}
