import { expectEqual, expectTrue } from "../../assertions.js";
import type { ClientCase } from "../client-case.js";
import { expectFailure, expectOk } from "./expect.js";

// The codes a host may fail with; the gateway passes each through unchanged (the host
// suite checks that). canceled, deadline_exceeded and unavailable have their own cases.
const CODES = [
  "invalid_argument",
  "not_found",
  "already_exists",
  "permission_denied",
  "resource_exhausted",
  "failed_precondition",
  "aborted",
  "out_of_range",
  "unimplemented",
  "internal",
  "data_loss",
  "unauthenticated",
  "unknown",
];

const codeCase = (code: string): ClientCase => ({
  name: `errors/${code}`,
  description:
    `Runs a Scripted turn that fails with ${code} and a message with Unicode, quotes and markup. Asserts: the ` +
    "client reports exactly that code and that message (not an HTTP status, not a prefixed or escaped message).",
  async run(t) {
    const message = `${code}: ünïcødé ✓ "quoted" <tag> & 🎉`;
    const a = await t.invoke({ actor: { type: "Scripted", name: t.name("scripted") }, action: "Process", payload: { steps: [{ fail: { code, message } }] } });
    expectFailure(a, code, `failing with ${code}`, message);
  },
});

export const errorCases: ClientCase[] = [
  ...CODES.map(codeCase),
  {
    name: "errors/unknown-type-is-not-found",
    description: "Invokes a type no host serves. Asserts: the client reports not_found (the gateway's error).",
    async run(t) {
      expectFailure(await t.invoke({ actor: { type: "NoSuchType", name: "x" }, action: "Do" }), "not_found", "NoSuchType.Do");
    },
  },
  {
    name: "errors/bad-actor-name-is-invalid-argument",
    description: "Invokes Scripted with an actor name containing a newline and a NUL. Asserts: the client reports invalid_argument.",
    async run(t) {
      expectFailure(await t.invoke({ actor: { type: "Scripted", name: "bad\nname\u0000" }, action: "Process", payload: { steps: [] } }), "invalid_argument", "a bad actor name");
    },
  },
  {
    name: "errors/client-works-after-errors",
    description: "Runs three failing calls, then a good one on the same client. Asserts: the good call succeeds with the right reply.",
    async run(t) {
      for (const code of ["internal", "not_found", "invalid_argument"]) {
        await t.invoke({ actor: { type: "Scripted", name: t.name("scripted") }, action: "Process", payload: { steps: [{ fail: { code, message: "x" } }] } });
      }
      const a = await t.invoke({ actor: { type: "Echo" }, action: "Echo", payload: "still fine" });
      expectOk(a, "Echo.Echo after the errors");
      expectEqual(a.reply, "still fine", "the reply");
    },
  },
  {
    name: "deadlines/exceeded",
    description:
      "Invokes Scripted.Process with a 300 ms timeout; the turn sleeps 3 s. Asserts: the client reports " +
      "deadline_exceeded within 2.5 s, and the turn's change (set a) is never applied.",
    async run(t) {
      const name = t.name("deadline");
      const a = await t.invoke({ actor: { type: "Scripted", name }, action: "Process", timeoutMs: 300, payload: { steps: [{ sleep: { ms: 3_000 } }, { set: { key: "a", value: 1 } }] } });
      expectFailure(a, "deadline_exceeded", "a 3 s turn with a 300 ms timeout");
      expectTrue(a.elapsedMs < 2_500, "the client gave up within 2.5 s", { expected: "< 2500 ms", actual: `${a.elapsedMs} ms` });
      expectEqual((await t.gateway.stateOf({ type: "Scripted", name })).state, undefined, "the actor's state afterwards");
    },
  },
  {
    name: "deadlines/generous-timeout-succeeds",
    description: "Invokes Scripted.Process with a 5 s timeout; the turn sleeps 200 ms. Asserts: the call succeeds (the timeout is not taken as seconds too short or as an immediate deadline).",
    async run(t) {
      const a = await t.invoke({ actor: { type: "Scripted", name: t.name("deadline") }, action: "Process", timeoutMs: 5_000, payload: { steps: [{ sleep: { ms: 200 } }, { set: { key: "a", value: 1 } }] } });
      expectOk(a, "a 200 ms turn with a 5 s timeout");
      expectEqual(a.revision, 1, "revision");
    },
  },
  {
    name: "deadlines/timeout-reaches-the-host",
    description:
      "Invokes Scripted.Process (read only) with a 4 s timeout. Asserts: the host was given a deadline no more than " +
      "4 s (+1 s slack) after the call was sent, so the client passed its timeout on.",
    async run(t) {
      const sent = Date.now();
      const a = await t.invoke({ actor: { type: "Scripted", name: t.name("deadline") }, action: "Process", timeoutMs: 4_000, payload: { steps: [] } });
      expectOk(a, "Scripted.Process");
      const deadline = (a.reply as { deadline?: string } | undefined)?.deadline;
      const at = deadline ? Date.parse(deadline) : NaN;
      expectTrue(Number.isFinite(at) && at <= sent + 5_000, "the host saw a deadline within the client's timeout", { expected: `<= ${new Date(sent + 5_000).toISOString()}`, actual: deadline ?? "(none)" });
    },
  },
];
