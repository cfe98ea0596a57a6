import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";
import { Code } from "@connectrpc/connect";
import { afterAll, describe, expect, it } from "vitest";
import { client, startGateway, startHost, uniqueName } from "../support/harness.js";
import { makeTestPki } from "../support/certificates.js";
import { capturedLog } from "../support/captured-log.js";
import { codeOf } from "../support/errors.js";
import { counter } from "../support/test-actors.js";

const pki = makeTestPki();
afterAll(() => pki.remove());
const ca = pki.read(pki.caCert);

/** The SHA-256 fingerprint of the certificate a new TLS connection to `port` is shown. */
function servedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: "127.0.0.1", port, ca, ALPNProtocols: ["http/1.1"] }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.once("error", reject);
  });
}

describe("TLS on the gateway port", () => {
  it("serves Connect (HTTP/2 and HTTP/1.1), gRPC and gRPC-Web over one TLS port, and a host over https both ways", async () => {
    const hostCert = pki.issue("host", "127.0.0.1", "server");
    const gw = await startGateway({ tlsCert: pki.server.cert, tlsKey: pki.server.key, hostTlsCa: pki.caCert });
    expect(gw.url).toMatch(/^https:\/\//);
    // The host reaches the gateway over https and serves its callbacks over https.
    const host = await startHost(gw, [counter], { ca, serverTls: { cert: pki.read(hostCert.cert), key: pki.read(hostCert.key) } });
    expect(host.url).toMatch(/^https:\/\//);
    const actor = { system: "test", type: "Counter", name: uniqueName() };
    let value = 0;
    for (const options of [
      { httpVersion: "2" as const },
      { httpVersion: "1.1" as const },
      { protocol: "grpc" as const },
      { protocol: "grpc-web" as const, httpVersion: "1.1" as const },
      { binary: false, httpVersion: "1.1" as const },
    ]) {
      expect(await client(gw, { ...options, ca }).invoke(actor, "add", { by: 1 })).toEqual({ value: ++value });
    }
    // A client that does not trust the gateway's CA refuses it.
    const untrusted = await codeOf(client(gw).invoke(actor, "get"));
    expect(untrusted.message).toMatch(/certificate/i);
  });

  it("picks up a rotated certificate without a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "actorgate-rotate-"));
    const cert = join(dir, "cert.pem");
    const key = join(dir, "key.pem");
    copyFileSync(pki.server.cert, cert);
    copyFileSync(pki.server.key, key);
    const captured = capturedLog();
    const gw = await startGateway({ tlsCert: cert, tlsKey: key }, { log: captured.log });
    const before = await servedFingerprint(gw.port);
    const next = pki.issue("rotated", "127.0.0.1", "server");
    const reloaded = captured.next("TLS certificate reloaded");
    writeFileSync(key, pki.read(next.key));
    writeFileSync(cert, pki.read(next.cert));
    await reloaded;
    // Both files may be seen in either order: the pair is reloaded until it matches.
    let after = await servedFingerprint(gw.port);
    while (after === before) {
      await captured.next("TLS certificate reloaded");
      after = await servedFingerprint(gw.port);
    }
    expect(after).not.toBe(before);
    await startHost(gw, [counter], { ca });
    expect(await client(gw, { ca }).invoke({ system: "test", type: "Counter", name: uniqueName() }, "get")).toEqual({ value: 0 });
  });

  it("mTLS: refuses clients without a certificate from the client CA, and makes the certificate's CN a principal", async () => {
    const dir = mkdtempSync(join(tmpdir(), "actorgate-mtls-"));
    const authFile = join(dir, "auth.json");
    writeFileSync(
      authFile,
      JSON.stringify({
        principals: [
          { name: "billing", certificateCn: "billing-client", roles: ["client"], actions: ["get"] },
          { name: "host", certificateCn: "counter-host", roles: ["host"] },
        ],
      }),
    );
    const gw = await startGateway({ tlsCert: pki.server.cert, tlsKey: pki.server.key, tlsClientCa: pki.caCert, authFile });
    const hostCert = pki.issue("mtls-host", "counter-host", "client");
    await startHost(gw, [counter], { ca, cert: pki.read(hostCert.cert), key: pki.read(hostCert.key) });
    const billingCert = pki.issue("billing", "billing-client", "client");
    const billing = client(gw, { ca, cert: pki.read(billingCert.cert), key: pki.read(billingCert.key) });
    const actor = { system: "test", type: "Counter", name: uniqueName() };
    expect(await billing.invoke(actor, "get")).toEqual({ value: 0 });
    expect((await codeOf(billing.invoke(actor, "add", { by: 1 }))).code).toBe(Code.PermissionDenied);
    // No client certificate: the handshake fails.
    const noCert = await codeOf(client(gw, { ca, httpVersion: "1.1" }).invoke(actor, "get"));
    expect(noCert.message).toMatch(/certificate|socket hang up|ECONNRESET/i);
    // A certificate the CA signed but no principal names: unauthenticated.
    const stranger = pki.issue("stranger", "stranger", "client");
    const s = await codeOf(client(gw, { ca, cert: pki.read(stranger.cert), key: pki.read(stranger.key) }).invoke(actor, "get"));
    expect(s).toEqual({ code: Code.Unauthenticated, message: expect.stringMatching(/"stranger" names no principal/) });
  });
});
