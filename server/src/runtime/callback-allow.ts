import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { Code } from "@connectrpc/connect";
import { GatewayError } from "../errors.js";

/**
 * Which callback URLs hosts may register (`hostCallbackAllow`): the gateway calls
 * whatever a host names, so an operator can keep it away from addresses it must not
 * reach (metadata services, admin ports, other tenants). Empty allows any.
 */
export interface CallbackAllow {
  /** The list as configured, for messages. */
  readonly source: string;
  /** Addresses and CIDRs (IPv4 and IPv6). */
  readonly addresses: BlockList;
  readonly hasAddresses: boolean;
  /** Exact host names, lower case. */
  readonly names: ReadonlySet<string>;
  /** `*.example.com` entries, stored as `.example.com`. */
  readonly suffixes: readonly string[];
}

/** Parses `10.0.0.0/8,::1,localhost,*.svc.local`; throws naming the bad entry. */
export function parseCallbackAllow(value: string): CallbackAllow | undefined {
  const entries = value
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return undefined;
  const addresses = new BlockList();
  let hasAddresses = false;
  const names = new Set<string>();
  const suffixes: string[] = [];
  for (const entry of entries) {
    const slash = entry.indexOf("/");
    if (slash >= 0) {
      const net = unbracket(entry.slice(0, slash));
      const prefixText = entry.slice(slash + 1);
      const family = isIP(net);
      const prefix = Number(prefixText);
      if (!family || !/^\d{1,3}$/.test(prefixText) || prefix > (family === 4 ? 32 : 128)) {
        throw new Error(`${JSON.stringify(entry)} is not a CIDR: use e.g. 10.0.0.0/8 or fd00::/8`);
      }
      addresses.addSubnet(net, prefix, family === 4 ? "ipv4" : "ipv6");
      hasAddresses = true;
    } else if (isIP(unbracket(entry))) {
      const ip = unbracket(entry);
      addresses.addAddress(ip, isIP(ip) === 4 ? "ipv4" : "ipv6");
      hasAddresses = true;
    } else if (/^\*\.[a-z0-9.-]+$/i.test(entry)) {
      suffixes.push(entry.slice(1).toLowerCase());
    } else if (/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(entry)) {
      names.add(entry.toLowerCase());
    } else {
      throw new Error(`${JSON.stringify(entry)} is neither a CIDR, an IP address nor a host name (e.g. 10.0.0.0/8, ::1, hosts.local, *.svc.local)`);
    }
  }
  return { source: entries.join(","), addresses, hasAddresses, names, suffixes };
}

const unbracket = (host: string) => (host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host);

function addressAllowed(allow: CallbackAllow, ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  if (allow.addresses.check(ip, family === 4 ? "ipv4" : "ipv6")) return true;
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is that IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? allow.addresses.check(mapped[1]!, "ipv4") : false;
}

/**
 * Refuses (permission_denied) a callback URL whose host the list does not allow. A
 * host name is allowed by name, or when every address it resolves to is in an allowed
 * CIDR (checked at registration; DNS that changes later is the operator's to control).
 */
export async function checkCallbackAllowed(allow: CallbackAllow | undefined, url: URL): Promise<void> {
  if (!allow) return;
  const host = unbracket(url.hostname).toLowerCase();
  if (isIP(host)) {
    if (addressAllowed(allow, host)) return;
  } else {
    if (allow.names.has(host) || allow.suffixes.some((s) => host.endsWith(s))) return;
    if (allow.hasAddresses) {
      const resolved = await lookup(host, { all: true }).catch(() => []);
      if (resolved.length > 0 && resolved.every((a) => addressAllowed(allow, a.address))) return;
    }
  }
  throw new GatewayError(
    Code.PermissionDenied,
    `callback_url host ${JSON.stringify(host)} is not allowed by this gateway's hostCallbackAllow ` +
      `(--host-callback-allow / ACTORGATE_HOST_CALLBACK_ALLOW = ${allow.source}); ` +
      "register a callback URL on an allowed address, or ask the operator to allow it",
  );
}
