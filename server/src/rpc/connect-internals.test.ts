// What the Invoke fast path (invoke-fast-path.ts, unary-*.ts) and the call pipeline's
// connect-node adapter (pipeline-interceptor.ts) take from @connectrpc/connect's protocol
// internals, which "do not follow semantic versioning". The versions are pinned exactly;
// when an upgrade changes one of these, this test names the import that changed, so the
// fast path is fixed (or dropped) before it answers wrongly.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { create, toBinary } from "@bufbuild/protobuf";
import * as connect from "@connectrpc/connect";
import * as protocol from "@connectrpc/connect/protocol";
import * as protocolConnect from "@connectrpc/connect/protocol-connect";
import * as protocolGrpc from "@connectrpc/connect/protocol-grpc";
import { ActorService, InvokeRequestSchema, InvokeResponseSchema } from "@actorgate/client/gen";

const { Code, ConnectError } = connect;
const MODULES = {
  "@connectrpc/connect": connect,
  "@connectrpc/connect/protocol": protocol,
  "@connectrpc/connect/protocol-connect": protocolConnect,
  "@connectrpc/connect/protocol-grpc": protocolGrpc,
} as const;

/** Every name the gateway imports from each module, and what it must be. */
const USED: Record<keyof typeof MODULES, Record<string, "function" | "string" | "object">> = {
  "@connectrpc/connect": { Code: "object", ConnectError: "function", createContextValues: "function", createContextKey: "function" },
  "@connectrpc/connect/protocol": { createMethodSerializationLookup: "function", encodeEnvelope: "function", createAsyncIterable: "function" },
  "@connectrpc/connect/protocol-connect": {
    codeToHttpStatus: "function",
    contentTypeUnaryJson: "string",
    contentTypeUnaryProto: "string",
    errorToJsonBytes: "function",
    parseContentType: "function",
    parseTimeout: "function",
  },
  "@connectrpc/connect/protocol-grpc": {
    contentTypeJson: "string",
    contentTypeProto: "string",
    parseContentType: "function",
    parseTimeout: "function",
    setTrailerStatus: "function",
  },
};

/** A message naming the import, for every assertion below. */
const used = (module: keyof typeof MODULES, name: string, what: string) =>
  `the fast path relies on ${name} from ${module}: ${what} (did an upgrade of @connectrpc/connect change it?)`;

describe("@connectrpc/connect internals the fast path relies on", () => {
  for (const [module, names] of Object.entries(USED) as [keyof typeof MODULES, Record<string, string>][]) {
    for (const [name, type] of Object.entries(names)) {
      it(`${module} exports ${name} (${type})`, () => {
        expect(typeof (MODULES[module] as Record<string, unknown>)[name], used(module, name, `an exported ${type}`)).toBe(type);
      });
    }
  }

  it("protocol-connect: content types, timeouts, status codes and error JSON as used", () => {
    const m = "@connectrpc/connect/protocol-connect";
    expect(protocolConnect.contentTypeUnaryJson, used(m, "contentTypeUnaryJson", "application/json")).toBe("application/json");
    expect(protocolConnect.contentTypeUnaryProto, used(m, "contentTypeUnaryProto", "application/proto")).toBe("application/proto");
    expect(protocolConnect.parseContentType("application/json"), used(m, "parseContentType", "unary JSON")).toEqual({ stream: false, binary: false });
    expect(protocolConnect.parseContentType("application/proto"), used(m, "parseContentType", "unary binary")).toEqual({ stream: false, binary: true });
    expect(protocolConnect.parseContentType("application/connect+proto")?.stream, used(m, "parseContentType", "streams marked")).toBe(true);
    expect(protocolConnect.parseContentType(null), used(m, "parseContentType", "undefined without a type")).toBeUndefined();
    expect(protocolConnect.parseTimeout("250", Number.MAX_SAFE_INTEGER), used(m, "parseTimeout", "ms from connect-timeout-ms")).toEqual({ timeoutMs: 250 });
    expect(protocolConnect.parseTimeout(null, Number.MAX_SAFE_INTEGER).timeoutMs, used(m, "parseTimeout", "none without the header")).toBeUndefined();
    expect(protocolConnect.parseTimeout("soon", Number.MAX_SAFE_INTEGER).error?.code, used(m, "parseTimeout", "a ConnectError for a bad header")).toBe(
      Code.InvalidArgument,
    );
    const statuses = [Code.InvalidArgument, Code.NotFound, Code.PermissionDenied, Code.ResourceExhausted, Code.Internal, Code.Unavailable, Code.DeadlineExceeded];
    expect(statuses.map(protocolConnect.codeToHttpStatus), used(m, "codeToHttpStatus", "Connect's code → HTTP status table")).toEqual([
      400, 404, 403, 429, 500, 503, 504,
    ]);
    const bytes = protocolConnect.errorToJsonBytes(new ConnectError("no such actor", Code.NotFound), {});
    expect(JSON.parse(new TextDecoder().decode(bytes)), used(m, "errorToJsonBytes", "the error JSON body")).toEqual({
      code: "not_found",
      message: "no such actor",
    });
  });

  it("protocol-grpc: content types, grpc-timeout and trailers as used", () => {
    const m = "@connectrpc/connect/protocol-grpc";
    expect(protocolGrpc.contentTypeProto, used(m, "contentTypeProto", "application/grpc+proto")).toBe("application/grpc+proto");
    expect(protocolGrpc.contentTypeJson, used(m, "contentTypeJson", "application/grpc+json")).toBe("application/grpc+json");
    expect(protocolGrpc.parseContentType("application/grpc"), used(m, "parseContentType", "binary for plain gRPC")).toEqual({ binary: true });
    expect(protocolGrpc.parseContentType("application/grpc+json"), used(m, "parseContentType", "JSON")).toEqual({ binary: false });
    expect(protocolGrpc.parseContentType("application/grpc-web+proto"), used(m, "parseContentType", "gRPC-Web is not gRPC")).toBeUndefined();
    expect(protocolGrpc.parseTimeout("100m", Number.MAX_SAFE_INTEGER), used(m, "parseTimeout", "grpc-timeout units")).toEqual({ timeoutMs: 100 });
    expect(protocolGrpc.parseTimeout("2S", Number.MAX_SAFE_INTEGER), used(m, "parseTimeout", "grpc-timeout seconds")).toEqual({ timeoutMs: 2000 });
    expect(protocolGrpc.parseTimeout("bad", Number.MAX_SAFE_INTEGER).error, used(m, "parseTimeout", "a ConnectError for a bad header")).toBeInstanceOf(
      ConnectError,
    );
    const ok = protocolGrpc.setTrailerStatus(new Headers(), undefined);
    expect(ok.get("grpc-status"), used(m, "setTrailerStatus", "grpc-status 0 on success")).toBe("0");
    const failed = protocolGrpc.setTrailerStatus(new Headers(), new ConnectError("nope", Code.PermissionDenied));
    expect(failed.get("grpc-status"), used(m, "setTrailerStatus", "the code on failure")).toBe(String(Code.PermissionDenied));
    expect(decodeURIComponent(failed.get("grpc-message") ?? ""), used(m, "setTrailerStatus", "the message on failure")).toBe("nope");
  });

  it("protocol: envelopes, method serialization with read limits, async iterables", async () => {
    const m = "@connectrpc/connect/protocol";
    const envelope = protocol.encodeEnvelope(0, new Uint8Array([7, 8]));
    expect([...envelope], used(m, "encodeEnvelope", "flags, big-endian length, data")).toEqual([0, 0, 0, 0, 2, 7, 8]);

    const lookup = protocol.createMethodSerializationLookup(ActorService.method.invoke, undefined, {}, { readMaxBytes: 64, writeMaxBytes: 0xffffffff });
    const request = create(InvokeRequestSchema, { action: "get", actor: { system: "s", type: "T", name: "n" } });
    const parsed = lookup.getI(true).parse(toBinary(InvokeRequestSchema, request));
    expect(parsed, used(m, "createMethodSerializationLookup", "getI(binary).parse decodes the request")).toMatchObject({ action: "get" });
    const json = lookup.getI(false).parse(new TextEncoder().encode('{"action":"get"}'));
    expect(json, used(m, "createMethodSerializationLookup", "getI(json).parse decodes JSON")).toMatchObject({ action: "get" });
    const out = lookup.getO(false).serialize(create(InvokeResponseSchema, { invocationId: "i" }));
    expect(JSON.parse(new TextDecoder().decode(out)), used(m, "createMethodSerializationLookup", "getO(json).serialize")).toEqual({ invocationId: "i" });
    const tooBig = (() => {
      try {
        lookup.getI(true).parse(new Uint8Array(65));
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(ConnectError.from(tooBig).code, used(m, "createMethodSerializationLookup", "readMaxBytes refused as resource_exhausted")).toBe(
      Code.ResourceExhausted,
    );
    const bad = (() => {
      try {
        lookup.getI(true).parse(new Uint8Array([0xff, 0xff, 0xff]));
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(bad, used(m, "createMethodSerializationLookup", "a ConnectError for bytes that do not parse")).toBeInstanceOf(ConnectError);

    const items: number[] = [];
    for await (const x of protocol.createAsyncIterable([1, 2])) items.push(x);
    expect(items, used(m, "createAsyncIterable", "yields the array")).toEqual([1, 2]);
  });

  it("connect: context values carry what links set", () => {
    const key = connect.createContextKey("none");
    const values = connect.createContextValues();
    values.set(key, "principal");
    expect(values.get(key), used("@connectrpc/connect", "createContextValues", "get returns what set stored")).toBe("principal");
  });
});

describe("@connectrpc/* versions are pinned", () => {
  it("every package.json names an exact version, the one installed", () => {
    const root = fileURLToPath(new URL("../../../", import.meta.url));
    const installed = (JSON.parse(readFileSync(`${root}node_modules/@connectrpc/connect/package.json`, "utf8")) as { version: string }).version;
    for (const file of ["package.json", "server/package.json", "clients/typescript/package.json", "conformance/package.json", "bench/package.json", "examples/counter/package.json"]) {
      const pkg = JSON.parse(readFileSync(root + file, "utf8")) as Record<string, Record<string, string> | undefined>;
      for (const section of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
        for (const [name, range] of Object.entries(pkg[section] ?? {})) {
          if (!name.startsWith("@connectrpc/")) continue;
          expect(range, `${file} ${section} ${name}: pin the exact version the fast path was checked with`).toBe(installed);
        }
      }
    }
  });
});
