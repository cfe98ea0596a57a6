// JSON Schema (2020-12, as OpenAPI 3.1 uses) of a protobuf message in its proto3 JSON
// form, from the descriptors hosts uploaded: what an HTTP caller sends and gets back.

import { ScalarType, type DescField, type DescMessage } from "@bufbuild/protobuf";

type Schema = Record<string, unknown>;

const WKT: Record<string, Schema> = {
  "google.protobuf.Value": {},
  "google.protobuf.Struct": { type: "object" },
  "google.protobuf.ListValue": { type: "array" },
  "google.protobuf.Timestamp": { type: "string", format: "date-time" },
  "google.protobuf.Duration": { type: "string", pattern: "^-?[0-9]+(\\.[0-9]+)?s$" },
  "google.protobuf.Empty": { type: "object" },
  "google.protobuf.Any": { type: "object", required: ["@type"], properties: { "@type": { type: "string" } } },
  "google.protobuf.FieldMask": { type: "string" },
};

/** The schema of `message`; nested messages are inlined (recursion stops at `{}`). */
export function messageSchema(message: DescMessage, seen: ReadonlySet<string> = new Set()): Schema {
  const wkt = WKT[message.typeName];
  if (wkt) return wkt;
  if (seen.has(message.typeName)) return { description: `${message.typeName} (recursive)` };
  const inner = new Set(seen).add(message.typeName);
  const properties: Record<string, Schema> = {};
  for (const field of message.fields) properties[field.jsonName] = fieldSchema(field, inner);
  return { type: "object", title: message.typeName, properties, additionalProperties: false };
}

function fieldSchema(field: DescField, seen: ReadonlySet<string>): Schema {
  switch (field.fieldKind) {
    case "scalar":
      return scalarSchema(field.scalar);
    case "enum":
      return { enum: field.enum.values.map((v) => v.name) };
    case "message":
      return messageSchema(field.message, seen);
    case "list":
      return {
        type: "array",
        items: field.listKind === "scalar" ? scalarSchema(field.scalar) : field.listKind === "enum" ? { enum: field.enum.values.map((v) => v.name) } : messageSchema(field.message, seen),
      };
    case "map":
      return {
        type: "object",
        additionalProperties: field.mapKind === "scalar" ? scalarSchema(field.scalar) : field.mapKind === "enum" ? { enum: field.enum.values.map((v) => v.name) } : messageSchema(field.message, seen),
      };
  }
}

function scalarSchema(scalar: ScalarType): Schema {
  switch (scalar) {
    case ScalarType.STRING:
      return { type: "string" };
    case ScalarType.BYTES:
      return { type: "string", contentEncoding: "base64" };
    case ScalarType.BOOL:
      return { type: "boolean" };
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return { type: "number" };
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      // proto3 JSON writes 64-bit integers as strings; numbers are accepted on input.
      return { type: ["string", "integer"] };
    default:
      return { type: "integer" };
  }
}
