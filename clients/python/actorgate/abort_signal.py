"""Cancellation of one action: ``ctx.signal``, the Python side of the TS SDK's AbortSignal.

It fires when the gateway stops waiting for the turn: its deadline passed, or the gateway
aborted the request (the caller left, or the gateway's own deadline passed first). An
action that does slow work checks ``ctx.signal.aborted``, waits with
``ctx.signal.wait(seconds)`` instead of ``time.sleep``, or registers ``add_listener``.
Its answer after that is discarded by the gateway, and the actor's state is unchanged.
"""

from __future__ import annotations

import select
import socket
import threading
import time
from typing import Callable

from .connect import ActorgateError, Code

__all__ = ["Signal", "watch_request"]

# How often the watcher looks at the connection for the gateway hanging up.
_POLL_SECONDS = 0.005


class Signal:
    """Set once, when the gateway stops waiting; ``reason`` says why."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._listeners: list[Callable[[str], None]] = []
        self.reason: str | None = None

    @property
    def aborted(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Sleeps until the signal fires or ``timeout`` seconds pass; True if it fired."""
        return self._event.wait(timeout)

    def add_listener(self, fn: Callable[[str], None]) -> None:
        """Calls ``fn(reason)`` when the signal fires (at once if it already has)."""
        with self._lock:
            if not self._event.is_set():
                self._listeners.append(fn)
                return
        fn(self.reason or "")

    def throw_if_aborted(self) -> None:
        """Raises deadline_exceeded (or canceled) once the signal has fired."""
        if self.aborted:
            code = Code.DEADLINE_EXCEEDED if self.reason == "deadline" else Code.CANCELED
            raise ActorgateError(code, f"the gateway stopped waiting ({self.reason})")

    def abort(self, reason: str) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self.reason = reason
            self._event.set()
            listeners, self._listeners = self._listeners, []
        for fn in listeners:
            try:
                fn(reason)
            except Exception:  # a listener's failure must not stop the others
                pass


def watch_request(sock: socket.socket, signal: Signal, deadline: float | None) -> Callable[[], None]:
    """Fires ``signal`` at ``deadline`` (time.monotonic()) or when the peer closes ``sock``
    while the action runs; returns the function that stops watching (call it before
    answering)."""
    done = threading.Event()

    def run() -> None:
        while not done.is_set():
            wait = _POLL_SECONDS
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    signal.abort("deadline")
                    return
                wait = min(wait, left)
            try:
                readable, _, _ = select.select([sock], [], [], wait)
                if readable and sock.recv(1, socket.MSG_PEEK) == b"":
                    signal.abort("the gateway closed the request")
                    return
                if readable:
                    return  # the next request's bytes: the gateway is still there
            except (OSError, ValueError):
                signal.abort("the gateway closed the request")
                return

    threading.Thread(target=run, name="actorgate-signal", daemon=True).start()
    return done.set
