"""Host registration, heartbeats, re-registration and unregistration against a fake gateway."""

from __future__ import annotations

import logging
import socket
import threading
import unittest
from typing import Any

from fake_gateway import FakeGateway, Reply, Request, error

from actorgate import ActorgateError
from actorgate.host import Context, Host, Result, actor


def counter_type() -> Any:
    counter = actor("Counter", kind="unnamed", stateful=True, initial_state={"value": 0})

    @counter.action("add")
    def add(payload: dict[str, Any], ctx: Context) -> Result:
        value = ctx.state["value"] + payload["by"]
        return Result(state={"value": value}, reply={"value": value})

    @counter.on_terminate
    def terminate(payload: Any, ctx: Context) -> None:
        return None

    return counter


class _Signal(logging.Handler):
    """Sets an event when a log record contains ``text``."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.event = threading.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.text in record.getMessage():
            self.event.set()


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class RegistrationTest(unittest.TestCase):
    def setUp(self) -> None:
        self.gw = FakeGateway(heartbeat_interval_ms=10).start()
        self.addCleanup(self.gw.stop)
        # Expected warnings (lost leases, outages) stay out of the test output.
        log = logging.getLogger("actorgate")
        quiet = logging.NullHandler()
        log.addHandler(quiet)
        log.propagate = False
        self.addCleanup(setattr, log, "propagate", True)
        self.addCleanup(log.removeHandler, quiet)

    def host(self, **kw: Any) -> Host:
        kw.setdefault("gateway_url", self.gw.url)
        kw.setdefault("retry_min", 0.01)
        kw.setdefault("retry_max", 0.05)
        h = Host(system="demo", actors=[counter_type()], **kw)
        self.addCleanup(h.stop)
        return h

    def test_register_request(self) -> None:
        host = self.host(capabilities=["gpu"], max_concurrency=16, host_id="h-1").start()
        self.assertEqual(host.lease_id, "lease-1")
        reg = self.gw.registers[0]
        self.assertEqual(reg["system"], "demo")
        self.assertEqual(reg["hostId"], "h-1")
        self.assertEqual(reg["callbackUrl"], f"http://127.0.0.1:{host.port}")
        self.assertEqual(reg["protocol"], "HOST_PROTOCOL_CONNECT")
        self.assertEqual(reg["codec"], "HOST_CODEC_JSON")
        self.assertEqual(reg["httpVersion"], "HOST_HTTP_VERSION_HTTP1")
        self.assertEqual(reg["capabilities"], ["gpu"])
        self.assertEqual(reg["maxConcurrency"], 16)
        self.assertEqual(
            reg["types"],
            [
                {
                    "name": "Counter",
                    "kind": "ACTOR_KIND_UNNAMED",
                    "stateful": True,
                    "actions": [{"name": "add"}],
                    "hasTerminate": True,
                }
            ],
        )
        req = [r for r in self.gw.requests if r.procedure.endswith("Register")][0]
        self.assertEqual(req.headers["Connect-Protocol-Version"], "1")

    def test_default_host_id_is_a_uuid(self) -> None:
        a, b = self.host(), self.host()
        self.assertEqual(len(a.host_id), 36)
        self.assertNotEqual(a.host_id, b.host_id)

    def test_heartbeats_carry_the_lease(self) -> None:
        self.host().start()
        self.assertTrue(self.gw.wait_for(lambda: len(self.gw.heartbeats) >= 3))
        self.assertEqual(set(self.gw.heartbeats), {"lease-1"})
        self.assertEqual(len(self.gw.registers), 1)

    def test_registers_again_when_heartbeat_is_not_found(self) -> None:
        host = self.host().start()
        self.assertTrue(self.gw.wait_for(lambda: len(self.gw.heartbeats) >= 1))
        self.gw.expire_leases()
        self.assertTrue(self.gw.wait_for(lambda: len(self.gw.registers) == 2))
        self.assertTrue(self.gw.wait_for(lambda: "lease-2" in self.gw.heartbeats))
        self.assertEqual(host.lease_id, "lease-2")
        self.assertEqual(host.registrations, 2)
        self.assertEqual(self.gw.registers[0]["hostId"], self.gw.registers[1]["hostId"])
        # A re-registration proves the host id is its own with the previous lease.
        self.assertNotIn("leaseId", self.gw.registers[0])
        self.assertEqual(self.gw.registers[1]["leaseId"], "lease-1")

    def test_registers_again_after_the_gateway_was_unreachable(self) -> None:
        signal = _Signal("heartbeat failed")
        log = logging.getLogger("actorgate.host")
        log.addHandler(signal)
        self.addCleanup(log.removeHandler, signal)
        host = self.host().start()
        port = self.gw.port
        self.gw.stop()  # the gateway goes away
        self.assertTrue(signal.event.wait(10))
        gw2 = FakeGateway(port=port, heartbeat_interval_ms=10)
        gw2.accept_unknown_leases = True  # so only the outage can cause the re-registration
        gw2.start()
        self.addCleanup(gw2.stop)
        self.assertTrue(gw2.wait_for(lambda: len(gw2.registers) == 1))
        self.assertTrue(gw2.wait_for(lambda: len(gw2.heartbeats) >= 1))
        self.assertEqual(host.registrations, 2)
        self.assertEqual(gw2.registers[0]["hostId"], host.host_id)
        self.assertEqual(gw2.registers[0]["leaseId"], "lease-1")

    def test_start_retries_register_while_the_gateway_is_unavailable(self) -> None:
        calls: list[int] = []

        def register(body: dict[str, Any], req: Request) -> Reply:
            calls.append(1)
            if len(calls) < 3:
                return error(503, "unavailable", "starting up")
            return Reply(200, {"leaseId": "L", "heartbeatIntervalMs": 1000})

        self.gw.routes["actorgate.v1.HostService/Register"] = register
        host = self.host().start(timeout=10)
        self.assertEqual((len(calls), host.lease_id, host.heartbeat_interval), (3, "L", 1.0))

    def test_start_fails_fast_on_a_rejected_registration(self) -> None:
        self.gw.register_reply = error(400, "invalid_argument", "bad type name")
        host = self.host()
        with self.assertRaises(ActorgateError) as cm:
            host.start(timeout=10)
        self.assertEqual((cm.exception.code, cm.exception.message), ("invalid_argument", "bad type name"))
        self.assertEqual(len(self.gw.registers), 1)
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", host.port), timeout=2).close()

    def test_start_times_out_when_no_gateway_answers(self) -> None:
        host = self.host(gateway_url=f"http://127.0.0.1:{free_port()}")
        with self.assertRaises(ActorgateError) as cm:
            host.start(timeout=0.2)
        self.assertEqual(cm.exception.code, "unavailable")

    def test_stop_unregisters_with_drain_while_still_serving(self) -> None:
        host = self.host().start()
        drained: list[Any] = []

        def unregister(body: dict[str, Any], req: Request) -> dict[str, Any]:
            # Draining deactivates the host's actors: the gateway still calls the host.
            actor_ref = {"system": "demo", "type": "Counter", "name": "c1"}
            drained.append(self.gw.call_host(host.callback_url, {"actor": actor_ref, "action": "terminate"}))
            self.gw.unregisters.append(body)
            return {"deactivated": 1}

        self.gw.routes["actorgate.v1.HostService/Unregister"] = unregister
        host.stop()
        self.assertEqual(self.gw.unregisters, [{"leaseId": "lease-1", "drain": True}])
        self.assertEqual(drained, [(200, b"{}")])
        self.assertIsNone(host.lease_id)
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", host.port), timeout=2).close()
        heartbeats = len(self.gw.heartbeats)
        host.stop()  # idempotent
        self.assertEqual(len(self.gw.heartbeats), heartbeats)

    def test_context_manager(self) -> None:
        with self.host() as host:
            self.assertTrue(host.registered.is_set())
        self.assertEqual(self.gw.unregisters, [{"leaseId": "lease-1", "drain": True}])

    def test_wait_returns_when_stopped_from_another_thread(self) -> None:
        host = self.host().start()
        self.assertFalse(host.wait(timeout=0.01))
        threading.Thread(target=host.stop).start()
        self.assertTrue(host.wait())
        self.assertEqual(len(self.gw.unregisters), 1)


if __name__ == "__main__":
    unittest.main()
