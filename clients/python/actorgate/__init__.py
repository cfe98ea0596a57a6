"""Actorgate for Python: a client and a host SDK (standard library only).

    from actorgate import ActorgateClient
    from actorgate.host import Host, actor, Result
"""

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
from .client import ActorgateClient, Subscription
from .abort_signal import Signal
from .connect import ActorgateError, Code, GatewayUnreachable
from .host import Host
from .payload import NULL, Binary
from .types import ActorRef

__version__ = "0.1.0"

__all__ = [
    "Signal",
    "ActorgateClient",
    "ActorgateError",
    "ActorDef",
    "ActorError",
    "ActorRef",
    "Binary",
    "Broadcast",
    "Channel",
    "Code",
    "Context",
    "Effect",
    "Forward",
    "GatewayUnreachable",
    "Host",
    "NULL",
    "Pipe",
    "Result",
    "Subscription",
    "Timer",
    "actor",
]
