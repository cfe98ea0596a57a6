// Package actorgate is a thin layer over the generated gRPC stubs (package
// actorgatev1 under gen/): a connection holding the three client services, and helpers
// for what the raw stubs make awkward, building an ActorRef and JSON payloads as
// google.protobuf.Value. Everything else is the generated API.
package actorgate

import (
	"encoding/json"
	"fmt"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/structpb"

	v1 "github.com/actorgate/actorgate/clients/go/gen/actorgate/v1"
)

// Client is one gRPC connection to a gateway with its client services.
type Client struct {
	conn   *grpc.ClientConn
	Actors v1.ActorServiceClient
	State  v1.StateServiceClient
	Admin  v1.AdminServiceClient
}

// Dial connects to a gateway at target ("127.0.0.1:9300"). Without options the
// connection is plaintext HTTP/2 (h2c), which is what `actorgate serve` speaks by default;
// pass grpc.WithTransportCredentials for TLS.
func Dial(target string, opts ...grpc.DialOption) (*Client, error) {
	if len(opts) == 0 {
		opts = []grpc.DialOption{grpc.WithInsecure()}
	}
	conn, err := grpc.Dial(target, opts...)
	if err != nil {
		return nil, fmt.Errorf("actorgate: dial %s: %w", target, err)
	}
	return &Client{conn: conn, Actors: v1.NewActorServiceClient(conn), State: v1.NewStateServiceClient(conn), Admin: v1.NewAdminServiceClient(conn)}, nil
}

// Close closes the connection.
func (c *Client) Close() error { return c.conn.Close() }

// Ref names an actor: system, type and instance name.
func Ref(system, actorType, name string) *v1.ActorRef {
	return &v1.ActorRef{System: system, Type: actorType, Name: name}
}

// JSON makes a payload of natural JSON from any value encoding/json can marshal
// (structs, maps, numbers...).
func JSON(v any) (*v1.Payload, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("actorgate: payload is not JSON: %w", err)
	}
	value := &structpb.Value{}
	if err := protojson.Unmarshal(raw, value); err != nil {
		return nil, fmt.Errorf("actorgate: payload is not JSON: %w", err)
	}
	return &v1.Payload{Kind: &v1.Payload_Json{Json: value}}, nil
}

// Binary makes a payload of a protobuf message (packed in google.protobuf.Any).
func Binary(m proto.Message) (*v1.Payload, error) {
	packed, err := anypb.New(m)
	if err != nil {
		return nil, fmt.Errorf("actorgate: cannot pack %T: %w", m, err)
	}
	return &v1.Payload{Kind: &v1.Payload_Binary{Binary: packed}}, nil
}

// DecodeJSON unmarshals a JSON payload (a reply, a state, an event) into out, as
// encoding/json would. A payload that is absent or binary is an error.
func DecodeJSON(p *v1.Payload, out any) error {
	value := p.GetJson()
	if value == nil {
		return fmt.Errorf("actorgate: payload is not JSON (%T)", p.GetKind())
	}
	raw, err := protojson.Marshal(value)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, out)
}
