import type { HandleRequest, HandleResponse, HostCodec, HostHttpVersion, HostProtocol } from "@actorgate/client/gen";

/** Where and how to reach one host's ActorHostService. */
export interface HostEndpoint {
  readonly callbackUrl: string;
  readonly protocol: HostProtocol;
  readonly codec: HostCodec;
  readonly httpVersion: HostHttpVersion;
  /**
   * The secret this registration shares with the host (issue 12): every callback carries
   * an HMAC of its body under it, so the host can tell the gateway's calls from anyone's.
   */
  readonly callbackSecret?: string;
}

export interface HandleOptions {
  /**
   * Abort the callback (the caller went away or its deadline passed). The runtime keeps
   * deadlines by aborting this at the deadline (reason DEADLINE_PASSED, turn-deadline.ts):
   * a client answers that with deadline_exceeded, and keeps no timer of its own.
   */
  readonly signal?: AbortSignal;
  /** How long the host has: sent as its timeout header (connect-timeout-ms, grpc-timeout). */
  readonly timeoutMs: number;
}

/**
 * Calls one host. Errors are ConnectErrors: the host's own (code, message, details) or
 * a transport failure (`unavailable`, with the socket error as cause).
 */
export interface HostClient {
  handle(request: HandleRequest, options: HandleOptions): Promise<HandleResponse>;
  /** Closes pooled connections. */
  close(): void;
}

export type HostClientFactory = (endpoint: HostEndpoint) => HostClient;
