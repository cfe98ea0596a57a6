import type { DescMethod, Message } from "@bufbuild/protobuf";
import type { ConnectError, ContextValues } from "@connectrpc/connect";
import { toClientError } from "../errors.js";

/**
 * One RPC call as every link of the call pipeline sees it, whichever way it came in
 * (the Invoke fast path or connect-node) and whatever its protocol. The request message
 * is already decoded; the implementation has not run yet.
 */
export interface RpcCall {
  /** The service's full name, e.g. `actorgate.v1.ActorService`. */
  readonly service: string;
  /** The method's proto name, e.g. `Invoke`. */
  readonly method: string;
  /** `/service/method`, the HTTP path. */
  readonly procedure: string;
  /** The method's descriptor: its kind, input and output schemas, options. */
  readonly descriptor: DescMethod;
  /** The wire protocol of the request (`spawn`: the Spawn-protocol adapter, issue 15). */
  readonly protocol: "connect" | "grpc" | "grpc-web" | "spawn";
  /**
   * Which server code path runs the call. For logs and tests only: a link must behave
   * the same on every path (that is the point of the pipeline). `activator`: an HTTP
   * route, the REST surface, CloudEvents, cron, RabbitMQ, MQTT or NATS (issue 14).
   */
  readonly path: "fast-path" | "connect-node" | "spawn-adapter" | "activator";
  /** The request's HTTP headers (e.g. `authorization`, `traceparent`). */
  readonly requestHeader: Headers;
  /** Aborted when the client goes away (or its call is otherwise cancelled). */
  readonly signal: AbortSignal;
  /** The protocol's timeout (`connect-timeout-ms`, `grpc-timeout`) in ms, if the client sent one. */
  readonly timeoutMs: number | undefined;
  /** The epoch-ms deadline from `timeoutMs`, fixed when the call arrived; undefined without one. */
  readonly deadline: number | undefined;
  /** The decoded request message (for a server stream: its single request). */
  readonly message: Message;
  /**
   * Request-scoped values (connect's `createContextKey`): what a link finds out (a
   * principal, a span) for later links and the implementation, which reads them from
   * its handler context's `values`.
   */
  readonly values: ContextValues;
}

/**
 * One concern wrapped around every call: authentication, authorization, limits,
 * telemetry, logging, error mapping. Links run in the pipeline's order, each around
 * the rest.
 *
 * - To let the call go on, `await next()`; it resolves when the call succeeded (for a
 *   stream: when the stream ended) and rejects with a `ConnectError` (always one, with
 *   its final code) when it failed.
 * - To refuse a call, throw (a `GatewayError` or `ConnectError` with the code the
 *   client should see) before calling `next()`: the runtime never sees the call.
 * - Call `next()` at most once. Returning without calling it is an error (internal).
 * - Links must not depend on `call.path`: the same link runs on every way in.
 */
export interface CallLink {
  /** A short name for logs and diagnostics, e.g. `auth` or `telemetry`. */
  readonly name: string;
  handle(call: RpcCall, next: () => Promise<void>): Promise<void>;
}

/** The ordered links every call passes, built once by the gateway. */
export interface CallPipeline {
  readonly links: readonly CallLink[];
  /**
   * Runs `call` through every link around `implementation`. Whatever fails comes out
   * as the `ConnectError` the client must see.
   */
  run(call: RpcCall, implementation: () => Promise<void>): Promise<void>;
}

/** Builds the pipeline: `links[0]` is outermost, the implementation innermost. */
export function createCallPipeline(links: readonly CallLink[]): CallPipeline {
  const chain = [...links];
  return {
    links: chain,
    async run(call, implementation) {
      // Links always see a ConnectError from next(), with the code the client will get.
      const innermost = async () => {
        try {
          await implementation();
        } catch (err) {
          throw toClientError(err);
        }
      };
      const step = async (i: number): Promise<void> => {
        if (i === chain.length) return innermost();
        const link = chain[i]!;
        let called = false;
        await link.handle(call, () => {
          if (called) return Promise.reject(toClientError(new Error(`link ${link.name} called next() twice`)));
          called = true;
          return step(i + 1);
        });
        if (!called) throw new Error(`link ${link.name} neither called next() nor refused the call`);
      };
      try {
        await step(0);
      } catch (err) {
        throw toClientError(err) satisfies ConnectError;
      }
    },
  };
}
