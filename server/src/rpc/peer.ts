import type { TLSSocket } from "node:tls";
import { createContextKey, createContextValues, type ContextValues } from "@connectrpc/connect";
import type { UnaryRequest } from "./unary-protocol.js";

/** The connection a call came on: where from, and the client certificate it showed (mTLS). */
export interface Peer {
  /** The client's IP address ("" when unknown). */
  readonly address: string;
  /** The subject CN of a client certificate the TLS handshake verified, if any. */
  readonly certificateCn: string | undefined;
}

export const peerKey = createContextKey<Peer | undefined>(undefined, { description: "actorgate peer" });

/** The peer of a request, read lazily (most calls never look at the certificate). */
export function peerOf(req: UnaryRequest): Peer {
  const socket = req.socket as Partial<TLSSocket> | null;
  let cn: string | undefined | null = null;
  return {
    address: socket?.remoteAddress ?? "",
    get certificateCn() {
      if (cn === null) {
        cn = undefined;
        if (socket?.encrypted && socket.authorized && typeof socket.getPeerCertificate === "function") {
          const subjectCn = socket.getPeerCertificate().subject?.CN;
          cn = Array.isArray(subjectCn) ? subjectCn[0] : subjectCn;
        }
      }
      return cn;
    },
  };
}

/** Request-scoped values for a new call, holding its peer (both entries use this). */
export function requestValues(req: UnaryRequest): ContextValues {
  return createContextValues().set(peerKey, peerOf(req));
}
