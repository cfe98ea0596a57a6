"""The client cases of the generated-client tests (test/clients/polyglot), for grpcio:
each case calls the gateway through the generated stubs and prints what it saw as one
JSON line; the test asserts the lines. See test/clients/polyglot/client-cases.ts."""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import grpc  # noqa: E402
from google.protobuf import json_format, wrappers_pb2  # noqa: E402

import actorgate_grpc as ag  # noqa: E402
from actorgate.v1 import actor_service_pb2 as actors_pb, state_service_pb2 as state_pb  # noqa: E402

SYSTEM = os.environ["ACTORGATE_SYSTEM"]
RUN = os.environ["ACTORGATE_RUN"]
STRING_VALUE = "type.googleapis.com/google.protobuf.StringValue"


def emit(step, **fields):
    print(json.dumps({"step": step, **fields}), flush=True)


def failure(err: grpc.RpcError):
    details = []
    for d in ag.error_details(err):
        detail = {"type_url": d.type_url}
        if d.type_url == STRING_VALUE:
            s = wrappers_pb2.StringValue()
            d.Unpack(s)
            detail["value"] = s.value
        details.append(detail)
    return {"code": err.code().value[0], "message": err.details(), "details": details}


def main():
    c = ag.connect(os.environ["ACTORGATE_TARGET"])
    counter = ag.ref(SYSTEM, "Counter", f"{RUN}-a")
    probe = ag.ref(SYSTEM, "Probe")

    def invoke(step, actor, action, value=None, timeout=None, **fields):
        req = actors_pb.InvokeRequest(actor=actor, action=action, **fields)
        if value is not None:
            req.payload.CopyFrom(ag.json_payload(value))
        try:
            res = c.actors.Invoke(req, timeout=timeout)
        except grpc.RpcError as err:
            emit(step, error=failure(err))
            return
        emit(step, reply=ag.from_json(res.reply), revision=res.revision, invocation_id=res.invocation_id)

    # Subscribe first; the test says when the gateway has the stream open.
    events = c.actors.Subscribe(actors_pb.SubscribeRequest(system=SYSTEM, channel="resets"))
    emit("subscribing")
    sys.stdin.readline()

    try:
        a = c.actors.Activate(actors_pb.ActivateRequest(actors=[counter])).actors[0]
        emit("activate", name=a.actor.name, created=a.created, revision=a.revision)
    except grpc.RpcError as err:
        emit("activate", error=failure(err))

    c.actors.Invoke(actors_pb.InvokeRequest(actor=counter, action="add", payload=ag.json_payload({"by": 5})))
    invoke("invoke_json", counter, "add", {"by": 2})

    try:
        res = c.actors.Invoke(actors_pb.InvokeRequest(actor=probe, action="upper", payload=ag.binary_payload(wrappers_pb2.StringValue(value=f"hello {RUN}"))))
        s = wrappers_pb2.StringValue()
        if res.reply.binary.Unpack(s):
            emit("invoke_binary", type_url=res.reply.binary.type_url, value=s.value)
        else:
            emit("invoke_binary", type_url=res.reply.binary.type_url, unpack_error="not a StringValue")
    except grpc.RpcError as err:
        emit("invoke_binary", error=failure(err))

    try:
        emit("snapshot", revision=c.state.Snapshot(state_pb.SnapshotRequest(actor=counter)).revision)
    except grpc.RpcError as err:
        emit("snapshot", error=failure(err))

    try:
        res = c.state.GetState(state_pb.GetStateRequest(actor=counter))
        emit("get_state", state=ag.from_json(res.state), json=json_format.MessageToDict(res.json), revision=res.revision)
    except grpc.RpcError as err:
        emit("get_state", error=failure(err))

    invoke("unknown_action", counter, "nosuch")
    invoke("invalid_argument", counter, "add", {"by": "x"})
    invoke("error_details", probe, "refuse", {"reason": RUN})
    invoke("deadline", probe, "wait", {"gate": f"deadline-{RUN}"}, timeout=0.3)
    invoke("metadata", probe, "echo", {"run": RUN}, metadata={"x-run": RUN, "x-lang": "python"})
    invoke("idempotent_first", counter, "add", {"by": 10}, idempotency_key=f"key-{RUN}")
    invoke("idempotent_again", counter, "add", {"by": 10}, idempotency_key=f"key-{RUN}")
    invoke("after_idempotent", counter, "get")

    try:
        res = c.actors.Broadcast(actors_pb.BroadcastRequest(system=SYSTEM, channel="resets", payload=ag.json_payload({"reason": RUN})))
        emit("broadcast", delivered=res.delivered)
    except grpc.RpcError as err:
        emit("broadcast", error=failure(err))
    try:
        ev = next(events)
        emit("subscribe", channel=ev.channel, payload=ag.from_json(ev.payload))
    except grpc.RpcError as err:
        emit("subscribe", error=failure(err))
    events.cancel()
    emit("done")
    c.close()


if __name__ == "__main__":
    main()
