import { readFileSync } from "node:fs";
import { formatTransport, parseTransport, type Transport } from "./transport.js";
import { UsageError } from "./usage-error.js";

/**
 * Optional features a host may declare (see proto/actorgate/conformance/v1/host.proto).
 * Core cases need none of them and always run.
 */
export const FEATURES = [
  "effects",
  "forward",
  "pipe",
  "broadcast",
  "async",
  "timers",
  "lifecycle",
  "pooled",
  "named",
  "restart",
  "large-payloads",
  "binary-payloads",
] as const;

export type Feature = (typeof FEATURES)[number];

/** A parsed features file: the declared features and, optionally, the transports to run. */
export interface FeaturesFile<F extends string = Feature> {
  readonly features: Set<F>;
  /** Undefined when the file lists none: one run, on whatever the host registers. */
  readonly transports: Transport[] | undefined;
}

/**
 * Parses a features file: `{"features": ["effects", ...], "transports": ["connect+json+http1", ...]}`;
 * unknown feature names and malformed transports are an error. `known` is the feature
 * vocabulary (host features by default; client mode passes the client features).
 */
export function parseFeaturesFile<F extends string = Feature>(
  text: string,
  source = "features file",
  known: readonly F[] = FEATURES as unknown as readonly F[],
): FeaturesFile<F> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  const list = (parsed as { features?: unknown } | null)?.features;
  if (!Array.isArray(list) || !list.every((f) => typeof f === "string")) {
    throw new UsageError(`${source} must look like {"features": ["${known.slice(0, 2).join('", "')}", ...]}`);
  }
  const unknown = list.filter((f) => !(known as readonly string[]).includes(f));
  if (unknown.length) {
    throw new UsageError(`${source}: unknown feature(s) ${unknown.join(", ")}; known: ${known.join(", ")}`);
  }
  const rawTransports = (parsed as { transports?: unknown }).transports;
  if (rawTransports !== undefined && (!Array.isArray(rawTransports) || !rawTransports.every((t) => typeof t === "string"))) {
    throw new UsageError(`${source}: "transports" must be a list of strings like "connect+proto+h2c"`);
  }
  const transports = rawTransports?.map((t: string) => parseTransport(t, source));
  const seen = new Set<string>();
  for (const t of transports ?? []) {
    const name = formatTransport(t);
    if (seen.has(name)) throw new UsageError(`${source}: transport ${name} is listed twice`);
    seen.add(name);
  }
  return { features: new Set(list as F[]), transports: transports?.length ? transports : undefined };
}

/** Parses a host features file and returns its features. */
export function parseFeatures(text: string, source = "features file"): Set<Feature> {
  return parseFeaturesFile(text, source).features;
}

export function loadFeaturesFile<F extends string = Feature>(path: string, known?: readonly F[]): FeaturesFile<F> {
  return parseFeaturesFile(readText(path), path, known);
}

export function loadFeatures(path: string): Set<Feature> {
  return loadFeaturesFile(path).features;
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read features file ${path}: ${(err as Error).message}`);
  }
}

export const ALL_FEATURES: ReadonlySet<Feature> = new Set(FEATURES);
