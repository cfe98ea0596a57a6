"""A thin layer over the grpcio stubs generated from proto/actorgate/v1 (under gen/).

What the raw stubs make awkward: a channel with the client services, an ActorRef, JSON
payloads as google.protobuf.Value, protobuf payloads packed in Any, and the details of a
gRPC error (grpc-status-details-bin). Everything else is the generated API:
`actorgate.v1.actor_service_pb2` and friends.

The generated modules are imported as `actorgate.v1....`; put `clients/python-grpc/gen`
on sys.path (this package does it when it is not there). Do not also put the standard
library SDK (`clients/python`) on the path: its package is also called `actorgate`.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any as AnyValue

_GEN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "gen")
if _GEN not in sys.path:
    sys.path.append(_GEN)

import grpc  # noqa: E402
from google.protobuf import any_pb2, descriptor_pb2, descriptor_pool, json_format, message, message_factory, struct_pb2  # noqa: E402

from actorgate.v1 import actor_pb2, actor_service_pb2_grpc, admin_service_pb2_grpc, state_service_pb2_grpc  # noqa: E402

__all__ = ["Client", "connect", "ref", "json_payload", "binary_payload", "from_json", "error_details"]


@dataclass
class Client:
    """One gRPC channel to a gateway with its client services."""

    channel: grpc.Channel
    actors: actor_service_pb2_grpc.ActorServiceStub
    state: state_service_pb2_grpc.StateServiceStub
    admin: admin_service_pb2_grpc.AdminServiceStub

    def close(self) -> None:
        self.channel.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def connect(target: str = "127.0.0.1:9300", credentials: grpc.ChannelCredentials | None = None) -> Client:
    """Opens a channel to a gateway at `target` (host:port): plaintext HTTP/2, which is what
    `actorgate serve` speaks by default, unless TLS credentials are given."""
    channel = grpc.secure_channel(target, credentials) if credentials else grpc.insecure_channel(target)
    return Client(
        channel=channel,
        actors=actor_service_pb2_grpc.ActorServiceStub(channel),
        state=state_service_pb2_grpc.StateServiceStub(channel),
        admin=admin_service_pb2_grpc.AdminServiceStub(channel),
    )


def ref(system: str, type: str, name: str = "") -> actor_pb2.ActorRef:  # noqa: A002 - the contract's word
    """Names an actor: system, type and instance name (empty for NAMED, POOLED, STATELESS)."""
    return actor_pb2.ActorRef(system=system, type=type, name=name)


def json_payload(value: AnyValue) -> actor_pb2.Payload:
    """A payload of natural JSON: any value json.dumps accepts (dict, list, str, number, bool, None)."""
    v = struct_pb2.Value()
    json_format.ParseDict(value, v)
    return actor_pb2.Payload(json=v)


def binary_payload(msg: message.Message) -> actor_pb2.Payload:
    """A payload of a protobuf message, packed in google.protobuf.Any."""
    packed = any_pb2.Any()
    packed.Pack(msg)
    return actor_pb2.Payload(binary=packed)


def from_json(payload: actor_pb2.Payload) -> AnyValue:
    """The Python value of a JSON payload (a reply, a state, an event). Numbers come back as
    floats: google.protobuf.Value has only doubles."""
    if payload.WhichOneof("kind") != "json":
        raise ValueError(f"payload is not JSON (it is {payload.WhichOneof('kind')!r})")
    return json_format.MessageToDict(payload.json)


def _status_class() -> type:
    # google.rpc.Status, built from its three fields: Debian ships no Python
    # googleapis-common-protos, and a private pool cannot clash with one that is installed.
    pool = descriptor_pool.DescriptorPool()
    pool.AddSerializedFile(any_pb2.DESCRIPTOR.serialized_pb)
    f = descriptor_pb2.FileDescriptorProto(name="google/rpc/status.proto", package="google.rpc", syntax="proto3", dependency=["google/protobuf/any.proto"])
    m = f.message_type.add(name="Status")
    fd = descriptor_pb2.FieldDescriptorProto
    m.field.add(name="code", number=1, type=fd.TYPE_INT32, label=fd.LABEL_OPTIONAL)
    m.field.add(name="message", number=2, type=fd.TYPE_STRING, label=fd.LABEL_OPTIONAL)
    m.field.add(name="details", number=3, type=fd.TYPE_MESSAGE, label=fd.LABEL_REPEATED, type_name=".google.protobuf.Any")
    pool.Add(f)
    desc = pool.FindMessageTypeByName("google.rpc.Status")
    get_class = getattr(message_factory, "GetMessageClass", None)
    return get_class(desc) if get_class else message_factory.MessageFactory(pool).GetPrototype(desc)


_Status = _status_class()


def error_details(err: grpc.RpcError) -> list[any_pb2.Any]:
    """The details of a gRPC error (from its grpc-status-details-bin trailer), as Any
    messages; unpack them with `.Unpack(msg)`."""
    trailers = err.trailing_metadata() or ()  # type: ignore[attr-defined]
    for key, value in trailers:
        if key == "grpc-status-details-bin":
            status = _Status.FromString(value)
            out = []
            for d in status.details:
                a = any_pb2.Any(type_url=d.type_url, value=d.value)
                out.append(a)
            return out
    return []
