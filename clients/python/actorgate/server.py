"""The HTTP side of a host: a ThreadingHTTPServer (HTTP/1.1, keep-alive) answering
Connect unary JSON calls of ``actorgate.v1.ActorHostService/Handle``.

It never crashes on input: bad bodies, bad JSON and failing handlers all become Connect
errors. On close it waits briefly for requests in flight, then closes idle kept-alive
connections so their threads end.
"""

from __future__ import annotations

import gzip
import json
import logging
import socket
import ssl
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, cast

from .connect import ActorgateError, Code, dumps, error_body
from .abort_signal import Signal, watch_request

__all__ = ["HANDLE_PATH", "HandleServer", "Dispatch"]

log = logging.getLogger("actorgate.host")

HANDLE_PATH = "/actorgate.v1.ActorHostService/Handle"

# (request JSON, Connect-Timeout-Ms or None) -> response JSON; raises ActorgateError.
# (request, connect_timeout_ms, signal): the signal fires when the gateway stops waiting.
Dispatch = Callable[[Any, int | None, Signal], dict[str, Any]]


class HandleServer(ThreadingHTTPServer):
    """Serves Handle calls with ``dispatch`` on ``address`` (port 0: any free port)."""

    daemon_threads = True
    block_on_close = False  # idle keep-alive connections must not block server_close()
    request_queue_size = 256  # the gateway may open many connections at once

    def __init__(
        self,
        address: tuple[str, int],
        dispatch: Dispatch,
        *,
        idle_timeout: float | None = 600.0,
        max_body_bytes: int = 64 * 1024 * 1024,
        ssl_context: ssl.SSLContext | None = None,
        verify: Callable[[Any, Any], str | None] | None = None,
    ) -> None:
        self.dispatch = dispatch
        # HTTPS: the handshake runs in the connection's own thread (setup), so a slow
        # client cannot hold up accepting others.
        self.ssl_context = ssl_context
        # (headers, request) -> None when the callback is the gateway's, else why not.
        self.verify = verify
        self.idle_timeout = idle_timeout
        self.max_body_bytes = max_body_bytes
        self._conns: set[socket.socket] = set()
        self._conns_lock = threading.Lock()
        self._busy = 0
        self._idle = threading.Condition(self._conns_lock)
        super().__init__(address, _RequestHandler)

    def open_connections(self) -> int:
        with self._conns_lock:
            return len(self._conns)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, addr = super().get_request()
        if self.ssl_context is not None:
            sock = self.ssl_context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        with self._conns_lock:
            self._conns.add(sock)
        return sock, addr

    def shutdown_request(self, request: Any) -> None:
        with self._conns_lock:
            self._conns.discard(request)
        super().shutdown_request(request)

    def enter(self) -> None:
        with self._conns_lock:
            self._busy += 1

    def leave(self) -> None:
        with self._conns_lock:
            self._busy -= 1
            if self._busy == 0:
                self._idle.notify_all()

    def close_connections(self, grace: float) -> None:
        """Waits up to ``grace`` seconds for requests in flight, then closes every
        connection (idle keep-alive handler threads exit)."""
        with self._conns_lock:
            self._idle.wait_for(lambda: self._busy == 0, timeout=grace)
            conns = list(self._conns)
        for sock in conns:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _BadRequest(Exception):
    def __init__(self, status: int, error: ActorgateError) -> None:
        super().__init__(error.message)
        self.status = status
        self.error = error


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "actorgate-python"
    disable_nagle_algorithm = True  # small request/response pairs: no Nagle delays

    @property
    def srv(self) -> HandleServer:
        return cast(HandleServer, self.server)

    def setup(self) -> None:
        self._tls_failed = False
        if isinstance(self.request, ssl.SSLSocket):
            try:
                self.request.settimeout(10.0)
                self.request.do_handshake()
            except (ssl.SSLError, OSError):
                # A failed handshake (no client certificate, plain HTTP) ends only that connection.
                self._tls_failed = True
        super().setup()
        self.connection.settimeout(self.srv.idle_timeout)

    def handle(self) -> None:
        if not self._tls_failed:
            super().handle()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        if log.isEnabledFor(logging.DEBUG):
            log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        if self.path.rstrip("/") in ("/healthz", "/health", ""):
            self._send(200, b'{"ok":true}')
        else:
            self._error(404, ActorgateError(Code.UNIMPLEMENTED, f"no route for GET {self.path}"))

    def do_POST(self) -> None:
        server = self.srv
        server.enter()
        try:
            self._post()
        finally:
            server.leave()

    def _post(self) -> None:
        try:
            body = self._read_body()
        except _BadRequest as bad:
            self.close_connection = True
            self._error(bad.status, bad.error)
            return
        path = self.path.split("?", 1)[0]
        if not path.endswith(HANDLE_PATH):
            self._error(404, ActorgateError(Code.UNIMPLEMENTED, f"unknown procedure {path}"))
            return
        ctype = (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        if ctype != "application/json":
            self.send_response(415)
            self.send_header("Accept-Post", "application/json")
            payload = dumps(
                error_body(Code.INVALID_ARGUMENT, f"content type {ctype or 'none'} not supported: this host speaks JSON")
            )
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        try:
            request = json.loads(body.decode("utf-8")) if body else {}
        except (UnicodeDecodeError, ValueError) as err:
            self._error(400, ActorgateError(Code.INVALID_ARGUMENT, f"invalid JSON: {err}"))
            return
        if self.srv.verify is not None:
            refused = self.srv.verify(self.headers, request)
            if refused is not None:
                self._error(401, ActorgateError(Code.UNAUTHENTICATED, f"callback refused: {refused}"))
                return
        timeout_ms = None
        raw_timeout = self.headers.get("Connect-Timeout-Ms")
        if raw_timeout:
            try:
                timeout_ms = int(raw_timeout)
            except ValueError:
                self._error(400, ActorgateError(Code.INVALID_ARGUMENT, f"invalid Connect-Timeout-Ms {raw_timeout!r}"))
                return
        # ctx.signal: fired at the deadline, or when the gateway aborts the request (it
        # closes the connection), so the action can stop working for nobody.
        signal = Signal()
        deadline = time.monotonic() + timeout_ms / 1000 if timeout_ms else None
        stop_watching = watch_request(self.connection, signal, deadline)
        try:
            response = self.srv.dispatch(request, timeout_ms, signal)
            out = dumps(response)
        except ActorgateError as err:
            self._error(err.http_status, err)
            return
        except (TypeError, ValueError) as err:
            self._error(500, ActorgateError(Code.INTERNAL, f"the action's result is not JSON: {err}"))
            return
        except Exception as err:  # the server must answer whatever happens
            log.exception("actorgate: Handle failed")
            self._error(500, ActorgateError(Code.INTERNAL, f"{type(err).__name__}: {err}"))
            return
        finally:
            stop_watching()
        self._send(200, out)

    def _read_body(self) -> bytes:
        limit = self.srv.max_body_bytes
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            body = self._read_chunked(limit)
        else:
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                raise _BadRequest(400, ActorgateError(Code.INVALID_ARGUMENT, "invalid Content-Length")) from None
            if length < 0:
                raise _BadRequest(400, ActorgateError(Code.INVALID_ARGUMENT, "invalid Content-Length"))
            if length > limit:
                raise _BadRequest(
                    429, ActorgateError(Code.RESOURCE_EXHAUSTED, f"request of {length} bytes exceeds {limit}")
                )
            body = self.rfile.read(length)
            if len(body) != length:
                raise _BadRequest(400, ActorgateError(Code.INVALID_ARGUMENT, "request body ended early"))
        encoding = (self.headers.get("Content-Encoding") or "identity").strip().lower()
        if encoding in ("", "identity"):
            return body
        try:
            if encoding == "gzip":
                return gzip.decompress(body)
            if encoding == "deflate":
                return zlib.decompress(body)
        except (OSError, zlib.error, EOFError) as err:
            raise _BadRequest(400, ActorgateError(Code.INVALID_ARGUMENT, f"bad {encoding} body: {err}")) from err
        raise _BadRequest(501, ActorgateError(Code.UNIMPLEMENTED, f"unsupported Content-Encoding {encoding}"))

    def _read_chunked(self, limit: int) -> bytes:
        parts: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise _BadRequest(400, ActorgateError(Code.INVALID_ARGUMENT, "bad chunked encoding")) from None
            if size == 0:
                while self.rfile.readline(1024).strip():  # trailers
                    pass
                return b"".join(parts)
            total += size
            if total > limit:
                raise _BadRequest(429, ActorgateError(Code.RESOURCE_EXHAUSTED, f"request exceeds {limit} bytes"))
            chunk = self.rfile.read(size)
            if len(chunk) != size:
                raise _BadRequest(400, ActorgateError(Code.INVALID_ARGUMENT, "request body ended early"))
            parts.append(chunk)
            self.rfile.readline(1024)  # CRLF after the chunk

    def _error(self, status: int, err: ActorgateError) -> None:
        log.debug("actorgate: Handle error %s: %s", err.code, err.message)
        self._send(status, dumps(err.to_json()))

    def _send(self, status: int, body: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            if self.close_connection:
                self.send_header("Connection", "close")
            # Headers and body in one write (one TCP segment for small responses).
            cast(list[bytes], getattr(self, "_headers_buffer")).append(b"\r\n" + body)
            self.flush_headers()
        except OSError:
            self.close_connection = True
