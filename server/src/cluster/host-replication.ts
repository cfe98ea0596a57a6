// Hosts are cluster-wide: a registration accepted by any node is copied to every other
// node through a JetStream KV bucket, so every node can call the host and route its
// types. Keys (per lease, so a re-registration never collides with the lease it replaces):
//   r.<lease id>  the RegisterRequest (binary) with the node that accepted it, written once
//   b.<lease id>  the last renewal ({renewedAt}), rewritten by every heartbeat, on any node
// Each node keeps its own lease clock for the copies: a renewal seen here moves the
// lease's expiry, and a lease that runs out is removed here only. A node that sees a
// renewal for a lease it dropped (a late renewal on a loaded node) takes the registration
// back from the bucket. Unregistering, or re-registering under a new lease, deletes the
// keys everywhere. The bucket's values expire (10 lease TTLs): the node a host heartbeats
// to rewrites its registration now and then, so only dead hosts' keys go away.
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { RegisterRequestSchema, type RegisterRequest } from "@actorgate/client/gen";
import type { Logger } from "pino";
import { errorDetails } from "../error-details.js";
import type { HostEntry, Registry } from "../runtime/registry.js";
import type { KvBucket, KvChange } from "./kv-bucket.js";

interface RegistrationValue {
  readonly node: string;
  readonly renewedAt: number;
  /** The secret callbacks are signed with: every node signs with the same one. */
  readonly callbackSecret?: string;
  /** The principal that registered the host (auth on). */
  readonly owner?: string;
  /** RegisterRequest, binary, base64. */
  readonly request: string;
}

interface RenewalValue {
  readonly renewedAt: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const json = (v: unknown) => encoder.encode(JSON.stringify(v));

/**
 * Reasons a host is removed that every node must follow. Not an expiry (each node's own
 * clock; a late renewal can bring the host back) nor an eviction after failed calls.
 */
const CLUSTER_WIDE_REMOVALS = new Set(["unregistered", "re-registered"]);

export class HostReplication {
  /** The registrations this node knows (its own and copies), to write them again. */
  readonly #requests = new Map<string, { readonly req: RegisterRequest; writtenAt: number }>();
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
    this.#requests.set(host.leaseId, { req, writtenAt: Date.now() });
    await this.#writeRegistration(host.leaseId, req);
  }

  /** A heartbeat reached this node (for a host registered here or anywhere). */
  renewed(host: HostEntry): void {
    const known = this.#requests.get(host.leaseId);
    const share = async () => {
      await this.bucket.put(`b.${host.leaseId}`, json({ renewedAt: Date.now() } satisfies RenewalValue));
      // Keep a live host's registration from expiring out of the bucket.
      if (known && Date.now() - known.writtenAt > 3 * this.leaseTtlMs) {
        known.writtenAt = Date.now();
        await this.#writeRegistration(host.leaseId, known.req);
      }
    };
    share().catch((err: unknown) => this.log.warn({ error: errorDetails(err), host: host.hostId }, "could not share a host's lease renewal"));
  }

  #writeRegistration(leaseId: string, req: RegisterRequest): Promise<number> {
    const host = this.registry.leaseOrUndefined(leaseId);
    const value: RegistrationValue = {
      node: this.nodeId,
      renewedAt: Date.now(),
      ...(host?.endpoint.callbackSecret ? { callbackSecret: host.endpoint.callbackSecret } : {}),
      ...(host?.owner ? { owner: host.owner } : {}),
      request: Buffer.from(toBinary(RegisterRequestSchema, req)).toString("base64"),
    };
    return this.bucket.put(`r.${leaseId}`, json(value));
  }

  /** A host left this node's registry. */
  removed(host: HostEntry, reason: string): void {
    if (!CLUSTER_WIDE_REMOVALS.has(reason)) return;
    this.#requests.delete(host.leaseId);
    for (const key of [`r.${host.leaseId}`, `b.${host.leaseId}`]) {
      this.bucket.delete(key).catch((err: unknown) => this.log.warn({ error: errorDetails(err), key }, "could not delete a host entry"));
    }
  }

  #onChange(c: KvChange): void {
    const leaseId = c.key.slice(2);
    try {
      if (c.key.startsWith("r.")) {
        if (c.deleted) {
          this.#requests.delete(leaseId);
          if (this.registry.has(leaseId)) this.registry.unregister(leaseId);
          return;
        }
        this.#apply(leaseId, JSON.parse(decoder.decode(c.value)) as RegistrationValue, undefined);
      } else if (c.key.startsWith("b.") && !c.deleted) {
        const v = JSON.parse(decoder.decode(c.value)) as RenewalValue;
        if (!this.registry.renew(leaseId, v.renewedAt + this.leaseTtlMs)) void this.#recover(leaseId, v.renewedAt);
      }
    } catch (err) {
      this.log.warn({ error: errorDetails(err), key: c.key }, "could not apply a host registration from another node");
    }
  }

  /** Applies a registration copy, unless it is this node's own or already known. */
  #apply(leaseId: string, v: RegistrationValue, renewedAt: number | undefined): void {
    const req = fromBinary(RegisterRequestSchema, Buffer.from(v.request, "base64"));
    const known = this.#requests.get(leaseId);
    if (known) known.writtenAt = Math.max(known.writtenAt, v.renewedAt);
    else this.#requests.set(leaseId, { req, writtenAt: v.renewedAt });
    if (this.registry.has(leaseId)) return;
    const expiresAt = Math.max(v.renewedAt, renewedAt ?? 0) + this.leaseTtlMs;
    if (expiresAt <= Date.now()) return; // a leftover of a host long gone
    this.registry.register(req, { replica: { leaseId, expiresAt, callbackSecret: v.callbackSecret, owner: v.owner } });
  }

  /** A renewal for a lease this node let expire: the host is alive, take it back. */
  async #recover(leaseId: string, renewedAt: number): Promise<void> {
    try {
      const entry = await this.bucket.get(`r.${leaseId}`);
      if (!entry) return;
      this.#apply(leaseId, JSON.parse(decoder.decode(entry.value)) as RegistrationValue, renewedAt);
    } catch (err) {
      this.log.warn({ error: errorDetails(err), lease: leaseId }, "could not recover a host registration");
    }
  }
}
