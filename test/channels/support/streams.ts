// Subscribe streams from the three wire protocols: Connect (connect-node over h2),
// gRPC-Web (connect-node over HTTP/1.1) and gRPC (grpc-js, which shares no code with
// the gateway's Connect stack).

import * as grpc from "@grpc/grpc-js";
import { create, fromBinary, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { ConnectError } from "@connectrpc/connect";
import { codeName } from "@actorgate/client/common";
import { SubscribeRequestSchema, SubscribeResponseSchema, type SubscribeResponse } from "@actorgate/client/gen";
import type { Gateway } from "../../../server/src/gateway.js";
import { client, onCleanup } from "../../support/harness.js";

export type StreamProtocol = "connect" | "grpc" | "grpc-web";
export const PROTOCOLS: readonly StreamProtocol[] = ["connect", "grpc", "grpc-web"];

export interface StreamReader {
  readonly protocol: StreamProtocol;
  readonly events: SubscribeResponse[];
  /** Resolves once at least `n` events have arrived. */
  waitFor(n: number): Promise<SubscribeResponse[]>;
  /** Settles when the stream ends: "ok" for a clean end, else the error's code ("canceled", ...). */
  readonly ended: Promise<string>;
  cancel(): void;
}

type Request = MessageInitShape<typeof SubscribeRequestSchema>;

export function openStream(protocol: StreamProtocol, gw: Gateway, req: Request): StreamReader {
  const events: SubscribeResponse[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const push = (e: SubscribeResponse) => {
    events.push(e);
    for (const w of [...waiters]) {
      if (events.length >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const waitFor = (n: number) =>
    new Promise<SubscribeResponse[]>((resolve) => {
      if (events.length >= n) resolve(events);
      else waiters.push({ n, resolve: () => resolve(events) });
    });
  if (protocol === "grpc") return grpcJsStream(gw, req, events, push, waitFor);

  const abort = new AbortController();
  const c = client(gw, protocol === "grpc-web" ? { protocol, httpVersion: "1.1" } : { protocol: "connect" });
  const ended = (async () => {
    try {
      for await (const e of c.actors.subscribe(req, { signal: abort.signal })) push(e);
      return "ok";
    } catch (err) {
      return codeName(ConnectError.from(err).code);
    }
  })();
  onCleanup(async () => {
    abort.abort();
    await ended;
  });
  return { protocol, events, waitFor, ended, cancel: () => abort.abort() };
}

function grpcJsStream(
  gw: Gateway,
  req: Request,
  events: SubscribeResponse[],
  push: (e: SubscribeResponse) => void,
  waitFor: (n: number) => Promise<SubscribeResponse[]>,
): StreamReader {
  const Ctor = grpc.makeGenericClientConstructor(
    {
      Subscribe: {
        path: "/actorgate.v1.ActorService/Subscribe",
        requestStream: false,
        responseStream: true,
        requestSerialize: (m: ReturnType<typeof create<typeof SubscribeRequestSchema>>) => Buffer.from(toBinary(SubscribeRequestSchema, m)),
        requestDeserialize: (b: Buffer) => fromBinary(SubscribeRequestSchema, b),
        responseSerialize: (m: SubscribeResponse) => Buffer.from(toBinary(SubscribeResponseSchema, m)),
        responseDeserialize: (b: Buffer) => fromBinary(SubscribeResponseSchema, b),
      },
    },
    "ActorService",
  );
  const c = new Ctor(`127.0.0.1:${gw.port}`, grpc.credentials.createInsecure());
  const call = (c as unknown as { Subscribe: (r: unknown) => grpc.ClientReadableStream<SubscribeResponse> }).Subscribe(
    create(SubscribeRequestSchema, req),
  );
  call.on("data", push);
  const ended = new Promise<string>((resolve) => {
    call.on("error", (e: grpc.ServiceError) => resolve(e.code === grpc.status.CANCELLED ? "canceled" : (grpc.status[e.code] ?? String(e.code)).toLowerCase()));
    call.on("status", (s: grpc.StatusObject) => {
      if (s.code === grpc.status.OK) resolve("ok");
    });
  });
  onCleanup(async () => {
    call.cancel();
    await ended;
    c.close();
  });
  return { protocol: "grpc", events, waitFor, ended, cancel: () => call.cancel() };
}
