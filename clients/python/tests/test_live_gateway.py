"""ActorgateClient against the real gateway (a Node subprocess) and a Python host.

Every public method of the client is called here, and every option is checked where it
shows: in what the host saw (metadata, deadline), in the gateway's answers, or in state.
The gateway and host start once for the module and are stopped after it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import socket
import threading
import time
import unittest
import uuid
from dataclasses import astuple
from typing import Any

from live_gateway import LiveGateway

from actorgate import ActorgateClient, ActorgateError, ActorRef, Code
from actorgate.client import DEFAULT_URL
from actorgate.host import ActorError, Host, Result, actor
from actorgate.payload import decode

SYSTEM = "pylive"

# -- the host's actors ----------------------------------------------------------------

counter = actor("Counter", kind="unnamed", stateful=True, initial_state=lambda: {"value": 0})
release_slow = threading.Event()
slow_entered = threading.Event()


@counter.action("add")
def add(payload: Any, ctx: Any) -> Result:
    value = ctx.state["value"] + payload["by"]
    return Result(state={"value": value}, reply={"value": value})


@counter.action("get")
def get(payload: Any, ctx: Any) -> Any:
    return {"value": ctx.state["value"]}


@counter.action("context")
def context(payload: Any, ctx: Any) -> Any:
    """What the gateway told the host about this call."""
    return {"metadata": ctx.metadata, "timeLeft": ctx.time_left(), "revision": ctx.revision}


@counter.action("stamp")
def stamp(payload: Any, ctx: Any) -> Result:
    """Records when it ran (for scheduled invocations)."""
    return Result(state={"value": ctx.state["value"] + 1, "ranAt": time.time()}, reply=None)


@counter.action("refuse")
def refuse(payload: Any, ctx: Any) -> Any:
    raise ActorError("failed_precondition", f"refusing {payload!r}")


@counter.action("slow")
def slow(payload: Any, ctx: Any) -> Any:
    slow_entered.set()
    release_slow.wait(30)
    return {"slow": True}


# Keeps every revision (written per call), for history, restore and spawn-from-revision.
ledger = actor("Ledger", kind="unnamed", stateful=True, initial_state=lambda: {"value": 0}, durability="per_call", history_revisions=50)


@ledger.action("set")
def ledger_set(payload: Any, ctx: Any) -> Result:
    return Result(state={"value": payload}, reply={"value": payload})


@ledger.action("get")
def ledger_get(payload: Any, ctx: Any) -> Any:
    return {"value": ctx.state["value"]}


listener = actor("Listener", kind="unnamed", stateful=True, initial_state=lambda: {"seen": []}, channels={"news": "on_news"})


def _record(payload: Any, ctx: Any) -> Result:
    entry = {"action": ctx.action, "payload": payload, "metadata": dict(ctx.metadata)}
    return Result(state={"seen": ctx.state["seen"] + [entry]}, reply=None)


listener.action("on_news")(_record)
listener.action("special")(_record)


@listener.action("seen")
def seen(payload: Any, ctx: Any) -> Any:
    return ctx.state["seen"]


# -- module fixture -------------------------------------------------------------------

gateway: LiveGateway
host: Host


def setUpModule() -> None:
    global gateway, host
    gateway = LiveGateway()
    unittest.addModuleCleanup(gateway.stop)
    host = Host(system=SYSTEM, actors=[counter, ledger, listener], gateway_url=gateway.url).start()
    unittest.addModuleCleanup(host.stop)
    unittest.addModuleCleanup(release_slow.set)


_seq = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}-{os.getpid()}-{next(_seq)}-{uuid.uuid4().hex[:6]}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveTestCase(unittest.TestCase):
    def setUp(self) -> None:
        self.client = ActorgateClient(gateway.url, timeout=30.0)
        self.addCleanup(self.client.close)

    def expect_error(self, code: str, fn: Any, *args: Any, **kwargs: Any) -> ActorgateError:
        with self.assertRaises(ActorgateError) as cm:
            fn(*args, **kwargs)
        self.assertEqual(cm.exception.code, code, str(cm.exception))
        return cm.exception

    def wait_until(self, fn: Any, expected: Any, timeout: float = 15.0) -> Any:
        """Calls fn until it returns expected (for work the gateway does in the background)."""
        deadline = time.monotonic() + timeout
        while True:
            got = fn()
            if got == expected or time.monotonic() > deadline:
                self.assertEqual(got, expected)
                return got
            time.sleep(0.05)


# -- the client's options -------------------------------------------------------------


class ClientOptionsTest(LiveTestCase):
    def test_url_defaults_to_actorgate_url_then_the_default(self) -> None:
        saved = os.environ.get("ACTORGATE_URL")
        self.addCleanup(lambda: os.environ.__setitem__("ACTORGATE_URL", saved) if saved is not None else os.environ.pop("ACTORGATE_URL", None))
        os.environ["ACTORGATE_URL"] = gateway.url
        with ActorgateClient() as c:
            self.assertEqual(c.url, gateway.url)
            self.assertTrue(c.health()["live"])
        # An explicit url wins over the environment.
        os.environ["ACTORGATE_URL"] = f"http://127.0.0.1:{free_port()}"
        with ActorgateClient(gateway.url) as c:
            self.assertTrue(c.health()["ready"])
        with ActorgateClient() as c:
            self.expect_error(Code.UNAVAILABLE, c.health)
        del os.environ["ACTORGATE_URL"]
        with ActorgateClient() as c:
            self.assertEqual(c.url, DEFAULT_URL)
            self.assertEqual(DEFAULT_URL, "http://127.0.0.1:9300")

    def test_headers_are_sent_with_every_call(self) -> None:
        # The gateway reads Connect-Timeout-Ms as the call's deadline and hands it to the
        # host: a header given to the client shows up as the host's time left.
        ref = (SYSTEM, "Counter", unique("h"))
        with ActorgateClient(gateway.url, headers={"Connect-Timeout-Ms": "3000"}) as c:
            left = c.invoke(*ref, "context")["timeLeft"]
        self.assertIsNotNone(left)
        self.assertLessEqual(left, 3.0)
        plain = self.client.invoke(*ref, "context")["timeLeft"]
        self.assertTrue(plain is None or plain > 3.0, plain)

    def test_timeout_is_the_socket_timeout(self) -> None:
        slow_entered.clear()
        release_slow.clear()
        self.addCleanup(release_slow.set)
        with ActorgateClient(gateway.url, timeout=0.3) as c:
            started = time.monotonic()
            self.expect_error(Code.DEADLINE_EXCEEDED, c.invoke, SYSTEM, "Counter", unique("t"), "slow")
            self.assertLess(time.monotonic() - started, 10.0)
        self.assertTrue(slow_entered.is_set())

    def test_close_and_context_manager(self) -> None:
        c = ActorgateClient(gateway.url)
        self.assertTrue(c.health()["live"])
        self.assertEqual(len(c.transport.at(gateway.url)._all), 1)
        c.close()
        self.assertEqual(len(c.transport.at(gateway.url)._all), 0)
        # A closed client reconnects on its next call.
        self.assertTrue(c.health()["live"])
        with c:
            pass
        self.assertEqual(len(c.transport.at(gateway.url)._all), 0)

    def test_call_any_procedure(self) -> None:
        health = self.client.call("actorgate.v1.AdminService/Health")
        self.assertEqual((health["live"], health["ready"]), (True, True))
        self.expect_error(Code.UNIMPLEMENTED, self.client.call, "actorgate.v1.AdminService/NoSuchMethod", {})
        ref = ActorRef(SYSTEM, "Counter", unique("raw"))
        resp = self.client.call("actorgate.v1.ActorService/Invoke", {"actor": ref.to_json(), "action": "add", "payload": {"json": {"by": 2}}}, timeout_ms=5000)
        self.assertEqual(resp["reply"], {"json": {"value": 2}})
        # timeout_ms travels as Connect-Timeout-Ms (this request has no timeoutMs field):
        # the gateway makes it the call's deadline, which the host sees.
        ctx = self.client.call("actorgate.v1.ActorService/Invoke", {"actor": ref.to_json(), "action": "context"}, timeout_ms=3000)
        self.assertLessEqual(decode(ctx["reply"])["timeLeft"], 3.0)


# -- ActorService ---------------------------------------------------------------------


class InvokeTest(LiveTestCase):
    def test_invoke_returns_the_natural_reply_and_invoke_full_the_response(self) -> None:
        name = unique("c")
        self.assertEqual(self.client.invoke(SYSTEM, "Counter", name, "add", {"by": 1}), {"value": 1})
        full = self.client.invoke_full(SYSTEM, "Counter", name, "add", {"by": 41})
        self.assertEqual(full["reply"], {"json": {"value": 42}})
        self.assertEqual(full["revision"], 2)
        self.assertTrue(full["invocationId"])
        self.assertEqual(self.client.invoke(SYSTEM, "Counter", name, "get"), {"value": 42})

    def test_metadata_and_timeout_ms_reach_the_host(self) -> None:
        got = self.client.invoke(SYSTEM, "Counter", unique("m"), "context", metadata={"trace": "t-1", "n": 2}, timeout_ms=4000)
        self.assertEqual(got["metadata"], {"trace": "t-1", "n": "2"})
        self.assertIsNotNone(got["timeLeft"])
        self.assertLessEqual(got["timeLeft"], 4.0)
        self.assertGreater(got["timeLeft"], 0.0)

    def test_timeout_ms_ends_a_slow_call(self) -> None:
        slow_entered.clear()
        release_slow.clear()
        self.addCleanup(release_slow.set)
        self.expect_error(Code.DEADLINE_EXCEEDED, self.client.invoke, SYSTEM, "Counter", unique("s"), "slow", timeout_ms=200)
        self.assertTrue(slow_entered.is_set())

    def test_idempotency_key_runs_a_call_once(self) -> None:
        name, key = unique("i"), unique("key")
        first = self.client.invoke(SYSTEM, "Counter", name, "add", {"by": 5}, idempotency_key=key)
        again = self.client.invoke(SYSTEM, "Counter", name, "add", {"by": 5}, idempotency_key=key)
        self.assertEqual((first, again), ({"value": 5}, {"value": 5}))
        self.assertEqual(self.client.invoke(SYSTEM, "Counter", name, "get"), {"value": 5})

    def test_async_returns_an_invocation_id_and_runs_later(self) -> None:
        name = unique("a")
        invocation = self.client.invoke(SYSTEM, "Counter", name, "add", {"by": 3}, async_=True)
        self.assertIsInstance(invocation, str)
        self.assertTrue(invocation)
        self.wait_until(lambda: self.client.invoke(SYSTEM, "Counter", name, "get"), {"value": 3})
        full = self.client.invoke_full(SYSTEM, "Counter", name, "add", {"by": 1}, async_=True)
        self.assertTrue(full["invocationId"])
        self.assertNotIn("reply", full)

    def test_scheduled_at_delivers_no_earlier(self) -> None:
        name = unique("sch")
        at = dt.datetime.now(dt.timezone.utc) + dt.timedelta(milliseconds=700)
        invocation = self.client.invoke(SYSTEM, "Counter", name, "stamp", scheduled_at=at)
        self.assertTrue(invocation)
        self.wait_until(lambda: self.client.invoke(SYSTEM, "Counter", name, "get"), {"value": 1})
        ran_at = decode(self.client.get_state((SYSTEM, "Counter", name))["state"])["ranAt"]
        self.assertGreaterEqual(ran_at, at.timestamp() - 0.05)

    def test_activate_and_activate_many(self) -> None:
        a, b = unique("x"), unique("y")
        one = self.client.activate(SYSTEM, "Counter", a)
        self.assertEqual(one, {"actor": ActorRef(SYSTEM, "Counter", a), "revision": 0, "created": True})
        self.client.invoke(SYSTEM, "Counter", a, "add", {"by": 1})
        many = self.client.activate_many([(SYSTEM, "Counter", b), ActorRef(SYSTEM, "Counter", a)])
        self.assertEqual([m["actor"].name for m in many], [b, a])
        # "created": it had no state before this call.
        self.assertEqual([(m["created"], m["revision"]) for m in many], [(True, 0), (False, 1)])

        src = (SYSTEM, "Ledger", unique("src"))
        for v in ("one", "two", "three"):
            self.client.invoke(*src, "set", v)
        copy_latest = self.client.activate(SYSTEM, "Ledger", unique("cp"), from_=src)
        # The copy starts its own history at revision 1, holding the source's state.
        self.assertEqual((copy_latest["created"], copy_latest["revision"]), (True, 1))
        self.assertEqual(self.client.invoke(*astuple(copy_latest["actor"]), "get"), {"value": "three"})
        copy_old = self.client.activate_many([(SYSTEM, "Ledger", unique("cp"))], from_=ActorRef(*src), from_revision=1)[0]
        self.assertEqual(self.client.invoke(*astuple(copy_old["actor"]), "get"), {"value": "one"})

    def test_broadcast_reaches_subscribed_actors_with_action_and_metadata(self) -> None:
        refs = [(SYSTEM, "Listener", unique("l")) for _ in range(3)]
        self.client.activate_many(refs)
        self.assertGreaterEqual(self.client.broadcast(SYSTEM, "news", {"n": 1}), 3)
        self.assertGreaterEqual(self.client.broadcast(SYSTEM, "news", {"n": 2}, "special", metadata={"k": "v"}), 3)
        for ref in refs:
            self.assertEqual(
                self.client.invoke(*ref, "seen"),
                [
                    {"action": "on_news", "payload": {"n": 1}, "metadata": {"actorgate-channel": "news"}},
                    {"action": "special", "payload": {"n": 2}, "metadata": {"actorgate-channel": "news", "k": "v"}},
                ],
            )

    def test_subscribe_streams_broadcasts_with_a_filter_until_closed(self) -> None:
        channel = unique("feed")
        # The gateway answers a Subscribe with its first event, so subscribe() returns
        # once something was broadcast: probe until both streams are open. Probes carry
        # the filtered action, so the filtered stream opens too.
        stop = threading.Event()

        def probe() -> None:
            with ActorgateClient(gateway.url) as c:
                while not stop.is_set():
                    c.broadcast(SYSTEM, channel, {"probe": True}, "special")
                    stop.wait(0.05)

        prober = threading.Thread(target=probe, daemon=True)
        prober.start()
        self.addCleanup(prober.join, 10)
        self.addCleanup(stop.set)
        plain = self.client.subscribe(SYSTEM, channel, timeout=20)
        filtered = self.client.subscribe(SYSTEM, channel, action_filter="special", timeout=20)
        self.addCleanup(plain.close)
        self.addCleanup(filtered.close)
        stop.set()
        prober.join(10)

        self.client.broadcast(SYSTEM, channel, {"n": 1})
        self.client.broadcast(SYSTEM, channel, {"n": 2}, "special")
        is_probe = lambda e: decode(e.get("payload")) == {"probe": True}  # noqa: E731
        events = []
        for event in plain:
            if is_probe(event):
                continue
            events.append((event["channel"], decode(event.get("payload")), event["action"], event["dropped"]))
            if len(events) == 2:
                break
        self.assertEqual(events, [(channel, {"n": 1}, "", 0), (channel, {"n": 2}, "special", 0)])
        first = next(e for e in filtered if not is_probe(e))
        self.assertEqual((decode(first.get("payload")), first["action"]), ({"n": 2}, "special"))
        with filtered:
            pass
        self.assertRaises(StopIteration, next, filtered)
        plain.close()
        self.assertRaises(StopIteration, next, plain)

    def test_close_from_another_thread_ends_a_blocked_iteration(self) -> None:
        # An application cancels a subscription from another thread while a reader
        # waits for the next event: the reader must stop, cleanly (issue 18's
        # client conformance cases found it blocked forever).
        channel = unique("cancel")
        opened = threading.Event()
        outcome: list[str] = []

        def read() -> None:
            with ActorgateClient(gateway.url) as c:
                sub = c.subscribe(SYSTEM, channel)  # returns at the first event
                holder.append(sub)
                opened.set()
                try:
                    for _ in sub:
                        pass
                    outcome.append("ended")
                except Exception as err:  # noqa: BLE001 - the test reports what it got
                    outcome.append(repr(err))

        holder: list[Any] = []
        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        while not opened.wait(0.05):
            self.client.broadcast(SYSTEM, channel, {"probe": True})
        # close() itself runs in a thread too: it must not block on the reader either.
        closer = threading.Thread(target=holder[0].close, daemon=True)
        closer.start()
        closer.join(5)
        reader.join(5)
        self.assertFalse(closer.is_alive(), "close() blocks while another thread reads")
        self.assertFalse(reader.is_alive(), "the reader is still blocked after close()")
        self.assertEqual(outcome, ["ended"])


# -- StateService ---------------------------------------------------------------------


class StateTest(LiveTestCase):
    def test_snapshot_and_get_state(self) -> None:
        ref = ActorRef(SYSTEM, "Counter", unique("st"))
        self.client.invoke(*astuple(ref), "add", {"by": 2})
        self.client.invoke(*astuple(ref), "add", {"by": 3})
        self.assertEqual(self.client.snapshot(ref), 2)
        got = self.client.get_state(ref)
        self.assertEqual((decode(got["state"]), got["revision"]), ({"value": 5}, 2))
        self.expect_error(Code.NOT_FOUND, self.client.get_state, (SYSTEM, "Counter", unique("none")))

    def test_revisions_restore_and_paging(self) -> None:
        ref = (SYSTEM, "Ledger", unique("h"))
        for v in ("a", "b", "c", "d"):
            self.client.invoke(*ref, "set", v)
        self.assertEqual(decode(self.client.get_state(ref, revision=2)["state"]), {"value": "b"})
        page = self.client.list_revisions(ref, page_size=3)
        self.assertEqual([r["revision"] for r in page["revisions"]], [4, 3, 2])
        self.assertTrue(page["nextPageToken"])
        self.assertTrue(all(r["sizeBytes"] > 0 for r in page["revisions"]))
        rest = self.client.list_revisions(ref, page_size=3, page_token=page["nextPageToken"])
        self.assertEqual(([r["revision"] for r in rest["revisions"]], rest["nextPageToken"]), ([1], ""))
        self.assertEqual([r["revision"] for r in self.client.iter_revisions(ref, page_size=1)], [4, 3, 2, 1])

        self.assertEqual(self.client.restore(ref, 1), 5)
        self.assertEqual(self.client.invoke(*ref, "get"), {"value": "a"})
        # By time: revision 3 was current from its validFrom.
        at = next(r for r in self.client.iter_revisions(ref) if r["revision"] == 3)["validFrom"]
        self.assertEqual(self.client.restore(ref, at=at), 6)
        self.assertEqual(self.client.invoke(*ref, "get"), {"value": "c"})
        with self.assertRaises(ValueError):
            self.client.restore(ref)
        self.expect_error(Code.NOT_FOUND, self.client.restore, ref, 99)


# -- AdminService ---------------------------------------------------------------------


class AdminTest(LiveTestCase):
    def test_health_and_hosts(self) -> None:
        health = self.client.health()
        self.assertEqual((health["live"], health["ready"]), (True, True))
        self.assertTrue(health["nodeId"])
        hosts = self.client.list_hosts(SYSTEM)
        self.assertEqual([h["hostId"] for h in hosts], [host.host_id])
        self.assertEqual(self.client.list_hosts("no-such-system"), [])
        self.assertIn(host.host_id, [h["hostId"] for h in self.client.list_hosts()])

    def test_list_describe_and_deactivate_actors(self) -> None:
        names = sorted(unique("ls") for _ in range(3))
        for n in names:
            self.client.invoke(SYSTEM, "Ledger", n, "set", n)
        mine = lambda page: [a for a in page["actors"] if a["actor"]["name"] in names]  # noqa: E731
        listed = mine(self.client.list_actors(SYSTEM, type="Ledger", page_size=1000))
        self.assertEqual(sorted(a["actor"]["name"] for a in listed), names)
        self.assertTrue(all(a["active"] and a["revision"] == 1 for a in listed))
        self.assertEqual(mine(self.client.list_actors(SYSTEM, type="Counter", page_size=1000)), [])
        first = self.client.list_actors(SYSTEM, type="Ledger", page_size=1)
        self.assertEqual(len(first["actors"]), 1)
        self.assertTrue(first["nextPageToken"])
        second = self.client.list_actors(SYSTEM, type="Ledger", page_size=1, page_token=first["nextPageToken"])
        self.assertNotEqual(second["actors"][0]["actor"], first["actors"][0]["actor"])

        ref = (SYSTEM, "Ledger", names[0])
        described = self.client.describe_actor(ref)
        self.assertEqual((described["info"]["active"], described["info"]["revision"], described["durableRevision"]), (True, 1, 1))
        self.assertTrue(self.client.deactivate(ref))
        self.assertFalse(self.client.deactivate(ref))
        self.assertFalse(self.client.describe_actor(ref)["info"].get("active", False))
        inactive = [a["actor"]["name"] for a in mine(self.client.list_actors(SYSTEM, type="Ledger", page_size=1000))]
        self.assertNotIn(names[0], inactive)
        everything = [a["actor"]["name"] for a in mine(self.client.list_actors(SYSTEM, type="Ledger", include_inactive=True, page_size=1000))]
        self.assertIn(names[0], everything)


# -- errors ---------------------------------------------------------------------------


class ErrorTest(LiveTestCase):
    def test_codes_and_messages(self) -> None:
        err = self.expect_error(Code.FAILED_PRECONDITION, self.client.invoke, SYSTEM, "Counter", unique("e"), "refuse", "x")
        self.assertEqual(err.message, "refusing 'x'")
        self.expect_error(Code.NOT_FOUND, self.client.invoke, SYSTEM, "Counter", unique("e"), "noSuchAction")
        self.expect_error(Code.NOT_FOUND, self.client.invoke, SYSTEM, "NoSuchType", "x", "get")
        self.expect_error(Code.INVALID_ARGUMENT, self.client.invoke, SYSTEM, "Counter", "bad name", "get")
        self.expect_error(Code.INVALID_ARGUMENT, self.client.broadcast, SYSTEM, "bad channel", {})

    def test_nobody_listening_is_unavailable(self) -> None:
        with ActorgateClient(f"http://127.0.0.1:{free_port()}") as c:
            self.expect_error(Code.UNAVAILABLE, c.health)
            self.expect_error(Code.UNAVAILABLE, c.subscribe, SYSTEM, "news")


if __name__ == "__main__":
    unittest.main()
