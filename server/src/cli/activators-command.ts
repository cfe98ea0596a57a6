import { parseArgs } from "node:util";

interface Row {
  id: string;
  kind: string;
  source: string;
  target: string;
  received: number;
  invoked: number;
  failed: number;
  deadLettered: number;
}

/** `actorgate activators [--url U] [--json]`: the gateway's activators and their counters. */
export async function activatorsCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { url: { type: "string" }, json: { type: "boolean" } } });
  const url = values.url ?? process.env["ACTORGATE_URL"] ?? "http://127.0.0.1:9300";
  let res: Response;
  try {
    res = await fetch(`${url}/v1/activators`);
  } catch (err) {
    console.error(`cannot reach the gateway at ${url}: ${(err as Error).message}`);
    return 1;
  }
  if (!res.ok) {
    console.error(`the gateway at ${url} answered ${res.status}: ${await res.text()}`);
    return 1;
  }
  const { activators } = (await res.json()) as { activators: Row[] };
  if (values.json) {
    console.log(JSON.stringify(activators, null, 2));
    return 0;
  }
  if (activators.length === 0) {
    console.log("no activators configured");
    return 0;
  }
  const header = ["id", "kind", "source", "target", "received", "invoked", "failed", "dead-lettered"];
  const rows = activators.map((a) => [a.id, a.kind, a.source, a.target, a.received, a.invoked, a.failed, a.deadLettered].map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [header, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd());
  return 0;
}
