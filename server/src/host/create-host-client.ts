import type { Registry } from "@bufbuild/protobuf";
import { HostHttpVersion, HostProtocol } from "@actorgate/client/gen";
import type { HostClient, HostEndpoint } from "../runtime/host-client.js";
import { ConnectHostClient } from "./connect-host-client.js";
import { PooledConnectHostClient } from "./pooled-connect-host-client.js";

export interface HostClientOptions {
  readonly registry?: Registry;
  /** Largest host response accepted, over every protocol and HTTP version. */
  readonly maxResponseBytes: number;
  /** CA, and client certificate, for https:// hosts (issue 12). */
  readonly tls?: { readonly ca?: Buffer; readonly cert?: Buffer; readonly key?: Buffer } | undefined;
}

/**
 * Connect over HTTP/1.1 (the SDKs' default) goes through the pooled undici client, the
 * cheap hot path; gRPC, gRPC-Web and HTTP/2 hosts through connect-node.
 */
export function createHostClient(endpoint: HostEndpoint, options: HostClientOptions): HostClient {
  const protocol = endpoint.protocol === HostProtocol.UNSPECIFIED ? HostProtocol.CONNECT : endpoint.protocol;
  if (protocol === HostProtocol.CONNECT && endpoint.httpVersion !== HostHttpVersion.HTTP2) {
    return new PooledConnectHostClient(endpoint, options);
  }
  return new ConnectHostClient(endpoint, options);
}
