import { Code, ConnectError } from "@connectrpc/connect";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { HandleRequestSchema, type ActorRef, type HandleResponse, type Payload } from "@actorgate/client/gen";
import { deadlineExceeded, GatewayError, unavailable } from "../errors.js";
import type { HostEntry } from "./registry.js";
import { TurnDeadline } from "./turn-deadline.js";

/** One invocation as the runtime carries it between client, mailbox and host. */
export interface Call {
  readonly action: string;
  readonly payload: Payload | undefined;
  readonly metadata: { [key: string]: string };
  readonly caller: ActorRef | undefined;
  readonly invocationId: string;
  readonly attempt: number;
  /** Epoch ms after which nobody waits for the result. */
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
  /** Timer and lifecycle turns: they do not count as activity for idle deactivation. */
  readonly internal?: boolean;
}

// Socket errors that mean "nobody is listening there": the host is gone, not slow.
const GONE = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENOTFOUND", "ENETUNREACH"]);

/**
 * Sends one turn to a host and returns its validated result. Every failure is a
 * GatewayError or ConnectError whose code the caller sees; `onGone` is told when the
 * host is unreachable so the registry can drop it.
 *
 * `turn` keeps the call's deadline (a mailbox turn brings the one it was queued with);
 * without one, the call gets its own. At the deadline, or after the type's call timeout,
 * the host request is aborted, so the caller is answered then, not when an HTTP client
 * times out.
 */
export async function callHost(
  host: HostEntry,
  actor: ActorRef,
  call: Call,
  state: Payload | undefined,
  revision: number,
  callTimeoutMs: number,
  onGone: (host: HostEntry, reason: string) => void,
  turn?: TurnDeadline,
): Promise<HandleResponse> {
  const now = Date.now();
  const hostDeadline = Math.min(now + callTimeoutMs, call.deadline);
  const timeoutMs = hostDeadline - now;
  if (timeoutMs <= 0) throw deadlineExceeded(`deadline passed before ${actor.type}.${call.action} could run`);
  if (call.signal?.aborted) throw callerGone(call.signal, "");
  const request = create(HandleRequestSchema, {
    actor,
    action: call.action,
    payload: call.payload,
    state,
    revision: BigInt(revision),
    metadata: call.metadata,
    caller: call.caller,
    invocationId: call.invocationId,
    attempt: call.attempt,
    deadline: timestampFromMs(hostDeadline),
  });
  // Without a mailbox turn the abort of the host request is what answers the caller.
  const own = turn === undefined;
  const deadline = turn ?? new TurnDeadline(hostDeadline, noop);
  const signal = deadline.startHostCall(call.deadline, hostDeadline, call.signal);
  host.inflight++;
  let response: HandleResponse;
  try {
    response = await host.client.handle(request, { timeoutMs, signal });
    host.lastAnsweredAt = Date.now();
  } catch (err) {
    throw hostError(err, host, actor, call, hostDeadline, deadline.expired, onGone);
  } finally {
    host.inflight--;
    if (own) deadline.done();
  }
  // Nobody is waiting for an answer that comes after the caller left or its deadline
  // passed (the caller saw an error), so it must not change the actor either.
  if (call.signal?.aborted) throw callerGone(call.signal, "; the actor's state is unchanged");
  if (deadline.expired || host.lastAnsweredAt >= call.deadline) {
    throw deadlineExceeded(`host ${host.hostId} answered ${actor.type}.${call.action} after its deadline; the actor's state is unchanged`);
  }
  deadline.hostAnswered();
  if (response.state && response.clearState) {
    throw new GatewayError(
      Code.Internal,
      `host ${host.hostId} returned both state and clear_state for ${actor.type}.${call.action}; set one`,
    );
  }
  return response;
}

function noop(): void {}

/**
 * The error for a call whose caller's signal aborted: deadline_exceeded when that was
 * the caller's own deadline (connect-node's handler aborts its signal with one), else
 * canceled.
 */
export function callerGone(signal: AbortSignal, suffix: string): GatewayError {
  const reason: unknown = signal.reason;
  if (reason instanceof ConnectError && reason.code === Code.DeadlineExceeded) {
    return deadlineExceeded(`the call's deadline passed${suffix}`);
  }
  return new GatewayError(Code.Canceled, `the caller cancelled the call${suffix}`);
}

function hostError(
  err: unknown,
  host: HostEntry,
  actor: ActorRef,
  call: Call,
  hostDeadline: number,
  expired: boolean,
  onGone: (host: HostEntry, reason: string) => void,
): Error {
  if (expired) {
    return deadlineExceeded(
      `host ${host.hostId} did not answer ${actor.type}.${call.action} in time; the actor's state is unchanged`,
    );
  }
  const ce = ConnectError.from(err);
  const sysCode = socketCode(ce);
  // The pooled HTTP/1.1 client: the host closed the socket mid-call.
  if (sysCode === "UND_ERR_SOCKET" && !call.signal?.aborted) return droppedConnection(host, actor, call, ce);
  if (sysCode) {
    if (GONE.has(sysCode)) onGone(host, `callback unreachable (${sysCode})`);
    return unavailable(
      `host ${host.hostId} at ${host.endpoint.callbackUrl} failed (${sysCode}) while running ` +
        `${actor.type}.${call.action}; the actor's state is unchanged`,
      err,
    );
  }
  if (ce.code === Code.Internal && /is not in the type registry/.test(ce.rawMessage)) {
    // The gateway could not turn a binary payload into JSON for a JSON-codec host.
    return new GatewayError(
      Code.FailedPrecondition,
      `host ${host.hostId} takes JSON, and ${ce.rawMessage.replace(/^cannot encode [^:]*: /, "")}: ` +
        "send natural JSON, or have a host upload the type's descriptors at registration",
    );
  }
  if (ce.code === Code.Canceled && call.signal?.aborted) return callerGone(call.signal, "; the actor's state is unchanged");
  // Past the deadline the host was given, whatever it answered is its giving up (an
  // action that throws when its signal aborts would otherwise look like its own failure).
  if ((ce.code === Code.DeadlineExceeded && ce.cause === undefined) || Date.now() >= hostDeadline) {
    return deadlineExceeded(
      `host ${host.hostId} did not answer ${actor.type}.${call.action} in time; the actor's state is unchanged`,
    );
  }
  // Nobody here cancelled it: the host's connection (an HTTP/2 stream) went away mid-call.
  if (ce.code === Code.Canceled) return droppedConnection(host, actor, call, ce);
  host.lastAnsweredAt = Date.now(); // the host itself answered with this error
  return withoutExchangeHeaders(ce);
}

function droppedConnection(host: HostEntry, actor: ActorRef, call: Call, ce: ConnectError): Error {
  return unavailable(
    `host ${host.hostId} at ${host.endpoint.callbackUrl} dropped the connection while running ` +
      `${actor.type}.${call.action} (${ce.rawMessage}); the actor's state is unchanged`,
    ce,
  );
}

// Response headers that describe the HTTP exchange with the host, not its error. The
// gateway answers its own client over another connection and maybe another protocol
// (where, say, HTTP/2 forbids connection headers, or a gRPC content type would be a lie).
const EXCHANGE_HEADERS = new Set([
  "connection", "keep-alive", "transfer-encoding", "upgrade", "te", "trailer", "proxy-connection",
  "content-type", "content-length", "content-encoding", "accept-encoding", "date", "server", "vary",
]);

/** Drops the exchange headers from the host's error: its metadata keeps only its own. */
function withoutExchangeHeaders(ce: ConnectError): ConnectError {
  for (const key of [...ce.metadata.keys()]) {
    if (EXCHANGE_HEADERS.has(key) || key.startsWith("grpc-") || key.startsWith("connect-")) ce.metadata.delete(key);
  }
  return ce;
}

/** The errno-style code of a transport failure, if that is what the error was. */
function socketCode(err: ConnectError): string | undefined {
  let cause: unknown = err.cause;
  for (let depth = 0; cause && depth < 4; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && /^(E[A-Z]+|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT)$/.test(code)) return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}
