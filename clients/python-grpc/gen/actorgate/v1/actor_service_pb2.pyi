from actorgate.v1 import actor_pb2 as _actor_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ActivateRequest(_message.Message):
    __slots__ = ["actors", "from_revision"]
    ACTORS_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    FROM_REVISION_FIELD_NUMBER: _ClassVar[int]
    actors: _containers.RepeatedCompositeFieldContainer[_actor_pb2.ActorRef]
    from_revision: int
    def __init__(self, actors: _Optional[_Iterable[_Union[_actor_pb2.ActorRef, _Mapping]]] = ..., from_revision: _Optional[int] = ..., **kwargs) -> None: ...

class ActivateResponse(_message.Message):
    __slots__ = ["actors"]
    ACTORS_FIELD_NUMBER: _ClassVar[int]
    actors: _containers.RepeatedCompositeFieldContainer[ActivatedActor]
    def __init__(self, actors: _Optional[_Iterable[_Union[ActivatedActor, _Mapping]]] = ...) -> None: ...

class ActivatedActor(_message.Message):
    __slots__ = ["actor", "created", "revision"]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    actor: _actor_pb2.ActorRef
    created: bool
    revision: int
    def __init__(self, actor: _Optional[_Union[_actor_pb2.ActorRef, _Mapping]] = ..., revision: _Optional[int] = ..., created: bool = ...) -> None: ...

class BroadcastRequest(_message.Message):
    __slots__ = ["action", "channel", "metadata", "payload", "system"]
    class MetadataEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ACTION_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_FIELD_NUMBER: _ClassVar[int]
    action: str
    channel: str
    metadata: _containers.ScalarMap[str, str]
    payload: _actor_pb2.Payload
    system: str
    def __init__(self, system: _Optional[str] = ..., channel: _Optional[str] = ..., payload: _Optional[_Union[_actor_pb2.Payload, _Mapping]] = ..., action: _Optional[str] = ..., metadata: _Optional[_Mapping[str, str]] = ...) -> None: ...

class BroadcastResponse(_message.Message):
    __slots__ = ["delivered"]
    DELIVERED_FIELD_NUMBER: _ClassVar[int]
    delivered: int
    def __init__(self, delivered: _Optional[int] = ...) -> None: ...

class InvokeRequest(_message.Message):
    __slots__ = ["action", "actor", "idempotency_key", "metadata", "payload", "scheduled_at", "timeout_ms"]
    class MetadataEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ASYNC_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    SCHEDULED_AT_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    action: str
    actor: _actor_pb2.ActorRef
    idempotency_key: str
    metadata: _containers.ScalarMap[str, str]
    payload: _actor_pb2.Payload
    scheduled_at: _timestamp_pb2.Timestamp
    timeout_ms: int
    def __init__(self, actor: _Optional[_Union[_actor_pb2.ActorRef, _Mapping]] = ..., action: _Optional[str] = ..., payload: _Optional[_Union[_actor_pb2.Payload, _Mapping]] = ..., metadata: _Optional[_Mapping[str, str]] = ..., scheduled_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., idempotency_key: _Optional[str] = ..., timeout_ms: _Optional[int] = ..., **kwargs) -> None: ...

class InvokeResponse(_message.Message):
    __slots__ = ["invocation_id", "reply", "revision"]
    INVOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    REPLY_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    invocation_id: str
    reply: _actor_pb2.Payload
    revision: int
    def __init__(self, reply: _Optional[_Union[_actor_pb2.Payload, _Mapping]] = ..., invocation_id: _Optional[str] = ..., revision: _Optional[int] = ...) -> None: ...

class SubscribeRequest(_message.Message):
    __slots__ = ["action_filter", "channel", "system"]
    ACTION_FILTER_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_FIELD_NUMBER: _ClassVar[int]
    action_filter: str
    channel: str
    system: str
    def __init__(self, system: _Optional[str] = ..., channel: _Optional[str] = ..., action_filter: _Optional[str] = ...) -> None: ...

class SubscribeResponse(_message.Message):
    __slots__ = ["action", "channel", "dropped", "payload", "publisher"]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    DROPPED_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    PUBLISHER_FIELD_NUMBER: _ClassVar[int]
    action: str
    channel: str
    dropped: int
    payload: _actor_pb2.Payload
    publisher: _actor_pb2.ActorRef
    def __init__(self, channel: _Optional[str] = ..., payload: _Optional[_Union[_actor_pb2.Payload, _Mapping]] = ..., action: _Optional[str] = ..., publisher: _Optional[_Union[_actor_pb2.ActorRef, _Mapping]] = ..., dropped: _Optional[int] = ...) -> None: ...
