// The client cases of the generated-client tests (test/clients/polyglot), for C++ gRPC:
// each case calls the gateway through the generated stubs and prints what it saw as one
// JSON line; the test asserts the lines. See test/clients/polyglot/client-cases.ts.
#include <google/protobuf/wrappers.pb.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>

#include "actorgate_client.h"

namespace ag = actorgate::client;
namespace v1 = actorgate::v1;
using google::protobuf::Struct;
using google::protobuf::Value;

namespace {

const std::string kStringValue = "type.googleapis.com/google.protobuf.StringValue";

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  if (!v) throw std::runtime_error(std::string(name) + " is not set");
  return v;
}

/** A JSON line is a google.protobuf.Struct, printed by protobuf's JSON printer. */
void Emit(const std::string& step, Struct fields = {}) {
  (*fields.mutable_fields())["step"].set_string_value(step);
  std::string line;
  google::protobuf::util::MessageToJsonString(fields, &line);
  std::cout << line << std::endl;
}

Value Number(double n) {
  Value v;
  v.set_number_value(n);
  return v;
}

Value Text(const std::string& s) {
  Value v;
  v.set_string_value(s);
  return v;
}

/** A gRPC error as the contract reports it: code number, message, details. */
Struct Failure(const grpc::Status& status) {
  Struct error;
  auto& f = *error.mutable_fields();
  f["code"] = Number(status.error_code());
  f["message"] = Text(status.error_message());
  auto* details = f["details"].mutable_list_value();
  for (const auto& d : ag::ErrorDetails(status)) {
    Struct detail;
    (*detail.mutable_fields())["type_url"] = Text(d.type_url());
    google::protobuf::StringValue s;
    if (d.type_url() == kStringValue && d.UnpackTo(&s)) (*detail.mutable_fields())["value"] = Text(s.value());
    *details->add_values()->mutable_struct_value() = detail;
  }
  Struct out;
  *(*out.mutable_fields())["error"].mutable_struct_value() = error;
  return out;
}

}  // namespace

int main() {
  const std::string system = Env("ACTORGATE_SYSTEM");
  const std::string run = Env("ACTORGATE_RUN");
  ag::Client c = ag::Connect(Env("ACTORGATE_TARGET"));
  const v1::ActorRef counter = ag::Ref(system, "Counter", run + "-a");
  const v1::ActorRef probe = ag::Ref(system, "Probe");

  auto invoke = [&](const std::string& step, const v1::ActorRef& actor, const std::string& action, const std::string& input,
                    const std::function<void(v1::InvokeRequest&, grpc::ClientContext&)>& edit = {}) {
    v1::InvokeRequest req;
    *req.mutable_actor() = actor;
    req.set_action(action);
    if (!input.empty()) *req.mutable_payload() = ag::Json(input);
    grpc::ClientContext ctx;
    if (edit) edit(req, ctx);
    v1::InvokeResponse res;
    grpc::Status status = c.actors->Invoke(&ctx, req, &res);
    if (step.empty()) return;
    if (!status.ok()) return Emit(step, Failure(status));
    Struct out;
    auto& f = *out.mutable_fields();
    f["reply"] = res.reply().json();
    f["revision"] = Number(static_cast<double>(res.revision()));
    f["invocation_id"] = Text(res.invocation_id());
    Emit(step, out);
  };

  // Subscribe first (the reader sends the request at once); the test says when the gateway
  // has the stream open.
  grpc::ClientContext subscription;
  v1::SubscribeRequest subscribe;
  subscribe.set_system(system);
  subscribe.set_channel("resets");
  auto events = c.actors->Subscribe(&subscription, subscribe);
  Emit("subscribing");
  std::string line;
  std::getline(std::cin, line);

  {
    v1::ActivateRequest req;
    *req.add_actors() = counter;
    v1::ActivateResponse res;
    grpc::ClientContext ctx;
    grpc::Status status = c.actors->Activate(&ctx, req, &res);
    if (!status.ok()) {
      Emit("activate", Failure(status));
    } else {
      Struct out;
      auto& f = *out.mutable_fields();
      f["name"] = Text(res.actors(0).actor().name());
      f["created"].set_bool_value(res.actors(0).created());
      f["revision"] = Number(static_cast<double>(res.actors(0).revision()));
      Emit("activate", out);
    }
  }

  invoke("", counter, "add", R"({"by": 5})");
  invoke("invoke_json", counter, "add", R"({"by": 2})");

  {
    v1::InvokeRequest req;
    *req.mutable_actor() = probe;
    req.set_action("upper");
    google::protobuf::StringValue hello;
    hello.set_value("hello " + run);
    *req.mutable_payload() = ag::Binary(hello);
    v1::InvokeResponse res;
    grpc::ClientContext ctx;
    grpc::Status status = c.actors->Invoke(&ctx, req, &res);
    if (!status.ok()) {
      Emit("invoke_binary", Failure(status));
    } else {
      google::protobuf::StringValue reply;
      Struct out;
      (*out.mutable_fields())["type_url"] = Text(res.reply().binary().type_url());
      if (res.reply().binary().UnpackTo(&reply)) (*out.mutable_fields())["value"] = Text(reply.value());
      Emit("invoke_binary", out);
    }
  }

  {
    v1::SnapshotRequest req;
    *req.mutable_actor() = counter;
    v1::SnapshotResponse res;
    grpc::ClientContext ctx;
    grpc::Status status = c.state->Snapshot(&ctx, req, &res);
    Struct out;
    (*out.mutable_fields())["revision"] = Number(static_cast<double>(res.revision()));
    Emit("snapshot", status.ok() ? out : Failure(status));
  }

  {
    v1::GetStateRequest req;
    *req.mutable_actor() = counter;
    v1::GetStateResponse res;
    grpc::ClientContext ctx;
    grpc::Status status = c.state->GetState(&ctx, req, &res);
    Struct out;
    auto& f = *out.mutable_fields();
    f["state"] = res.state().json();
    f["json"] = res.json();
    f["revision"] = Number(static_cast<double>(res.revision()));
    Emit("get_state", status.ok() ? out : Failure(status));
  }

  invoke("unknown_action", counter, "nosuch", "");
  invoke("invalid_argument", counter, "add", R"({"by": "x"})");
  invoke("error_details", probe, "refuse", R"({"reason": ")" + run + R"("})");
  invoke("deadline", probe, "wait", R"({"gate": "deadline-)" + run + R"("})", [](v1::InvokeRequest&, grpc::ClientContext& ctx) {
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(300));
  });
  invoke("metadata", probe, "echo", R"({"run": ")" + run + R"("})", [&](v1::InvokeRequest& req, grpc::ClientContext&) {
    (*req.mutable_metadata())["x-run"] = run;
    (*req.mutable_metadata())["x-lang"] = "cpp";
  });
  auto once = [&](v1::InvokeRequest& req, grpc::ClientContext&) { req.set_idempotency_key("key-" + run); };
  invoke("idempotent_first", counter, "add", R"({"by": 10})", once);
  invoke("idempotent_again", counter, "add", R"({"by": 10})", once);
  invoke("after_idempotent", counter, "get", "");

  {
    v1::BroadcastRequest req;
    req.set_system(system);
    req.set_channel("resets");
    *req.mutable_payload() = ag::Json(R"({"reason": ")" + run + R"("})");
    v1::BroadcastResponse res;
    grpc::ClientContext ctx;
    grpc::Status status = c.actors->Broadcast(&ctx, req, &res);
    Struct out;
    (*out.mutable_fields())["delivered"] = Number(res.delivered());
    Emit("broadcast", status.ok() ? out : Failure(status));
  }

  v1::SubscribeResponse ev;
  if (events->Read(&ev)) {
    Struct out;
    (*out.mutable_fields())["channel"] = Text(ev.channel());
    (*out.mutable_fields())["payload"] = ev.payload().json();
    Emit("subscribe", out);
  } else {
    Emit("subscribe", Failure(events->Finish()));
  }
  subscription.TryCancel();
  Emit("done");
  return 0;
}
