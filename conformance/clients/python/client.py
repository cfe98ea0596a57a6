"""The client adapter for the Python client SDK (clients/python, stdlib only).

It maps each command of the client conformance protocol
(proto/actorgate/conformance/v1/client.proto: newline-delimited JSON, commands on stdin,
outputs on stdout) onto the SDK's API, the way an application would call it, and
reports what the SDK returned without fixing anything up.

    npx actorgate-conformance --client --features conformance/clients/python/features.json \\
        -- python3 conformance/clients/python/client.py
"""

from __future__ import annotations

import json
import os
import sys
import threading
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "clients", "python"))

from actorgate.client import ActorgateClient, Subscription  # noqa: E402
from actorgate.connect import ActorgateError, Code  # noqa: E402
from actorgate.payload import NULL, decode, is_present  # noqa: E402

TRANSPORT = "connect+json+http1"  # the one transport this SDK speaks

_write_lock = threading.Lock()


def write(line: dict[str, Any]) -> None:
    text = json.dumps(line, ensure_ascii=False, separators=(",", ":"))
    with _write_lock:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()


def to_input(payload: dict[str, Any] | None) -> Any:
    """The protocol's payload as the SDK's input: None (no payload), NULL or the value."""
    if not isinstance(payload, dict) or "json" not in payload:
        return None
    value = payload["json"]
    return NULL if value is None else value


def to_output(payload: Any) -> dict[str, Any] | None:
    """An SDK payload dict ({"json": ...}) as the protocol's payload, through the SDK's
    own decode/is_present (null and absent stay distinct)."""
    if not is_present(payload):
        return None
    return {"json": decode(payload)}


class Adapter:
    def __init__(self, url: str) -> None:
        self.url = url
        self.client = ActorgateClient(url)
        self.subscriptions: dict[str, Subscription] = {}
        self.cancelled: set[str] = set()
        self.lock = threading.Lock()

    def handle(self, command: dict[str, Any]) -> None:
        cid = command.get("id", "")
        try:
            if "invoke" in command:
                self.invoke(cid, command["invoke"])
            elif "subscribe" in command:
                self.subscribe(cid, command["subscribe"])
            elif "cancel" in command:
                self.cancel(command["cancel"].get("target", ""))
                write({"id": cid, "result": {}})
            elif "broadcast" in command:
                c = command["broadcast"]
                delivered = self.client.broadcast(
                    c.get("system", ""), c.get("channel", ""), to_input(c.get("payload")), c.get("action") or None, metadata=c.get("metadata") or None
                )
                write({"id": cid, "result": {"delivered": delivered}})
            elif "activate" in command:
                out = self.client.activate_many([_ref(a) for a in command["activate"].get("actors", [])])
                write({"id": cid, "result": {"activated": [{"actor": a["actor"].to_json(), "revision": str(a["revision"]), "created": a["created"]} for a in out]}})
            elif "getState" in command:
                res = self.client.get_state(_ref(command["getState"].get("actor", {})))
                result: dict[str, Any] = {"revision": str(res["revision"])}
                state = to_output(res.get("state"))
                if state is not None:
                    result["state"] = state
                write({"id": cid, "result": result})
            else:
                write({"id": cid, "error": {"code": Code.UNIMPLEMENTED, "message": f"unknown command {sorted(command)}"}})
        except ActorgateError as err:
            write({"id": cid, "error": {"code": err.code, "message": err.message}})
        except Exception as err:  # an SDK crash: report it, so the case shows it
            print(f"[python-client] command {cid} crashed: {err!r}", file=sys.stderr, flush=True)
            write({"id": cid, "error": {"code": "(adapter crashed)", "message": repr(err)}})

    def invoke(self, cid: str, c: dict[str, Any]) -> None:
        ref = c.get("actor", {})
        headers = c.get("headers") or {}
        # The SDK sends headers per client: a call with its own headers gets its own client.
        client = ActorgateClient(self.url, headers=headers) if headers else self.client
        retries = int(c.get("retries", 0))
        attempt = 0
        try:
            while True:
                attempt += 1
                try:
                    resp = client.invoke_full(
                        ref.get("system", ""),
                        ref.get("type", ""),
                        ref.get("name", ""),
                        c.get("action", ""),
                        to_input(c.get("payload")),
                        metadata=c.get("metadata") or None,
                        async_=bool(c.get("async", False)),
                        idempotency_key=c.get("idempotencyKey") or None,
                        timeout_ms=int(c.get("timeoutMs", 0)) or None,
                    )
                    break
                except ActorgateError as err:
                    # No retry policy in the SDK: calling again with the same arguments
                    # (the same idempotency key) is the documented way.
                    if err.code != Code.UNAVAILABLE or attempt > retries:
                        write({"id": cid, "attempts": attempt, "error": {"code": err.code, "message": err.message}})
                        return
        finally:
            if client is not self.client:
                client.close()
        result: dict[str, Any] = {"invocationId": resp["invocationId"], "revision": str(resp["revision"])}
        reply = to_output(resp.get("reply"))
        if reply is not None:
            result["reply"] = reply
        write({"id": cid, "attempts": attempt, "result": result})

    def subscribe(self, cid: str, c: dict[str, Any]) -> None:
        count = int(c.get("count", 0))
        sub = self.client.subscribe(c.get("system", ""), c.get("channel", ""), action_filter=c.get("actionFilter") or None)
        with self.lock:
            self.subscriptions[cid] = sub
            cancelled_early = cid in self.cancelled
        if cancelled_early:
            sub.close()
        events = 0
        try:
            for event in sub:
                events += 1
                out: dict[str, Any] = {"channel": event.get("channel", ""), "action": event.get("action", ""), "dropped": str(event.get("dropped", 0))}
                payload = to_output(event.get("payload"))
                if payload is not None:
                    out["payload"] = payload
                write({"id": cid, "event": out})
                if count and events >= count:
                    break
        except ActorgateError as err:
            with self.lock:
                cancelled = cid in self.cancelled
            if not cancelled:
                write({"id": cid, "error": {"code": err.code, "message": err.message}})
                return
        finally:
            sub.close()
            with self.lock:
                self.subscriptions.pop(cid, None)
        write({"id": cid, "result": {"events": events}})

    def cancel(self, target: str) -> None:
        with self.lock:
            self.cancelled.add(target)
            sub = self.subscriptions.get(target)
        if sub is not None:
            sub.close()

    def close_all(self) -> None:
        with self.lock:
            subs = list(self.subscriptions.items())
        for cid, sub in subs:
            self.cancel(cid)


def _ref(ref: dict[str, Any]) -> tuple[str, str, str]:
    return (ref.get("system", ""), ref.get("type", ""), ref.get("name", ""))


def main() -> int:
    wanted = os.environ.get("ACTORGATE_CONFORMANCE_TRANSPORT")
    if wanted and wanted != TRANSPORT:
        print(f"[python-client] ACTORGATE_CONFORMANCE_TRANSPORT={wanted}: only {TRANSPORT} is supported", file=sys.stderr, flush=True)
        return 2
    adapter = Adapter(os.environ.get("ACTORGATE_URL", "http://127.0.0.1:9300"))
    write({"ready": {"name": "actorgate (Python)", "version": "0.1.0"}})
    threads: list[threading.Thread] = []
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            command = json.loads(line)
        except ValueError as err:
            print(f"[python-client] not JSON: {err}: {line!r}", file=sys.stderr, flush=True)
            continue
        t = threading.Thread(target=adapter.handle, args=(command,), daemon=True)
        t.start()
        threads.append(t)
    adapter.close_all()
    for t in threads:
        t.join(timeout=5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
