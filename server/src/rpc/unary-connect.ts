import { Code, ConnectError } from "@connectrpc/connect";
import { MAX_TIMEOUT_MS } from "./deadline.js";
import {
  codeToHttpStatus,
  contentTypeUnaryJson,
  contentTypeUnaryProto,
  errorToJsonBytes,
  parseContentType,
  parseTimeout,
} from "@connectrpc/connect/protocol-connect";
import { headerValue, type UnaryProtocol, type UnaryResponse } from "./unary-protocol.js";

function answer(res: UnaryResponse, status: number, contentType: string, body: Uint8Array, extra?: Headers): void {
  const headers: Record<string, string> = { "content-type": contentType, "content-length": String(body.byteLength) };
  extra?.forEach((value, key) => {
    headers[key] = value;
  });
  res.writeHead(status, headers);
  res.end(body);
}

/** Connect unary: POST, the message is the body, errors are JSON with an HTTP status. */
export const connectUnary: UnaryProtocol = {
  name: "connect",
  accepts(req) {
    const type = parseContentType(req.headers["content-type"] ?? null);
    if (!type || type.stream) return undefined;
    const encoding = req.headers["content-encoding"];
    if (encoding !== undefined && encoding !== "identity") return undefined;
    return type;
  },
  timeout: (req) => parseTimeout(headerValue(req.headers["connect-timeout-ms"]), MAX_TIMEOUT_MS),
  unwrap: (body) => body,
  succeed(res, message, binary) {
    answer(res, 200, binary ? contentTypeUnaryProto : contentTypeUnaryJson, message);
  },
  fail(res, error, _binary, jsonOptions) {
    answer(res, codeToHttpStatus(error.code), contentTypeUnaryJson, errorToJsonBytes(error, jsonOptions), error.metadata);
  },
  cancelled: () => new ConnectError("the client closed the connection", Code.Canceled),
};
