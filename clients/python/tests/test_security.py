"""Security against the live gateway: a token-authenticated host and client over TLS,
permission_denied outside the grants, and callbacks without the gateway's signature
refused by the host. Test certificates are made at run time with ``openssl``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import unittest
import urllib.request
import uuid
from typing import Any

from live_gateway import LiveGateway

from actorgate import ActorgateClient, ActorgateError, Code
from actorgate.host import Host, Result, actor

SYSTEM = "pysec"
HOST_TOKEN = "python-host-token-0123456789"
CLIENT_TOKEN = "python-client-token-0123456789"
READER_TOKEN = "python-reader-token-0123456789"

counter = actor("Counter", kind="unnamed", stateful=True, initial_state=lambda: {"value": 0})


@counter.action("add")
def add(payload: Any, ctx: Any) -> Result:
    value = ctx.state["value"] + payload["by"]
    return Result(state={"value": value}, reply={"value": value})


vault = actor("Vault", kind="unnamed", stateful=True, initial_state=lambda: {"left": 10},
              access={"take": [f"{SYSTEM}/Teller"], "*": ["client"]})


@vault.action("take")
def take(payload: Any, ctx: Any) -> Result:
    return Result(state={"left": ctx.state["left"] - 1}, reply={"left": ctx.state["left"] - 1})


@vault.action("look")
def look(payload: Any, ctx: Any) -> Any:
    return {"left": ctx.state["left"]}


def openssl(cwd: str, *args: str) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_certs(d: str) -> None:
    """A CA and a certificate for 127.0.0.1 it signed (test-only, made per run)."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl(d, "req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=test CA")
    with open(os.path.join(d, "san.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    for name in ("gateway", "host"):
        openssl(d, "req", *ec, "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", "/CN=127.0.0.1")
        openssl(d, "x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", f"{name}.pem", "-days", "2", "-extfile", "san.ext")


class SecuredGatewayTest(unittest.TestCase):
    gateway: LiveGateway
    host: Host
    dir: str

    @classmethod
    def setUpClass(cls) -> None:
        cls.dir = tempfile.mkdtemp(prefix="actorgate-pysec-")
        make_certs(cls.dir)
        auth = os.path.join(cls.dir, "auth.json")
        with open(auth, "w") as f:
            json.dump({"principals": [
                {"name": "py-host", "token": HOST_TOKEN, "roles": ["host"], "systems": [SYSTEM]},
                {"name": "py-client", "token": CLIENT_TOKEN, "roles": ["client"], "systems": [SYSTEM]},
                {"name": "py-reader", "token": READER_TOKEN, "roles": ["client"], "actions": ["get"]},
            ]}, f)
        p = lambda n: os.path.join(cls.dir, n)  # noqa: E731
        cls.gateway = LiveGateway("--auth-file", auth, "--tls-cert", p("gateway.pem"), "--tls-key", p("gateway.key"),
                                  "--host-tls-ca", p("ca.pem"))
        cls.host = Host(SYSTEM, [counter, vault], gateway_url=cls.gateway.url, token=HOST_TOKEN, ca_file=p("ca.pem"),
                        tls_cert=p("host.pem"), tls_key=p("host.key")).start()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.host.stop()
        cls.gateway.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def client(self, token: str | None) -> ActorgateClient:
        c = ActorgateClient(self.gateway.url, token=token, ca_file=os.path.join(self.dir, "ca.pem"))
        self.addCleanup(c.close)
        return c

    def test_token_client_over_tls_reaches_an_https_host(self) -> None:
        self.assertTrue(self.gateway.url.startswith("https://"))
        self.assertTrue(self.host.callback_url.startswith("https://"))
        name = f"c-{uuid.uuid4().hex[:8]}"
        c = self.client(CLIENT_TOKEN)
        self.assertEqual(c.invoke(SYSTEM, "Counter", name, "add", {"by": 2}), {"value": 2})
        self.assertEqual(c.invoke(SYSTEM, "Counter", name, "add", {"by": 3}), {"value": 5})

    def test_unauthenticated_and_denied_calls_surface_their_codes(self) -> None:
        with self.assertRaises(ActorgateError) as none:
            self.client("").invoke(SYSTEM, "Counter", "x", "add", {"by": 1})
        self.assertEqual(none.exception.code, Code.UNAUTHENTICATED)
        with self.assertRaises(ActorgateError) as denied:
            self.client(READER_TOKEN).invoke(SYSTEM, "Counter", "x", "add", {"by": 1})
        self.assertEqual(denied.exception.code, Code.PERMISSION_DENIED)
        self.assertIn('may not call action "add"', denied.exception.message)

    def test_actor_access_rules_refuse_callers_not_listed(self) -> None:
        c = self.client(CLIENT_TOKEN)
        with self.assertRaises(ActorgateError) as refused:
            c.invoke(SYSTEM, "Vault", "v", "take")
        self.assertEqual(refused.exception.code, Code.PERMISSION_DENIED)
        self.assertIn(f"a client may not invoke {SYSTEM}/Vault.take", refused.exception.message)
        self.assertEqual(c.invoke(SYSTEM, "Vault", "v", "look"), {"left": 10})

    def test_host_refuses_callbacks_without_the_gateways_signature(self) -> None:
        import ssl

        ctx = ssl.create_default_context(cafile=os.path.join(self.dir, "ca.pem"))
        body = json.dumps({"actor": {"system": SYSTEM, "type": "Counter", "name": "x"}, "action": "add",
                           "payload": {"json": {"by": 1}}, "invocationId": "forged"}).encode()
        for signature in (None, "t=1,v1=" + "0" * 64):
            headers = {"Content-Type": "application/json"}
            if signature:
                headers["actorgate-signature"] = signature
            req = urllib.request.Request(self.host.callback_url + "/actorgate.v1.ActorHostService/Handle",
                                         data=body, headers=headers, method="POST")
            with self.assertRaises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(req, context=ctx)
            self.assertEqual(refused.exception.code, 401)
            self.assertEqual(json.loads(refused.exception.read())["code"], "unauthenticated")


if __name__ == "__main__":
    unittest.main()
