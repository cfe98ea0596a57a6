// The client cases of the generated-client tests (test/clients/polyglot): each case
// calls the gateway through the generated stubs and prints what it saw as one JSON line;
// the test asserts the lines. See test/clients/polyglot/client-cases.ts for the contract.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"

	actorgate "github.com/actorgate/actorgate/clients/go"
	v1 "github.com/actorgate/actorgate/clients/go/gen/actorgate/v1"
)

var (
	system = os.Getenv("ACTORGATE_SYSTEM")
	run    = os.Getenv("ACTORGATE_RUN")
)

func emit(step string, fields map[string]any) {
	fields["step"] = step
	line, err := json.Marshal(fields)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(line))
}

// failure is a gRPC error as the contract reports it: code number, message, details.
func failure(err error) map[string]any {
	st := status.Convert(err)
	details := []map[string]any{}
	// Debian's google.rpc.Status is built on golang/protobuf 1.3, whose Any is a plain
	// struct: the detail is decoded by its type URL with the current protobuf API.
	for _, d := range st.Proto().GetDetails() {
		detail := map[string]any{"type_url": d.GetTypeUrl()}
		var s wrapperspb.StringValue
		if d.GetTypeUrl() == "type.googleapis.com/google.protobuf.StringValue" && proto.Unmarshal(d.GetValue(), &s) == nil {
			detail["value"] = s.GetValue()
		}
		details = append(details, detail)
	}
	return map[string]any{"code": int(st.Code()), "message": st.Message(), "details": details}
}

func jsonOf(p *v1.Payload) any {
	var out any
	if err := actorgate.DecodeJSON(p, &out); err != nil {
		return map[string]any{"not_json": err.Error()}
	}
	return out
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func main() {
	c := must(actorgate.Dial(os.Getenv("ACTORGATE_TARGET")))
	defer c.Close()
	ctx := context.Background()
	counter := actorgate.Ref(system, "Counter", run+"-a")
	probe := actorgate.Ref(system, "Probe", "")
	invoke := func(ctx context.Context, ref *v1.ActorRef, action string, input any, edit ...func(*v1.InvokeRequest)) (*v1.InvokeResponse, error) {
		req := &v1.InvokeRequest{Actor: ref, Action: action}
		if input != nil {
			req.Payload = must(actorgate.JSON(input))
		}
		for _, e := range edit {
			e(req)
		}
		return c.Actors.Invoke(ctx, req)
	}
	step := func(name string, res *v1.InvokeResponse, err error) {
		if err != nil {
			emit(name, map[string]any{"error": failure(err)})
		} else {
			emit(name, map[string]any{"reply": jsonOf(res.GetReply()), "revision": res.GetRevision(), "invocation_id": res.GetInvocationId()})
		}
	}

	// Subscribe first; the test says when the gateway has the stream open.
	subCtx, stopSub := context.WithCancel(ctx)
	defer stopSub()
	events := must(c.Actors.Subscribe(subCtx, &v1.SubscribeRequest{System: system, Channel: "resets"}))
	emit("subscribing", map[string]any{})
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		panic(err)
	}

	if res, err := c.Actors.Activate(ctx, &v1.ActivateRequest{Actors: []*v1.ActorRef{counter}}); err != nil {
		emit("activate", map[string]any{"error": failure(err)})
	} else {
		a := res.GetActors()[0]
		emit("activate", map[string]any{"name": a.GetActor().GetName(), "created": a.GetCreated(), "revision": a.GetRevision()})
	}

	_, _ = invoke(ctx, counter, "add", map[string]any{"by": 5})
	res, err := invoke(ctx, counter, "add", map[string]any{"by": 2})
	step("invoke_json", res, err)

	if res, err := c.Actors.Invoke(ctx, &v1.InvokeRequest{Actor: probe, Action: "upper", Payload: must(actorgate.Binary(wrapperspb.String("hello " + run)))}); err != nil {
		emit("invoke_binary", map[string]any{"error": failure(err)})
	} else {
		reply := res.GetReply().GetBinary()
		var s wrapperspb.StringValue
		if err := reply.UnmarshalTo(&s); err != nil {
			emit("invoke_binary", map[string]any{"type_url": reply.GetTypeUrl(), "unpack_error": err.Error()})
		} else {
			emit("invoke_binary", map[string]any{"type_url": reply.GetTypeUrl(), "value": s.GetValue()})
		}
	}

	if res, err := c.State.Snapshot(ctx, &v1.SnapshotRequest{Actor: counter}); err != nil {
		emit("snapshot", map[string]any{"error": failure(err)})
	} else {
		emit("snapshot", map[string]any{"revision": res.GetRevision()})
	}

	if res, err := c.State.GetState(ctx, &v1.GetStateRequest{Actor: counter}); err != nil {
		emit("get_state", map[string]any{"error": failure(err)})
	} else {
		emit("get_state", map[string]any{"state": jsonOf(res.GetState()), "json": res.GetJson().AsInterface(), "revision": res.GetRevision()})
	}

	res, err = invoke(ctx, counter, "nosuch", nil)
	step("unknown_action", res, err)

	res, err = invoke(ctx, counter, "add", map[string]any{"by": "x"})
	step("invalid_argument", res, err)

	res, err = invoke(ctx, probe, "refuse", map[string]any{"reason": run})
	step("error_details", res, err)

	deadline, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	res, err = invoke(deadline, probe, "wait", map[string]any{"gate": "deadline-" + run})
	cancel()
	step("deadline", res, err)

	res, err = invoke(ctx, probe, "echo", map[string]any{"run": run}, func(r *v1.InvokeRequest) {
		r.Metadata = map[string]string{"x-run": run, "x-lang": "go"}
	})
	step("metadata", res, err)

	once := func(r *v1.InvokeRequest) { r.IdempotencyKey = "key-" + run }
	res, err = invoke(ctx, counter, "add", map[string]any{"by": 10}, once)
	step("idempotent_first", res, err)
	res, err = invoke(ctx, counter, "add", map[string]any{"by": 10}, once)
	step("idempotent_again", res, err)
	res, err = invoke(ctx, counter, "get", nil)
	step("after_idempotent", res, err)

	if res, err := c.Actors.Broadcast(ctx, &v1.BroadcastRequest{System: system, Channel: "resets", Payload: must(actorgate.JSON(map[string]any{"reason": run}))}); err != nil {
		emit("broadcast", map[string]any{"error": failure(err)})
	} else {
		emit("broadcast", map[string]any{"delivered": res.GetDelivered()})
	}
	if ev, err := events.Recv(); err != nil {
		emit("subscribe", map[string]any{"error": failure(err)})
	} else {
		emit("subscribe", map[string]any{"channel": ev.GetChannel(), "payload": jsonOf(ev.GetPayload())})
	}
	emit("done", map[string]any{})
}
