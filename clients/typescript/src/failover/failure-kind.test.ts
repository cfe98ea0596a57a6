// Each kind from a real failure: sockets on loopback, not hand-made error objects.
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { connectNodeAdapter, createConnectTransport } from "@connectrpc/connect-node";
import { AdminService } from "../gen/actorgate/v1/admin_service_pb.js";
import { failureKind } from "./failure-kind.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function listen(server: net.Server): Promise<number> {
  const sockets = new Set<net.Socket>();
  server.on("connection", (s: net.Socket) => sockets.add(s));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  closers.push(() => {
    for (const s of sockets) s.destroy(); // clients keep sessions open
    return new Promise((r) => server.close(() => r()));
  });
  return (server.address() as net.AddressInfo).port;
}

async function failureOf(baseUrl: string, httpVersion: "1.1" | "2"): Promise<unknown> {
  const client = createClient(AdminService, createConnectTransport({ baseUrl, httpVersion }));
  return client.health({}).then(
    () => expect.fail("the call succeeded"),
    (err: unknown) => err,
  );
}

describe.each(["1.1", "2"] as const)("failureKind over HTTP/%s", (httpVersion) => {
  it("unreached: connection refused", async () => {
    const server = net.createServer();
    const port = await listen(server);
    await new Promise<void>((r) => server.close(() => r()));
    expect(failureKind(await failureOf(`http://127.0.0.1:${port}`, httpVersion))).toBe("unreached");
  });

  it("unreached: a host name that does not resolve", async () => {
    expect(failureKind(await failureOf("http://no-such-gateway.invalid:9300", httpVersion))).toBe("unreached");
  });

  it("unreached: a TLS handshake that fails", async () => {
    const port = await listen(http.createServer((_, res) => res.end("plain")));
    expect(failureKind(await failureOf(`https://127.0.0.1:${port}`, httpVersion))).toBe("unreached");
  });

  it("unreached: a connection reset while connecting", async () => {
    const port = await listen(net.createServer((s) => s.resetAndDestroy()));
    expect(failureKind(await failureOf(`http://127.0.0.1:${port}`, httpVersion))).toBe("unreached");
  });

  it("node-failed: the connection dies after the request went out", async () => {
    const port = await listen(net.createServer((s) => s.once("data", () => s.destroy())));
    expect(failureKind(await failureOf(`http://127.0.0.1:${port}`, httpVersion))).toBe("node-failed");
  });

  it("node-failed for an unavailable answer; answered for the call's own errors", async () => {
    let code = Code.Unavailable;
    const handler = connectNodeAdapter({
      routes: (r) =>
        r.service(AdminService, {
          health() {
            throw new ConnectError("no", code);
          },
        }),
    });
    const server = httpVersion === "2" ? http2.createServer(handler) : http.createServer(handler);
    const port = await listen(server as net.Server);
    expect(failureKind(await failureOf(`http://127.0.0.1:${port}`, httpVersion))).toBe("node-failed");
    for (code of [Code.NotFound, Code.DeadlineExceeded, Code.FailedPrecondition, Code.Internal]) {
      expect(failureKind(await failureOf(`http://127.0.0.1:${port}`, httpVersion))).toBe("answered");
    }
  });
});
