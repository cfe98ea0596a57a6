import { UsageError } from "./usage-error.js";

/**
 * The environment variable through which the runner tells a host (or client) which
 * transport to use for this run, e.g. `connect+proto+h2c`.
 */
export const TRANSPORT_ENV = "ACTORGATE_CONFORMANCE_TRANSPORT";

export const PROTOCOLS = ["connect", "grpc", "grpc-web"] as const;
export const CODECS = ["json", "proto"] as const;
export const HTTP_VERSIONS = ["http1", "h2c"] as const;

export type Protocol = (typeof PROTOCOLS)[number];
export type Codec = (typeof CODECS)[number];
export type HttpVersion = (typeof HTTP_VERSIONS)[number];

/** One callback (or client) transport: protocol, codec and HTTP version. */
export interface Transport {
  readonly protocol: Protocol;
  readonly codec: Codec;
  readonly http: HttpVersion;
}

/** `connect+proto+h2c`: the form of the features file, the variable and the report. */
export function formatTransport(t: Transport): string {
  return `${t.protocol}+${t.codec}+${t.http}`;
}

/** Parses `protocol+codec+http`; throws UsageError naming what is wrong. */
export function parseTransport(text: string, source = "transport"): Transport {
  const parts = text.trim().split("+");
  const [protocol, codec, http] = parts;
  const known = `a transport is protocol+codec+http: protocol ${PROTOCOLS.join("|")}, codec ${CODECS.join("|")}, http ${HTTP_VERSIONS.join("|")} (e.g. connect+proto+h2c)`;
  if (parts.length !== 3) throw new UsageError(`${source}: "${text}" is not a transport; ${known}`);
  if (!(PROTOCOLS as readonly string[]).includes(protocol!)) throw new UsageError(`${source}: unknown protocol "${protocol}" in "${text}"; ${known}`);
  if (!(CODECS as readonly string[]).includes(codec!)) throw new UsageError(`${source}: unknown codec "${codec}" in "${text}"; ${known}`);
  if (!(HTTP_VERSIONS as readonly string[]).includes(http!)) throw new UsageError(`${source}: unknown HTTP version "${http}" in "${text}"; ${known}`);
  const t = { protocol, codec, http } as Transport;
  if (t.protocol === "grpc" && t.http !== "h2c") throw new UsageError(`${source}: "${text}": gRPC needs HTTP/2 (use grpc+${t.codec}+h2c)`);
  return t;
}

/** Every valid combination, in the order the report's table lists them. */
export const ALL_TRANSPORTS: readonly Transport[] = PROTOCOLS.flatMap((protocol) =>
  CODECS.flatMap((codec) => HTTP_VERSIONS.filter((http) => protocol !== "grpc" || http === "h2c").map((http) => ({ protocol, codec, http }))),
);

/**
 * The transports to run: the features file's list, narrowed by --transport; --transport
 * alone (no list in the file) runs exactly what it names.
 */
export function chooseTransports(listed: readonly Transport[] | undefined, chosen: readonly string[] | undefined): Transport[] | undefined {
  if (!chosen?.length) return listed ? [...listed] : undefined;
  const wanted = chosen.map((c) => parseTransport(c, "--transport"));
  if (!listed) return wanted;
  const names = new Set(listed.map(formatTransport));
  const missing = wanted.filter((t) => !names.has(formatTransport(t)));
  if (missing.length) {
    throw new UsageError(`--transport ${missing.map(formatTransport).join(", ")}: not in the features file's transports (${[...names].join(", ")})`);
  }
  return wanted;
}
