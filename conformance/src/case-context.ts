import { randomBytes } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { createActorgateClient, fromPayload, toActorRef, toPayload } from "@actorgate/client";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { codeName } from "@actorgate/client/common";
import { CaseFailure } from "./assertions.js";
import type { CallOptions, CallResult, CaseContext, ProcessResult } from "./case.js";
import { contractJson } from "./contract-json.js";
import { asProcessResponse, asRecorderState, SYSTEM, type Target } from "./contract.js";
import type { Controls } from "./environment.js";
import type { Feature } from "./features.js";

const POLL_MS = 25;
// Unique per run, so a rerun against a persistent store (--store postgres://…) never
// meets the actors of an earlier run.
const RUN_ID = randomBytes(3).toString("hex");
let sequence = 0;

export interface CaseContextOptions {
  readonly env: Controls;
  readonly features: ReadonlySet<Feature>;
  readonly signal: AbortSignal;
  /** Receives every trace line of the case. */
  readonly trace: (line: string) => void;
}

export function createCaseContext(options: CaseContextOptions): CaseContext {
  const { env, signal, trace } = options;
  const client = createActorgateClient({
    url: env.gatewayUrl,
    httpVersion: "1.1",
    interceptors: [traceCalls(trace, signal)],
  });
  const ref = (target: Target) => toActorRef({ system: target.system ?? SYSTEM, type: target.type, name: target.name ?? "" });

  const call = async (target: Target, action: string, input?: unknown, o: CallOptions = {}): Promise<CallResult> => {
    const res = await client.actors.invoke(
      {
        actor: ref(target),
        action,
        payload: toPayload(input),
        metadata: o.metadata,
        timeoutMs: o.timeoutMs,
        idempotencyKey: o.idempotencyKey,
      },
      { timeoutMs: o.timeoutMs ? o.timeoutMs + 5_000 : undefined },
    );
    return { reply: fromPayload(res.reply), payload: res.reply, revision: Number(res.revision), invocationId: res.invocationId };
  };

  return {
    client,
    env,
    features: options.features,
    signal,
    name: (label = "a") => `${label}-${RUN_ID}-${++sequence}`,
    call,
    async process(name, steps, o) {
      const result = await call({ type: "Scripted", name }, "Process", { steps }, o);
      let parsed: ProcessResult["response"] | undefined;
      return {
        ...result,
        get response() {
          return (parsed ??= asProcessResponse(result.reply));
        },
      };
    },
    async received(name) {
      return asRecorderState((await call({ type: "Recorder", name }, "Get")).reply).received;
    },
    async deactivate(target) {
      return (await client.admin.deactivate({ actor: ref(target) })).wasActive;
    },
    async stateOf(target) {
      try {
        return await client.getState(ref(target));
      } catch (err) {
        // An inactive actor that never had state has nothing stored: that is "no state".
        if (ConnectError.from(err).code === Code.NotFound) return { state: undefined, revision: 0 };
        throw err;
      }
    },
    async eventually(what, probe, accept, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await probe();
        if (accept(value)) return value;
        if (Date.now() > deadline) throw new CaseFailure(`${what}: not seen within ${timeoutMs} ms; last seen:`, { expected: what, actual: value });
        await delay(POLL_MS, undefined, { signal });
      }
    },
    async holds(what, probe, ok, forMs) {
      const until = Date.now() + forMs;
      for (;;) {
        const value = await probe();
        if (!ok(value)) throw new CaseFailure(what, { expected: what, actual: value });
        if (Date.now() > until) return value;
        await delay(POLL_MS, undefined, { signal });
      }
    },
    log: trace,
  };
}

/** Logs each call and its outcome, and ends the call when the case is abandoned. */
function traceCalls(trace: (line: string) => void, caseSignal: AbortSignal): Interceptor {
  return (next) => async (req) => {
    const started = Date.now();
    const request = req.stream ? undefined : req.message;
    trace(`→ ${req.method.parent.name}/${req.method.name} ${request ? show(() => JSON.stringify(contractJson(request))) : "(stream)"}`);
    try {
      const res = await next({ ...req, signal: AbortSignal.any([req.signal, caseSignal]) });
      const message = res.stream ? undefined : res.message;
      if (message) trace(`← ${show(() => JSON.stringify(contractJson(message)))} (${Date.now() - started} ms)`);
      return res;
    } catch (err) {
      const e = ConnectError.from(err);
      trace(`✗ ${codeName(e.code)}: ${e.rawMessage} (${Date.now() - started} ms)`);
      throw err;
    }
  };
}

function show(render: () => string): string {
  try {
    const text = render();
    return text.length > 600 ? `${text.slice(0, 600)}…(${text.length} chars)` : text;
  } catch (err) {
    return `(cannot render: ${(err as Error).message})`;
  }
}
