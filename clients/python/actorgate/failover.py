"""Several gateway URLs: which one to use, and calls that move on when a node fails.

``ACTORGATE_URL=http://a:9300,http://b:9300`` (or a list, or one comma-separated string,
wherever the SDK takes a gateway URL) names gateway nodes to fail over between. Calls
stick to the URL that works. A URL that fails goes to the back of the order for a
backoff that grows with its failures; after it, it is tried again in turn, so a node
that came back is used again.

Which failed calls go to the next URL:

* the request never reached the node (:class:`GatewayUnreachable`: refused, DNS, TLS,
  connect timeout): always, within the call's deadline;
* the node failed after the request may have reached it (``unavailable``: connection
  broken mid-call, or the node said so): only calls that are safe to repeat — reads,
  and calls with an idempotency key. Any other call gets the error (it may have run),
  and the next call goes to the next URL;
* any other error is the call's own answer and is raised as it is.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any, Callable, Mapping, Sequence, TypeVar

from .connect import ActorgateError, Code, ConnectTransport, GatewayUnreachable

__all__ = ["DEFAULT_URL", "FailoverTransport", "GatewayUrls", "is_repeatable", "parse_gateway_urls"]

log = logging.getLogger("actorgate")

DEFAULT_URL = "http://127.0.0.1:9300"

T = TypeVar("T")

# Calls that only read: running one twice changes nothing.
_READ_ONLY = frozenset(
    {
        "actorgate.v1.ActorService/Subscribe",
        "actorgate.v1.StateService/GetState",
        "actorgate.v1.StateService/ListRevisions",
        "actorgate.v1.AdminService/ListActors",
        "actorgate.v1.AdminService/DescribeActor",
        "actorgate.v1.AdminService/ListHosts",
        "actorgate.v1.AdminService/Health",
        "actorgate.v1.AdminService/ListDeadLetters",
    }
)


def parse_gateway_urls(value: str | Sequence[str] | None, environ: Mapping[str, str] | None = None) -> list[str]:
    """The gateway URLs from a list or a comma-separated string; when ``value`` is empty,
    from ``$ACTORGATE_URL`` (same forms), else ``http://127.0.0.1:9300``. Blanks around
    commas are ignored and duplicates dropped. Raises ValueError naming the source when
    the list is empty or an entry is not an http(s) URL."""
    env = os.environ if environ is None else environ
    from_env = not value
    source = "ACTORGATE_URL" if from_env else "the gateway URL"
    raw: str | Sequence[str] = (env.get("ACTORGATE_URL") or DEFAULT_URL) if from_env else value  # type: ignore[assignment]
    parts = raw.split(",") if isinstance(raw, str) else [p for item in raw for p in str(item).split(",")]
    urls: list[str] = []
    for part in parts:
        url = part.strip()
        if not url:
            continue
        if not (url.startswith("http://") or url.startswith("https://")) or len(url.split("://", 1)[1]) == 0:
            raise ValueError(f"{source}: {url!r} is not an http:// or https:// URL")
        if url not in urls:
            urls.append(url)
    if not urls:
        raise ValueError(f"{source} names no gateway URL: give one or more, e.g. http://a:9300,http://b:9300")
    return urls


def is_repeatable(procedure: str, message: Mapping[str, Any] | None) -> bool:
    """Whether a call that may already have run on one node may be sent to another:
    reads, and calls carrying an idempotency key (the gateway answers a repeated key
    with the first result instead of running the action again)."""
    if procedure.lstrip("/") in _READ_ONLY:
        return True
    return bool(message and message.get("idempotencyKey"))


class GatewayUrls:
    """The URLs and which one is current, shared by every call of one client or host.
    Thread-safe enough for its purpose: a race only changes which URL a call tries first."""

    def __init__(
        self,
        urls: Sequence[str],
        *,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not urls:
            raise ValueError("GatewayUrls needs at least one URL")
        self.urls: list[str] = list(urls)
        self._failures = [0] * len(self.urls)
        self._retry_at = [0.0] * len(self.urls)
        self._current = 0
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._clock = clock

    @property
    def current(self) -> str:
        """The URL calls go to now."""
        return self.urls[self._current]

    def candidates(self) -> list[str]:
        """The order to try for one call: from the current URL round the list, URLs still
        in their backoff after all the others (earliest retry first). Each URL once."""
        now = self._clock()
        order = [(self._current + i) % len(self.urls) for i in range(len(self.urls))]
        ready = [i for i in order if self._retry_at[i] <= now]
        waiting = sorted((i for i in order if self._retry_at[i] > now), key=lambda i: self._retry_at[i])
        return [self.urls[i] for i in ready + waiting]

    def succeeded(self, url: str) -> None:
        """A call to ``url`` worked: it becomes current and its failures are forgotten."""
        if url not in self.urls:
            return
        i = self.urls.index(url)
        self._failures[i] = 0
        self._retry_at[i] = 0.0
        self._current = i

    def failed(self, url: str) -> None:
        """``url`` failed: back it off (once per backoff, however many calls failed
        together) and, if it was current, move to the next URL."""
        if url not in self.urls:
            return
        i = self.urls.index(url)
        now = self._clock()
        if self._retry_at[i] <= now:
            self._failures[i] += 1
            delay = min(self._backoff_max, self._backoff_base * 2 ** (self._failures[i] - 1))
            self._retry_at[i] = now + delay
        if i == self._current:
            self._current = (i + 1) % len(self.urls)


class FailoverTransport:
    """:class:`ConnectTransport`'s ``call`` over several gateway URLs (one kept-alive
    transport per URL).

    ``always_repeatable``: every call may be repeated on another node (the host's
    HostService calls). ``per_attempt_timeout``: ``timeout_ms`` bounds each URL's attempt
    rather than the whole call, and a node that does not answer within it counts as
    failed (the host's heartbeats must reach some node before the lease runs out).
    ``on_failover(from_url, to_url, error)`` is told each move to the next URL.
    """

    def __init__(
        self,
        urls: str | Sequence[str] | None,
        *,
        timeout: float | None = 30.0,
        headers: Mapping[str, str] | None = None,
        always_repeatable: bool = False,
        per_attempt_timeout: bool = False,
        on_failover: Callable[[str, str, ActorgateError], None] | None = None,
        token: str | None = None,
        ssl_context: Any = None,
    ) -> None:
        self.urls = GatewayUrls(parse_gateway_urls(urls))
        self._transports = {
            u: ConnectTransport(u, timeout=timeout, headers=headers, token=token, ssl_context=ssl_context) for u in self.urls.urls
        }
        first = next(iter(self._transports.values()))
        # The same credentials for every node (token header, TLS context).
        self.headers = dict(first.headers)
        self.ssl_context = first.ssl_context
        self._always_repeatable = always_repeatable
        self._per_attempt_timeout = per_attempt_timeout
        self._on_failover = on_failover

    @property
    def base_url(self) -> str:
        """The URL calls go to now."""
        return self.urls.current

    def at(self, url: str) -> ConnectTransport:
        """The transport to one of the URLs."""
        return self._transports[url]

    def close(self) -> None:
        for t in self._transports.values():
            t.close()

    def call(
        self,
        procedure: str,
        message: Mapping[str, Any] | None = None,
        *,
        timeout_ms: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """Calls ``procedure`` on the current URL, moving on as the module says."""
        repeatable = self._always_repeatable or is_repeatable(procedure, message)
        deadline = None if timeout_ms is None or timeout_ms <= 0 or self._per_attempt_timeout else time.monotonic() + timeout_ms / 1000.0

        tried = 0

        def attempt(url: str) -> dict[str, Any]:
            nonlocal tried
            left = timeout_ms
            if deadline is not None and tried > 0:  # what is left of the call's deadline
                left = max(1, int((deadline - time.monotonic()) * 1000))
            tried += 1
            return self._transports[url].call(procedure, message, timeout_ms=left, headers=headers)

        return self.run(attempt, repeatable=repeatable, deadline=deadline)

    def run(self, attempt: Callable[[str], T], *, repeatable: bool, deadline: float | None = None) -> T:
        """Runs ``attempt(url)`` on the current URL, then the next ones while nodes fail.
        Raises the last error when every URL failed, or ``deadline_exceeded`` when the
        deadline (``time.monotonic()``) passed before the next URL could be tried."""
        candidates = self.urls.candidates()
        last: ActorgateError | None = None
        for i, url in enumerate(candidates):
            if i > 0 and deadline is not None and time.monotonic() >= deadline:
                raise ActorgateError(
                    Code.DEADLINE_EXCEEDED,
                    f"the call's deadline passed while trying other gateway URLs; last error: {last}",
                ) from last
            try:
                result = attempt(url)
            except ActorgateError as err:
                unreached = isinstance(err, GatewayUnreachable)
                node_failed = err.code == Code.UNAVAILABLE or (
                    self._per_attempt_timeout and err.code == Code.DEADLINE_EXCEEDED
                )
                if not unreached and not node_failed:
                    raise
                self.urls.failed(url)
                last = err
                if not unreached and not repeatable:
                    raise
                if i + 1 < len(candidates):
                    log.info("actorgate: %s failed (%s); trying %s", url, err, candidates[i + 1])
                    if self._on_failover is not None:
                        self._on_failover(url, candidates[i + 1], err)
                continue
            self.urls.succeeded(url)
            return result
        assert last is not None
        raise last
