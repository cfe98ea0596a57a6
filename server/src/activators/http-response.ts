// Answers of the HTTP activators (routes, REST surface, CloudEvents, OpenAPI): JSON
// bodies, and Connect codes mapped to HTTP statuses with a JSON error body, the same
// `{"code","message"}` shape the Connect protocol's errors have.

import type { ServerResponse } from "node:http";
import { toJson, type Registry } from "@bufbuild/protobuf";
import { anyUnpack, ValueSchema } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { codeToHttpStatus } from "@connectrpc/connect/protocol-connect";
import { codeName } from "@actorgate/client/common";
import type { Payload } from "@actorgate/client/gen";
import { toClientError } from "../errors.js";
import type { UnaryResponse } from "../rpc/unary-protocol.js";

/** Connect codes to HTTP statuses: Connect's own table, with the few a REST client expects differently. */
export function httpStatusOf(code: Code): number {
  switch (code) {
    case Code.FailedPrecondition:
      return 409;
    case Code.Aborted:
      return 409;
    case Code.DeadlineExceeded:
      return 504;
    default:
      return codeToHttpStatus(code);
  }
}

export function sendJson(res: UnaryResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  (res as ServerResponse).writeHead(status, {
    ...(text ? { "content-type": "application/json" } : {}),
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** The error as the client sees it: status from its code, `{"code","message"}` body. */
export function sendError(res: UnaryResponse, err: unknown, headers: Record<string, string> = {}): void {
  const ce = toClientError(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, httpStatusOf(ce.code), { code: codeName(ce.code), message: ce.rawMessage }, headers);
}

/** A reply as JSON: JSON replies as they are, protobuf replies when their descriptor is known. */
export function replyJson(reply: Payload | undefined, descriptors: Registry): unknown {
  switch (reply?.kind.case) {
    case "json":
      return toJson(ValueSchema, reply.kind.value);
    case "binary": {
      const message = anyUnpack(reply.kind.value, descriptors);
      const schema = message && descriptors.getMessage(message.$typeName);
      if (!schema) return { "@type": reply.kind.value.typeUrl, value: Buffer.from(reply.kind.value.value).toString("base64") };
      return { "@type": reply.kind.value.typeUrl, ...(toJson(schema, message, { registry: descriptors }) as object) };
    }
    default:
      return undefined;
  }
}
