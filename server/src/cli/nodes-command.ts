import { parseArgs } from "node:util";
import { ConnectError } from "@connectrpc/connect";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { createActorgateClient } from "@actorgate/client";
import { codeName } from "@actorgate/client/common";

/** `actorgate nodes [--url U] [--json]`: the cluster's nodes, their age and actor counts. */
export async function nodesCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { url: { type: "string" }, json: { type: "boolean" } } });
  const client = createActorgateClient({ url: values.url ?? process.env["ACTORGATE_URL"] ?? "http://127.0.0.1:9300", httpVersion: "1.1" });
  try {
    const res = await client.admin.listNodes({});
    const now = Date.now();
    const rows = res.nodes.map((n) => ({
      node: n.nodeId,
      self: n.self,
      leaving: n.leaving,
      ageSeconds: n.startedAt ? Math.round((now - timestampMs(n.startedAt)) / 1000) : 0,
      heartbeatMsAgo: n.heartbeatAt ? Math.max(0, now - timestampMs(n.heartbeatAt)) : 0,
      activeActors: n.activeActors,
      partitions: n.ownedPartitions,
      hosts: n.hosts,
    }));
    if (values.json) {
      console.log(JSON.stringify({ cluster: res.cluster, partitions: res.partitions, nodes: rows }, null, 2));
      return 0;
    }
    console.log(res.cluster ? `cluster ${res.cluster}: ${rows.length} node(s), ${res.partitions} partitions` : "single node (no --cluster)");
    console.log(["NODE", "AGE", "HEARTBEAT", "ACTORS", "PARTITIONS", "HOSTS", ""].join("\t"));
    for (const r of rows) {
      const flags = [r.self ? "(this node)" : "", r.leaving ? "leaving" : ""].filter(Boolean).join(" ");
      console.log([r.node, `${r.ageSeconds}s`, `${r.heartbeatMsAgo}ms ago`, r.activeActors, r.partitions, r.hosts, flags].join("\t"));
    }
    return 0;
  } catch (err) {
    const ce = ConnectError.from(err);
    console.error(`${codeName(ce.code)}: ${ce.rawMessage}`);
    return 1;
  }
}
