import type { DescMethod } from "@bufbuild/protobuf";
import { Code, ConnectError, type Transport } from "@connectrpc/connect";
import { failureKind } from "./failure-kind.js";
import type { GatewayUrls } from "./gateway-urls.js";
import { isRepeatable } from "./repeatable.js";

export interface FailoverTransportOptions {
  /** The URLs and which one is current; shared by every call through this transport. */
  readonly urls: GatewayUrls;
  /** Makes the transport to one URL (once per URL, on first use). */
  readonly transportFor: (url: string) => Transport;
  /** Whether a call that may have run may be sent to another node. Default isRepeatable. */
  readonly repeatable?: (method: DescMethod, input: unknown) => boolean;
}

/**
 * A Transport over several gateway URLs. Each call goes to the current URL; when that
 * node cannot be reached the call moves on to the next URL, within the call's deadline.
 * A call that reached a node which then failed (connection reset mid-call, an
 * `unavailable` answer) may have run there: it is sent to another node only when it is
 * repeatable, otherwise its error is the caller's, and the next call goes elsewhere.
 */
export function createFailoverTransport(options: FailoverTransportOptions): Transport {
  const { urls } = options;
  const repeatable = options.repeatable ?? isRepeatable;
  const transports = new Map<string, Transport>();
  const transportAt = (url: string) => {
    let t = transports.get(url);
    if (!t) transports.set(url, (t = options.transportFor(url)));
    return t;
  };

  async function failover<T>(
    method: DescMethod,
    input: unknown,
    signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
    retry: boolean,
    call: (transport: Transport, timeoutMs: number | undefined) => Promise<T>,
  ): Promise<T> {
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    const candidates = urls.candidates();
    let lastError: unknown;
    for (const [i, url] of candidates.entries()) {
      const left = deadline === undefined ? undefined : deadline - Date.now();
      if (i > 0 && left !== undefined && left <= 0) {
        throw new ConnectError(`the call's deadline passed while trying other gateway URLs; last error: ${ConnectError.from(lastError).message}`, Code.DeadlineExceeded, undefined, undefined, lastError);
      }
      try {
        const res = await call(transportAt(url), left);
        urls.succeeded(url);
        return res;
      } catch (err) {
        // The caller gave up: nothing to say about the node.
        if (signal?.aborted) throw err;
        const kind = failureKind(err);
        if (kind === "answered") throw err;
        urls.failed(url);
        lastError = err;
        if (!retry || (kind === "node-failed" && !repeatable(method, input))) throw err;
      }
    }
    throw lastError;
  }

  return {
    unary(method, signal, timeoutMs, header, input, contextValues) {
      return failover(method, input, signal, timeoutMs, true, (t, ms) => t.unary(method, signal, ms, header, input, contextValues));
    },
    async stream(method, signal, timeoutMs, header, input, contextValues) {
      if (method.methodKind !== "server_streaming") {
        // The request stream can be read only once: one node, no second try.
        return failover(method, undefined, signal, timeoutMs, false, (t, ms) => t.stream(method, signal, ms, header, input, contextValues));
      }
      // A server stream has one request message: keep it, to send it again elsewhere.
      const messages: typeof input extends AsyncIterable<infer M> ? M[] : never = [];
      for await (const m of input) messages.push(m);
      return failover(method, messages[0], signal, timeoutMs, true, (t, ms) =>
        t.stream(method, signal, ms, header, (async function* () { yield* messages; })(), contextValues),
      );
    },
  };
}
