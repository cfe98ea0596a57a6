import { loadConfig } from "../../server/src/config.js";
import { createGateway } from "../../server/src/gateway.js";
import { MemoryStore } from "../../server/src/store/memory-store.js";
import { createHost } from "@actorgate/client/host";
import { counter } from "../support/test-actors.js";
import { generateCases } from "./fuzz-cases.js";
import { runCases } from "./fuzz-runner.js";
import pino from "pino";
const lines: string[] = [];
const log = pino({ level: "warn" }, { write: (s: string) => void lines.push(s) });
const gw = await createGateway(loadConfig({}, {}, { port: 0, store: "memory", maxPayloadBytes: 256 * 1024 }), { store: new MemoryStore(), log });
const host = createHost({ system: "test", actors: [counter], gatewayUrl: gw.url });
await host.start();
const cases = generateCases(Number(process.argv[2] ?? 12), Number(process.argv[3] ?? 2000));
const r = await runCases(gw.url, cases, { concurrency: 8, deadlineMs: 10000 });
const groups: Record<string, number[]> = {};
for (const p of r.problems) (groups[`${p.kind} | ${p.problem}`] ??= []).push(p.index);
for (const [k, v] of Object.entries(groups)) {
  const c = cases[v[0]!]!;
  console.log(v.length, k, "e.g.", v[0], c.path, JSON.stringify(c.headers), Buffer.from(c.body.subarray(0, 60)).toString("hex"));
}
console.log(JSON.stringify(r.byAnswer));
console.log("log lines:", lines.length, lines.slice(0, 5).map((l) => l.slice(0, 400)).join("\n"));
await host.stop();
await gw.close();
process.exit(0);
