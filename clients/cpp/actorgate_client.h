// A thin, header-only layer over the gRPC stubs generated from proto/actorgate/v1 (under
// gen/): a channel with the client services, an ActorRef, JSON payloads as
// google.protobuf.Value, protobuf payloads packed in Any, and the details of a gRPC error.
// Everything else is the generated API (actorgate::v1::...).
#pragma once

#include <google/protobuf/any.pb.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/wire_format_lite.h>
#include <grpcpp/grpcpp.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "actorgate/v1/actor_service.grpc.pb.h"
#include "actorgate/v1/state_service.grpc.pb.h"

namespace actorgate::client {

namespace v1 = ::actorgate::v1;

/** One channel to a gateway with its client services. */
struct Client {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::ActorService::Stub> actors;
  std::unique_ptr<v1::StateService::Stub> state;
};

/**
 * Connects to a gateway at `target` ("127.0.0.1:9300"): plaintext HTTP/2, which is what
 * `actorgate serve` speaks by default, unless other credentials are given.
 */
inline Client Connect(const std::string& target,
                      std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials()) {
  auto channel = grpc::CreateChannel(target, credentials);
  return Client{channel, v1::ActorService::NewStub(channel), v1::StateService::NewStub(channel)};
}

/** Names an actor: system, type and instance name (empty for NAMED, POOLED, STATELESS). */
inline v1::ActorRef Ref(const std::string& system, const std::string& type, const std::string& name = "") {
  v1::ActorRef ref;
  ref.set_system(system);
  ref.set_type(type);
  ref.set_name(name);
  return ref;
}

/** A payload of natural JSON, given as JSON text (`{"by": 5}`); throws std::invalid_argument. */
inline v1::Payload Json(const std::string& json) {
  v1::Payload payload;
  auto status = google::protobuf::util::JsonStringToMessage(json, payload.mutable_json());
  if (!status.ok()) throw std::invalid_argument("payload is not JSON: " + status.ToString());
  return payload;
}

/** A payload of a protobuf message, packed in google.protobuf.Any. */
inline v1::Payload Binary(const google::protobuf::Message& message) {
  v1::Payload payload;
  payload.mutable_binary()->PackFrom(message);
  return payload;
}

/** The JSON text of a google.protobuf.Value. */
inline std::string ToJson(const google::protobuf::Value& value) {
  std::string out;
  auto status = google::protobuf::util::MessageToJsonString(value, &out);
  if (!status.ok()) throw std::runtime_error(status.ToString());
  return out;
}

/** The JSON text of a JSON payload (a reply, a state, an event); throws std::invalid_argument. */
inline std::string ToJson(const v1::Payload& payload) {
  if (payload.kind_case() != v1::Payload::kJson) throw std::invalid_argument("payload is not JSON");
  return ToJson(payload.json());
}

/**
 * The details of a gRPC error (its grpc-status-details-bin trailer, a google.rpc.Status)
 * as Any messages. Debian ships no C++ google.rpc protos; the Status is three fields, and
 * its details are field 3.
 */
inline std::vector<google::protobuf::Any> ErrorDetails(const grpc::Status& status) {
  std::vector<google::protobuf::Any> details;
  const std::string& bytes = status.error_details();
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int>(bytes.size()));
  while (uint32_t tag = in.ReadTag()) {
    if (tag == ((3u << 3) | 2u)) {
      std::string any;
      uint32_t size = 0;
      if (!in.ReadVarint32(&size) || !in.ReadString(&any, static_cast<int>(size))) break;
      details.emplace_back();
      details.back().ParseFromString(any);
    } else if (!google::protobuf::internal::WireFormatLite::SkipField(&in, tag)) {
      break;
    }
  }
  return details;
}

}  // namespace actorgate::client
