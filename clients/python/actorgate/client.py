"""The Actorgate client: activate, invoke, broadcast, subscribe, state and admin calls.

Every call is a Connect unary call with the JSON codec over a kept-alive HTTP/1.1
connection (one per thread). Failures raise :class:`ActorgateError`.

Methods that return a response message return it as a dict in proto3 JSON form
(lowerCamelCase keys), with int64 fields converted to ``int`` and absent scalar fields
filled with their defaults; payloads stay ``{"json": ...}`` dicts (unwrap them with
:func:`actorgate.payload.decode`). ``invoke`` returns the natural reply value.
"""

from __future__ import annotations

import datetime as _dt
import http.client
import json
import os
import socket
import ssl
import struct
import urllib.parse
from typing import Any, Iterator, Mapping, Sequence

from .connect import ActorgateError, Code, GatewayUnreachable, dumps, parse_error_body
from .failover import DEFAULT_URL, FailoverTransport
from .security import client_ssl_context
from .payload import decode, encode, to_timestamp
from .types import ActorRef, RefLike, as_ref, to_int

__all__ = ["ActorgateClient", "Subscription", "DEFAULT_URL"]

_ACTOR = "actorgate.v1.ActorService/"
_STATE = "actorgate.v1.StateService/"
_ADMIN = "actorgate.v1.AdminService/"

Timestamp = _dt.datetime | str | int | float


class ActorgateClient:
    """A client of a gateway, or of several gateway nodes to fail over between.

    ``url`` is one URL, several (a list or a comma-separated string), or by default
    ``$ACTORGATE_URL`` (same forms) or ``http://127.0.0.1:9300``. With several, calls go to
    the URL that works and move on when a node fails (see :mod:`actorgate.failover`:
    calls that may have run are repeated elsewhere only when they are reads or carry an
    idempotency key). ``timeout``
    is the socket timeout in seconds for calls without ``timeout_ms``; ``headers`` are
    sent with every call (e.g. ``{"Authorization": "Bearer ..."}``).
    """

    def __init__(
        self,
        url: str | Sequence[str] | None = None,
        *,
        timeout: float | None = 30.0,
        headers: Mapping[str, str] | None = None,
        token: str | None = None,
        ca_file: str | None = None,
        cert_file: str | None = None,
        key_file: str | None = None,
    ) -> None:
        """``token``: bearer token (default ``$ACTORGATE_TOKEN``). ``ca_file``: CA of an
        https:// gateway (default ``$ACTORGATE_CA``); ``cert_file``/``key_file``: mTLS."""
        self.transport = FailoverTransport(
            url,
            timeout=timeout,
            headers=headers,
            token=token,
            ssl_context=client_ssl_context(ca_file, cert_file, key_file),
        )

    @property
    def url(self) -> str:
        """The gateway URL calls go to now."""
        return self.transport.base_url

    # -- lifecycle --------------------------------------------------------------------

    def close(self) -> None:
        """Closes the client's connections."""
        self.transport.close()

    def __enter__(self) -> "ActorgateClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, procedure: str, message: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None) -> dict[str, Any]:
        """Calls any unary procedure, e.g. ``call("actorgate.v1.AdminService/Health")``."""
        return self.transport.call(procedure, message, timeout_ms=timeout_ms)

    # -- ActorService -----------------------------------------------------------------

    def invoke(
        self,
        system: str,
        type: str,
        name: str,
        action: str,
        payload: Any = None,
        *,
        metadata: Mapping[str, str] | None = None,
        async_: bool = False,
        idempotency_key: str | None = None,
        timeout_ms: int | None = None,
        scheduled_at: Timestamp | None = None,
    ) -> Any:
        """Invokes ``action`` of actor ``system/type/name`` and returns its reply as
        natural JSON (None when it replied nothing). With ``async_`` (implied by
        ``scheduled_at``) the call is durably enqueued and its invocation id returned."""
        resp = self.invoke_full(
            system,
            type,
            name,
            action,
            payload,
            metadata=metadata,
            async_=async_,
            idempotency_key=idempotency_key,
            timeout_ms=timeout_ms,
            scheduled_at=scheduled_at,
        )
        if async_ or scheduled_at is not None:
            return resp["invocationId"]
        return decode(resp.get("reply"))

    def invoke_full(
        self,
        system: str,
        type: str,
        name: str,
        action: str,
        payload: Any = None,
        *,
        metadata: Mapping[str, str] | None = None,
        async_: bool = False,
        idempotency_key: str | None = None,
        timeout_ms: int | None = None,
        scheduled_at: Timestamp | None = None,
    ) -> dict[str, Any]:
        """Like :meth:`invoke` but returns the whole InvokeResponse:
        ``{"reply": {"json": ...} (absent when none), "invocationId": str, "revision": int}``."""
        req: dict[str, Any] = {"actor": ActorRef(system, type, name).to_json(), "action": action}
        if payload is not None:
            req["payload"] = encode(payload)
        if metadata:
            req["metadata"] = _metadata(metadata)
        if async_ or scheduled_at is not None:
            req["async"] = True
        if scheduled_at is not None:
            req["scheduledAt"] = to_timestamp(scheduled_at)
        if idempotency_key:
            req["idempotencyKey"] = idempotency_key
        if timeout_ms:
            req["timeoutMs"] = int(timeout_ms)
        resp = self.transport.call(_ACTOR + "Invoke", req, timeout_ms=timeout_ms)
        resp["invocationId"] = str(resp.get("invocationId") or "")
        resp["revision"] = to_int(resp.get("revision"))
        return resp

    def activate(
        self,
        system: str,
        type: str,
        name: str = "",
        *,
        from_: RefLike | None = None,
        from_revision: int = 0,
    ) -> dict[str, Any]:
        """Activates one actor (creating an unnamed instance, optionally from the state
        of ``from_`` at ``from_revision``). Returns ``{"actor", "revision", "created"}``."""
        return self.activate_many([ActorRef(system, type, name)], from_=from_, from_revision=from_revision)[0]

    def activate_many(
        self,
        actors: Sequence[RefLike],
        *,
        from_: RefLike | None = None,
        from_revision: int = 0,
    ) -> list[dict[str, Any]]:
        """Activates several actors; returns one ``{"actor", "revision", "created"}`` each."""
        req: dict[str, Any] = {"actors": [as_ref(a).to_json() for a in actors]}
        if from_ is not None:
            req["from"] = as_ref(from_).to_json()
        if from_revision:
            req["fromRevision"] = str(int(from_revision))
        resp = self.transport.call(_ACTOR + "Activate", req)
        out = []
        for item in resp.get("actors") or []:
            out.append(
                {
                    "actor": ActorRef.from_json(item.get("actor")),
                    "revision": to_int(item.get("revision")),
                    "created": bool(item.get("created", False)),
                }
            )
        return out

    def broadcast(
        self,
        system: str,
        channel: str,
        payload: Any = None,
        action: str | None = None,
        *,
        metadata: Mapping[str, str] | None = None,
    ) -> int:
        """Publishes ``payload`` on ``channel``; returns how many invocations it reached."""
        req: dict[str, Any] = {"system": system, "channel": channel}
        if payload is not None:
            req["payload"] = encode(payload)
        if action:
            req["action"] = action
        if metadata:
            req["metadata"] = _metadata(metadata)
        resp = self.transport.call(_ACTOR + "Broadcast", req)
        return to_int(resp.get("delivered"))

    def subscribe(
        self,
        system: str,
        channel: str,
        *,
        action_filter: str | None = None,
        timeout: float | None = None,
    ) -> "Subscription":
        """Opens a stream of the broadcasts on ``channel`` (Connect server streaming).
        Iterate it for events ``{"channel", "payload", "action", "publisher", "dropped"}``;
        close it (or use ``with``) to stop. ``timeout`` bounds the wait for each event."""
        req: dict[str, Any] = {"system": system, "channel": channel}
        if action_filter:
            req["actionFilter"] = action_filter
        headers = self.transport.headers
        ssl_context = self.transport.ssl_context
        return self.transport.run(
            lambda url: Subscription(url, _ACTOR + "Subscribe", req, headers, timeout, ssl_context), repeatable=True
        )

    # -- StateService -----------------------------------------------------------------

    def snapshot(self, ref: RefLike) -> int:
        """Makes the actor's current state durable now; returns its revision."""
        resp = self.transport.call(_STATE + "Snapshot", {"actor": as_ref(ref).to_json()})
        return to_int(resp.get("revision"))

    def get_state(self, ref: RefLike, revision: int = 0) -> dict[str, Any]:
        """The actor's current state (or a past ``revision``):
        ``{"state": {"json": ...} or absent, "revision": int, "updatedAt": str, "json": ...}``.
        ``decode(result.get("state"))`` gives the natural value."""
        req: dict[str, Any] = {"actor": as_ref(ref).to_json()}
        if revision:
            req["revision"] = str(int(revision))
        resp = self.transport.call(_STATE + "GetState", req)
        resp["revision"] = to_int(resp.get("revision"))
        return resp

    def list_revisions(self, ref: RefLike, *, page_size: int = 0, page_token: str = "") -> dict[str, Any]:
        """One page of kept revisions, newest first:
        ``{"revisions": [{"revision", "validFrom", "validTo", "sizeBytes"}], "nextPageToken"}``."""
        req: dict[str, Any] = {"actor": as_ref(ref).to_json()}
        if page_size:
            req["pageSize"] = int(page_size)
        if page_token:
            req["pageToken"] = page_token
        resp = self.transport.call(_STATE + "ListRevisions", req)
        revisions = []
        for r in resp.get("revisions") or []:
            r = dict(r)
            r["revision"] = to_int(r.get("revision"))
            r["sizeBytes"] = to_int(r.get("sizeBytes"))
            revisions.append(r)
        return {"revisions": revisions, "nextPageToken": str(resp.get("nextPageToken") or "")}

    def iter_revisions(self, ref: RefLike, *, page_size: int = 0) -> Iterator[dict[str, Any]]:
        """All kept revisions, newest first, fetching pages as needed."""
        token = ""
        while True:
            page = self.list_revisions(ref, page_size=page_size, page_token=token)
            yield from page["revisions"]
            token = page["nextPageToken"]
            if not token:
                return

    def restore(self, ref: RefLike, revision: int | None = None, *, at: Timestamp | None = None) -> int:
        """Makes a past ``revision`` (or the state current ``at`` a time) current again;
        returns the new revision."""
        if (revision is None) == (at is None):
            raise ValueError("restore needs exactly one of revision and at")
        req: dict[str, Any] = {"actor": as_ref(ref).to_json()}
        if revision is not None:
            req["revision"] = str(int(revision))
        else:
            req["at"] = to_timestamp(at)  # type: ignore[arg-type]
        resp = self.transport.call(_STATE + "Restore", req)
        return to_int(resp.get("revision"))

    # -- AdminService -----------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        """``{"live", "ready", "nodeId", "version", "activeActors", "hosts"}``."""
        resp = self.transport.call(_ADMIN + "Health", {})
        resp.setdefault("live", False)
        resp.setdefault("ready", False)
        return resp

    def list_hosts(self, system: str | None = None) -> list[dict[str, Any]]:
        """The registered hosts (optionally of one system)."""
        resp = self.transport.call(_ADMIN + "ListHosts", {"system": system} if system else {})
        return list(resp.get("hosts") or [])

    def list_actors(
        self,
        system: str,
        *,
        type: str | None = None,
        include_inactive: bool = False,
        page_size: int = 0,
        page_token: str = "",
    ) -> dict[str, Any]:
        """One page of actors: ``{"actors": [{"actor", "active", "revision", "hostId"}], "nextPageToken"}``."""
        req: dict[str, Any] = {"system": system}
        if type:
            req["type"] = type
        if include_inactive:
            req["includeInactive"] = True
        if page_size:
            req["pageSize"] = int(page_size)
        if page_token:
            req["pageToken"] = page_token
        resp = self.transport.call(_ADMIN + "ListActors", req)
        actors = []
        for a in resp.get("actors") or []:
            a = dict(a)
            a["revision"] = to_int(a.get("revision"))
            actors.append(a)
        return {"actors": actors, "nextPageToken": str(resp.get("nextPageToken") or "")}

    def describe_actor(self, ref: RefLike) -> dict[str, Any]:
        """Everything the gateway knows about one actor (DescribeActorResponse)."""
        resp = self.transport.call(_ADMIN + "DescribeActor", {"actor": as_ref(ref).to_json()})
        resp["durableRevision"] = to_int(resp.get("durableRevision"))
        if isinstance(resp.get("info"), dict):
            resp["info"]["revision"] = to_int(resp["info"].get("revision"))
        return resp

    def deactivate(self, ref: RefLike) -> bool:
        """Deactivates an actor (state written first); False when it was not active."""
        resp = self.transport.call(_ADMIN + "Deactivate", {"actor": as_ref(ref).to_json()})
        return bool(resp.get("wasActive", False))


def _metadata(metadata: Mapping[str, str]) -> dict[str, str]:
    return {str(k): str(v) for k, v in metadata.items()}


# -- server streaming ---------------------------------------------------------------

_END_STREAM = 0x02
_COMPRESSED = 0x01


class Subscription:
    """A Connect server stream of SubscribeResponse events on its own connection."""

    def __init__(
        self,
        base_url: str,
        procedure: str,
        message: Mapping[str, Any],
        headers: Mapping[str, str],
        timeout: float | None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        parsed = urllib.parse.urlsplit(base_url)
        if parsed.scheme == "https":
            self._conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                parsed.hostname or "127.0.0.1", parsed.port, timeout=timeout, context=ssl_context
            )
        else:
            self._conn = http.client.HTTPConnection(parsed.hostname or "127.0.0.1", parsed.port, timeout=timeout)
        body = dumps(dict(message))
        envelope = struct.pack(">BI", 0, len(body)) + body
        hdrs = {
            "Content-Type": "application/connect+json",
            "Connect-Protocol-Version": "1",
            **headers,
        }
        path = parsed.path.rstrip("/") + "/" + procedure
        try:
            self._conn.connect()
        except OSError as err:  # refused, DNS, TLS, connect timeout: nothing was sent
            self._conn.close()
            raise GatewayUnreachable(Code.UNAVAILABLE, f"{base_url}: {err}") from err
        try:
            # Kept for close(): the connection hands its socket to the response and
            # forgets it once the response is streaming.
            self._sock = self._conn.sock
            self._conn.request("POST", path, body=envelope, headers=hdrs)
            self._resp = self._conn.getresponse()
        except OSError as err:
            self._conn.close()
            raise ActorgateError(Code.UNAVAILABLE, f"{base_url}: {err}") from err
        if self._resp.status != 200:
            raw = self._resp.read()
            self._conn.close()
            raise parse_error_body(self._resp.status, raw)
        self._done = False

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self

    def __next__(self) -> dict[str, Any]:
        if self._done:
            raise StopIteration
        try:
            header = self._read(5)
            if header is None:
                raise ActorgateError(Code.UNAVAILABLE, "stream ended without an end-of-stream message")
            flags, length = struct.unpack(">BI", header)
            data = self._read(length) if length else b""
            if data is None:
                raise ActorgateError(Code.UNAVAILABLE, "stream ended in the middle of a message")
        except ActorgateError:
            if self._done:
                raise StopIteration from None  # closed on purpose (close() from another thread)
            self.close()
            raise
        except Exception as err:
            # close() from another thread shuts the socket under a blocked read; what the
            # read then raises (IncompleteRead, ValueError, even AttributeError from
            # http.client closing its file twice) just means "stopped".
            if self._done:
                raise StopIteration from None
            if not isinstance(err, (TimeoutError, OSError, http.client.HTTPException)):
                raise
            self.close()
            if isinstance(err, TimeoutError):
                raise ActorgateError(Code.DEADLINE_EXCEEDED, "no event before the timeout") from err
            raise ActorgateError(Code.UNAVAILABLE, f"stream broken: {err}") from err
        if flags & _COMPRESSED:
            self.close()
            raise ActorgateError(Code.INTERNAL, "compressed stream message, but none was requested")
        try:
            msg = json.loads(data.decode("utf-8")) if data else {}
        except (UnicodeDecodeError, ValueError) as err:
            self.close()
            raise ActorgateError(Code.INTERNAL, f"invalid JSON in stream message: {err}") from err
        if flags & _END_STREAM:
            self.close()
            err = msg.get("error") if isinstance(msg, dict) else None
            if isinstance(err, dict):
                details = err.get("details")
                raise ActorgateError(
                    str(err.get("code") or Code.UNKNOWN),
                    str(err.get("message") or ""),
                    details if isinstance(details, list) else None,
                )
            raise StopIteration
        if not isinstance(msg, dict):
            msg = {}
        msg["dropped"] = to_int(msg.get("dropped"))
        msg.setdefault("channel", "")
        msg.setdefault("action", "")
        return msg

    def _read(self, n: int) -> bytes | None:
        buf = b""
        while len(buf) < n:
            chunk = self._resp.read(n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf

    def close(self) -> None:
        """Stops the stream. Safe to call from another thread: a reader blocked waiting
        for the next event wakes up (the socket is shut down, not only closed, since
        closing alone does not interrupt a blocked read) and the stream ends."""
        first = not self._done
        self._done = True
        sock = getattr(self, "_sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already disconnected
        if first:
            self._conn.close()

    def __enter__(self) -> "Subscription":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
