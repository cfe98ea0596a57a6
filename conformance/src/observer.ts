import { Code, ConnectError } from "@connectrpc/connect";
import { HostCodec, HostHttpVersion, HostProtocol, type InvokeRequest, type RegisterRequest } from "@actorgate/client/gen";
import type { CallLink } from "../../server/src/rpc/pipeline.js";
import type { Transport } from "./transport.js";

/** What the runner learns from inside the gateway: registrations, headers, and faults it injects. */
export interface Observer {
  /** The call-pipeline link to hand to createGateway. */
  readonly link: CallLink;
  /** The transport of the latest registration of `hostId`, or of any host when omitted. */
  registeredTransport(hostId?: string): Transport | undefined;
  /** Starts recording the request headers of every Invoke of actors named `name`. */
  watchHeaders(name: string): void;
  /** The request headers of each recorded Invoke of `name`, in arrival order. */
  headersOf(name: string): Headers[];
  /** The idempotency keys of each recorded Invoke of `name`, in arrival order. */
  idempotencyKeysOf(name: string): string[];
  /**
   * The next `times` Invokes of actors named `name` run normally, and then the client
   * gets `unavailable` instead of the reply: a reply lost on the way back.
   */
  loseReplies(name: string, times: number): void;
}

/** The message the client sees when loseReplies drops its reply. */
export const LOST_REPLY_MESSAGE = "conformance: the reply was dropped on purpose after the call ran";

const PROTOCOLS: Record<number, Transport["protocol"]> = {
  [HostProtocol.UNSPECIFIED]: "connect",
  [HostProtocol.CONNECT]: "connect",
  [HostProtocol.GRPC]: "grpc",
  [HostProtocol.GRPC_WEB]: "grpc-web",
};

/** The transport a RegisterRequest asks for, with the gateway's defaults applied. */
export function transportOf(req: RegisterRequest): Transport {
  const protocol = PROTOCOLS[req.protocol] ?? "connect";
  const h2 = req.httpVersion === HostHttpVersion.HTTP2 || (req.httpVersion === HostHttpVersion.UNSPECIFIED && protocol === "grpc");
  return { protocol, codec: req.codec === HostCodec.JSON ? "json" : "proto", http: h2 ? "h2c" : "http1" };
}

export function createObserver(): Observer {
  const registrations = new Map<string, Transport>();
  let latest: Transport | undefined;
  const watched = new Map<string, { headers: Headers[]; keys: string[] }>();
  const faults = new Map<string, number>();

  const link: CallLink = {
    name: "conformance-observer",
    async handle(call, next) {
      if (call.service === "actorgate.v1.HostService" && call.method === "Register") {
        const req = call.message as RegisterRequest;
        await next();
        latest = transportOf(req);
        registrations.set(req.hostId, latest);
        return;
      }
      if (call.service !== "actorgate.v1.ActorService" || call.method !== "Invoke") return next();
      const name = (call.message as InvokeRequest).actor?.name ?? "";
      const record = watched.get(name);
      if (record) {
        record.headers.push(new Headers(call.requestHeader));
        record.keys.push((call.message as InvokeRequest).idempotencyKey);
      }
      const drops = faults.get(name) ?? 0;
      await next();
      if (drops > 0) {
        faults.set(name, drops - 1);
        throw new ConnectError(LOST_REPLY_MESSAGE, Code.Unavailable);
      }
    },
  };

  return {
    link,
    registeredTransport: (hostId) => (hostId === undefined ? latest : registrations.get(hostId)),
    watchHeaders(name) {
      if (!watched.has(name)) watched.set(name, { headers: [], keys: [] });
    },
    headersOf: (name) => watched.get(name)?.headers ?? [],
    idempotencyKeysOf: (name) => watched.get(name)?.keys ?? [],
    loseReplies(name, times) {
      this.watchHeaders(name);
      faults.set(name, times);
    },
  };
}
