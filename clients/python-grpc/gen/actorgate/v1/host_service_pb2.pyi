from actorgate.v1 import actor_pb2 as _actor_pb2
from google.protobuf import descriptor_pb2 as _descriptor_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
HOST_CODEC_JSON: HostCodec
HOST_CODEC_PROTO: HostCodec
HOST_CODEC_UNSPECIFIED: HostCodec
HOST_HTTP_VERSION_HTTP1: HostHttpVersion
HOST_HTTP_VERSION_HTTP2: HostHttpVersion
HOST_HTTP_VERSION_UNSPECIFIED: HostHttpVersion
HOST_PROTOCOL_CONNECT: HostProtocol
HOST_PROTOCOL_GRPC: HostProtocol
HOST_PROTOCOL_GRPC_WEB: HostProtocol
HOST_PROTOCOL_SPAWN: HostProtocol
HOST_PROTOCOL_UNSPECIFIED: HostProtocol

class HeartbeatRequest(_message.Message):
    __slots__ = ["lease_id"]
    LEASE_ID_FIELD_NUMBER: _ClassVar[int]
    lease_id: str
    def __init__(self, lease_id: _Optional[str] = ...) -> None: ...

class HeartbeatResponse(_message.Message):
    __slots__ = ["lease_ttl_ms"]
    LEASE_TTL_MS_FIELD_NUMBER: _ClassVar[int]
    lease_ttl_ms: int
    def __init__(self, lease_ttl_ms: _Optional[int] = ...) -> None: ...

class RegisterRequest(_message.Message):
    __slots__ = ["callback_url", "capabilities", "codec", "descriptors", "host_id", "http_version", "lease_id", "max_concurrency", "protocol", "system", "types"]
    CALLBACK_URL_FIELD_NUMBER: _ClassVar[int]
    CAPABILITIES_FIELD_NUMBER: _ClassVar[int]
    CODEC_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTORS_FIELD_NUMBER: _ClassVar[int]
    HOST_ID_FIELD_NUMBER: _ClassVar[int]
    HTTP_VERSION_FIELD_NUMBER: _ClassVar[int]
    LEASE_ID_FIELD_NUMBER: _ClassVar[int]
    MAX_CONCURRENCY_FIELD_NUMBER: _ClassVar[int]
    PROTOCOL_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_FIELD_NUMBER: _ClassVar[int]
    TYPES_FIELD_NUMBER: _ClassVar[int]
    callback_url: str
    capabilities: _containers.RepeatedScalarFieldContainer[str]
    codec: HostCodec
    descriptors: _descriptor_pb2.FileDescriptorSet
    host_id: str
    http_version: HostHttpVersion
    lease_id: str
    max_concurrency: int
    protocol: HostProtocol
    system: str
    types: _containers.RepeatedCompositeFieldContainer[_actor_pb2.ActorType]
    def __init__(self, system: _Optional[str] = ..., host_id: _Optional[str] = ..., callback_url: _Optional[str] = ..., protocol: _Optional[_Union[HostProtocol, str]] = ..., codec: _Optional[_Union[HostCodec, str]] = ..., http_version: _Optional[_Union[HostHttpVersion, str]] = ..., capabilities: _Optional[_Iterable[str]] = ..., types: _Optional[_Iterable[_Union[_actor_pb2.ActorType, _Mapping]]] = ..., descriptors: _Optional[_Union[_descriptor_pb2.FileDescriptorSet, _Mapping]] = ..., max_concurrency: _Optional[int] = ..., lease_id: _Optional[str] = ...) -> None: ...

class RegisterResponse(_message.Message):
    __slots__ = ["callback_secret", "gateway_id", "heartbeat_interval_ms", "lease_id", "lease_ttl_ms"]
    CALLBACK_SECRET_FIELD_NUMBER: _ClassVar[int]
    GATEWAY_ID_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_INTERVAL_MS_FIELD_NUMBER: _ClassVar[int]
    LEASE_ID_FIELD_NUMBER: _ClassVar[int]
    LEASE_TTL_MS_FIELD_NUMBER: _ClassVar[int]
    callback_secret: str
    gateway_id: str
    heartbeat_interval_ms: int
    lease_id: str
    lease_ttl_ms: int
    def __init__(self, lease_id: _Optional[str] = ..., lease_ttl_ms: _Optional[int] = ..., heartbeat_interval_ms: _Optional[int] = ..., gateway_id: _Optional[str] = ..., callback_secret: _Optional[str] = ...) -> None: ...

class UnregisterRequest(_message.Message):
    __slots__ = ["drain", "lease_id"]
    DRAIN_FIELD_NUMBER: _ClassVar[int]
    LEASE_ID_FIELD_NUMBER: _ClassVar[int]
    drain: bool
    lease_id: str
    def __init__(self, lease_id: _Optional[str] = ..., drain: bool = ...) -> None: ...

class UnregisterResponse(_message.Message):
    __slots__ = ["deactivated"]
    DEACTIVATED_FIELD_NUMBER: _ClassVar[int]
    deactivated: int
    def __init__(self, deactivated: _Optional[int] = ...) -> None: ...

class HostProtocol(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class HostCodec(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class HostHttpVersion(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
