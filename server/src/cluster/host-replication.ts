// Hosts are cluster-wide: a registration accepted by any node is copied to every other
// node through a JetStream KV bucket, so every node can call the host and route its
// types. Keys (per lease, so a re-registration never collides with the lease it replaces):
//   r.<lease id>  the RegisterRequest (binary) with the node that accepted it, written once
//   b.<lease id>  the last renewal ({renewedAt}), rewritten by every heartbeat, on any node
// Each node keeps its own lease clock for the copies: a renewal seen here moves the
// lease's expiry, and a lease that runs out is removed here and its keys deleted (by
// whichever node notices first; deleting twice is harmless).
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { RegisterRequestSchema, type RegisterRequest } from "@actorgate/client/gen";
import type { Logger } from "pino";
import { errorDetails } from "../error-details.js";
import type { HostEntry, Registry } from "../runtime/registry.js";
import type { KvBucket, KvChange } from "./kv-bucket.js";

interface RegistrationValue {
  readonly node: string;
  readonly renewedAt: number;
  /** RegisterRequest, binary, base64. */
  readonly request: string;
}

interface RenewalValue {
  readonly renewedAt: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const json = (v: unknown) => encoder.encode(JSON.stringify(v));

/** Reasons a host is removed that every node must follow (not evictions after failed calls). */
const CLUSTER_WIDE_REMOVALS = new Set(["unregistered", "lease expired", "re-registered"]);

export class HostReplication {
  /** The requests of the hosts registered here, to copy them (kept until they are removed). */
  readonly #requests = new Map<string, RegisterRequest>();
  /**
   * Registrations older than a lease, seen when this node joined: their host is alive only
   * if its renewals (b.<lease>, written after r.<lease>, so watched after it) are recent.
   * Kept until one is, or the registration is deleted.
   */
  readonly #dormant = new Map<string, RegisterRequest>();
  #watch: { stop(): void } | undefined;

  constructor(
    private readonly bucket: KvBucket,
    private readonly registry: Registry,
    private readonly nodeId: string,
    private readonly leaseTtlMs: number,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.#watch = await this.bucket.watch((c) => this.#onChange(c));
  }

  close(): void {
    this.#watch?.stop();
  }

  /** A host registered through this node: tell the others. */
  async registered(req: RegisterRequest, host: HostEntry): Promise<void> {
    this.#requests.set(host.leaseId, req);
    const value: RegistrationValue = {
      node: this.nodeId,
      renewedAt: Date.now(),
      request: Buffer.from(toBinary(RegisterRequestSchema, req)).toString("base64"),
    };
    await this.bucket.put(`r.${host.leaseId}`, json(value));
  }

  /** A heartbeat reached this node (for a host registered here or anywhere). */
  renewed(host: HostEntry): void {
    this.bucket
      .put(`b.${host.leaseId}`, json({ renewedAt: Date.now() } satisfies RenewalValue))
      .catch((err: unknown) => this.log.warn({ error: errorDetails(err), host: host.hostId }, "could not share a host's lease renewal"));
  }

  /** A host left this node's registry. */
  removed(host: HostEntry, reason: string): void {
    this.#requests.delete(host.leaseId);
    if (!CLUSTER_WIDE_REMOVALS.has(reason)) return;
    for (const key of [`r.${host.leaseId}`, `b.${host.leaseId}`]) {
      this.bucket.delete(key).catch((err: unknown) => this.log.warn({ error: errorDetails(err), key }, "could not delete a host entry"));
    }
  }

  #onChange(c: KvChange): void {
    const leaseId = c.key.slice(2);
    try {
      if (c.key.startsWith("r.")) {
        if (c.deleted) {
          this.#dormant.delete(leaseId);
          if (this.registry.has(leaseId)) this.registry.unregister(leaseId);
          return;
        }
        const v = JSON.parse(decoder.decode(c.value)) as RegistrationValue;
        if (v.node === this.nodeId || this.registry.has(leaseId)) return;
        const expiresAt = v.renewedAt + this.leaseTtlMs;
        const req = fromBinary(RegisterRequestSchema, Buffer.from(v.request, "base64"));
        // Registered more than a lease ago: a host long gone, or a live one whose renewals
        // (b.<lease>) tell. Its registration is not renewed itself.
        if (expiresAt <= Date.now()) this.#dormant.set(leaseId, req);
        else this.registry.register(req, { leaseId, expiresAt });
      } else if (c.key.startsWith("b.")) {
        if (c.deleted) return void this.#dormant.delete(leaseId);
        const v = JSON.parse(decoder.decode(c.value)) as RenewalValue;
        const expiresAt = v.renewedAt + this.leaseTtlMs;
        const dormant = this.#dormant.get(leaseId);
        if (dormant && expiresAt > Date.now()) {
          this.#dormant.delete(leaseId);
          this.registry.register(dormant, { leaseId, expiresAt });
          return;
        }
        this.registry.renew(leaseId, expiresAt);
      }
    } catch (err) {
      this.log.warn({ error: errorDetails(err), key: c.key }, "could not apply a host registration from another node");
    }
  }
}
