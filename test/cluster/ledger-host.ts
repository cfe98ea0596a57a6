// A host process for the cluster failover tests. Every callback is appended to
// $LEDGER_LOG as one JSON line (actor, action, the revision it saw, when it started and
// ended), so a test can prove that no two activations of one actor ever ran at once:
// one activation runs one turn at a time, so overlapping turns of one actor, or two
// state-changing turns that saw the same revision, mean two live activations.
import { appendFileSync } from "node:fs";
import { createHost, defineActor } from "@actorgate/client/host";

const log = process.env["LEDGER_LOG"]!;
const record = (entry: object) => appendFileSync(log, `${JSON.stringify(entry)}\n`);

async function turn<T>(ctx: { actor: { name: string }; action: string; revision: number }, fn: () => T | Promise<T>): Promise<T> {
  const start = performance.timeOrigin + performance.now();
  // A little work at the host, so that turns of two activations would overlap.
  await new Promise((r) => setTimeout(r, 2));
  const out = await fn();
  record({ actor: ctx.actor.name, action: ctx.action, revision: ctx.revision, start, end: performance.timeOrigin + performance.now() });
  return out;
}

const ledger = defineActor<{ value: number }>({
  name: "Ledger",
  kind: "unnamed",
  initialState: () => ({ value: 0 }),
  // Write-behind changes stay in memory long enough for a test to pause their node.
  snapshotIntervalMs: 60_000,
  actions: {
    /** Durable before it answers. */
    add: (input: { by: number }, ctx) =>
      turn(ctx, () => ({ state: { value: ctx.state.value + input.by }, reply: { value: ctx.state.value + input.by }, checkpoint: true })),
    /** Write-behind. */
    addLater: (input: { by: number }, ctx) =>
      turn(ctx, () => ({ state: { value: ctx.state.value + input.by }, reply: { value: ctx.state.value + input.by } })),
    get: (_: unknown, ctx) => turn(ctx, () => ({ reply: { value: ctx.state.value } })),
  },
});

const host = createHost({ system: process.env["SYSTEM"] ?? "ledger", actors: [ledger] });
await host.start();
console.log(`READY ${host.url}`);
process.on("SIGTERM", () => void host.stop().then(() => process.exit(0)));
