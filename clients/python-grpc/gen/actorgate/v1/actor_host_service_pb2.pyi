from actorgate.v1 import actor_pb2 as _actor_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class HandleRequest(_message.Message):
    __slots__ = ["action", "actor", "attempt", "caller", "deadline", "invocation_id", "metadata", "payload", "revision", "state"]
    class MetadataEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    INVOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    action: str
    actor: _actor_pb2.ActorRef
    attempt: int
    caller: _actor_pb2.ActorRef
    deadline: _timestamp_pb2.Timestamp
    invocation_id: str
    metadata: _containers.ScalarMap[str, str]
    payload: _actor_pb2.Payload
    revision: int
    state: _actor_pb2.Payload
    def __init__(self, actor: _Optional[_Union[_actor_pb2.ActorRef, _Mapping]] = ..., action: _Optional[str] = ..., payload: _Optional[_Union[_actor_pb2.Payload, _Mapping]] = ..., state: _Optional[_Union[_actor_pb2.Payload, _Mapping]] = ..., revision: _Optional[int] = ..., metadata: _Optional[_Mapping[str, str]] = ..., caller: _Optional[_Union[_actor_pb2.ActorRef, _Mapping]] = ..., invocation_id: _Optional[str] = ..., attempt: _Optional[int] = ..., deadline: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class HandleResponse(_message.Message):
    __slots__ = ["checkpoint", "clear_state", "reply", "state", "workflow"]
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    CLEAR_STATE_FIELD_NUMBER: _ClassVar[int]
    REPLY_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_FIELD_NUMBER: _ClassVar[int]
    checkpoint: bool
    clear_state: bool
    reply: _actor_pb2.Payload
    state: _actor_pb2.Payload
    workflow: _actor_pb2.Workflow
    def __init__(self, reply: _Optional[_Union[_actor_pb2.Payload, _Mapping]] = ..., state: _Optional[_Union[_actor_pb2.Payload, _Mapping]] = ..., clear_state: bool = ..., workflow: _Optional[_Union[_actor_pb2.Workflow, _Mapping]] = ..., checkpoint: bool = ...) -> None: ...
