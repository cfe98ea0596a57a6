import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { parseNatsActivators } from "./activators/nats-activator-config.js";
import { parseActivators } from "./activators/activator-config.js";
import { parseCallbackAllow } from "./runtime/callback-allow.js";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** A boolean setting: `--cluster` alone, `true`/`false`/`1`/`0` in the environment, a JSON boolean. */
const flag = z.union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")]);
/** Settings given as a bare flag (`--cluster`), not `--name value`. */
const BOOLEAN_SETTINGS = new Set(["cluster", "insecure"]);

/**
 * Every gateway setting, with its default and a doc line (shown by `serve --help`). Sources, highest first:
 * command-line flags (`--log-level debug`), environment (`ACTORGATE_LOG_LEVEL=debug`),
 * the JSON file named by `--config` / `ACTORGATE_CONFIG`, then these defaults.
 */
export const configSchema = z.object({
  port: int(0, 65535).default(9300).describe("TCP port for gRPC, gRPC-Web, Connect and HTTP/JSON. Default 9300."),
  host: z.string().min(1).default("127.0.0.1").describe("Interface to listen on. Default 127.0.0.1; use 0.0.0.0 in containers."),
  store: z.string().min(1).default("sqlite:./data/actorgate.db").describe("State store: `memory`, `sqlite:PATH`, `postgres://…` or `mysql://…`."),
  storeSchema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).optional().describe("Postgres schema for the gateway's tables (created if missing). Default public."),
  bus: z.string().min(1).default("memory").describe("Message bus: `memory` (in-process) or `nats://host:4222[,nats://…]`."),
  nodeId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).default(() => `node-${randomUUID().slice(0, 8)}`).describe("This node's id in logs, leases and the cluster directory. Default: random."),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info").describe("Log level: fatal, error, warn, info, debug, trace or silent. Default info."),
  leaseTtlMs: int(500, 600_000).default(10_000).describe("A host lease expires after this long without a heartbeat (ms). Default 10000."),
  callTimeoutMs: int(10, 3_600_000).default(10_000).describe("Host callback timeout when the type sets none (ms). Default 10000."),
  requestTimeoutMs: int(10, 3_600_000).default(30_000).describe("End-to-end timeout of a client call that sets none, queueing included (ms). Default 30000."),
  deactivationTimeoutMs: int(10, 86_400_000).default(30_000).describe("Idle time before deactivation when the type sets none (ms). Default 30000."),
  snapshotIntervalMs: int(10, 3_600_000).default(2_000).describe("Write-behind flush interval when the type sets none (ms). Default 2000."),
  mailboxCapacity: int(1, 1_000_000).default(1024).describe("Mailbox capacity per actor when the type sets none. Default 1024."),
  maxPayloadBytes: int(1024, 256 * 1024 * 1024).default(4 * 1024 * 1024).describe("Largest payload a client may send (bytes); larger is invalid_argument. Default 4 MiB."),
  maxMetadataBytes: int(1024, 16 * 1024 * 1024).default(64 * 1024).describe("Largest metadata a client may send with a call (bytes of keys and values, at most 256 entries, keys up to 256 characters); larger is invalid_argument. Default 64 KiB."),
  historyRevisions: int(0, 1_000_000).default(100).describe("Replaced revisions kept per actor when the type sets none. Default 100."),
  idempotencyRetentionMs: int(1000, 30 * 86_400_000).default(86_400_000).describe("How long an idempotency key's first result is kept (ms). Default 24 h."),
  hostConcurrency: int(1, 100_000).default(256).describe("Host callbacks in flight per host when the host sets none. Default 256."),
  stateKeys: z.string().optional().describe("`id:base64key,…` AES-256-GCM keys for state at rest; first encrypts. Default none."),
  shutdownTimeoutMs: int(0, 600_000).default(15_000).describe("Longest a graceful shutdown (SIGTERM) takes: calls in flight are answered and state is flushed within it (ms); 0 waits without limit. Default 15000."),
  subscribeBufferSize: int(1, 1_000_000).default(256).describe("Broadcasts buffered per Subscribe stream; a slower client loses the oldest, counted in the next event's `dropped`. Default 256."),
  natsActivators: z
    .unknown()
    .optional()
    .transform((value, ctx) => {
      try {
        return parseNatsActivators(value);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return z.NEVER;
      }
    })
    .describe('JSON array of NATS subjects whose messages invoke an actor action, e.g. `[{"subject":"orders.*.placed","system":"shop","type":"Order","action":"placed","nameToken":2}]`; see server/src/activators/README.md. Default none.'),
  // Activators (issue 14): HTTP routes, CloudEvents, cron, RabbitMQ, MQTT, NATS on one model.
  activators: z
    .unknown()
    .optional()
    .transform((value, ctx) => {
      try {
        return parseActivators(value);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return z.NEVER;
      }
    })
    .describe('JSON array of activators (http, cloudevents, cron, amqp, mqtt, nats), or the path of a JSON file holding one; see server/src/activators/README.md. Default none.'),
  broadcastConcurrency: int(1, 100_000).default(256).describe("Broadcast deliveries (actor turns) running at once per node; the rest wait in order. Default 256."),
  // Registry bounds and host identity (issue 21): a registration flood is refused
  // (`resource_exhausted`, naming the setting) instead of growing the process.
  registryMaxSystems: int(1, 100_000).default(100).describe("Most actor systems hosts may register; more is resource_exhausted. Default 100."),
  registryMaxTypesPerSystem: int(1, 1_000_000).default(10_000).describe("Most actor types known per system (hostless ones in their grace period included); more is resource_exhausted. Default 10000."),
  registryMaxHostsPerSystem: int(1, 1_000_000).default(1_000).describe("Most hosts registered per system at once; more is resource_exhausted. Default 1000."),
  registryMaxDescriptorBytes: int(0, 1024 * 1024 * 1024).default(64 * 1024 * 1024).describe("Most bytes of uploaded protobuf descriptors held (each file counted once, while a host uses it); more is resource_exhausted. Default 64 MiB."),
  registryTypeGraceMs: int(0, 7 * 86_400_000).default(300_000).describe("A type whose last host left stays known this long (calls get unavailable, not not_found), then is forgotten with its descriptors (ms). Default 300000."),
  // Spawn-protocol adapter (issue 15): hosts written with eigr Spawn SDKs register and are
  // called back over it (server/src/spawn/README.md).
  spawnPort: int(0, 65535).optional().describe("Port of the Spawn-protocol adapter for hosts written with eigr Spawn SDKs (they expect 9001); 0 picks a free port. Default unset: no adapter."),
  spawnHostUrl: z
    .string()
    .url()
    .default(() => `http://${process.env["USER_FUNCTION_HOST"] || "127.0.0.1"}:${process.env["USER_FUNCTION_PORT"] || "8091"}`)
    .describe("Base URL of the Spawn SDK host the adapter calls (POST …/api/v1/actors/actions). Default http://$USER_FUNCTION_HOST:$USER_FUNCTION_PORT, i.e. http://127.0.0.1:8091."),
  hostCallbackAllow: z
    .string()
    .default("")
    .transform((value, ctx) => {
      try {
        return parseCallbackAllow(value);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return z.NEVER;
      }
    })
    .describe("Comma list of CIDRs (10.0.0.0/8, ::1/128), addresses or host names (host.example, *.svc.local) hosts may register as callback URLs; others are permission_denied. Default empty: any."),
  // Cluster mode (issue 11): several nodes on one NATS bus and one SQL store.
  cluster: flag.default(false).describe("Join a cluster of gateway nodes (needs --bus nats://… and a postgres:// or mysql:// store). Default false."),
  clusterName: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).default("actorgate").describe("The cluster this node joins: nodes with the same name, bus and store share actors. Default actorgate."),
  clusterPartitions: int(1, 4096).default(64).describe("Partitions the actor space is cut into, the unit a node owns; the same on every node, fixed for the cluster's life. Default 64."),
  clusterNodeTtlMs: int(300, 600_000).default(5_000).describe("A node whose membership is not renewed within this is gone, and its actors move to the others (ms). Default 5000."),
  shutdownDrainMs: int(0, 600_000).default(0).describe("On SIGTERM, keep serving this long with /readyz failing before refusing connections, so load balancers stop sending first (ms). Default 0."),
  // Security (issue 12): TLS, authentication, connection limits, rate limits, CORS.
  tlsCert: z.string().min(1).optional().describe("PEM certificate (chain) file for TLS on the gateway port (ALPN h2 and http/1.1); reloaded when the file changes. Default none: cleartext."),
  tlsKey: z.string().min(1).optional().describe("PEM private key file for --tls-cert; reloaded when it changes."),
  tlsClientCa: z.string().min(1).optional().describe("PEM CA file: with it, clients must show a certificate it signed (mTLS); a certificate's subject CN can be a principal (certificateCn in --auth-file). Default none."),
  hostTlsCa: z.string().min(1).optional().describe("PEM CA file the gateway trusts for https:// host callback URLs (in addition to the system's). Default none."),
  hostTlsCert: z.string().min(1).optional().describe("PEM client certificate the gateway shows to https:// hosts (so they can verify it). Default none."),
  hostTlsKey: z.string().min(1).optional().describe("PEM private key for --host-tls-cert."),
  authFile: z.string().min(1).optional().describe('JSON file of principals: {"principals":[{"name","token"|"tokenSha256"|"certificateCn","roles":["client","host","admin"],"systems","types","actions"}]}. With it (or --auth-jwks) every call must authenticate. Default none.'),
  authJwks: z.string().min(1).optional().describe("JWKS file or http(s) URL whose keys sign accepted JWT bearer tokens (claims sub, actorgate/roles, actorgate/systems). Default none."),
  authJwtIssuer: z.string().min(1).optional().describe("Required `iss` of JWTs. Default: not checked."),
  authJwtAudience: z.string().min(1).optional().describe("Required `aud` of JWTs. Default: not checked."),
  insecure: z
    .union([z.boolean(), z.enum(["true", "false", "1", "0"])])
    .default(false)
    .transform((v) => v === true || v === "true" || v === "1")
    .describe("Allow listening on a non-loopback address without authentication (--auth-file / --auth-jwks). Default false: refuse to start."),
  corsOrigins: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((o) => o.trim()).filter(Boolean))
    .describe("Comma list of browser origins (https://app.example) allowed to call the gateway (CORS, for Connect and gRPC-Web from web apps); `*` allows any. Default none."),
  rateLimitPerSecond: z.coerce.number().min(0).max(10_000_000).default(0).describe("Calls per second (fractions allowed: 0.5 = one every 2 s) each principal (or client address, without auth) may make on average; more is resource_exhausted with retry-after-ms. Default 0: no limit."),
  rateLimitBurst: int(1, 10_000_000).default(100).describe("Calls a principal may make at once before --rate-limit-per-second applies. Default 100."),
  headersTimeoutMs: int(100, 600_000).default(10_000).describe("A connection must send its TLS handshake and a request's headers within this long, or it is closed (slow-loris) (ms). Default 10000."),
  idleTimeoutMs: int(100, 3_600_000).default(65_000).describe("A connection with no request in flight is closed after this long (ms). Default 65000."),
  maxHeaderBytes: int(1024, 1024 * 1024).default(16 * 1024).describe("Largest request header block (bytes); larger is refused (431). Default 16384."),
  maxConnectionsPerClient: int(0, 1_000_000).default(1024).describe("Most connections open at once from one client address; more are closed at once. 0 = no limit. Default 1024."),
  maxStreamsPerConnection: int(1, 100_000).default(1000).describe("Most concurrent HTTP/2 streams (calls) per connection. Default 1000."),
});

export type GatewayConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** A setting had a bad value; the message names the setting and what is allowed. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const KEYS = Object.keys(configSchema.shape) as (keyof GatewayConfig)[];
const toEnv = (key: string) => `ACTORGATE_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
const toFlag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The flag names the CLI accepts, for util.parseArgs. */
export const configFlags = Object.fromEntries(
  KEYS.map((k) => [toFlag(k).slice(2), { type: BOOLEAN_SETTINGS.has(k) ? ("boolean" as const) : ("string" as const) }]),
);

/**
 * Builds the config from flags (already parsed, kebab-case keys), env and an optional
 * JSON file, validates it once, and throws ConfigError naming the bad setting.
 */
export function loadConfig(
  flags: Record<string, string | boolean | undefined> = {},
  env: NodeJS.ProcessEnv = process.env,
  overrides: ConfigInput = {},
): GatewayConfig {
  const file = (flags["config"] as string | undefined) ?? env["ACTORGATE_CONFIG"];
  let fromFile: Record<string, unknown> = {};
  if (file) {
    try {
      fromFile = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (err) {
      throw new ConfigError(`cannot read config file ${file}: ${(err as Error).message}`);
    }
    const unknown = Object.keys(fromFile).filter((k) => !(KEYS as string[]).includes(k));
    if (unknown.length) throw new ConfigError(`unknown setting(s) in ${file}: ${unknown.join(", ")}`);
  }
  const merged: Record<string, unknown> = { ...fromFile, ...overrides };
  for (const key of KEYS) {
    const fromEnv = env[toEnv(key)];
    if (fromEnv !== undefined && fromEnv !== "") merged[key] = fromEnv;
    const fromFlag = flags[toFlag(key).slice(2)];
    if (fromFlag !== undefined) merged[key] = fromFlag;
  }
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? "");
    throw new ConfigError(
      `invalid setting ${key} (${toFlag(key)} / ${toEnv(key)}): ${issue.message}` +
        (merged[key] !== undefined ? `; got ${JSON.stringify(merged[key])}` : ""),
    );
  }
  checkCluster(parsed.data);
  return parsed.data;
}

/** Cluster mode shares actors through NATS and one SQL database; anything else cannot. */
function checkCluster(c: GatewayConfig): void {
  if (!c.cluster) return;
  if (!/^(nats|tls):\/\//.test(c.bus)) {
    throw new ConfigError(
      `invalid setting cluster (--cluster / ACTORGATE_CLUSTER): cluster mode needs a NATS bus (--bus nats://host:4222) ` +
        `for membership, the directory and forwarding; got bus ${JSON.stringify(c.bus)}`,
    );
  }
  if (!/^(postgres|postgresql|mysql):\/\//.test(c.store)) {
    const kind = c.store === "memory" ? "the memory store" : c.store.startsWith("sqlite:") ? "SQLite" : JSON.stringify(c.store);
    throw new ConfigError(
      `invalid setting cluster (--cluster / ACTORGATE_CLUSTER): cluster mode needs a store every node shares ` +
        `(--store postgres://… or mysql://…); ${kind} is private to one process`,
    );
  }
}

/** `serve --help`: every setting with its flag, environment variable and doc line. */
export function settingsHelp(): string {
  return KEYS.map((k) => `  ${toFlag(k).padEnd(28)} ${toEnv(k).padEnd(34)} ${configSchema.shape[k].description ?? ""}`).join("\n");
}
