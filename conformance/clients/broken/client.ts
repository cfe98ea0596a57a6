// A deliberately broken client adapter: the TypeScript client adapter with the kind of
// bugs real client SDKs have. The client cases must catch each one; expected-failures.txt
// lists the cases that do, and `npm run conformance:client-broken` passes only when
// exactly those fail.
//
//   1. Metadata is dropped from every invoke.
//   2. Error codes are derived from the HTTP status, so codes sharing a status collapse
//      (already_exists → aborted, failed_precondition/out_of_range → invalid_argument).
//   3. An absent reply is reported as JSON null.
//   4. Every call gets a random suffix on its idempotency key (so repeats and retries
//      run again).
//   5. Timeouts are not passed on: no deadline reaches the gateway.
//   6. A subscription ignores its event count and runs until cancelled.
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { create, fromJson, toJsonString } from "@bufbuild/protobuf";
import { createActorgateClient, type ActorgateClient } from "@actorgate/client";
import { ClientCommandSchema, ClientOutputSchema, type ClientCommand } from "../../../clients/typescript/src/gen/actorgate/conformance/v1/client_pb.js";
import { clientOptions, createAdapter } from "../typescript/client.js";

// Bug 2: the Connect code → HTTP status table, read backwards.
const BY_STATUS: Record<string, string> = { already_exists: "aborted", failed_precondition: "invalid_argument", out_of_range: "invalid_argument" };

function breakCommand(command: ClientCommand): ClientCommand {
  const c = command.command;
  if (c.case === "invoke") {
    c.value.metadata = {}; // bug 1
    c.value.timeoutMs = 0; // bug 5
  }
  if (c.case === "subscribe") c.value.count = 0; // bug 6
  return command;
}

function breakOutput(line: string): string {
  const out = JSON.parse(line) as { error?: { code: string }; result?: Record<string, unknown> };
  if (out.error && BY_STATUS[out.error.code]) out.error.code = BY_STATUS[out.error.code]!; // bug 2
  if (out.result && "invocationId" in out.result && !("reply" in out.result)) out.result["reply"] = { json: null }; // bug 3
  return JSON.stringify(out);
}

function breakClient(client: ActorgateClient): ActorgateClient {
  const suffix = (key: string | undefined) => (key ? `${key}-${randomUUID().slice(0, 8)}` : key); // bug 4
  return {
    ...client,
    invokeRaw: (actor, action, input, o = {}) => client.invokeRaw(actor, action, input, { ...o, idempotencyKey: suffix(o.idempotencyKey) }),
    invokeAsync: (actor, action, input, o = {}) => client.invokeAsync(actor, action, input, { ...o, idempotencyKey: suffix(o.idempotencyKey) }),
  };
}

const write = (line: string) => process.stdout.write(`${line}\n`);
const { handle, closeAll } = createAdapter(breakClient(createActorgateClient({ url: process.env["ACTORGATE_URL"], ...clientOptions() })), (line) => write(breakOutput(line)));
write(toJsonString(ClientOutputSchema, create(ClientOutputSchema, { output: { case: "ready", value: { name: "broken-client", version: "0" } } })));
const running = new Set<Promise<void>>();
const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (!line.trim()) return;
  const p = handle(breakCommand(fromJson(ClientCommandSchema, JSON.parse(line) as never))).finally(() => running.delete(p));
  running.add(p);
});
lines.on("close", () => {
  closeAll();
  void Promise.allSettled([...running]).then(() => process.exit(0));
});
