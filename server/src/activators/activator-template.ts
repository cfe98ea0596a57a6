// Templates of the activator model: how a value of an outside message (a path parameter,
// a header, a CloudEvent attribute, an MQTT topic level, a cron tick) fills the actor
// name, payload fields, metadata or idempotency key. `"user-{path.id}"` is a template;
// `{path.id}` a reference. Each kind says which references it offers, so a typo is a
// start-up error naming the entry, not a runtime surprise.

/** What one message offers: the value of a reference, or undefined when it has none. */
export type Lookup = (ref: string) => string | undefined;

const PLACEHOLDER = /\{([^{}]+)\}/g;

/** The references a template uses, e.g. `["path.name"]` for `"n-{path.name}"`. */
export function templateRefs(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Whether `ref` is one of `offered` (`path.*` offers every `path.x`). */
export function refOffered(ref: string, offered: readonly string[]): boolean {
  return offered.some((o) => (o.endsWith(".*") ? ref.startsWith(o.slice(0, -1)) && ref.length > o.length - 1 : ref === o));
}

/** A missing value that the mapping needs; the caller turns it into invalid_argument. */
export class MissingValueError extends Error {
  constructor(readonly ref: string) {
    super(`the message has no ${ref}`);
    this.name = "MissingValueError";
  }
}

/** Fills a template; a reference with no value throws MissingValueError. */
export function fillTemplate(template: string, lookup: Lookup): string {
  return template.replace(PLACEHOLDER, (_, ref: string) => {
    const value = lookup(ref);
    if (value === undefined) throw new MissingValueError(ref);
    return value;
  });
}

/** A payload field's source: a reference, optionally typed (`query.by:number`). */
export interface FieldSource {
  readonly ref: string;
  readonly as: "string" | "number" | "boolean" | "json";
}

export function parseFieldSource(text: string): FieldSource | string {
  const colon = text.lastIndexOf(":");
  const as = colon > 0 ? text.slice(colon + 1) : "string";
  const ref = colon > 0 ? text.slice(0, colon) : text;
  if (as !== "string" && as !== "number" && as !== "boolean" && as !== "json") {
    return `type ${JSON.stringify(as)} must be string, number, boolean or json`;
  }
  return { ref, as };
}
