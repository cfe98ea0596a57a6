# A thin layer over the grpc stubs generated from proto/actorgate/v1 (under gen/): the
# client services on one channel, an ActorRef, JSON payloads as google.protobuf.Value,
# protobuf payloads packed in Any, and the details of a gRPC error. Everything else is the
# generated API (Actorgate::V1::...).
#
#   ruby -I clients/ruby/lib -I clients/ruby/gen ...
require 'json'
require 'grpc'
require 'google/protobuf/well_known_types'
require 'google/rpc/status_pb'
require 'actorgate/v1/actor_service_services_pb'
require 'actorgate/v1/state_service_services_pb'
require 'actorgate/v1/admin_service_services_pb'

module ActorgateGrpc
  V1 = Actorgate::V1

  # The client services of one gateway. Without credentials the connection is plaintext
  # HTTP/2, which is what `actorgate serve` speaks by default.
  class Client
    attr_reader :actors, :state, :admin

    def initialize(target = '127.0.0.1:9300', credentials: :this_channel_is_insecure)
      @actors = V1::ActorService::Stub.new(target, credentials)
      @state = V1::StateService::Stub.new(target, credentials)
      @admin = V1::AdminService::Stub.new(target, credentials)
    end
  end

  module_function

  # Names an actor: system, type and instance name (empty for NAMED, POOLED, STATELESS).
  def ref(system, type, name = '')
    V1::ActorRef.new(system: system, type: type, name: name)
  end

  # A payload of natural JSON from any value JSON.generate accepts (symbol keys too).
  def json(value)
    v = Google::Protobuf::Value.new
    v.from_ruby(JSON.parse(JSON.generate(value)))
    V1::Payload.new(json: v)
  end

  # A payload of a protobuf message, packed in google.protobuf.Any.
  def binary(message)
    V1::Payload.new(binary: Google::Protobuf::Any.pack(message))
  end

  # The Ruby value of a JSON payload (a reply, a state, an event); numbers are Floats.
  def from_json(payload)
    raise ArgumentError, "payload is not JSON (it is #{payload.kind.inspect})" unless payload.kind == :json

    payload.json.to_ruby(true)
  end

  # The details of a gRPC error (its grpc-status-details-bin trailer), as Any messages.
  def error_details(error)
    status = error.to_rpc_status
    status ? status.details.to_a : []
  end
end
