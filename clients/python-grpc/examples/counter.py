"""Calls the example counter (npm run example:counter-host) from Python with grpcio:
invokes it, reads its state and prints one broadcast seen through Subscribe.

    ACTORGATE_TARGET=127.0.0.1:9300 /usr/bin/python3 clients/python-grpc/examples/counter.py
"""

import json
import os
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import actorgate_grpc as ag  # noqa: E402
from actorgate.v1 import actor_service_pb2 as actors_pb, state_service_pb2 as state_pb  # noqa: E402


def main():
    with ag.connect(os.environ.get("ACTORGATE_TARGET", "127.0.0.1:9300")) as c:
        alice = ag.ref("demo", "Counter", "alice")
        res = c.actors.Invoke(actors_pb.InvokeRequest(actor=alice, action="add", payload=ag.json_payload({"by": 5})), timeout=10)
        print(f"add   demo/Counter/alice -> {ag.from_json(res.reply)['value']:g} (revision {res.revision})")

        state = c.state.GetState(state_pb.GetStateRequest(actor=alice), timeout=10)
        print(f"state demo/Counter/alice -> {json.dumps(ag.from_json(state.state))} (revision {state.revision})")

        events = c.actors.Subscribe(actors_pb.SubscribeRequest(system="demo", channel="resets"), timeout=10)
        got = threading.Event()
        # The gateway answers a Subscribe with its first event, so a client cannot tell
        # when the stream is open: broadcast until the event arrives.
        def broadcast():
            while not got.wait(0.2):
                c.actors.Broadcast(actors_pb.BroadcastRequest(system="demo", channel="resets", payload=ag.json_payload({"reason": "example"})), timeout=10)

        sender = threading.Thread(target=broadcast, daemon=True)
        sender.start()
        ev = next(events)
        got.set()
        print(f"event demo/{ev.channel} -> {json.dumps(ag.from_json(ev.payload))}")
        events.cancel()


if __name__ == "__main__":
    main()
