import { ScalarType, type DescMessage } from "@bufbuild/protobuf";
import { invalidArgument } from "../../errors.js";
import type { CallLink } from "../pipeline.js";

/** The stores' column for a payload's or state's type URL holds this many characters. */
export const MAX_TYPE_URL_LENGTH = 512;

// JSON payloads: stored as UTF-8 JSON text, where a NUL is escaped; any string is fine.
const OPAQUE = new Set(["google.protobuf.Value", "google.protobuf.Struct", "google.protobuf.ListValue"]);

/**
 * Refuses, with invalid_argument naming the field, a request holding a string that no
 * store or subject can hold: a NUL character in any string field (names, keys,
 * metadata, channels, ids, tokens) or a type URL longer than its column. Runs before
 * the implementation, so such a string never reaches a query (where it was `internal`
 * with the database's own message). JSON payload contents are left alone.
 */
export function requestStrings(): CallLink {
  return {
    name: "request-strings",
    handle(call, next) {
      checkStrings(call.descriptor.input, call.message as unknown as Fields, "");
      return next();
    },
  };
}

type Fields = Record<string, unknown>;

/** Throws invalid_argument for the first string in `message` the gateway cannot keep. */
export function checkStrings(schema: DescMessage, message: Fields, path: string): void {
  if (OPAQUE.has(schema.typeName)) return;
  for (const field of schema.fields) {
    let value: unknown;
    if (field.oneof) {
      const oneof = message[field.oneof.localName] as { case?: string; value?: unknown } | undefined;
      if (oneof?.case !== field.localName) continue;
      value = oneof.value;
    } else {
      value = message[field.localName];
    }
    const name = path + field.name;
    switch (field.fieldKind) {
      case "scalar":
        if (field.scalar === ScalarType.STRING) {
          checkString(name, value as string);
          if (schema.typeName === "google.protobuf.Any" && (value as string).length > MAX_TYPE_URL_LENGTH) {
            throw invalidArgument(`${name} must be at most ${MAX_TYPE_URL_LENGTH} characters (got ${(value as string).length})`);
          }
        }
        break;
      case "message":
        if (value) checkStrings(field.message, value as Fields, `${name}.`);
        break;
      case "list":
        if (field.listKind === "scalar" && field.scalar === ScalarType.STRING) {
          for (const item of value as string[]) checkString(`${name}[]`, item);
        } else if (field.listKind === "message") {
          for (const item of value as Fields[]) checkStrings(field.message, item, `${name}[].`);
        }
        break;
      case "map":
        for (const [key, item] of Object.entries(value as Fields)) {
          if (field.mapKey === ScalarType.STRING) checkString(`${name} key`, key);
          if (field.mapKind === "scalar" && field.scalar === ScalarType.STRING) checkString(`${name}[${JSON.stringify(key.slice(0, 64))}]`, item as string);
          else if (field.mapKind === "message") checkStrings(field.message, item as Fields, `${name}[${JSON.stringify(key.slice(0, 64))}].`);
        }
        break;
      default:
        break;
    }
  }
}

function checkString(name: string, value: string): void {
  if (value.includes("\0")) {
    throw invalidArgument(`${name} contains a NUL character (\\u0000), which the gateway cannot store or route: remove it`);
  }
}
