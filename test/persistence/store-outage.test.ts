// Issue 21, finding 0: a store link cut under load must never kill the gateway.
//
// A real gateway process talks to the database through a TCP proxy this test owns. 16
// callers (half checkpoint, half write-behind) keep it busy; the link is cut, then
// restored. The gateway must live, answer `unavailable` meanwhile, lose no acknowledged
// checkpoint, write every acknowledged write-behind change once the store is back, and
// answer calls again within 2 s of the link coming back.
import { describe, expect, it } from "vitest";
import { Code, ConnectError } from "@connectrpc/connect";
import { createActorgateClient } from "@actorgate/client";
import { createHost } from "@actorgate/client/host";
import { onCleanup, uniqueName } from "../support/harness.js";
import { createTestStore, POSTGRES_URL } from "../support/databases.js";
import { startGatewayProcess } from "../support/processes.js";
import { TcpProxy } from "../support/tcp-proxy.js";
import { adder } from "../support/test-actors.js";

const SNAPSHOT_INTERVAL_MS = 200;
const CALLERS = 16;

const tally = adder("Tally", SNAPSHOT_INTERVAL_MS);

interface Caller {
  readonly name: string;
  readonly checkpoint: boolean;
  /** The value of the last acknowledged call. */
  acked: number;
  /** `unavailable` answers since the link was cut. */
  unavailable: number;
  /**
   * When this caller's first successful call after the link came back was made, in ms
   * after it came back (negative: made before, answered after). Measured at the start
   * of the call, so the database's own commit time (1-2 s for a batch on a loaded
   * MariaDB) does not count against the gateway's recovery.
   */
  recoveredInMs: number | undefined;
  /** Answers other than success or `unavailable`. */
  readonly unexpected: string[];
}

for (const dialect of ["postgres", "mysql"] as const) {
  describe(`store outage under load (${dialect})`, () => {
    it("survives a cut link, answers unavailable, loses nothing acknowledged and recovers within 2 s", async () => {
      const db = await createTestStore(dialect, { migrate: false });
      onCleanup(() => db.cleanup());
      const target = new URL(dialect === "postgres" ? POSTGRES_URL : db.url);
      const proxy = await TcpProxy.start(Number(target.port || (dialect === "postgres" ? 5432 : 3306)), target.hostname);
      onCleanup(() => proxy.close());
      const proxied = new URL(dialect === "postgres" ? POSTGRES_URL : db.url);
      proxied.hostname = "127.0.0.1";
      proxied.port = String(proxy.port);

      const gw = await startGatewayProcess([
        "--store",
        proxied.toString(),
        ...(db.schema ? ["--store-schema", db.schema] : []),
      ]);
      let exitCode: number | string | undefined;
      void gw.exited.then((code) => (exitCode = code));
      const host = createHost({ system: "test", actors: [tally], gatewayUrl: gw.url });
      await host.start();
      onCleanup(() => host.stop());
      const client = createActorgateClient({ url: gw.url });

      // Progress is event driven: every answer re-checks what the test waits for.
      const waiters = new Set<() => void>();
      const changed = () => {
        for (const w of [...waiters]) w();
      };
      const until = (what: string, done: () => boolean, timeoutMs = 20_000) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            waiters.delete(check);
            reject(new Error(`timed out waiting for ${what}; callers: ${JSON.stringify(callers)}; gateway stderr tail:\n${gw.stderr().slice(-3000)}`));
          }, timeoutMs);
          const check = () => {
            if (exitCode !== undefined) {
              clearTimeout(timer);
              waiters.delete(check);
              reject(new Error(`the gateway exited (${exitCode}) while waiting for ${what}:\n${gw.stderr().slice(-3000)}`));
            } else if (done()) {
              clearTimeout(timer);
              waiters.delete(check);
              resolve();
            }
          };
          waiters.add(check);
          void gw.exited.then(check);
          check();
        });

      const callers: Caller[] = Array.from({ length: CALLERS }, (_, i) => ({
        name: uniqueName(i % 2 === 0 ? "cp" : "wb"),
        checkpoint: i % 2 === 0,
        acked: 0,
        unavailable: 0,
        recoveredInMs: undefined,
        unexpected: [],
      }));
      let cut = false;
      // When the link came back (set once, read by the callers).
      const link: { upAt?: number } = {};
      let stop = false;
      const loops = callers.map(async (caller) => {
        const ref = { system: "test", type: "Tally", name: caller.name };
        while (!stop && exitCode === undefined) {
          const started = Date.now();
          try {
            const reply = (await client.invoke(ref, caller.checkpoint ? "checkpointAdd" : "add", { by: 1 })) as { value: number };
            caller.acked = reply.value;
            if (link.upAt !== undefined && caller.recoveredInMs === undefined) caller.recoveredInMs = started - link.upAt;
          } catch (e) {
            const err = ConnectError.from(e);
            if (err.code === Code.Unavailable && cut) caller.unavailable++;
            else caller.unexpected.push(`${Code[err.code]}: ${err.rawMessage}`);
            // Paces a failing caller; the store is down, so nothing to measure here.
            await new Promise((r) => setTimeout(r, 20));
          }
          changed();
        }
      });

      const checkpointers = callers.filter((c) => c.checkpoint);
      await until("load before the cut", () => callers.every((c) => c.acked >= 3));
      cut = true;
      proxy.down();
      // Every checkpoint caller is refused twice: the outage is seen by all of them.
      await until("unavailable answers during the cut", () => checkpointers.every((c) => c.unavailable >= 2));
      link.upAt = Date.now();
      proxy.up();
      await until("every checkpoint caller succeeding again", () => checkpointers.every((c) => c.recoveredInMs !== undefined));
      // A few more acknowledged calls after the recovery, then quiet.
      const after = new Map(callers.map((c) => [c, c.acked]));
      await until("load after the recovery", () => callers.every((c) => c.acked >= after.get(c)! + 2));
      stop = true;
      await Promise.all(loops);

      expect(exitCode, gw.stderr().slice(-3000)).toBeUndefined();
      for (const c of checkpointers) expect(c.recoveredInMs, c.name).toBeLessThanOrEqual(2_000);
      expect(callers.flatMap((c) => c.unexpected)).toEqual([]);

      const stored = async (name: string) => {
        const row = await db.store.load({ system: "test", type: "Tally", name });
        return row?.state ? (JSON.parse(Buffer.from(row.state).toString("utf8")) as { value: number }).value : 0;
      };
      // No acknowledged checkpoint lost (a commit whose answer the cut swallowed may be ahead).
      for (const c of checkpointers) expect(await stored(c.name), c.name).toBeGreaterThanOrEqual(c.acked);
      // Every acknowledged write-behind change reaches the store after the recovery.
      for (const c of callers.filter((x) => !x.checkpoint)) {
        await expect.poll(() => stored(c.name), { timeout: 10_000, interval: 50 }).toBe(c.acked);
      }
      expect(exitCode).toBeUndefined();

      // Driver errors are logged as code and message: no connection object in any line.
      const lines = gw.stderr().split("\n");
      const longest = Math.max(...lines.map((l) => l.length));
      expect(longest, lines.find((l) => l.length === longest)?.slice(0, 500)).toBeLessThan(4_000);
      expect(gw.stderr()).not.toMatch(/"_types"|"connectionParameters"|"_queryable"|"_pool"/);
    }, 90_000);
  });
}
