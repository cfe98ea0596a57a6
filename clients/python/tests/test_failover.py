"""Several gateway URLs in the Python client and host (issue 11).

Unit tests of the URL list and its order (with a fake clock), then two independent
gateway processes: a first URL that refuses connections, and the gateway in use killed
with SIGKILL mid-run. Which node answered is read from Health's ``nodeId``; every wait
is on an event (a host event, an action's gate, a thread's result, a process exit).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import unittest
import uuid
from typing import Any
from unittest import mock

from live_gateway import LiveGateway

from actorgate import ActorgateClient, ActorgateError, Code
from actorgate.failover import GatewayUrls, is_repeatable, parse_gateway_urls
from actorgate.host import Host, Result, actor

# -- the list and its order ----------------------------------------------------------


class ParseTest(unittest.TestCase):
    def test_forms(self) -> None:
        self.assertEqual(parse_gateway_urls("http://a:1"), ["http://a:1"])
        self.assertEqual(parse_gateway_urls(" http://a:1 , http://b:2,,http://a:1 "), ["http://a:1", "http://b:2"])
        self.assertEqual(parse_gateway_urls(["http://a:1", "http://b:2,https://c:3"]), ["http://a:1", "http://b:2", "https://c:3"])
        self.assertEqual(parse_gateway_urls(None, {"ACTORGATE_URL": "http://a:1,http://b:2"}), ["http://a:1", "http://b:2"])
        self.assertEqual(parse_gateway_urls("", {}), ["http://127.0.0.1:9300"])

    def test_bad_entries_name_the_source(self) -> None:
        with self.assertRaisesRegex(ValueError, "ACTORGATE_URL: 'ftp://x' is not"):
            parse_gateway_urls(None, {"ACTORGATE_URL": "http://a:1,ftp://x"})
        with self.assertRaisesRegex(ValueError, "names no gateway URL"):
            parse_gateway_urls(" , ")

    def test_repeatable_calls(self) -> None:
        self.assertTrue(is_repeatable("actorgate.v1.StateService/GetState", {}))
        self.assertTrue(is_repeatable("actorgate.v1.ActorService/Invoke", {"idempotencyKey": "k"}))
        self.assertFalse(is_repeatable("actorgate.v1.ActorService/Invoke", {"action": "add"}))
        self.assertFalse(is_repeatable("actorgate.v1.ActorService/Broadcast", {}))


class OrderTest(unittest.TestCase):
    def setUp(self) -> None:
        self.now = 100.0
        self.urls = GatewayUrls(["a", "b", "c"], backoff_base=1.0, backoff_max=4.0, clock=lambda: self.now)

    def test_sticks_to_the_url_that_works_and_moves_on_failure(self) -> None:
        self.assertEqual(self.urls.candidates(), ["a", "b", "c"])
        self.urls.failed("a")
        self.assertEqual(self.urls.current, "b")
        self.assertEqual(self.urls.candidates(), ["b", "c", "a"])
        self.urls.succeeded("b")
        self.assertEqual(self.urls.candidates(), ["b", "c", "a"])

    def test_a_failed_url_is_tried_again_after_its_backoff(self) -> None:
        self.urls.failed("a")
        self.urls.failed("b")
        self.assertEqual(self.urls.candidates(), ["c", "a", "b"])  # backed-off last, earliest first
        self.now += 1.0  # a's and b's first backoff (1 s) is over
        self.urls.failed("c")
        self.assertEqual(self.urls.candidates(), ["a", "b", "c"])
        self.urls.succeeded("a")  # the node came back
        self.assertEqual(self.urls.current, "a")

    def test_backoff_doubles_per_failure_counting_a_burst_once(self) -> None:
        for _ in range(5):
            self.urls.failed("a")  # many calls failing together: one failure, 1 s
        self.now += 1.0
        self.urls.failed("b")  # b backed off for 1 s; a's backoff is over
        self.assertEqual(self.urls.candidates(), ["c", "a", "b"])
        self.urls.failed("a")  # a's second failure: 2 s
        self.now += 1.0
        self.assertEqual(self.urls.candidates(), ["c", "b", "a"])
        self.now += 1.0
        self.assertEqual(self.urls.candidates(), ["c", "a", "b"])


# -- against gateway processes ------------------------------------------------------

counter = actor("Counter", kind="unnamed", stateful=True, initial_state=lambda: {"value": 0})


@counter.action("add")
def add(payload: Any, ctx: Any) -> Result:
    value = ctx.state["value"] + payload["by"]
    return Result(state={"value": value}, reply={"value": value})


class Gate:
    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()


gates: dict[str, Gate] = {}
gates_lock = threading.Lock()


def gate(name: str) -> Gate:
    with gates_lock:
        return gates.setdefault(name, Gate())


held = actor("Held", kind="unnamed", stateful=True, initial_state=lambda: {"runs": 0})


@held.action("hold")
def hold(payload: Any, ctx: Any) -> Result:
    g = gate(payload["gate"])
    g.entered.set()
    g.release.wait(30)
    return Result(state={"runs": ctx.state["runs"] + 1}, reply={"gate": payload["gate"]})


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def gateway(node_id: str) -> LiveGateway:
    # A short lease: hosts heartbeat every 500 ms.
    return LiveGateway("--node-id", node_id, "--lease-ttl-ms", "1500")


class Refused:
    """A loopback port bound but not listening: connecting is refused, and no one else
    can take the port while this holds it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def close(self) -> None:
        self.sock.close()


class Events:
    """Records a host's events; wait_registered(url) waits for a registration there."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, dict[str, Any]]] = []
        self._cond = threading.Condition()

    def __call__(self, name: str, fields: dict[str, Any]) -> None:
        with self._cond:
            self.seen.append((name, fields))
            self._cond.notify_all()

    def wait_registered(self, url: str, timeout: float = 20.0) -> None:
        with self._cond:
            ok = self._cond.wait_for(lambda: any(n == "registered" and f["gateway_url"] == url for n, f in self.seen), timeout)
        if not ok:
            raise AssertionError(f"no registration at {url}; events: {self.seen}")

    def names(self) -> list[str]:
        with self._cond:
            return [n for n, _ in self.seen]

    def failovers(self) -> list[tuple[str, str]]:
        with self._cond:
            return [(f["from_url"], f["to_url"]) for n, f in self.seen if n == "failover"]


class Outcome:
    """Runs a call in a thread and keeps its result or error."""

    def __init__(self, fn: Any, *args: Any, **kwargs: Any) -> None:
        self.result: Any = None
        self.error: ActorgateError | None = None
        self._thread = threading.Thread(target=self._run, args=(fn, args, kwargs), daemon=True)
        self._thread.start()

    def _run(self, fn: Any, args: Any, kwargs: Any) -> None:
        try:
            self.result = fn(*args, **kwargs)
        except ActorgateError as err:
            self.error = err

    def wait(self) -> "Outcome":
        self._thread.join(30)
        if self._thread.is_alive():
            raise AssertionError("the call did not finish")
        return self


class LiveFailoverTest(unittest.TestCase):
    def setUp(self) -> None:
        log = logging.getLogger("actorgate")
        quiet = logging.NullHandler()
        log.addHandler(quiet)
        previous = log.propagate
        log.propagate = False
        self.addCleanup(lambda: (log.removeHandler(quiet), setattr(log, "propagate", previous)))
        self.system = unique("pyfo")

    def start_host(self, gateway_url: Any) -> tuple[Host, Events]:
        events = Events()
        host = Host(system=self.system, actors=[counter, held], gateway_url=gateway_url, on_event=events).start()
        self.addCleanup(host.stop)
        return host, events

    def client(self, url: Any) -> ActorgateClient:
        c = ActorgateClient(url, timeout=10.0)
        self.addCleanup(c.close)
        return c

    def test_first_url_refused(self) -> None:
        gw = gateway("second")
        self.addCleanup(gw.stop)
        refused = Refused()
        self.addCleanup(refused.close)

        host, events = self.start_host(f"{refused.url},{gw.url}")
        self.assertEqual(host.gateway_url, gw.url)
        # Moved on within the one registration attempt: no failed round, no wait.
        self.assertEqual(events.names(), ["failover", "registered"])
        self.assertEqual(events.failovers(), [(refused.url, gw.url)])

        c = self.client([refused.url, gw.url])
        name = unique("c")
        # Neither a read nor keyed: sent to the second URL only because it never arrived.
        self.assertEqual(c.invoke(self.system, "Counter", name, "add", {"by": 2}), {"value": 2})
        self.assertEqual(c.invoke(self.system, "Counter", name, "add", {"by": 3}), {"value": 5})
        self.assertEqual(c.health()["nodeId"], "second")
        self.assertEqual(c.url, gw.url)

        # A Subscribe stream opens on the second URL too. The gateway answers Subscribe
        # with its first event, so a prober broadcasts until the stream is open.
        channel = unique("feed")
        stop = threading.Event()

        def probe() -> None:
            with ActorgateClient(gw.url) as p:
                while not stop.is_set():
                    p.broadcast(self.system, channel, {"probe": True})
                    stop.wait(0.05)

        prober = threading.Thread(target=probe, daemon=True)
        prober.start()
        self.addCleanup(prober.join, 10)
        self.addCleanup(stop.set)
        with self.client([refused.url, gw.url]).subscribe(self.system, channel, timeout=20) as sub:
            self.assertEqual(next(sub)["channel"], channel)
        stop.set()

        with mock.patch.dict(os.environ, {"ACTORGATE_URL": f" {refused.url} , {gw.url} "}):
            env_client = self.client(None)
            self.assertEqual(env_client.health()["nodeId"], "second")

        # Every URL refused: the last one's error, as one URL gives today.
        other = Refused()
        self.addCleanup(other.close)
        with self.assertRaises(ActorgateError) as caught:
            self.client([refused.url, other.url]).health()
        self.assertEqual(caught.exception.code, Code.UNAVAILABLE)
        self.assertIn(other.url, caught.exception.message)

    def test_sigkill_of_the_gateway_in_use(self) -> None:
        gw_a, gw_b = gateway("a"), gateway("b")
        self.addCleanup(gw_a.stop)
        self.addCleanup(gw_b.stop)
        # Serves B from the start, so a call retried there finds a host at once.
        self.start_host(gw_b.url)
        moving, events = self.start_host([gw_a.url, gw_b.url])
        self.assertEqual(moving.gateway_url, gw_a.url)

        c = self.client(f"{gw_a.url},{gw_b.url}")
        self.assertEqual(c.health()["nodeId"], "a")

        # Two calls held at the host, in flight through A.
        plain_gate, keyed_gate = unique("plain"), unique("keyed")
        self.addCleanup(lambda: (gate(plain_gate).release.set(), gate(keyed_gate).release.set()))
        plain = Outcome(c.invoke, self.system, "Held", unique("h"), "hold", {"gate": plain_gate})
        keyed = Outcome(c.invoke, self.system, "Held", unique("h"), "hold", {"gate": keyed_gate}, idempotency_key=unique("k"))
        self.assertTrue(gate(plain_gate).entered.wait(20))
        self.assertTrue(gate(keyed_gate).entered.wait(20))

        gw_a.proc.kill()
        gw_a.proc.wait(20)

        # Without an idempotency key the call may have run on A: its caller gets the error.
        plain.wait()
        self.assertIsNotNone(plain.error)
        self.assertEqual(plain.error.code, Code.UNAVAILABLE)  # type: ignore[union-attr]
        # With one it is sent again, to B, which runs it once released.
        gate(keyed_gate).release.set()
        keyed.wait()
        self.assertIsNone(keyed.error)
        self.assertEqual(keyed.result, {"gate": keyed_gate})

        # The host's heartbeat to A fails: it moves to B and registers there, same host id.
        events.wait_registered(gw_b.url)
        self.assertEqual(moving.gateway_url, gw_b.url)
        # In one heartbeat: A failed, B did not know the lease, B registered the host. No
        # failed round in between, so no wait while the lease runs down.
        self.assertEqual(events.names(), ["registered", "failover", "lease-lost", "registered"])
        self.assertEqual(events.failovers(), [(gw_a.url, gw_b.url)])
        hosts = self.client(gw_b.url).list_hosts(self.system)
        self.assertIn(moving.host_id, [h["hostId"] for h in hosts])

        # Calls now go to B, and stay there.
        for _ in range(3):
            self.assertEqual(c.health()["nodeId"], "b")
        self.assertEqual(c.invoke(self.system, "Counter", unique("c"), "add", {"by": 4}), {"value": 4})


if __name__ == "__main__":
    unittest.main()
