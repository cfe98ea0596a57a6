import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Test-only PEM files made at run time with openssl (nothing private is committed). */
export interface TestPki {
  readonly dir: string;
  readonly caCert: string;
  /** Paths of a certificate for 127.0.0.1 / localhost signed by the CA. */
  readonly server: { readonly cert: string; readonly key: string };
  /** Issues a certificate signed by the CA: a server one (SAN 127.0.0.1) or a client one with subject CN `cn`. */
  issue(name: string, cn: string, kind: "server" | "client"): { readonly cert: string; readonly key: string };
  read(path: string): Buffer;
  remove(): void;
}

const openssl = (args: string[], cwd: string) => execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), "actorgate-pki-"));
  openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=actorgate test CA"], dir);
  const issue = (name: string, cn: string, kind: "server" | "client") => {
    const ext = join(dir, `${name}.ext`);
    writeFileSync(
      ext,
      kind === "server"
        ? "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
        : "extendedKeyUsage=clientAuth\n",
    );
    openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`], dir);
    openssl(["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${name}.pem`, "-days", "2", "-extfile", ext], dir);
    return { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
  };
  return {
    dir,
    caCert: join(dir, "ca.pem"),
    server: issue("server", "127.0.0.1", "server"),
    issue,
    read: (path) => readFileSync(path),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
