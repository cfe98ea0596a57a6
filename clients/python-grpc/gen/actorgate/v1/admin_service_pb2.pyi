from actorgate.v1 import actor_pb2 as _actor_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ActivatorInfo(_message.Message):
    __slots__ = ["dead_lettered", "failed", "id", "invoked", "kind", "received", "source", "target"]
    DEAD_LETTERED_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    INVOKED_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    dead_lettered: int
    failed: int
    id: str
    invoked: int
    kind: str
    received: int
    source: str
    target: str
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[str] = ..., source: _Optional[str] = ..., target: _Optional[str] = ..., received: _Optional[int] = ..., invoked: _Optional[int] = ..., failed: _Optional[int] = ..., dead_lettered: _Optional[int] = ...) -> None: ...

class ActorInfo(_message.Message):
    __slots__ = ["active", "actor", "host_id", "revision"]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    HOST_ID_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    active: bool
    actor: _actor_pb2.ActorRef
    host_id: str
    revision: int
    def __init__(self, actor: _Optional[_Union[_actor_pb2.ActorRef, _Mapping]] = ..., active: bool = ..., revision: _Optional[int] = ..., host_id: _Optional[str] = ...) -> None: ...

class DeactivateRequest(_message.Message):
    __slots__ = ["actor"]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    actor: _actor_pb2.ActorRef
    def __init__(self, actor: _Optional[_Union[_actor_pb2.ActorRef, _Mapping]] = ...) -> None: ...

class DeactivateResponse(_message.Message):
    __slots__ = ["was_active"]
    WAS_ACTIVE_FIELD_NUMBER: _ClassVar[int]
    was_active: bool
    def __init__(self, was_active: bool = ...) -> None: ...

class DeadLetter(_message.Message):
    __slots__ = ["action", "attempts", "caller", "created_at", "error", "failed_at", "invocation_id", "metadata", "payload", "target"]
    class MetadataEntry(_message.Message):
        __slots__ = ["key", "value"]
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    FAILED_AT_FIELD_NUMBER: _ClassVar[int]
    INVOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    action: str
    attempts: int
    caller: _actor_pb2.ActorRef
    created_at: _timestamp_pb2.Timestamp
    error: str
    failed_at: _timestamp_pb2.Timestamp
    invocation_id: str
    metadata: _containers.ScalarMap[str, str]
    payload: _actor_pb2.Payload
    target: _actor_pb2.ActorRef
    def __init__(self, invocation_id: _Optional[str] = ..., target: _Optional[_Union[_actor_pb2.ActorRef, _Mapping]] = ..., action: _Optional[str] = ..., payload: _Optional[_Union[_actor_pb2.Payload, _Mapping]] = ..., caller: _Optional[_Union[_actor_pb2.ActorRef, _Mapping]] = ..., attempts: _Optional[int] = ..., error: _Optional[str] = ..., created_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., failed_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., metadata: _Optional[_Mapping[str, str]] = ...) -> None: ...

class DeleteDeadLetterRequest(_message.Message):
    __slots__ = ["invocation_id"]
    INVOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    invocation_id: str
    def __init__(self, invocation_id: _Optional[str] = ...) -> None: ...

class DeleteDeadLetterResponse(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class DescribeActorRequest(_message.Message):
    __slots__ = ["actor"]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    actor: _actor_pb2.ActorRef
    def __init__(self, actor: _Optional[_Union[_actor_pb2.ActorRef, _Mapping]] = ...) -> None: ...

class DescribeActorResponse(_message.Message):
    __slots__ = ["activated_at", "durable_revision", "info", "last_active_at", "mailbox_depth", "type"]
    ACTIVATED_AT_FIELD_NUMBER: _ClassVar[int]
    DURABLE_REVISION_FIELD_NUMBER: _ClassVar[int]
    INFO_FIELD_NUMBER: _ClassVar[int]
    LAST_ACTIVE_AT_FIELD_NUMBER: _ClassVar[int]
    MAILBOX_DEPTH_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    activated_at: _timestamp_pb2.Timestamp
    durable_revision: int
    info: ActorInfo
    last_active_at: _timestamp_pb2.Timestamp
    mailbox_depth: int
    type: _actor_pb2.ActorType
    def __init__(self, info: _Optional[_Union[ActorInfo, _Mapping]] = ..., type: _Optional[_Union[_actor_pb2.ActorType, _Mapping]] = ..., mailbox_depth: _Optional[int] = ..., durable_revision: _Optional[int] = ..., activated_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., last_active_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class HealthRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class HealthResponse(_message.Message):
    __slots__ = ["active_actors", "hosts", "live", "node_id", "ready", "version"]
    ACTIVE_ACTORS_FIELD_NUMBER: _ClassVar[int]
    HOSTS_FIELD_NUMBER: _ClassVar[int]
    LIVE_FIELD_NUMBER: _ClassVar[int]
    NODE_ID_FIELD_NUMBER: _ClassVar[int]
    READY_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    active_actors: int
    hosts: int
    live: bool
    node_id: str
    ready: bool
    version: str
    def __init__(self, live: bool = ..., ready: bool = ..., node_id: _Optional[str] = ..., version: _Optional[str] = ..., active_actors: _Optional[int] = ..., hosts: _Optional[int] = ...) -> None: ...

class HostInfo(_message.Message):
    __slots__ = ["active_actors", "callback_url", "capabilities", "host_id", "lease_expires_at", "system", "types"]
    ACTIVE_ACTORS_FIELD_NUMBER: _ClassVar[int]
    CALLBACK_URL_FIELD_NUMBER: _ClassVar[int]
    CAPABILITIES_FIELD_NUMBER: _ClassVar[int]
    HOST_ID_FIELD_NUMBER: _ClassVar[int]
    LEASE_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_FIELD_NUMBER: _ClassVar[int]
    TYPES_FIELD_NUMBER: _ClassVar[int]
    active_actors: int
    callback_url: str
    capabilities: _containers.RepeatedScalarFieldContainer[str]
    host_id: str
    lease_expires_at: _timestamp_pb2.Timestamp
    system: str
    types: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, host_id: _Optional[str] = ..., system: _Optional[str] = ..., callback_url: _Optional[str] = ..., types: _Optional[_Iterable[str]] = ..., capabilities: _Optional[_Iterable[str]] = ..., active_actors: _Optional[int] = ..., lease_expires_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListActivatorsRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListActivatorsResponse(_message.Message):
    __slots__ = ["activators"]
    ACTIVATORS_FIELD_NUMBER: _ClassVar[int]
    activators: _containers.RepeatedCompositeFieldContainer[ActivatorInfo]
    def __init__(self, activators: _Optional[_Iterable[_Union[ActivatorInfo, _Mapping]]] = ...) -> None: ...

class ListActorsRequest(_message.Message):
    __slots__ = ["include_inactive", "page_size", "page_token", "system", "type"]
    INCLUDE_INACTIVE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    include_inactive: bool
    page_size: int
    page_token: str
    system: str
    type: str
    def __init__(self, system: _Optional[str] = ..., type: _Optional[str] = ..., include_inactive: bool = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListActorsResponse(_message.Message):
    __slots__ = ["actors", "next_page_token"]
    ACTORS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    actors: _containers.RepeatedCompositeFieldContainer[ActorInfo]
    next_page_token: str
    def __init__(self, actors: _Optional[_Iterable[_Union[ActorInfo, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListDeadLettersRequest(_message.Message):
    __slots__ = ["page_size", "page_token", "system"]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    system: str
    def __init__(self, system: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListDeadLettersResponse(_message.Message):
    __slots__ = ["dead_letters", "next_page_token"]
    DEAD_LETTERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    dead_letters: _containers.RepeatedCompositeFieldContainer[DeadLetter]
    next_page_token: str
    def __init__(self, dead_letters: _Optional[_Iterable[_Union[DeadLetter, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListHostsRequest(_message.Message):
    __slots__ = ["system"]
    SYSTEM_FIELD_NUMBER: _ClassVar[int]
    system: str
    def __init__(self, system: _Optional[str] = ...) -> None: ...

class ListHostsResponse(_message.Message):
    __slots__ = ["hosts"]
    HOSTS_FIELD_NUMBER: _ClassVar[int]
    hosts: _containers.RepeatedCompositeFieldContainer[HostInfo]
    def __init__(self, hosts: _Optional[_Iterable[_Union[HostInfo, _Mapping]]] = ...) -> None: ...

class ListNodesRequest(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...

class ListNodesResponse(_message.Message):
    __slots__ = ["cluster", "nodes", "partitions"]
    CLUSTER_FIELD_NUMBER: _ClassVar[int]
    NODES_FIELD_NUMBER: _ClassVar[int]
    PARTITIONS_FIELD_NUMBER: _ClassVar[int]
    cluster: str
    nodes: _containers.RepeatedCompositeFieldContainer[NodeInfo]
    partitions: int
    def __init__(self, nodes: _Optional[_Iterable[_Union[NodeInfo, _Mapping]]] = ..., cluster: _Optional[str] = ..., partitions: _Optional[int] = ...) -> None: ...

class NodeInfo(_message.Message):
    __slots__ = ["active_actors", "heartbeat_at", "hosts", "leaving", "node_id", "owned_partitions", "self", "started_at"]
    ACTIVE_ACTORS_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_AT_FIELD_NUMBER: _ClassVar[int]
    HOSTS_FIELD_NUMBER: _ClassVar[int]
    LEAVING_FIELD_NUMBER: _ClassVar[int]
    NODE_ID_FIELD_NUMBER: _ClassVar[int]
    OWNED_PARTITIONS_FIELD_NUMBER: _ClassVar[int]
    SELF_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    active_actors: int
    heartbeat_at: _timestamp_pb2.Timestamp
    hosts: int
    leaving: bool
    node_id: str
    owned_partitions: int
    self: bool
    started_at: _timestamp_pb2.Timestamp
    def __init__(self, node_id: _Optional[str] = ..., started_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., heartbeat_at: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., active_actors: _Optional[int] = ..., owned_partitions: _Optional[int] = ..., hosts: _Optional[int] = ..., self: bool = ..., leaving: bool = ...) -> None: ...

class ReplayDeadLetterRequest(_message.Message):
    __slots__ = ["invocation_id"]
    INVOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    invocation_id: str
    def __init__(self, invocation_id: _Optional[str] = ...) -> None: ...

class ReplayDeadLetterResponse(_message.Message):
    __slots__ = []
    def __init__(self) -> None: ...
