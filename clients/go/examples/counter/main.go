// Calls the example counter (npm run example:counter-host) from Go: invokes it, reads its
// state and prints one broadcast seen through Subscribe.
//
//	ACTORGATE_TARGET=127.0.0.1:9300 go run ./examples/counter
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	actorgate "github.com/actorgate/actorgate/clients/go"
	v1 "github.com/actorgate/actorgate/clients/go/gen/actorgate/v1"
)

func main() {
	target := os.Getenv("ACTORGATE_TARGET")
	if target == "" {
		target = "127.0.0.1:9300"
	}
	c, err := actorgate.Dial(target)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	alice := actorgate.Ref("demo", "Counter", "alice")
	by, _ := actorgate.JSON(map[string]int{"by": 5})
	res, err := c.Actors.Invoke(ctx, &v1.InvokeRequest{Actor: alice, Action: "add", Payload: by})
	if err != nil {
		log.Fatal(err) // e.g. "rpc error: code = Unavailable desc = ..." when no host serves demo/Counter
	}
	var reply struct{ Value float64 }
	if err := actorgate.DecodeJSON(res.GetReply(), &reply); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("add   demo/Counter/alice -> %v (revision %d)\n", reply.Value, res.GetRevision())

	state, err := c.State.GetState(ctx, &v1.GetStateRequest{Actor: alice})
	if err != nil {
		log.Fatal(err)
	}
	raw, _ := state.GetJson().MarshalJSON()
	fmt.Printf("state demo/Counter/alice -> %s (revision %d)\n", raw, state.GetRevision())

	events, err := c.Actors.Subscribe(ctx, &v1.SubscribeRequest{System: "demo", Channel: "resets"})
	if err != nil {
		log.Fatal(err)
	}
	got := make(chan *v1.SubscribeResponse, 1)
	go func() {
		ev, err := events.Recv()
		if err != nil {
			log.Fatal(err)
		}
		got <- ev
	}()
	// The gateway answers a Subscribe with its first event, so a client cannot tell when
	// the stream is open: broadcast until the event arrives.
	reason, _ := actorgate.JSON(map[string]string{"reason": "example"})
	for {
		if _, err := c.Actors.Broadcast(ctx, &v1.BroadcastRequest{System: "demo", Channel: "resets", Payload: reason}); err != nil {
			log.Fatal(err)
		}
		select {
		case ev := <-got:
			raw, _ := ev.GetPayload().GetJson().MarshalJSON()
			fmt.Printf("event demo/%s -> %s\n", ev.GetChannel(), raw)
			return
		case <-time.After(200 * time.Millisecond):
		case <-ctx.Done():
			log.Fatal("no event on demo/resets: ", ctx.Err())
		}
	}
}
