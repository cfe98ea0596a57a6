import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ConnectError } from "@connectrpc/connect";
import { createActorgateClient } from "@actorgate/client";
import { codeName } from "@actorgate/client/common";

/** `actorgate invoke <system> <type>[/<name>] <action> [--json P]`: prints the reply as JSON. */
export async function invokeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: "string" },
      url: { type: "string" },
      token: { type: "string" },
      ca: { type: "string" },
      "timeout-ms": { type: "string" },
      metadata: { type: "string", multiple: true },
    },
  });
  const [system, target, action] = positionals;
  if (!system || !target || !action || positionals.length > 3) {
    console.error("usage: actorgate invoke <system> <type>[/<name>] <action> [--json '<payload>'] [--url U]");
    return 2;
  }
  const slash = target.indexOf("/");
  const type = slash < 0 ? target : target.slice(0, slash);
  const name = slash < 0 ? "" : target.slice(slash + 1);
  let payload: unknown;
  if (values.json !== undefined) {
    try {
      payload = JSON.parse(values.json);
    } catch (err) {
      console.error(`--json is not valid JSON: ${(err as Error).message}`);
      return 2;
    }
  }
  const metadata: Record<string, string> = {};
  for (const kv of values.metadata ?? []) {
    const eq = kv.indexOf("=");
    if (eq <= 0) {
      console.error(`--metadata must be key=value, got ${JSON.stringify(kv)}`);
      return 2;
    }
    metadata[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  // --token / ACTORGATE_TOKEN and --ca / ACTORGATE_CA (a PEM file) for a secured gateway.
  const client = createActorgateClient({
    url: values.url ?? process.env["ACTORGATE_URL"] ?? "http://127.0.0.1:9300",
    token: values.token,
    ...(values.ca ? { ca: readFileSync(values.ca) } : {}),
  });
  try {
    const reply = await client.invoke({ system, type, name }, action, payload, {
      metadata,
      timeoutMs: values["timeout-ms"] ? Number(values["timeout-ms"]) : undefined,
    });
    console.log(JSON.stringify(reply ?? null, null, 2));
    return 0;
  } catch (err) {
    const ce = ConnectError.from(err);
    console.error(`error: ${codeName(ce.code)}: ${ce.rawMessage}`);
    return 1;
  }
}
