"""Actor definitions for hosts: ``actor()``, action decorators, Context and Result.

An action handler is ``def handler(payload, ctx) -> Result | value``; ``payload`` is the
natural JSON input (None when absent) and ``ctx`` a :class:`Context`. Returning a plain
value means "reply with it, state unchanged"; return :class:`Result` to change state,
emit effects, broadcast, forward or pipe. Raise :class:`ActorError` for a Connect error.
"""

from __future__ import annotations

import asyncio
import copy
import datetime as _dt
import inspect
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from .abort_signal import Signal
from .connect import ActorgateError, Code
from .payload import Binary, decode, encode, parse_timestamp, to_timestamp
from .types import DURABILITIES, KINDS, ActorRef, RefLike, as_ref, to_int

__all__ = [
    "ActorError",
    "ActorDef",
    "actor",
    "Context",
    "Result",
    "Effect",
    "Forward",
    "Pipe",
    "Broadcast",
    "Timer",
    "Channel",
]

Handler = Callable[..., Any]


class ActorError(ActorgateError):
    """Raise from a handler to fail the call with a Connect error, e.g.
    ``raise ActorError("failed_precondition", "balance too low")``. The actor's state
    is left unchanged."""


# -- workflow -----------------------------------------------------------------------


@dataclass
class Effect:
    """An invocation emitted after the new state is applied; it never blocks the reply.
    ``target`` is an ActorRef, a ``(type, name)`` tuple (the caller's system) or a
    ``(system, type, name)`` tuple."""

    target: RefLike
    action: str
    payload: Any = None
    scheduled_at: _dt.datetime | str | int | float | None = None
    metadata: Mapping[str, str] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"target": as_ref(self.target).to_json(), "action": self.action}
        if self.payload is not None:
            out["payload"] = encode(self.payload)
        if self.scheduled_at is not None:
            out["scheduledAt"] = to_timestamp(self.scheduled_at)
        if self.metadata:
            out["metadata"] = {str(k): str(v) for k, v in self.metadata.items()}
        return out


@dataclass
class Forward:
    """Send the original input to ``target``'s ``action``; its reply is the reply."""

    target: RefLike
    action: str

    def to_json(self) -> dict[str, Any]:
        return {"target": as_ref(self.target).to_json(), "action": self.action}


@dataclass
class Pipe:
    """Send this action's reply to ``target``'s ``action``; its reply is the reply."""

    target: RefLike
    action: str

    def to_json(self) -> dict[str, Any]:
        return {"target": as_ref(self.target).to_json(), "action": self.action}


@dataclass
class Broadcast:
    """Send ``payload`` to every actor subscribed to ``channel`` (optionally to
    ``action`` instead of each subscription's action)."""

    channel: str
    payload: Any = None
    action: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"channel": self.channel}
        if self.payload is not None:
            out["payload"] = encode(self.payload)
        if self.action:
            out["action"] = self.action
        return out


@dataclass
class Result:
    """The outcome of an action.

    ``reply``: the reply (None = no reply). ``state``: the new state (None = unchanged).
    ``clear_state``: remove the state. ``effects``, ``broadcast``, ``forward`` or
    ``pipe``: the workflow. ``checkpoint``: make the state durable before replying.
    """

    reply: Any = None
    state: Any = None
    clear_state: bool = False
    effects: list[Effect] = field(default_factory=list)
    broadcast: Broadcast | None = None
    forward: Forward | None = None
    pipe: Pipe | None = None
    checkpoint: bool = False

    def __post_init__(self) -> None:
        if self.clear_state and self.state is not None:
            raise ValueError("Result: set state or clear_state, not both")
        if self.forward is not None and self.pipe is not None:
            raise ValueError("Result: set forward or pipe, not both")

    def to_json(self) -> dict[str, Any]:
        """The HandleResponse message in proto3 JSON form."""
        out: dict[str, Any] = {}
        if self.reply is not None:
            out["reply"] = encode(self.reply)
        if self.state is not None:
            out["state"] = encode(self.state)
        if self.clear_state:
            out["clearState"] = True
        workflow: dict[str, Any] = {}
        if self.effects:
            workflow["effects"] = [e.to_json() for e in self.effects]
        if self.broadcast is not None:
            workflow["broadcast"] = self.broadcast.to_json()
        if self.forward is not None:
            workflow["forward"] = self.forward.to_json()
        if self.pipe is not None:
            workflow["pipe"] = self.pipe.to_json()
        if workflow:
            out["workflow"] = workflow
        if self.checkpoint:
            out["checkpoint"] = True
        return out


# -- context ------------------------------------------------------------------------


@dataclass
class Context:
    """What a handler knows about its invocation."""

    actor: ActorRef
    action: str
    state: Any
    revision: int
    metadata: dict[str, str]
    caller: ActorRef | None
    invocation_id: str
    attempt: int
    deadline: _dt.datetime | None
    raw: dict[str, Any] = field(repr=False, default_factory=dict)
    #: Fires when the gateway stops waiting (deadline passed, or it aborted the request).
    signal: Signal = field(repr=False, default_factory=Signal)

    def time_left(self) -> float | None:
        """Seconds until the gateway stops waiting, or None when there is no deadline."""
        if self.deadline is None:
            return None
        return (self.deadline - _dt.datetime.now(_dt.timezone.utc)).total_seconds()


# -- type settings ------------------------------------------------------------------


@dataclass(frozen=True)
class Timer:
    """Run ``action`` on every active instance every ``every_ms`` milliseconds."""

    action: str
    every_ms: int


@dataclass(frozen=True)
class Channel:
    """Deliver broadcasts on ``topic`` to ``action`` (empty: the action named like the topic)."""

    topic: str
    action: str = ""


LIFECYCLE = ("init", "terminate")


class ActorDef:
    """One actor type: its settings (the ActorType message) and its action handlers."""

    def __init__(
        self,
        name: str,
        *,
        kind: str = "unnamed",
        stateful: bool | None = None,
        initial_state: Any = None,
        timers: Mapping[str, int] | Iterable[Timer | tuple[str, int]] | None = None,
        channels: Mapping[str, str] | Iterable[Channel | tuple[str, str]] | None = None,
        snapshot_interval_ms: int = 0,
        deactivation_timeout_ms: int = 0,
        min_pool_size: int = 0,
        max_pool_size: int = 0,
        durability: str | None = None,
        required_capabilities: Iterable[str] = (),
        mailbox_capacity: int = 0,
        history_revisions: int = 0,
        history_retention_seconds: int = 0,
        max_attempts: int = 0,
        poison_action: str | None = None,
        call_timeout_ms: int = 0,
        access: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        if not name:
            raise ValueError("actor type name is required")
        k = kind.lower().removeprefix("actor_kind_")
        if k not in KINDS:
            raise ValueError(f"actor {name}: kind must be one of {', '.join(KINDS)}, got {kind!r}")
        if stateful is None:
            stateful = k in ("named", "unnamed")
        if k == "stateless" and stateful:
            raise ValueError(f"actor {name}: a stateless actor cannot be stateful")
        d = None
        if durability is not None:
            d = durability.lower().removeprefix("durability_")
            if d not in DURABILITIES:
                raise ValueError(f"actor {name}: durability must be one of {', '.join(DURABILITIES)}")
        self.name = name
        self.kind = k
        self.stateful = bool(stateful)
        self.initial_state = initial_state
        self.timers: list[Timer] = _timers(timers)
        self.channels: list[Channel] = _channels(channels)
        self.snapshot_interval_ms = snapshot_interval_ms
        self.deactivation_timeout_ms = deactivation_timeout_ms
        self.min_pool_size = min_pool_size
        self.max_pool_size = max_pool_size
        self.durability = d
        self.required_capabilities = list(required_capabilities)
        self.mailbox_capacity = mailbox_capacity
        self.history_revisions = history_revisions
        self.history_retention_seconds = history_retention_seconds
        self.max_attempts = max_attempts
        self.poison_action = poison_action
        self.call_timeout_ms = call_timeout_ms
        # Who may invoke which action ({"take": ["bank/Teller", "client"]}; "*" = the rest).
        self.access = {str(a): [str(c) for c in callers] for a, callers in (access or {}).items()}
        self.handlers: dict[str, Callable[[Any, Context], Any]] = {}

    # -- decorators -------------------------------------------------------------------

    def action(self, name: str | None = None) -> Callable[[Handler], Handler]:
        """Registers a handler for action ``name`` (default: the function's name)."""

        def register(fn: Handler) -> Handler:
            self.add_action(name or fn.__name__, fn)
            return fn

        return register

    def timer(self, every_ms: int, name: str | None = None) -> Callable[[Handler], Handler]:
        """Registers a handler that runs every ``every_ms`` on every active instance."""

        def register(fn: Handler) -> Handler:
            action_name = name or fn.__name__
            self.add_action(action_name, fn)
            self.timers.append(Timer(action_name, every_ms))
            return fn

        return register

    def subscribe(self, topic: str, name: str | None = None) -> Callable[[Handler], Handler]:
        """Registers a handler for broadcasts on channel ``topic``."""

        def register(fn: Handler) -> Handler:
            action_name = name or fn.__name__
            self.add_action(action_name, fn)
            self.channels.append(Channel(topic, action_name))
            return fn

        return register

    def on_init(self, fn: Handler) -> Handler:
        """Registers the ``init`` lifecycle handler (runs on activation)."""
        self.add_action("init", fn)
        return fn

    def on_terminate(self, fn: Handler) -> Handler:
        """Registers the ``terminate`` lifecycle handler (runs before deactivation)."""
        self.add_action("terminate", fn)
        return fn

    def add_action(self, name: str, fn: Handler) -> None:
        if not callable(fn):
            raise TypeError(f"actor {self.name}: handler for {name!r} is not callable")
        if name in self.handlers:
            raise ValueError(f"actor {self.name}: action {name!r} is defined twice")
        self.handlers[name] = _adapt(fn)

    # -- contract ---------------------------------------------------------------------

    def validate(self) -> None:
        """Checks that timers, channels and the poison action name defined actions."""
        for t in self.timers:
            if t.action not in self.handlers:
                raise ValueError(f"actor {self.name}: timer action {t.action!r} has no handler")
            if t.every_ms < 10:
                raise ValueError(f"actor {self.name}: timer {t.action!r} every_ms must be at least 10")
        for c in self.channels:
            if (c.action or c.topic) not in self.handlers:
                raise ValueError(f"actor {self.name}: channel {c.topic!r} action {(c.action or c.topic)!r} has no handler")
        if self.poison_action and self.poison_action not in self.handlers:
            raise ValueError(f"actor {self.name}: poison action {self.poison_action!r} has no handler")

    def to_json(self) -> dict[str, Any]:
        """The ActorType message in proto3 JSON form."""
        out: dict[str, Any] = {
            "name": self.name,
            "kind": KINDS[self.kind],
            "actions": [{"name": a} for a in self.handlers if a not in LIFECYCLE],
        }
        if self.stateful:
            out["stateful"] = True
        if self.timers:
            out["timers"] = [{"action": t.action, "everyMs": int(t.every_ms)} for t in self.timers]
        if self.channels:
            out["channels"] = [
                {"topic": c.topic, **({"action": c.action} if c.action else {})} for c in self.channels
            ]
        numbers = {
            "snapshotIntervalMs": self.snapshot_interval_ms,
            "deactivationTimeoutMs": self.deactivation_timeout_ms,
            "minPoolSize": self.min_pool_size,
            "maxPoolSize": self.max_pool_size,
            "mailboxCapacity": self.mailbox_capacity,
            "historyRevisions": self.history_revisions,
            "historyRetentionSeconds": self.history_retention_seconds,
            "maxAttempts": self.max_attempts,
            "callTimeoutMs": self.call_timeout_ms,
        }
        out.update({k: int(v) for k, v in numbers.items() if v})
        if self.durability:
            out["durability"] = DURABILITIES[self.durability]
        if self.required_capabilities:
            out["requiredCapabilities"] = list(self.required_capabilities)
        if "init" in self.handlers:
            out["hasInit"] = True
        if "terminate" in self.handlers:
            out["hasTerminate"] = True
        if self.poison_action:
            out["poisonAction"] = self.poison_action
        if self.access:
            out["access"] = [{"action": a, "callers": c} for a, c in self.access.items()]
        return out

    # -- dispatch ---------------------------------------------------------------------

    def handle(
        self, request: Mapping[str, Any], connect_timeout_ms: int | None = None, signal: Signal | None = None
    ) -> dict[str, Any]:
        """Runs one HandleRequest (proto3 JSON dict); returns the HandleResponse dict.
        Raises ActorgateError for a Connect error."""
        action = request.get("action")
        if not isinstance(action, str) or not action:
            raise ActorgateError(Code.INVALID_ARGUMENT, "action is required")
        fn = self.handlers.get(action)
        if fn is None:
            if action in LIFECYCLE:
                return {}  # a lifecycle action the type does not implement: nothing to do
            raise ActorgateError(Code.NOT_FOUND, f"actor type {self.name} has no action {action!r}")
        ctx = self._context(action, request, connect_timeout_ms)
        if signal is not None:
            ctx.signal = signal
        out = fn(decode(request.get("payload")), ctx)
        if inspect.isawaitable(out):
            out = asyncio.run(_await(out))
        if isinstance(out, Result):
            return out.to_json()
        return {} if out is None else {"reply": encode(out)}

    def _context(self, action: str, request: Mapping[str, Any], connect_timeout_ms: int | None) -> Context:
        state = decode(request.get("state"))
        if state is None and self.stateful and "state" not in request:
            init = self.initial_state
            state = init() if callable(init) else copy.deepcopy(init)
        deadline = None
        raw_deadline = request.get("deadline")
        if isinstance(raw_deadline, str) and raw_deadline:
            try:
                deadline = parse_timestamp(raw_deadline)
            except ValueError:
                raise ActorgateError(Code.INVALID_ARGUMENT, f"invalid deadline {raw_deadline!r}") from None
        elif connect_timeout_ms:
            deadline = _dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(milliseconds=connect_timeout_ms)
        metadata = request.get("metadata")
        caller = request.get("caller")
        return Context(
            actor=ActorRef.from_json(request.get("actor")),
            action=action,
            state=state,
            revision=to_int(request.get("revision")),
            metadata={str(k): str(v) for k, v in metadata.items()} if isinstance(metadata, dict) else {},
            caller=ActorRef.from_json(caller) if isinstance(caller, dict) and caller else None,
            invocation_id=str(request.get("invocationId") or ""),
            attempt=to_int(request.get("attempt"), 1),
            deadline=deadline,
            raw=dict(request),
        )


def actor(name: str, **settings: Any) -> ActorDef:
    """Defines an actor type; see :class:`ActorDef` for the settings. Example::

        counter = actor("Counter", kind="unnamed", stateful=True, initial_state=lambda: {"value": 0})

        @counter.action("add")
        def add(payload, ctx):
            value = ctx.state["value"] + payload["by"]
            return Result(state={"value": value}, reply={"value": value})
    """
    return ActorDef(name, **settings)


# -- helpers ------------------------------------------------------------------------


async def _await(aw: Any) -> Any:
    return await aw


def _adapt(fn: Handler) -> Callable[[Any, Context], Any]:
    """Lets handlers take (payload, ctx), (payload) or nothing."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return fn
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if any(p.kind == p.VAR_POSITIONAL for p in params) or len(positional) >= 2:
        return fn
    if len(positional) == 1:
        return lambda payload, ctx: fn(payload)
    return lambda payload, ctx: fn()


def _timers(value: Mapping[str, int] | Iterable[Timer | tuple[str, int]] | None) -> list[Timer]:
    if value is None:
        return []
    if isinstance(value, Mapping):
        return [Timer(str(a), int(ms)) for a, ms in value.items()]
    return [t if isinstance(t, Timer) else Timer(*t) for t in value]


def _channels(value: Mapping[str, str] | Iterable[Channel | tuple[str, str]] | None) -> list[Channel]:
    if value is None:
        return []
    if isinstance(value, Mapping):
        return [Channel(str(t), str(a or "")) for t, a in value.items()]
    return [c if isinstance(c, Channel) else Channel(*c) for c in value]

