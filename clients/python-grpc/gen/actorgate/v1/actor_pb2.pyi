from google.protobuf import any_pb2 as _any_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

ACTOR_KIND_NAMED: ActorKind
ACTOR_KIND_POOLED: ActorKind
ACTOR_KIND_STATELESS: ActorKind
ACTOR_KIND_UNNAMED: ActorKind
ACTOR_KIND_UNSPECIFIED: ActorKind
DESCRIPTOR: _descriptor.FileDescriptor
DURABILITY_PER_CALL: Durability
DURABILITY_UNSPECIFIED: Durability
DURABILITY_WRITE_BEHIND: Durability

class Action(_message.Message):
    __slots__ = ["input_type", "name", "output_type"]
    INPUT_TYPE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_TYPE_FIELD_NUMBER: _ClassVar[int]
    input_type: str
    name: str
    output_type: str
    def __init__(self, name: _Optional[str] = ..., input_type: _Optional[str] = ..., output_type: _Optional[str] = ...) -> None: ...

class ActionAccess(_message.Message):
    __slots__ = ["action", "callers"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    CALLERS_FIELD_NUMBER: _ClassVar[int]
    action: str
    callers: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, action: _Optional[str] = ..., callers: _Optional[_Iterable[str]] = ...) -> None: ...

class ActorRef(_message.Message):
    __slots__ = ["name", "system", "type"]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    name: str
    system: str
    type: str
    def __init__(self, system: _Optional[str] = ..., type: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class ActorType(_message.Message):
    __slots__ = ["access", "actions", "call_timeout_ms", "channels", "deactivation_timeout_ms", "durability", "has_init", "has_terminate", "history_retention_seconds", "history_revisions", "kind", "mailbox_capacity", "max_attempts", "max_pool_size", "min_pool_size", "name", "poison_action", "required_capabilities", "snapshot_interval_ms", "state_type", "stateful", "timers"]
    ACCESS_FIELD_NUMBER: _ClassVar[int]
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    CALL_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    DEACTIVATION_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    DURABILITY_FIELD_NUMBER: _ClassVar[int]
    HAS_INIT_FIELD_NUMBER: _ClassVar[int]
    HAS_TERMINATE_FIELD_NUMBER: _ClassVar[int]
    HISTORY_RETENTION_SECONDS_FIELD_NUMBER: _ClassVar[int]
    HISTORY_REVISIONS_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MAILBOX_CAPACITY_FIELD_NUMBER: _ClassVar[int]
    MAX_ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    MAX_POOL_SIZE_FIELD_NUMBER: _ClassVar[int]
    MIN_POOL_SIZE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    POISON_ACTION_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_CAPABILITIES_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_INTERVAL_MS_FIELD_NUMBER: _ClassVar[int]
    STATEFUL_FIELD_NUMBER: _ClassVar[int]
    STATE_TYPE_FIELD_NUMBER: _ClassVar[int]
    TIMERS_FIELD_NUMBER: _ClassVar[int]
    access: _containers.RepeatedCompositeFieldContainer[ActionAccess]
    actions: _containers.RepeatedCompositeFieldContainer[Action]
    call_timeout_ms: int
    channels: _containers.RepeatedCompositeFieldContainer[ChannelSubscription]
    deactivation_timeout_ms: int
    durability: Durability
    has_init: bool
    has_terminate: bool
    history_retention_seconds: int
    history_revisions: int
    kind: ActorKind
    mailbox_capacity: int
    max_attempts: int
    max_pool_size: int
    min_pool_size: int
    name: str
    poison_action: str
    required_capabilities: _containers.RepeatedScalarFieldContainer[str]
    snapshot_interval_ms: int
    state_type: str
    stateful: bool
    timers: _containers.RepeatedCompositeFieldContainer[TimerAction]
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[_Union[ActorKind, str]] = ..., stateful: bool = ..., actions: _Optional[_Iterable[_Union[Action, _Mapping]]] = ..., timers: _Optional[_Iterable[_Union[TimerAction, _Mapping]]] = ..., channels: _Optional[_Iterable[_Union[ChannelSubscription, _Mapping]]] = ..., snapshot_interval_ms: _Optional[int] = ..., deactivation_timeout_ms: _Optional[int] = ..., min_pool_size: _Optional[int] = ..., max_pool_size: _Optional[int] = ..., durability: _Optional[_Union[Durability, str]] = ..., required_capabilities: _Optional[_Iterable[str]] = ..., mailbox_capacity: _Optional[int] = ..., state_type: _Optional[str] = ..., history_revisions: _Optional[int] = ..., history_retention_seconds: _Optional[int] = ..., has_init: bool = ..., has_terminate: bool = ..., max_attempts: _Optional[int] = ..., poison_action: _Optional[str] = ..., call_timeout_ms: _Optional[int] = ..., access: _Optional[_Iterable[_Union[ActionAccess, _Mapping]]] = ...) -> None: ...

class BroadcastMessage(_message.Message):
    __slots__ = ["action", "channel", "payload"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    action: str
    channel: str
    payload: Payload
    def __init__(self, channel: _Optional[str] = ..., payload: _Optional[_Union[Payload, _Mapping]] = ..., action: _Optional[str] = ...) -> None: ...

class ChannelSubscription(_message.Message):
    __slots__ = ["action", "topic"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    action: str
    topic: str
    def __init__(self, topic: _Optional[str] = ..., action: _Optional[str] = ...) -> None: ...

class Effect(_message.Message):
    __slots__ = ["action", "metadata", "payload", "scheduled_at", "target"]
    class MetadataEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ACTION_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_AT_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    action: str
    metadata: _containers.ScalarMap[str, str]
    payload: Payload
    scheduled_at: _timestamp_pb2.Timestamp
    target: ActorRef
    def __init__(self, target: _Optional[_Union[ActorRef, _Mapping]] = ..., action: _Optional[str] = ..., payload: _Optional[_Union[Payload, _Mapping]] = ..., scheduled_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., metadata: _Optional[_Mapping[str, str]] = ...) -> None: ...

class Forward(_message.Message):
    __slots__ = ["action", "target"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    action: str
    target: ActorRef
    def __init__(self, target: _Optional[_Union[ActorRef, _Mapping]] = ..., action: _Optional[str] = ...) -> None: ...

class Payload(_message.Message):
    __slots__ = ["binary", "json"]
    BINARY_FIELD_NUMBER: _ClassVar[int]
    JSON_FIELD_NUMBER: _ClassVar[int]
    binary: _any_pb2.Any
    json: _struct_pb2.Value
    def __init__(self, binary: _Optional[_Union[_any_pb2.Any, _Mapping]] = ..., json: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ...) -> None: ...

class Pipe(_message.Message):
    __slots__ = ["action", "target"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    action: str
    target: ActorRef
    def __init__(self, target: _Optional[_Union[ActorRef, _Mapping]] = ..., action: _Optional[str] = ...) -> None: ...

class TimerAction(_message.Message):
    __slots__ = ["action", "every_ms"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    EVERY_MS_FIELD_NUMBER: _ClassVar[int]
    action: str
    every_ms: int
    def __init__(self, action: _Optional[str] = ..., every_ms: _Optional[int] = ...) -> None: ...

class Workflow(_message.Message):
    __slots__ = ["broadcast", "effects", "forward", "pipe"]
    BROADCAST_FIELD_NUMBER: _ClassVar[int]
    EFFECTS_FIELD_NUMBER: _ClassVar[int]
    FORWARD_FIELD_NUMBER: _ClassVar[int]
    PIPE_FIELD_NUMBER: _ClassVar[int]
    broadcast: BroadcastMessage
    effects: _containers.RepeatedCompositeFieldContainer[Effect]
    forward: Forward
    pipe: Pipe
    def __init__(self, effects: _Optional[_Iterable[_Union[Effect, _Mapping]]] = ..., broadcast: _Optional[_Union[BroadcastMessage, _Mapping]] = ..., forward: _Optional[_Union[Forward, _Mapping]] = ..., pipe: _Optional[_Union[Pipe, _Mapping]] = ...) -> None: ...

class ActorKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Durability(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
