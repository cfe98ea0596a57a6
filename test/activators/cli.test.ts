// `actorgate activators` lists a gateway's activators with their counters.
import { describe, expect, it } from "vitest";
import { client, startGateway, startHost, uniqueName } from "../support/harness.js";
import { spawnTs } from "../support/processes.js";
import { counter } from "../support/test-actors.js";

const cli = (args: string[]) => {
  const p = spawnTs("server/bin/actorgate.js", args, {});
  let out = "";
  p.child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  return p.exited.then((code) => ({ code, out, err: p.stderr() }));
};

describe("actorgate activators", () => {
  it("prints each activator with received, invoked, failed and dead-lettered", async () => {
    const gw = await startGateway({
      activators: [{ kind: "http", id: "add", method: "POST", path: "/counters/{name}/add", system: "test", type: "Counter", name: "{path.name}", action: "add" }],
    });
    await startHost(gw, [counter]);
    await fetch(`${gw.url}/counters/${uniqueName("c")}/add`, { method: "POST", body: '{"by":1}' });
    const res = await cli(["activators", "--url", gw.url]);
    expect(res.code).toBe(0);
    expect(res.out.split("\n")[0]).toMatch(/^id +kind +source +target +received +invoked +failed +dead-lettered$/);
    expect(res.out.split("\n")[1]).toMatch(/^add +http +POST \/counters\/\{name\}\/add +test\/Counter\.add +1 +1 +0 +0$/);
    const json = await cli(["activators", "--url", gw.url, "--json"]);
    expect(JSON.parse(json.out)).toEqual([expect.objectContaining({ id: "add", received: 1, invoked: 1 })]);
  });

  it("AdminService.ListActivators answers the same", async () => {
    const gw = await startGateway({
      activators: [{ kind: "http", id: "add", method: "POST", path: "/counters/{name}/add", system: "test", type: "Counter", name: "{path.name}", action: "add" }],
    });
    await startHost(gw, [counter]);
    await fetch(`${gw.url}/counters/${uniqueName("c")}/add`, { method: "POST", body: '{"by":1}' });
    await fetch(`${gw.url}/counters/${uniqueName("c")}/add`, { method: "POST", body: "{bad" });
    const { activators } = await client(gw).admin.listActivators({});
    expect(activators).toHaveLength(1);
    expect(activators[0]).toMatchObject({ id: "add", kind: "http", source: "POST /counters/{name}/add", target: "test/Counter.add", received: 2n, invoked: 1n, failed: 1n, deadLettered: 0n });
  });
});
