"""ctx.signal: fires at the deadline, and when the gateway aborts the request."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import unittest
from typing import Any

import fake_gateway  # noqa: F401  (sys.path)

from actorgate.abort_signal import Signal
from actorgate.host import Context, actor
from actorgate.server import HANDLE_PATH, HandleServer


class SignalTest(unittest.TestCase):
    def setUp(self) -> None:
        self.fired: dict[str, tuple[str, float]] = {}
        self.entered: dict[str, threading.Event] = {}
        self.done: dict[str, threading.Event] = {"d": threading.Event(), "a": threading.Event()}
        sleeper = actor("Sleeper", kind="stateless")

        @sleeper.action()
        def sleep(payload: dict[str, Any], ctx: Context) -> Any:
            self.entered.setdefault(payload["id"], threading.Event()).set()
            if ctx.signal.wait(5.0):
                self.fired[payload["id"]] = (ctx.signal.reason or "", time.monotonic())
            self.done[payload["id"]].set()
            ctx.signal.throw_if_aborted()
            return "slept"

        self.sleeper = sleeper
        self.server = HandleServer(("127.0.0.1", 0), self.dispatch)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.port = self.server.server_address[1]

    def dispatch(self, request: Any, timeout_ms: int | None, signal: Signal) -> dict[str, Any]:
        return self.sleeper.handle(request, timeout_ms, signal)

    def tearDown(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def body(self, call_id: str) -> bytes:
        return json.dumps({"actor": {"system": "s", "type": "Sleeper"}, "action": "sleep", "payload": {"json": {"id": call_id}}}).encode()

    def test_fires_at_the_deadline(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        start = time.monotonic()
        conn.request("POST", HANDLE_PATH, self.body("d"), {"Content-Type": "application/json", "Connect-Timeout-Ms": "100"})
        res = conn.getresponse()
        answer = json.loads(res.read())
        self.assertEqual(answer["code"], "deadline_exceeded")
        reason, at = self.fired["d"]
        self.assertEqual(reason, "deadline")
        self.assertGreaterEqual(at - start, 0.095)
        self.assertLess(at - start, 0.5)
        conn.close()

    def test_fires_when_the_gateway_aborts_the_request(self) -> None:
        sock = socket.create_connection(("127.0.0.1", self.port))
        body = self.body("a")
        head = (
            f"POST {HANDLE_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Connect-Timeout-Ms: 5000\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        sock.sendall(head + body)
        self.entered.setdefault("a", threading.Event()).wait(5)
        closed = time.monotonic()
        sock.close()  # what the gateway does at its deadline
        self.assertTrue(self.done["a"].wait(5))
        reason, at = self.fired["a"]
        self.assertEqual(reason, "the gateway closed the request")
        self.assertLess(at - closed, 0.5)


if __name__ == "__main__":
    unittest.main()
