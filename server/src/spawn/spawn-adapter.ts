import http from "node:http";
import type { AddressInfo } from "node:net";
import { create, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { Code, ConnectError, createContextValues } from "@connectrpc/connect";
import type { Logger } from "pino";
import { HeartbeatRequestSchema } from "@actorgate/client/gen";
import {
  InvocationResponseSchema,
  RegistrationResponseSchema,
  SpawnResponseSchema,
} from "@actorgate/client/gen/spawn";
import { errorDetails } from "../error-details.js";
import { invalidArgument } from "../errors.js";
import type { CallPipeline } from "../rpc/pipeline.js";
import type { SpawnBook } from "./spawn-book.js";
import type { SpawnRequestContext } from "./spawn-call.js";
import { spawnHandlers } from "./spawn-handlers.js";
import { handlerContext, type SpawnGatewayServices } from "./spawn-services.js";
import { spawnFailure } from "./status.js";

export interface SpawnAdapterOptions {
  /** Port of the Spawn endpoints (0: any free port). Spawn SDKs default to 9001. */
  readonly port: number;
  readonly host: string;
  /** Base URL of the Spawn SDK host (its /api/v1/actors/actions). */
  readonly hostUrl: string;
  readonly nodeId: string;
  /** The gateway's call pipeline, built once: every Spawn request's call passes it. */
  readonly pipeline: CallPipeline;
  readonly services: SpawnGatewayServices;
  readonly book: SpawnBook;
  readonly log: Logger;
  /** Largest request body accepted. */
  readonly maxBodyBytes: number;
}

export interface SpawnAdapter {
  readonly port: number;
  /** http://host:port, what SDKs use as their proxy URL. */
  readonly url: string;
  /** Stops accepting, answers requests in flight, stops keeping leases. */
  close(): Promise<void>;
}

const OCTET = "application/octet-stream";
const SPAWN_PATH = /^\/api\/v1\/system\/([^/]+)\/actors\/spawn$/;
const INVOKE_PATH = /^\/api\/v1\/system\/([^/]+)\/actors\/([^/]+)\/invoke$/;

/**
 * The eigr Spawn proxy's HTTP API on its own port, over the gateway: hosts written with
 * Spawn SDKs register here, spawn and invoke actors here, and are called back over the
 * Spawn host protocol (SpawnHostClient). Spawn SDKs send no heartbeats (their sidecar
 * lives as long as they do), so the adapter keeps each registration's lease alive until
 * the registry drops the host (its callbacks stopped reaching it); the SDK registers
 * again when it restarts.
 */
export async function startSpawnAdapter(options: SpawnAdapterOptions): Promise<SpawnAdapter> {
  const { log } = options;
  const leases = new Map<string, { leaseId: string; timer: NodeJS.Timeout }>();
  const forget = (system: string) => {
    clearInterval(leases.get(system)?.timer);
    leases.delete(system);
  };
  // Each registration's lease is renewed as often as its Register answer asks.
  const keep = (system: string, leaseId: string, everyMs: number) => {
    forget(system);
    const timer = setInterval(() => {
      const request = create(HeartbeatRequestSchema, { leaseId });
      Promise.resolve(options.services.hosts.heartbeat(request, handlerContext(internalCtx()))).catch((err: unknown) => {
        if (leases.get(system)?.leaseId !== leaseId) return;
        forget(system);
        log.warn({ system, error: errorDetails(err) }, "Spawn host's lease is gone; it registers again when it restarts");
      });
    }, Math.max(50, everyMs));
    timer.unref();
    leases.set(system, { leaseId, timer });
  };
  const handlers = spawnHandlers({
    pipeline: options.pipeline,
    services: options.services,
    book: options.book,
    hostUrl: options.hostUrl,
    nodeId: options.nodeId,
    onRegistered: (system, lease) => {
      keep(system, lease.leaseId, lease.heartbeatIntervalMs);
      log.info({ system, hostUrl: options.hostUrl }, "Spawn host registered");
    },
    leaseOf: (system) => leases.get(system)?.leaseId,
  });
  let closing: Promise<void> | undefined;

  const server = http.createServer((req, res) => {
    void route(req, res);
  });
  const route = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://spawn");
    const path = url.pathname;
    if (req.method === "GET" && (path === "/health" || path === "/healthz")) {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    let spawnMatch: RegExpMatchArray | null = null;
    let invokeMatch: RegExpMatchArray | null = null;
    const known = path === "/api/v1/system" || (spawnMatch = SPAWN_PATH.exec(path)) !== null || (invokeMatch = INVOKE_PATH.exec(path)) !== null;
    if (!known) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`no Spawn endpoint ${req.method} ${path}; see server/src/spawn/README.md\n`);
      return;
    }
    const schema: DescMessage = spawnMatch ? SpawnResponseSchema : invokeMatch ? InvocationResponseSchema : RegistrationResponseSchema;
    const controller = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) controller.abort(new ConnectError("the Spawn client went away", Code.Canceled));
    });
    try {
      if (req.method !== "POST") throw invalidArgument(`${path} takes POST with a protobuf body, not ${req.method}`);
      const type = req.headers["content-type"];
      if (type && !type.startsWith(OCTET) && !type.startsWith("application/protobuf") && !type.startsWith("application/x-protobuf")) {
        throw invalidArgument(`content-type ${type} is not ${OCTET}: Spawn requests are binary protobuf`);
      }
      const body = await readBody(req, options.maxBodyBytes);
      const ctx: SpawnRequestContext = { headers: headersOf(req), signal: controller.signal };
      let answer;
      if (spawnMatch) {
        answer = await handlers.spawn(decodeURIComponent(spawnMatch[1]!), revisionOf(url), body, ctx);
        send(res, 200, SpawnResponseSchema, answer, closing !== undefined);
      } else if (invokeMatch) {
        answer = await handlers.invoke(decodeURIComponent(invokeMatch[1]!), decodeURIComponent(invokeMatch[2]!), body, ctx);
        send(res, 200, InvocationResponseSchema, answer, closing !== undefined);
      } else {
        answer = await handlers.register(body, ctx);
        send(res, 200, RegistrationResponseSchema, answer, closing !== undefined);
      }
    } catch (err) {
      const failure = spawnFailure(err);
      if (failure.httpStatus === 500) log.debug({ path, error: errorDetails(err) }, "Spawn request failed");
      if (res.headersSent) {
        res.destroy();
        return;
      }
      send(res, failure.httpStatus, schema, create(schema, { status: { status: failure.status, message: failure.message } }), closing !== undefined);
    }
  };

  server.listen(options.port, options.host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host === "0.0.0.0" ? "127.0.0.1" : options.host;
  log.info({ url: `http://${shownHost}:${port}`, hostUrl: options.hostUrl }, "Spawn adapter listening");
  return {
    port,
    url: `http://${shownHost}:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const system of [...leases.keys()]) forget(system);
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

// The adapter's own lease keeping is not a client call: it runs without the pipeline.
const internalCtx = () => ({ signal: new AbortController().signal, timeoutMs: () => undefined, values: createContextValues() });

/** Answers with a protobuf body; while closing, the connection is not kept alive. */
function send<Desc extends DescMessage>(res: http.ServerResponse, status: number, schema: Desc, message: MessageShape<Desc>, closing: boolean): void {
  const bytes = toBinary(schema, message);
  if (closing) res.shouldKeepAlive = false;
  res.writeHead(status, { "content-type": OCTET, "content-length": bytes.byteLength });
  res.end(bytes);
}

function revisionOf(url: URL): number {
  const raw = url.searchParams.get("revision");
  if (raw === null || raw === "") return 0;
  const revision = Number(raw);
  if (!Number.isSafeInteger(revision) || revision < 0) throw invalidArgument(`revision ${JSON.stringify(raw)} is not a revision number`);
  return revision;
}

function headersOf(req: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else if (v !== undefined) headers.set(k, v);
  }
  return headers;
}

function readBody(req: http.IncomingMessage, max: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        if (size - chunk.length > max) return;
        // Answered at once; the rest of the body is read and dropped.
        reject(invalidArgument(`the request body is larger than ${max} bytes (setting maxPayloadBytes)`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}
