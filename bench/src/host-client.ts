// How much CPU one gateway → host callback costs the caller, per HTTP client: the
// evidence behind the gateway's pooled undici client (server/src/host/).
//
//   npm run bench:host-client [-- --seconds 5]
//
// Starts the bench host standalone (the TS SDK's ActorHostService on HTTP/1.1 + h2c),
// then, in this process, runs a closed loop of callers with each client in turn at
// concurrency 64 and 1, sending the HandleRequest the gateway sends (counter `add` over
// 1000 keys, with state). It measures this process's CPU per completed call (user +
// system, process.cpuUsage) and calls/s, and writes bench/results/host-client.md with
// every figure also as a ratio to connect-node over HTTP/2 (the gateway's client before).
import http from "node:http";
import { writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { create, fromJson } from "@bufbuild/protobuf";
import { timestampFromMs, ValueSchema } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { ActorHostService, HandleRequestSchema, HostCodec, HostHttpVersion, HostProtocol, PayloadSchema } from "@actorgate/client/gen";
import { PooledConnectHostClient } from "../../server/src/host/pooled-connect-host-client.js";
import { ROOT, stopAll } from "./procs.js";
import { startHost } from "./sut.js";

interface Client {
  readonly name: string;
  readonly call: (req: ReturnType<typeof request>) => Promise<unknown>;
  readonly close: () => void;
}

const counts = new Map<string, number>();
function request() {
  const name = `k${Math.floor(Math.random() * 1000)}`;
  const n = counts.get(name) ?? 0;
  counts.set(name, n + 1);
  const json = (v: unknown) => create(PayloadSchema, { kind: { case: "json", value: fromJson(ValueSchema, v as never) } });
  return create(HandleRequestSchema, {
    actor: { system: "bench", type: "Counter", name },
    action: "add",
    payload: json({ by: 1 }),
    state: n > 0 ? json({ value: n }) : undefined,
    revision: BigInt(n),
    invocationId: "bench",
    attempt: 1,
    deadline: timestampFromMs(Date.now() + 10_000),
  });
}

function clients(url: string): Client[] {
  const connectH2 = () => {
    const session = new Http2SessionManager(url);
    const c = createClient(ActorHostService, createConnectTransport({ baseUrl: url, httpVersion: "2", useBinaryFormat: true, sessionManager: session }));
    return { name: "connect-node, HTTP/2 (the gateway's client before)", call: (r) => c.handle(r, { timeoutMs: 10_000 }), close: () => session.abort() } satisfies Client;
  };
  const connectH1 = () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
    const c = createClient(ActorHostService, createConnectTransport({ baseUrl: url, httpVersion: "1.1", useBinaryFormat: true, nodeOptions: { agent } }));
    return { name: "connect-node, HTTP/1.1 keep-alive", call: (r) => c.handle(r, { timeoutMs: 10_000 }), close: () => agent.destroy() } satisfies Client;
  };
  const pooled = () => {
    const endpoint = { callbackUrl: url, protocol: HostProtocol.CONNECT, codec: HostCodec.PROTO, httpVersion: HostHttpVersion.HTTP1 };
    const c = new PooledConnectHostClient(endpoint, { maxResponseBytes: 1 << 20 });
    return { name: "PooledConnectHostClient, undici HTTP/1.1 (the gateway's client now)", call: (r) => c.handle(r, { timeoutMs: 10_000 }), close: () => c.close() } satisfies Client;
  };
  return [connectH2(), connectH1(), pooled()];
}

async function measure(client: Client, concurrency: number, seconds: number): Promise<{ rate: number; cpuMsPerCall: number }> {
  let done = 0;
  let stop = false;
  const loop = async () => {
    while (!stop) {
      await client.call(request());
      done++;
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  await new Promise((r) => setTimeout(r, 2000)); // warm-up
  const d0 = done;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = process.cpuUsage(c0);
  const elapsed = (performance.now() - t0) / 1000;
  const calls = done - d0;
  stop = true;
  await Promise.all(loops);
  return { rate: calls / elapsed, cpuMsPerCall: (cpu.user + cpu.system) / 1000 / calls };
}

const { values } = parseArgs({ options: { seconds: { type: "string", default: "5" } } });
const seconds = Number(values.seconds);
const host = await startHost("direct", tmpdir());
try {
  const rows: string[] = [];
  for (const concurrency of [64, 1]) {
    const results: { name: string; rate: number; cpuMsPerCall: number }[] = [];
    for (const c of clients(host.url)) {
      const r = await measure(c, concurrency, seconds);
      c.close();
      results.push({ name: c.name, ...r });
      console.log(`[host-client] c=${concurrency} ${c.name}: ${r.rate.toFixed(0)} calls/s, ${(r.cpuMsPerCall * 1000).toFixed(0)} µs CPU/call`);
    }
    const base = results[0]!;
    for (const r of results) {
      rows.push(
        `| ${concurrency} | ${r.name} | ${r.rate.toFixed(0)} (${(r.rate / base.rate).toFixed(2)}×) | ${(r.cpuMsPerCall * 1000).toFixed(0)} (${(r.cpuMsPerCall / base.cpuMsPerCall).toFixed(2)}×) |`,
      );
    }
  }
  const md = [
    "# Gateway → host callback: CPU per call by HTTP client",
    "",
    `Run ${new Date().toISOString()} on ${cpus()[0]?.model.trim()} × ${cpus().length}, Node ${process.version}. Command: \`npm run bench:host-client -- --seconds ${seconds}\` (2 s warm-up + ${seconds} s per row).`,
    "",
    "The caller sends the gateway's HandleRequest (counter `add` with state, 1000 keys, Connect binary) to the bench host (`bench/src/host.ts direct`, a separate process) in a closed loop. CPU is the calling process's user + system time per completed call: what the gateway pays per callback for the HTTP exchange and (de)serialization. Ratios are to connect-node over HTTP/2 in the same run.",
    "",
    "| concurrency | client | calls/s (×before) | caller CPU µs/call (×before) |",
    "| ---: | --- | ---: | ---: |",
    ...rows,
    "",
    "Calls/s include the host's own cost (same host for every row), so they move less than the caller's CPU.",
    "",
  ].join("\n");
  writeFileSync(join(ROOT, "bench", "results", "host-client.md"), md);
  console.log("[host-client] wrote bench/results/host-client.md");
} finally {
  await stopAll();
}
