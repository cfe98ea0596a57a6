"""The Actorgate host: serves ``actorgate.v1.ActorHostService/Handle`` and keeps a
registration with the gateway alive (with several gateway URLs, on whichever node
answers).

    from actorgate.host import Host, actor, Result

    counter = actor("Counter", kind="unnamed", stateful=True, initial_state=lambda: {"value": 0})

    @counter.action("add")
    def add(payload, ctx):
        value = ctx.state["value"] + payload["by"]
        return Result(state={"value": value}, reply={"value": value})

    Host(system="demo", actors=[counter]).run()

The host answers Connect unary calls with the JSON codec on a ThreadingHTTPServer
(HTTP/1.1, keep-alive), registers with ``HostService/Register``, heartbeats in a daemon
thread, registers again when the lease is lost (``not_found``) or the gateway was
unreachable, and on :meth:`Host.stop` unregisters with ``drain`` before closing. With
several gateway URLs a failed heartbeat moves to the next node at once; if that node
does not know the lease it registers there (same host id), without a gap.
"""

from __future__ import annotations

import logging
import random
import signal
import threading
import time
import uuid
from typing import Any, Callable, Iterable, Mapping, Sequence

from .actor import (
    ActorDef,
    ActorError,
    Broadcast,
    Channel,
    Context,
    Effect,
    Forward,
    Pipe,
    Result,
    Timer,
    actor,
)
from .abort_signal import Signal
from .connect import ActorgateError, Code
from .failover import DEFAULT_URL, FailoverTransport
from .payload import NULL, Binary
from .security import SIGNATURE_HEADER, client_ssl_context, server_ssl_context, verify
from .server import HANDLE_PATH, HandleServer
from .types import ActorRef

__all__ = [
    "Host",
    "actor",
    "ActorDef",
    "ActorError",
    "ActorgateError",
    "ActorRef",
    "Binary",
    "Broadcast",
    "Channel",
    "Context",
    "Effect",
    "Forward",
    "NULL",
    "Pipe",
    "Result",
    "Timer",
    "HANDLE_PATH",
]

log = logging.getLogger("actorgate.host")

_HOST_SERVICE = "actorgate.v1.HostService/"
DEFAULT_GATEWAY_URL = DEFAULT_URL

# Register errors worth retrying; anything else at start-up is a configuration error.
# ALREADY_EXISTS: an earlier process with this host id still holds a live lease; it
# clears when that lease expires.
_RETRYABLE = frozenset(
    {
        Code.UNAVAILABLE,
        Code.DEADLINE_EXCEEDED,
        Code.RESOURCE_EXHAUSTED,
        Code.ABORTED,
        Code.INTERNAL,
        Code.UNKNOWN,
        Code.ALREADY_EXISTS,
    }
)


class Host:
    """Serves actor types to one actor system of a gateway.

    ``system``: the actor system. ``actors``: the :func:`actor` definitions.
    ``gateway_url``: one URL or several (a list or a comma-separated string) to fail over
    between; default ``$ACTORGATE_URL`` (same forms) or ``http://127.0.0.1:9300``.
    ``bind``/``port``: where to listen (port 0 = any free port). ``callback_url``: the
    URL the gateway calls (default ``http://<bind>:<port>``). ``host_id``: stable id
    (default: a new UUID). ``capabilities``, ``max_concurrency``: sent at registration.
    ``register=False`` serves Handle without talking to a gateway (tests, direct calls).
    ``on_event(name, fields)`` is told of ``"registered"`` (``lease_id``, ``gateway_url``),
    ``"registration-failed"`` (``error``), ``"lease-lost"`` and ``"failover"`` (``from_url``,
    ``to_url``, ``error``); it runs on the lease thread and must not block.
    """

    def __init__(
        self,
        system: str,
        actors: Iterable[ActorDef],
        *,
        gateway_url: str | Sequence[str] | None = None,
        bind: str = "127.0.0.1",
        port: int = 0,
        callback_url: str | None = None,
        host_id: str | None = None,
        capabilities: Iterable[str] = (),
        max_concurrency: int = 0,
        headers: Mapping[str, str] | None = None,
        register: bool = True,
        retry_min: float = 0.2,
        retry_max: float = 5.0,
        drain_timeout: float = 30.0,
        idle_timeout: float | None = 600.0,
        max_body_bytes: int = 64 * 1024 * 1024,
        on_event: Callable[[str, dict[str, Any]], None] | None = None,
        token: str | None = None,
        ca_file: str | None = None,
        cert_file: str | None = None,
        key_file: str | None = None,
        tls_cert: str | None = None,
        tls_key: str | None = None,
        tls_client_ca: str | None = None,
        require_signature: bool = True,
    ) -> None:
        """Security (see actorgate.security): ``token`` (default ``$ACTORGATE_TOKEN``),
        ``ca_file``/``cert_file``/``key_file`` to reach an https:// gateway,
        ``tls_cert``/``tls_key`` to serve callbacks over HTTPS (``tls_client_ca``: only
        to callers with a certificate it signed), ``require_signature``: refuse
        callbacks without the gateway's signature (default True)."""
        if not system:
            raise ValueError("system is required")
        self.system = system
        self.types: dict[str, ActorDef] = {}
        for a in actors:
            if a.name in self.types:
                raise ValueError(f"actor type {a.name!r} is defined twice")
            a.validate()
            self.types[a.name] = a
        if not self.types:
            raise ValueError("a host needs at least one actor type")
        self.on_event = on_event
        self.bind = bind
        self.requested_port = port
        self._callback_url = callback_url
        self.host_id = host_id or str(uuid.uuid4())
        self.capabilities = list(capabilities)
        self.max_concurrency = max_concurrency
        self.register_enabled = register
        self.retry_min = retry_min
        self.retry_max = retry_max
        self.drain_timeout = drain_timeout
        self.idle_timeout = idle_timeout
        self.max_body_bytes = max_body_bytes
        # Every HostService call may be repeated on another node (same host id and lease),
        # and a node that does not answer a heartbeat in time counts as failed.
        self.gateway = FailoverTransport(
            gateway_url,
            timeout=10.0,
            headers=headers,
            always_repeatable=True,
            per_attempt_timeout=True,
            on_failover=lambda a, b, err: self._emit("failover", from_url=a, to_url=b, error=err),
            token=token,
            ssl_context=client_ssl_context(ca_file, cert_file, key_file),
        )
        self._server_ssl = server_ssl_context(tls_cert, tls_key, tls_client_ca) if tls_cert and tls_key else None
        self.require_signature = require_signature
        # The callback secrets of the current and previous registration (calls in flight
        # when the host re-registered are signed with the old one).
        self._secrets: list[str] = []

        self.lease_id: str | None = None
        # The lease of the last registration, kept when the lease is dropped: the gateway
        # lets a live host id re-register only with it (after a failed heartbeat the old
        # lease may still be live there).
        self.previous_lease_id: str | None = None
        self.heartbeat_interval: float = 3.0
        self.registrations = 0
        self.registered = threading.Event()
        self._server: HandleServer | None = None
        self._serve_thread: threading.Thread | None = None
        self._lease_thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._state_lock = threading.Lock()
        self._start_error: BaseException | None = None
        self._started = False
        self._stop_requested = False

    # -- properties -------------------------------------------------------------------

    @property
    def gateway_url(self) -> str:
        """The gateway URL the host is registered with (or trying) now."""
        return self.gateway.base_url

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the host is not started")
        return int(self._server.server_address[1])

    @property
    def callback_url(self) -> str:
        if self._callback_url:
            return self._callback_url.rstrip("/")
        addr = self.bind if self.bind not in ("", "0.0.0.0", "::") else "127.0.0.1"
        return f"{'https' if self._server_ssl else 'http'}://{addr}:{self.port}"

    def registration(self) -> dict[str, Any]:
        """The RegisterRequest this host sends, in proto3 JSON form."""
        req: dict[str, Any] = {
            "system": self.system,
            "hostId": self.host_id,
            "callbackUrl": self.callback_url,
            "protocol": "HOST_PROTOCOL_CONNECT",
            "codec": "HOST_CODEC_JSON",
            "httpVersion": "HOST_HTTP_VERSION_HTTP1",
            "types": [t.to_json() for t in self.types.values()],
        }
        if self.capabilities:
            req["capabilities"] = self.capabilities
        if self.max_concurrency:
            req["maxConcurrency"] = int(self.max_concurrency)
        if self.previous_lease_id:
            req["leaseId"] = self.previous_lease_id
        return req

    # -- lifecycle --------------------------------------------------------------------

    def start(self, timeout: float | None = 30.0) -> "Host":
        """Starts serving and registers. Waits up to ``timeout`` seconds for the first
        registration (None: no limit) and raises ActorgateError if it fails for good
        (e.g. ``invalid_argument``) or does not succeed in time."""
        with self._state_lock:
            if self._started:
                raise RuntimeError("the host was already started")
            self._started = True
        self._server = HandleServer(
            (self.bind, self.requested_port),
            self.handle,
            idle_timeout=self.idle_timeout,
            max_body_bytes=self.max_body_bytes,
            ssl_context=self._server_ssl,
            verify=self._verify_callback,
        )
        self._serve_thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"actorgate-host-{self.port}",
            daemon=True,
        )
        self._serve_thread.start()
        log.info("actorgate host %s serving %s at %s", self.host_id, ", ".join(self.types), self.callback_url)
        if not self.register_enabled:
            return self
        self._lease_thread = threading.Thread(target=self._lease_loop, name="actorgate-lease", daemon=True)
        self._lease_thread.start()
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.registered.is_set():
            if self._start_error is not None or self._stop.is_set():
                break
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                break
            self.registered.wait(0.05 if left is None else min(0.05, left))
        if not self.registered.is_set():
            err = self._start_error or ActorgateError(
                Code.UNAVAILABLE, f"could not register with the gateway at {', '.join(self.gateway.urls.urls)} within {timeout}s"
            )
            self._stop.set()
            if self._lease_thread is not None:
                self._lease_thread.join()
            self._shutdown_server()
            self.gateway.close()
            self._stopped.set()
            raise err
        return self

    def stop(self) -> None:
        """Unregisters (with drain: the gateway finishes and deactivates this host's
        actors first), then stops serving. Idempotent."""
        with self._state_lock:
            if self._stop.is_set():
                already = True
            else:
                already = False
                self._stop.set()
        if already:
            self._stopped.wait()
            return
        try:
            if self._lease_thread is not None:
                self._lease_thread.join()
            lease = self.lease_id
            if lease:
                try:
                    self.gateway.call(
                        _HOST_SERVICE + "Unregister",
                        {"leaseId": lease, "drain": True},
                        timeout_ms=int(self.drain_timeout * 1000),
                    )
                    log.info("actorgate host %s unregistered", self.host_id)
                except ActorgateError as err:
                    log.warning("actorgate host %s: unregister failed: %s", self.host_id, err)
                self.lease_id = None
            self._shutdown_server()
            self.gateway.close()
        finally:
            self._stopped.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Blocks until :meth:`stop` is called (from another thread), SIGINT or SIGTERM,
        then stops the host. Returns False if ``timeout`` passed first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        restore = None
        if threading.current_thread() is threading.main_thread():
            try:
                restore = signal.signal(signal.SIGTERM, lambda *_: self._stop_soon())
            except (ValueError, OSError):
                restore = None
        try:
            while not self._stop.is_set() and not self._stopped.is_set():
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._stopped.wait(0.25 if left is None else min(0.25, left))
                if self._stop_requested:
                    break
        except KeyboardInterrupt:
            pass
        finally:
            if restore is not None:
                signal.signal(signal.SIGTERM, restore)
        self.stop()
        return True

    def _stop_soon(self) -> None:
        self._stop_requested = True

    def run(self) -> None:
        """start(), then wait() until SIGINT/SIGTERM, then stop()."""
        self.start()
        self.wait()

    def __enter__(self) -> "Host":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _shutdown_server(self) -> None:
        server = self._server
        if server is None:
            return
        server.shutdown()
        server.close_connections(grace=5.0)
        server.server_close()

    def _verify_callback(self, headers: Any, request: Any) -> str | None:
        """None when the callback carries the gateway's signature (or none is required)."""
        if not self.require_signature or not self._secrets or not isinstance(request, dict):
            return None
        header = headers.get(SIGNATURE_HEADER)
        reasons = [verify(s, header, request) for s in self._secrets]
        return None if None in reasons else reasons[0]

    # -- registration -----------------------------------------------------------------

    def _emit(self, name: str, **fields: Any) -> None:
        if self.on_event is None:
            return
        try:
            self.on_event(name, fields)
        except Exception:  # a logging hook must not break the lease
            log.exception("actorgate host %s: on_event(%r) failed", self.host_id, name)

    def _heartbeat_timeout_ms(self) -> int | None:
        """With several URLs a heartbeat leaves time to try the next node well within
        the lease; with one, the transport's timeout as before."""
        if len(self.gateway.urls.urls) == 1:
            return None
        return max(100, int(self.heartbeat_interval * 1000 / 2))

    def _heartbeat(self) -> None:
        before = self.gateway.base_url
        try:
            self.gateway.call(
                _HOST_SERVICE + "Heartbeat", {"leaseId": self.lease_id}, timeout_ms=self._heartbeat_timeout_ms()
            )
        except ActorgateError as err:
            # The node this heartbeat moved to does not know the lease (not in the same
            # cluster, or it expired meanwhile): register with it at once, no gap.
            if self.gateway.base_url == before or err.code not in (Code.NOT_FOUND, Code.FAILED_PRECONDITION):
                raise
            log.warning("actorgate host %s: %s does not know the lease (%s); registering there", self.host_id, self.gateway.base_url, err.message)
            self._emit("lease-lost")
            self.lease_id = None
            self._register()

    def _register(self) -> None:
        resp = self.gateway.call(_HOST_SERVICE + "Register", self.registration())
        lease = str(resp.get("leaseId") or "")
        if not lease:
            raise ActorgateError(Code.INTERNAL, "Register returned no leaseId")
        interval_ms = int(resp.get("heartbeatIntervalMs") or 0)
        if not interval_ms:
            interval_ms = int(resp.get("leaseTtlMs") or 0) // 3 or 3000
        secret = str(resp.get("callbackSecret") or "")
        if secret:
            self._secrets = [secret, *self._secrets][:2]
        self.lease_id = lease
        self.previous_lease_id = lease
        self.heartbeat_interval = max(interval_ms, 10) / 1000.0
        self.registrations += 1
        self._emit("registered", lease_id=lease, gateway_url=self.gateway.base_url)
        log.info(
            "actorgate host %s registered with %s (lease %s, heartbeat every %d ms)",
            self.host_id,
            resp.get("gatewayId") or self.gateway_url,
            lease,
            interval_ms,
        )

    def _lease_loop(self) -> None:
        delay = self.retry_min
        while not self._stop.is_set():
            if self.lease_id is None:
                try:
                    self._register()
                except ActorgateError as err:
                    self._emit("registration-failed", error=err)
                    if not self.registered.is_set() and err.code not in _RETRYABLE:
                        self._start_error = err
                        return
                    log.warning("actorgate host %s: register failed: %s; retrying in %.1fs", self.host_id, err, delay)
                    if self._stop.wait(delay * random.uniform(0.8, 1.0)):
                        return
                    delay = min(delay * 2, self.retry_max)
                    continue
                except Exception as err:  # never let the lease thread die
                    log.exception("actorgate host %s: register crashed: %s", self.host_id, err)
                    if self._stop.wait(delay):
                        return
                    continue
                delay = self.retry_min
                self.registered.set()
                continue
            if self._stop.wait(self.heartbeat_interval):
                return
            try:
                self._heartbeat()
            except ActorgateError as err:
                if self._stop.is_set():
                    return
                if err.code == Code.NOT_FOUND:
                    self._emit("lease-lost")
                    log.warning("actorgate host %s: lease lost (%s); registering again", self.host_id, err.message)
                else:
                    self._emit("registration-failed", error=err)
                    log.warning("actorgate host %s: heartbeat failed: %s; registering again", self.host_id, err)
                    # The gateway may be down: back off before the first register attempt.
                    if self._stop.wait(delay * random.uniform(0.8, 1.0)):
                        return
                self.lease_id = None
            except Exception as err:
                log.exception("actorgate host %s: heartbeat crashed: %s", self.host_id, err)

    # -- Handle -----------------------------------------------------------------------

    def handle(self, request: Any, connect_timeout_ms: int | None = None, signal: Signal | None = None) -> dict[str, Any]:
        """Runs one HandleRequest (a proto3 JSON dict) and returns the HandleResponse
        dict. Raises ActorgateError for a Connect error."""
        if not isinstance(request, dict):
            raise ActorgateError(Code.INVALID_ARGUMENT, "HandleRequest must be a JSON object")
        ref = request.get("actor")
        if not isinstance(ref, dict) or not isinstance(ref.get("type"), str) or not ref.get("type"):
            raise ActorgateError(Code.INVALID_ARGUMENT, "actor.type is required")
        system = ref.get("system")
        if system and system != self.system:
            raise ActorgateError(Code.NOT_FOUND, f"this host serves system {self.system!r}, not {system!r}")
        definition = self.types.get(ref["type"])
        if definition is None:
            raise ActorgateError(Code.NOT_FOUND, f"this host has no actor type {ref['type']!r}")
        try:
            response = definition.handle(request, connect_timeout_ms, signal)
        except ActorgateError:
            raise
        except Exception as err:
            # An action that gives up because the gateway stopped waiting fails with that
            # reason (deadline_exceeded, canceled), not as its own failure.
            if signal is not None and signal.aborted:
                signal.throw_if_aborted()
            log.exception("actorgate: %s.%s failed", ref["type"], request.get("action"))
            raise ActorgateError(Code.UNKNOWN, f"{type(err).__name__}: {err}") from err
        return response
