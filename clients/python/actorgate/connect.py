"""The Connect protocol (unary, JSON codec, HTTP/1.1) over the standard library.

Shared by the client (calls the gateway) and the host (answers the gateway and
calls HostService). See https://connectrpc.com/docs/protocol for the wire format:

* request: ``POST {base}/{package.Service}/{Method}`` with ``Content-Type:
  application/json``, ``Connect-Protocol-Version: 1``, optional ``Connect-Timeout-Ms``
  and the request message as proto3 JSON;
* success: HTTP 200 and the response message as JSON;
* error: a non-200 status and ``{"code": "not_found", "message": "...", "details": [...]}``.
"""

from __future__ import annotations

import http.client
import json
import logging
import select
import socket
import ssl
import threading
import urllib.parse
from typing import Any, Mapping

from .security import auth_headers, client_ssl_context, resolve_token

__all__ = [
    "ActorgateError",
    "GatewayUnreachable",
    "Code",
    "CODES",
    "ConnectTransport",
    "code_to_http_status",
    "http_status_to_code",
    "error_body",
    "parse_error_body",
    "dumps",
]

log = logging.getLogger("actorgate")


class Code:
    """The 16 Connect error codes, as they appear on the wire."""

    CANCELED = "canceled"
    UNKNOWN = "unknown"
    INVALID_ARGUMENT = "invalid_argument"
    DEADLINE_EXCEEDED = "deadline_exceeded"
    NOT_FOUND = "not_found"
    ALREADY_EXISTS = "already_exists"
    PERMISSION_DENIED = "permission_denied"
    RESOURCE_EXHAUSTED = "resource_exhausted"
    FAILED_PRECONDITION = "failed_precondition"
    ABORTED = "aborted"
    OUT_OF_RANGE = "out_of_range"
    UNIMPLEMENTED = "unimplemented"
    INTERNAL = "internal"
    UNAVAILABLE = "unavailable"
    DATA_LOSS = "data_loss"
    UNAUTHENTICATED = "unauthenticated"


# Code -> HTTP status, as in the Connect specification.
_CODE_TO_HTTP: dict[str, int] = {
    Code.CANCELED: 499,
    Code.UNKNOWN: 500,
    Code.INVALID_ARGUMENT: 400,
    Code.DEADLINE_EXCEEDED: 504,
    Code.NOT_FOUND: 404,
    Code.ALREADY_EXISTS: 409,
    Code.PERMISSION_DENIED: 403,
    Code.RESOURCE_EXHAUSTED: 429,
    Code.FAILED_PRECONDITION: 400,
    Code.ABORTED: 409,
    Code.OUT_OF_RANGE: 400,
    Code.UNIMPLEMENTED: 501,
    Code.INTERNAL: 500,
    Code.UNAVAILABLE: 503,
    Code.DATA_LOSS: 500,
    Code.UNAUTHENTICATED: 401,
}

CODES: frozenset[str] = frozenset(_CODE_TO_HTTP)


def code_to_http_status(code: str) -> int:
    """The HTTP status a Connect server sends for ``code`` (500 for unknown codes)."""
    return _CODE_TO_HTTP.get(code, 500)


def http_status_to_code(status: int) -> str:
    """The code a Connect client infers from an HTTP status without a Connect error body."""
    if status == 400:
        return Code.INTERNAL
    if status == 401:
        return Code.UNAUTHENTICATED
    if status == 403:
        return Code.PERMISSION_DENIED
    if status == 404:
        return Code.UNIMPLEMENTED
    if status in (429, 502, 503, 504):
        return Code.UNAVAILABLE
    return Code.UNKNOWN


class ActorgateError(Exception):
    """A Connect error: ``code`` (e.g. ``"not_found"``), ``message`` and ``details``.

    Raised by the client for every failed call (transport failures are ``unavailable``
    or ``deadline_exceeded``). Raised from an actor handler, it becomes the Connect
    error the gateway passes to the caller.
    """

    def __init__(self, code: str, message: str = "", details: list[Any] | None = None) -> None:
        super().__init__(f"[{code}] {message}" if message else f"[{code}]")
        self.code: str = code if code in CODES else Code.UNKNOWN
        self.message: str = message
        self.details: list[Any] = list(details or [])

    @property
    def http_status(self) -> int:
        return code_to_http_status(self.code)

    def to_json(self) -> dict[str, Any]:
        return error_body(self.code, self.message, self.details)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.message!r})"


class GatewayUnreachable(ActorgateError):
    """The request never reached the gateway: the connection was refused, the name did
    not resolve, the TLS handshake failed or connecting timed out. Nothing ran there, so
    the call may be sent to another gateway. Code ``unavailable`` (``deadline_exceeded``
    for a connect timeout), as before this class existed."""


def error_body(code: str, message: str = "", details: list[Any] | None = None) -> dict[str, Any]:
    """The JSON body of a Connect unary error."""
    body: dict[str, Any] = {"code": code}
    if message:
        body["message"] = message
    if details:
        body["details"] = details
    return body


def parse_error_body(status: int, raw: bytes) -> ActorgateError:
    """Turns a non-200 unary response into an error, as a Connect client does."""
    try:
        body = json.loads(raw.decode("utf-8")) if raw else None
    except (UnicodeDecodeError, ValueError):
        body = None
    if isinstance(body, dict) and isinstance(body.get("code"), str) and body["code"] in CODES:
        details = body.get("details")
        return ActorgateError(
            body["code"],
            str(body.get("message") or ""),
            details if isinstance(details, list) else None,
        )
    text = raw[:200].decode("utf-8", "replace").strip()
    reason = http.client.responses.get(status, "")
    message = f"HTTP {status} {reason}".strip() + (f": {text}" if text else "")
    return ActorgateError(http_status_to_code(status), message)


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON; NaN and infinities are not JSON and raise ValueError."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


# Errors that mean "the kept-alive connection was already dead when we used it".
_STALE_ERRORS = (
    http.client.RemoteDisconnected,
    http.client.BadStatusLine,
    ConnectionResetError,
    ConnectionAbortedError,
    BrokenPipeError,
)


class _Conn:
    """One kept-alive HTTP/1.1 connection and whether it has served a request."""

    __slots__ = ("http", "used", "generation")

    def __init__(self, conn: http.client.HTTPConnection, generation: int) -> None:
        self.http = conn
        self.used = False
        self.generation = generation


class ConnectTransport:
    """Calls Connect unary procedures with JSON over kept-alive HTTP/1.1 connections.

    Thread-safe: each thread gets its own connection, made on first use and replaced
    when it breaks. A request that fails because a reused connection turned out to be
    closed by the server (its keep-alive timeout) is sent once more on a new connection.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float | None = 30.0,
        headers: Mapping[str, str] | None = None,
        token: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        parsed = urllib.parse.urlsplit(base_url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"invalid URL {base_url!r}: use http://host:port or https://host:port")
        self.base_url = base_url.rstrip("/")
        self._https = parsed.scheme == "https"
        self._host = parsed.hostname
        self._port = parsed.port or (443 if self._https else 80)
        self._prefix = parsed.path.rstrip("/")
        self.timeout = timeout
        # Authorization: Bearer <token> (default $ACTORGATE_TOKEN); the CA of $ACTORGATE_CA.
        self.headers = {**auth_headers(resolve_token(token)), **dict(headers or {})}
        self.ssl_context = ssl_context if ssl_context is not None else client_ssl_context()
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: set[http.client.HTTPConnection] = set()
        self._generation = 0  # bumped by close(): connections of older generations are gone

    # -- connections ------------------------------------------------------------------

    def _new_http(self, timeout: float | None) -> http.client.HTTPConnection:
        if self._https:
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                self._host, self._port, timeout=timeout, context=self.ssl_context
            )
        else:
            conn = http.client.HTTPConnection(self._host, self._port, timeout=timeout)
        return conn

    def _get(self) -> _Conn:
        conn: _Conn | None = getattr(self._local, "conn", None)
        if conn is not None and (
            conn.generation != self._generation or (conn.used and _is_dropped(conn.http))
        ):
            self._drop(conn)
            conn = None
        if conn is None:
            with self._lock:
                conn = _Conn(self._new_http(self.timeout), self._generation)
                self._all.add(conn.http)
            self._local.conn = conn
        return conn

    def _drop(self, conn: _Conn) -> None:
        conn.http.close()
        with self._lock:
            self._all.discard(conn.http)
        if getattr(self._local, "conn", None) is conn:
            self._local.conn = None

    def close(self) -> None:
        """Closes every connection this transport opened (in all threads)."""
        with self._lock:
            conns, self._all = list(self._all), set()
            self._generation += 1
        for c in conns:
            c.close()

    # -- calls ------------------------------------------------------------------------

    def url(self, procedure: str) -> str:
        return f"{self.base_url}/{procedure.lstrip('/')}"

    def call(
        self,
        procedure: str,
        message: Mapping[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """Calls ``procedure`` (e.g. ``"actorgate.v1.ActorService/Invoke"``) and returns
        the response message as a dict. Raises ActorgateError."""
        try:
            body = dumps(dict(message or {}))
        except (TypeError, ValueError) as err:
            raise ActorgateError(Code.INVALID_ARGUMENT, f"request is not JSON-serialisable: {err}") from err
        hdrs = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Connect-Protocol-Version": "1",
            **self.headers,
            **(headers or {}),
        }
        sock_timeout = self.timeout
        if timeout_ms is not None and timeout_ms > 0:
            hdrs["Connect-Timeout-Ms"] = str(int(timeout_ms))
            # The server answers deadline_exceeded itself; leave it a moment to do so.
            sock_timeout = timeout_ms / 1000.0 + 1.0
        path = f"{self._prefix}/{procedure.lstrip('/')}"

        for attempt in (1, 2):
            conn = self._get()
            reused = conn.used
            if conn.http.sock is None:
                # Connect on its own first: a failure here means nothing was sent (unless
                # this is the second attempt, after the first one's request went out).
                unreachable = GatewayUnreachable if attempt == 1 else ActorgateError
                conn.http.timeout = sock_timeout
                try:
                    conn.http.connect()
                except (socket.timeout, TimeoutError) as err:
                    self._drop(conn)
                    raise unreachable(Code.DEADLINE_EXCEEDED, f"{self.url(procedure)}: timed out") from err
                except OSError as err:  # refused, DNS (gaierror), TLS (SSLError)
                    self._drop(conn)
                    raise unreachable(Code.UNAVAILABLE, f"{self.base_url}: {err}") from err
            try:
                if conn.http.sock is not None:
                    conn.http.sock.settimeout(sock_timeout)
                else:
                    conn.http.timeout = sock_timeout
                conn.http.request("POST", path, body=body, headers=hdrs)
                resp = conn.http.getresponse()
                raw = resp.read()
            except _STALE_ERRORS as err:
                self._drop(conn)
                if reused and attempt == 1:
                    log.debug("actorgate: kept-alive connection was closed (%s); reconnecting", err)
                    continue
                raise ActorgateError(Code.UNAVAILABLE, f"{self.base_url}: connection failed: {err}") from err
            except (socket.timeout, TimeoutError) as err:
                self._drop(conn)
                raise ActorgateError(Code.DEADLINE_EXCEEDED, f"{self.url(procedure)}: timed out") from err
            except OSError as err:
                self._drop(conn)
                raise ActorgateError(Code.UNAVAILABLE, f"{self.base_url}: {err}") from err
            except http.client.HTTPException as err:
                self._drop(conn)
                raise ActorgateError(Code.UNAVAILABLE, f"{self.base_url}: bad HTTP response: {err}") from err
            conn.used = True
            if resp.will_close:
                self._drop(conn)
            return _decode_response(resp.status, raw, resp.getheader("Content-Type") or "")
        raise AssertionError("unreachable")


def _decode_response(status: int, raw: bytes, content_type: str) -> dict[str, Any]:
    if status != 200:
        raise parse_error_body(status, raw)
    if not raw:
        return {}
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise ActorgateError(
            Code.INTERNAL, f"invalid JSON in response (content-type {content_type or 'none'}): {err}"
        ) from err
    if not isinstance(value, dict):
        raise ActorgateError(Code.INTERNAL, "response is not a JSON object")
    return value


def _is_dropped(conn: http.client.HTTPConnection) -> bool:
    """True when an idle kept-alive socket was closed by the peer (readable = EOF)."""
    sock = conn.sock
    if sock is None:
        return False
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)
