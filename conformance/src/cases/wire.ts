// Wire-level cases: the runner plays the gateway and POSTs invocations straight to the
// host's callback URL (from AdminService.ListHosts), Connect protocol, JSON codec.
import { expectEqual, expectTrue } from "../assertions.js";
import type { Case, CaseContext } from "../case.js";
import { SYSTEM } from "../contract.js";
import { SIGNATURE_HEADER, signCallback, type SignedCall } from "@actorgate/client/host";

const HANDLE = "actorgate.v1.ActorHostService/Handle";

interface HttpReply {
  readonly status: number;
  readonly body: string;
}

async function post(t: CaseContext, path: string, contentType: string, body: string | Uint8Array): Promise<HttpReply> {
  const [host] = await t.env.listHosts();
  if (!host) throw new Error("no host is registered");
  t.log(`→ POST ${host.callbackUrl}/${path} (${contentType}) ${typeof body === "string" ? body.slice(0, 300) : `${body.length} bytes`}`);
  const res = await fetch(`${host.callbackUrl}/${path}`, {
    method: "POST",
    headers: { "content-type": contentType, "connect-protocol-version": "1", ...signature(t, body) },
    body,
    signal: AbortSignal.any([t.signal, AbortSignal.timeout(10_000)]),
  });
  const reply = { status: res.status, body: await res.text() };
  t.log(`← ${reply.status} ${reply.body.slice(0, 300)}`);
  return reply;
}

/**
 * Playing the gateway includes its proof: the callback signature over the invocation's
 * identity (ids and names as the JSON body has them). Bodies that are not JSON objects
 * go unsigned; a host rejects them before it looks for a signature.
 */
function signature(t: CaseContext, body: string | Uint8Array): Record<string, string> {
  const secret = t.env.callbackSecret();
  if (!secret || typeof body !== "string") return {};
  let call: SignedCall;
  try {
    const json = JSON.parse(body) as { invocationId?: unknown; actor?: SignedCall["actor"]; action?: unknown } | null;
    if (typeof json !== "object" || json === null) return {};
    call = {
      invocationId: typeof json.invocationId === "string" ? json.invocationId : "",
      actor: json.actor && typeof json.actor === "object" ? { system: json.actor.system ?? "", type: json.actor.type ?? "", name: json.actor.name ?? "" } : undefined,
      action: typeof json.action === "string" ? json.action : "",
    };
  } catch {
    return {};
  }
  return { [SIGNATURE_HEADER]: signCallback(secret, call) };
}

/** The Connect error code of an error reply, or why it is not a clean one. */
function errorCode(reply: HttpReply): string {
  if (reply.status < 400) return `(HTTP ${reply.status}, not an error)`;
  try {
    const code = (JSON.parse(reply.body) as { code?: unknown }).code;
    return typeof code === "string" ? code : `(HTTP ${reply.status}, no code in the body)`;
  } catch {
    return `(HTTP ${reply.status}, body is not a Connect error: ${reply.body.slice(0, 100)})`;
  }
}

/** After every wire case: the host is alive and still serves calls through the gateway. */
async function hostStillServes(t: CaseContext): Promise<void> {
  expectTrue(t.env.hostRunning(), "the host process is still running");
  expectEqual((await t.call({ type: "Echo" }, "Echo", "still here")).reply, "still here", "Echo through the gateway afterwards");
}

interface WireSpec {
  readonly label: string;
  readonly what: string;
  readonly body: (t: CaseContext) => string | Uint8Array;
  readonly contentType?: string;
  readonly path?: string;
  /** Connect codes that count as a clean refusal. */
  readonly codes: readonly string[];
  /** HTTP statuses that also count as clean (e.g. 415 for a content type the host does not speak). */
  readonly statuses?: readonly number[];
}

const json = (v: unknown) => JSON.stringify(v);
const handle = (type: string, action: string, extra: Record<string, unknown> = {}) =>
  json({ actor: { system: SYSTEM, type, name: type === "Echo" ? "" : "wire" }, action, ...extra });

const REFUSALS: readonly WireSpec[] = [
  { label: "malformed-json", what: "a body that is not JSON", body: () => "{not json", codes: ["invalid_argument"] },
  { label: "wrong-field-types", what: 'a HandleRequest whose actor is a number ({"actor": 5})', body: () => json({ actor: 5, action: "Echo" }), codes: ["invalid_argument"] },
  { label: "unknown-type", what: "an invocation of a type the host does not serve", body: () => handle("NoSuchType", "Process"), codes: ["not_found"] },
  { label: "unknown-action", what: "an invocation of an action Scripted does not have", body: () => handle("Scripted", "NoSuchAction"), codes: ["not_found"] },
  { label: "missing-actor", what: "an invocation without an actor", body: () => json({ action: "Echo" }), codes: ["invalid_argument", "not_found"] },
  {
    label: "process-input-not-object",
    what: "Scripted.Process with the JSON number 42 as input",
    body: () => handle("Scripted", "Process", { payload: { json: 42 } }),
    codes: ["invalid_argument"],
  },
  {
    label: "process-unknown-step",
    what: "Scripted.Process with an unknown step",
    body: () => handle("Scripted", "Process", { payload: { json: { steps: [{ explode: {} }] } } }),
    codes: ["invalid_argument"],
  },
  {
    label: "scripted-state-not-object",
    what: 'Scripted.Process with the state "garbage" (a string, not an object)',
    body: () => handle("Scripted", "Process", { payload: { json: { steps: [{ read: {} }] } }, state: { json: "garbage" }, revision: "3" }),
    codes: ["invalid_argument"],
  },
  {
    label: "recorder-state-malformed",
    what: 'Recorder.Record with the state {"received": 5}',
    body: () => handle("Recorder", "Record", { payload: { json: 1 }, state: { json: { received: 5 } }, revision: "1" }),
    codes: ["invalid_argument"],
  },
  {
    label: "binary-garbage",
    what: "a binary (application/proto) body of random bytes",
    contentType: "application/proto",
    body: () => Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) % 256),
    // gRPC's status code table says "error parsing request proto: INTERNAL", and Connect
    // and gRPC frameworks (connect-es, grpc-java) follow it; others answer invalid_argument.
    // Either is a clean refusal: the body must still be a Connect error and the host live.
    codes: ["invalid_argument", "internal"],
    statuses: [415],
  },
  { label: "unsupported-content-type", what: "a text/plain body", contentType: "text/plain", body: () => "hello", codes: ["invalid_argument", "unimplemented"], statuses: [415] },
  {
    label: "unknown-procedure",
    what: "a POST to actorgate.v1.ActorHostService/NoSuchMethod",
    path: "actorgate.v1.ActorHostService/NoSuchMethod",
    body: () => handle("Echo", "Echo"),
    codes: ["unimplemented", "not_found"],
    statuses: [404],
  },
];

const refusalCase = (spec: WireSpec): Case => ({
  name: `wire/${spec.label}`,
  description:
    `POSTs ${spec.what} straight to the host's Handle endpoint. Asserts: a clean Connect error ` +
    `(${[...spec.codes, ...(spec.statuses ?? []).map((s) => `HTTP ${s}`)].join(" or ")}), never a crash or an ` +
    "internal error, and the host keeps serving calls through the gateway.",
  async run(t) {
    const reply = await post(t, spec.path ?? HANDLE, spec.contentType ?? "application/json", spec.body(t));
    const clean = spec.statuses?.includes(reply.status) || spec.codes.includes(errorCode(reply));
    expectTrue(clean, "the host refused the invocation cleanly", { expected: [...spec.codes, ...(spec.statuses ?? [])], actual: errorCode(reply) });
    await hostStillServes(t);
  },
});

export const wireCases: Case[] = [
  {
    name: "wire/valid-json-invocation",
    description:
      "POSTs a well-formed Echo.Echo invocation as Connect JSON straight to the host. Asserts: HTTP 200 with the " +
      "input as reply ({\"reply\": {\"json\": ...}}), so the direct path the other wire cases use works.",
    async run(t) {
      const reply = await post(t, HANDLE, "application/json", handle("Echo", "Echo", { payload: { json: { x: [1, "ü"] } }, attempt: 1, invocationId: "wire-1" }));
      expectEqual(reply.status, 200, "HTTP status");
      expectEqual((JSON.parse(reply.body) as { reply?: unknown }).reply, { json: { x: [1, "ü"] } }, "HandleResponse.reply");
    },
  },
  ...REFUSALS.map(refusalCase),
];
