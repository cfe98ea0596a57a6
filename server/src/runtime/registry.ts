import { randomBytes, randomUUID } from "node:crypto";
import type { MutableRegistry } from "@bufbuild/protobuf";
import { ActorKind, type RegisterRequest } from "@actorgate/client/gen";
import type { GatewayConfig } from "../config.js";
import { Code } from "@connectrpc/connect";
import { GatewayError, failedPrecondition, invalidArgument, notFound, resourceExhausted, unavailable } from "../errors.js";
import type { HostClient, HostClientFactory, HostEndpoint } from "./host-client.js";
import { DescriptorPool, type DescriptorHold } from "./descriptors.js";
import { validateName } from "./names.js";
import { resolveTypeSettings, type TypeSettings } from "./type-settings.js";

/** A registered host process and its lease. */
export class HostEntry {
  /** Activations currently bound to this host; used to spread new ones. */
  activeActors = 0;
  /** Callbacks in flight; used to pick the least busy host for stateless calls. */
  inflight = 0;
  removed = false;
  /** When the host last answered a callback: proof of life, like a heartbeat. */
  lastAnsweredAt = 0;
  /** Unregistering: finishes what it runs but gets no new activations. */
  draining = false;
  /** The uploaded descriptors this registration holds in the pool. */
  descriptors: DescriptorHold = { files: [], types: [] };
  /** Cluster mode: registered through another node and copied here (see cluster/). */
  replica = false;
  /** The principal that registered it (auth on), who alone may renew or end its lease. */
  owner: string | undefined;
  constructor(
    readonly hostId: string,
    readonly leaseId: string,
    readonly system: string,
    readonly endpoint: HostEndpoint,
    readonly capabilities: ReadonlySet<string>,
    readonly typeNames: readonly string[],
    readonly maxConcurrency: number,
    readonly client: HostClient,
    public leaseExpiresAt: number,
  ) {}

  serves(settings: TypeSettings): boolean {
    return !this.removed && !this.draining && settings.requiredCapabilities.every((c) => this.capabilities.has(c));
  }
}

/** A registered actor type and the hosts serving it. */
export class TypeEntry {
  hosts: HostEntry[] = [];
  /** When the last host left; the type is forgotten `registryTypeGraceMs` later. */
  hostlessSince: number | undefined;
  /** Dropped from the registry; activations still holding it look up its successor. */
  forgotten = false;
  /** The principal whose host first registered it (auth on): others need a grant to join. */
  owner: string | undefined;
  constructor(public settings: TypeSettings) {}
}

export interface RegistryEvents {
  /** A host left (unregistered, lease expired, or replaced by a re-registration). */
  onHostRemoved(host: HostEntry, reason: string): void;
  /** A host registered; named types may activate eagerly. */
  onHostAdded(host: HostEntry, types: readonly TypeSettings[]): void;
  /** Types without hosts were forgotten after their grace period ("system/type"). */
  onTypesForgotten?(types: readonly string[]): void;
  /** A host's lease was renewed by its heartbeat (cluster mode tells the other nodes). */
  onHostRenewed?(host: HostEntry): void;
}

/** A registration another node accepted, applied here as it is (cluster mode). */
export interface ReplicaLease {
  readonly leaseId: string;
  readonly expiresAt: number;
  /** The secret the host checks callbacks with (the same on every node). */
  readonly callbackSecret?: string;
  /** The principal that registered it, when auth is on. */
  readonly owner?: string;
}

/**
 * Systems, types and hosts known to this node, bounded: a flood of registrations is
 * refused (`resource_exhausted`) before it can grow the process. Types stay known for
 * `registryTypeGraceMs` after their last host leaves, so calls get `unavailable`
 * (start a host) rather than `not_found`; then they are forgotten, with the uploaded
 * descriptors nothing else uses.
 */
export class Registry {
  readonly #systems = new Map<string, Map<string, TypeEntry>>();
  readonly #leases = new Map<string, HostEntry>();
  readonly #byHostId = new Map<string, HostEntry>();
  readonly #hostsPerSystem = new Map<string, number>();
  readonly #pool: DescriptorPool | undefined;
  #sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: GatewayConfig,
    private readonly clients: HostClientFactory,
    private readonly events: RegistryEvents,
    /** Where uploaded protobuf descriptors go (JSON rendering of binary payloads). */
    descriptors?: MutableRegistry,
    /** The clock for leases and grace periods (tests drive it). */
    private readonly now: () => number = Date.now,
  ) {
    this.#pool = descriptors ? new DescriptorPool(descriptors, config.registryMaxDescriptorBytes) : undefined;
  }

  start(): void {
    const every = Math.max(100, Math.min(1000, Math.floor(this.config.leaseTtlMs / 4), this.config.registryTypeGraceMs || 1000));
    this.#sweeper = setInterval(() => {
      const now = this.now();
      this.expire(now);
      this.forgetHostless(now);
    }, every);
    this.#sweeper.unref();
  }

  /** What the registry holds, for limits, admin views and tests. */
  stats(): { systems: number; types: number; hosts: number; descriptorBytes: number; descriptorTypes: number } {
    let types = 0;
    for (const t of this.#systems.values()) types += t.size;
    return {
      systems: this.#systems.size,
      types,
      hosts: this.#leases.size,
      descriptorBytes: this.#pool?.bytes ?? 0,
      descriptorTypes: this.#pool?.typeCount ?? 0,
    };
  }

  /** Who registered the type first (`owner` undefined without auth); undefined for an unknown type. */
  typeOwner(system: string, type: string): { readonly owner: string | undefined } | undefined {
    return this.#systems.get(system)?.get(type);
  }

  /**
   * Registers a host. `owner`: the registering principal's name, when auth is on. With
   * `replica`, the registration was accepted by another node of the cluster: it keeps
   * that node's lease id and callback secret and replaces whatever this node had for the
   * host id (the other node already checked the lease).
   */
  register(req: RegisterRequest, options: { readonly owner?: string; readonly replica?: ReplicaLease } = {}): HostEntry {
    const replica = options.replica;
    const owner = options.owner ?? replica?.owner;
    validateName("system", req.system);
    validateName("host_id", req.hostId);
    let url: URL;
    try {
      url = new URL(req.callbackUrl);
    } catch {
      throw invalidArgument(`callback_url ${JSON.stringify(req.callbackUrl)} is not a URL: use e.g. http://127.0.0.1:9400`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw invalidArgument(`callback_url must be http:// or https://, got ${url.protocol}`);
    }
    if (req.types.length === 0) throw invalidArgument("a host must register at least one actor type");
    const settings = req.types.map((t) => resolveTypeSettings(req.system, t, this.config));
    const seen = new Set<string>();
    for (const s of settings) {
      if (seen.has(s.name)) throw invalidArgument(`type ${s.name} is listed twice`);
      seen.add(s.name);
    }
    const types = this.#systems.get(req.system);
    for (const s of settings) {
      const known = types?.get(s.name)?.settings;
      if (known && (known.kind !== s.kind || known.stateful !== s.stateful)) {
        throw failedPrecondition(
          `type ${req.system}/${s.name} is already registered as ${ActorKind[known.kind]}` +
            `${known.stateful ? " stateful" : ""}; a host cannot change its kind or statefulness while other hosts serve it`,
        );
      }
    }

    const now = this.now();
    let previous = this.#byHostId.get(req.hostId);
    if (previous && !this.#live(previous, now)) {
      this.#remove(previous, "lease expired");
      previous = undefined;
    }
    if (previous && !replica && (req.leaseId === "" || req.leaseId !== previous.leaseId)) {
      // Whoever knows a host id (ListHosts shows them) must not evict the live host.
      throw new GatewayError(
        Code.AlreadyExists,
        `host id ${JSON.stringify(req.hostId)} is registered and its lease is live; ` +
          (req.leaseId ? "lease_id is not its current lease" : "re-registering it needs its lease_id") +
          ": send the lease id of your previous registration, use another host id, or wait until that lease expires",
      );
    }
    this.#checkLimits(req.system, settings, previous);
    const prepared = this.#pool?.prepare(req.descriptors);

    // Nothing can fail from here on: take the descriptors before the previous
    // registration gives back its own, so types both use are never missing.
    const held = this.#pool?.add(prepared);
    if (previous) this.#remove(previous, "re-registered");

    const endpoint: HostEndpoint = {
      callbackUrl: url.toString().replace(/\/$/, ""),
      protocol: req.protocol,
      codec: req.codec,
      httpVersion: req.httpVersion,
      callbackSecret: replica?.callbackSecret ?? randomBytes(32).toString("base64url"),
    };
    const host = new HostEntry(
      req.hostId,
      replica?.leaseId ?? randomUUID(),
      req.system,
      endpoint,
      new Set(req.capabilities),
      settings.map((s) => s.name),
      req.maxConcurrency || this.config.hostConcurrency,
      this.clients(endpoint),
      replica?.expiresAt ?? now + this.config.leaseTtlMs,
    );
    host.replica = replica !== undefined;
    if (held) host.descriptors = held;
    host.owner = owner;
    const systemTypes = this.#systems.get(req.system) ?? new Map<string, TypeEntry>();
    this.#systems.set(req.system, systemTypes);
    this.#hostsPerSystem.set(req.system, (this.#hostsPerSystem.get(req.system) ?? 0) + 1);
    for (const s of settings) {
      const entry = systemTypes.get(s.name);
      if (entry) {
        entry.settings = s;
        entry.hosts.push(host);
        entry.hostlessSince = undefined;
      } else {
        const created = new TypeEntry(s);
        created.owner = owner;
        created.hosts.push(host);
        systemTypes.set(s.name, created);
      }
    }
    this.#leases.set(host.leaseId, host);
    this.#byHostId.set(host.hostId, host);
    this.events.onHostAdded(host, settings);
    return host;
  }

  heartbeat(leaseId: string): HostEntry {
    const host = this.#leases.get(leaseId);
    if (!host) throw notFound(`lease ${leaseId} is unknown or expired: register again`);
    host.leaseExpiresAt = this.now() + this.config.leaseTtlMs;
    this.events.onHostRenewed?.(host);
    return host;
  }

  /** Another node renewed a lease (cluster mode); false when this node does not know it. */
  renew(leaseId: string, expiresAt: number): boolean {
    const host = this.#leases.get(leaseId);
    if (!host) return false;
    host.leaseExpiresAt = Math.max(host.leaseExpiresAt, expiresAt);
    return true;
  }

  /** The host holding a lease, if known here. */
  leaseOrUndefined(leaseId: string): HostEntry | undefined {
    return this.#leases.get(leaseId);
  }

  /** Whether a lease is known here. */
  has(leaseId: string): boolean {
    return this.#leases.has(leaseId);
  }

  /** The host holding a lease, or not_found. */
  lease(leaseId: string): HostEntry {
    const host = this.#leases.get(leaseId);
    if (!host) throw notFound(`lease ${leaseId} is unknown or expired`);
    return host;
  }

  unregister(leaseId: string): HostEntry {
    const host = this.#leases.get(leaseId);
    if (!host) throw notFound(`lease ${leaseId} is unknown or expired`);
    this.#remove(host, "unregistered");
    return host;
  }

  /** Removes a host whose callbacks fail at the transport level. */
  evict(host: HostEntry, reason: string): void {
    if (!host.removed) this.#remove(host, reason);
  }

  /** The type, or not_found naming what is unknown. */
  resolveType(system: string, type: string): TypeEntry {
    const types = this.#systems.get(system);
    if (!types) throw notFound(`unknown actor system ${JSON.stringify(system)}: no host has registered it`);
    const entry = types.get(type);
    if (!entry) {
      const known = [...types.keys()].slice(0, 20).join(", ");
      throw notFound(`unknown actor type ${JSON.stringify(type)} in system ${system}; registered types: ${known}`);
    }
    return entry;
  }

  /**
   * A live host for the type, preferring the one with the fewest `load`. Throws
   * unavailable when none can run it.
   */
  pickHost(type: TypeEntry, load: (h: HostEntry) => number = (h) => h.activeActors): HostEntry {
    // An activation may outlive its type's entry (forgotten while hostless, then
    // registered again): its hosts are those of the entry that took its place.
    const entry = type.forgotten ? (this.#systems.get(type.settings.system)?.get(type.settings.name) ?? type) : type;
    let best: HostEntry | undefined;
    for (const h of entry.hosts) {
      if (!h.serves(entry.settings)) continue;
      if (!best || load(h) < load(best)) best = h;
    }
    if (!best) {
      const caps = entry.settings.requiredCapabilities;
      throw unavailable(
        `no host is serving ${entry.settings.system}/${entry.settings.name}` +
          (caps.length ? ` with capabilities [${caps.join(", ")}]` : "") +
          ": start a host that registers this type",
      );
    }
    return best;
  }

  hosts(system?: string): HostEntry[] {
    return [...this.#leases.values()].filter((h) => !system || h.system === system);
  }

  types(system: string): TypeEntry[] {
    return [...(this.#systems.get(system)?.values() ?? [])];
  }

  /** Removes hosts whose lease ran out; returns them. */
  expire(now: number): HostEntry[] {
    const expired = [...this.#leases.values()].filter((h) => !this.#live(h, now));
    for (const h of expired) this.#remove(h, "lease expired");
    return expired;
  }

  /**
   * Forgets types that have had no host for `registryTypeGraceMs`, and systems left
   * with no type; returns the forgotten types as "system/type".
   */
  forgetHostless(now: number): string[] {
    const grace = this.config.registryTypeGraceMs;
    const forgotten: string[] = [];
    for (const [system, types] of this.#systems) {
      for (const [name, entry] of types) {
        if (entry.hosts.length > 0 || entry.hostlessSince === undefined || now - entry.hostlessSince < grace) continue;
        entry.forgotten = true;
        types.delete(name);
        forgotten.push(`${system}/${name}`);
      }
      if (types.size === 0 && !this.#hostsPerSystem.get(system)) this.#systems.delete(system);
    }
    if (forgotten.length) this.events.onTypesForgotten?.(forgotten);
    return forgotten;
  }

  /** A host busy answering callbacks may send heartbeats late; its answers count too. */
  #live(host: HostEntry, now: number): boolean {
    return Math.max(host.leaseExpiresAt, host.lastAnsweredAt + this.config.leaseTtlMs) > now;
  }

  /** Refuses a registration that would pass a registry limit, naming the setting. */
  #checkLimits(system: string, settings: readonly TypeSettings[], replacing: HostEntry | undefined): void {
    const c = this.config;
    const types = this.#systems.get(system);
    if (!types && this.#systems.size >= c.registryMaxSystems) {
      throw resourceExhausted(
        `this gateway already holds ${this.#systems.size} actor systems, the limit set by registryMaxSystems ` +
          `(--registry-max-systems = ${c.registryMaxSystems}); register into an existing system, or raise the setting`,
      );
    }
    const hosts = (this.#hostsPerSystem.get(system) ?? 0) - (replacing?.system === system ? 1 : 0);
    if (hosts >= c.registryMaxHostsPerSystem) {
      throw resourceExhausted(
        `system ${system} already has ${hosts} registered hosts, the limit set by registryMaxHostsPerSystem ` +
          `(--registry-max-hosts-per-system = ${c.registryMaxHostsPerSystem}); unregister hosts you no longer run, or raise the setting`,
      );
    }
    const added = settings.filter((s) => !types?.has(s.name)).length;
    const known = types?.size ?? 0;
    if (known + added > c.registryMaxTypesPerSystem) {
      throw resourceExhausted(
        `system ${system} knows ${known} actor types and this registration adds ${added}, over registryMaxTypesPerSystem ` +
          `(--registry-max-types-per-system = ${c.registryMaxTypesPerSystem}); types without hosts are forgotten ` +
          `after registryTypeGraceMs (${c.registryTypeGraceMs} ms), or raise the setting`,
      );
    }
  }

  close(): void {
    if (this.#sweeper) clearInterval(this.#sweeper);
    for (const h of this.#leases.values()) h.client.close();
    this.#leases.clear();
    this.#byHostId.clear();
    this.#hostsPerSystem.clear();
  }

  #remove(host: HostEntry, reason: string): void {
    if (host.removed) return;
    host.removed = true;
    this.#leases.delete(host.leaseId);
    if (this.#byHostId.get(host.hostId) === host) this.#byHostId.delete(host.hostId);
    const left = (this.#hostsPerSystem.get(host.system) ?? 1) - 1;
    if (left > 0) this.#hostsPerSystem.set(host.system, left);
    else this.#hostsPerSystem.delete(host.system);
    const now = this.now();
    for (const name of host.typeNames) {
      const entry = this.#systems.get(host.system)?.get(name);
      if (!entry) continue;
      entry.hosts = entry.hosts.filter((h) => h !== host);
      if (entry.hosts.length === 0) entry.hostlessSince = now;
    }
    this.#pool?.release(host.descriptors);
    host.descriptors = { files: [], types: [] };
    this.events.onHostRemoved(host, reason);
    // Calls already out to the host may still answer (a busy host can miss a
    // heartbeat): close its connections only once they had their time.
    if (host.inflight === 0) host.client.close();
    else setTimeout(() => host.client.close(), this.config.callTimeoutMs).unref();
  }
}
