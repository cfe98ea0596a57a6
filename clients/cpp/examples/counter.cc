// Calls the example counter (npm run example:counter-host) from C++: invokes it, reads its
// state and prints one broadcast seen through Subscribe.
//
//   ACTORGATE_TARGET=127.0.0.1:9300 ./counter
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <string>

#include "actorgate_client.h"

namespace ag = actorgate::client;
namespace v1 = actorgate::v1;

namespace {
std::chrono::system_clock::time_point In10s() { return std::chrono::system_clock::now() + std::chrono::seconds(10); }

int Fail(const std::string& what, const grpc::Status& status) {
  std::cerr << what << ": " << status.error_code() << " " << status.error_message() << std::endl;
  return 1;
}
}  // namespace

int main() {
  const char* target = std::getenv("ACTORGATE_TARGET");
  ag::Client c = ag::Connect(target ? target : "127.0.0.1:9300");
  const v1::ActorRef alice = ag::Ref("demo", "Counter", "alice");

  v1::InvokeRequest add;
  *add.mutable_actor() = alice;
  add.set_action("add");
  *add.mutable_payload() = ag::Json(R"({"by": 5})");
  v1::InvokeResponse res;
  grpc::ClientContext addCtx;
  addCtx.set_deadline(In10s());
  if (auto s = c.actors->Invoke(&addCtx, add, &res); !s.ok()) return Fail("add", s);
  double value = res.reply().json().struct_value().fields().at("value").number_value();
  std::printf("add   demo/Counter/alice -> %g (revision %lld)\n", value, static_cast<long long>(res.revision()));

  v1::GetStateRequest get;
  *get.mutable_actor() = alice;
  v1::GetStateResponse state;
  grpc::ClientContext getCtx;
  getCtx.set_deadline(In10s());
  if (auto s = c.state->GetState(&getCtx, get, &state); !s.ok()) return Fail("get state", s);
  std::printf("state demo/Counter/alice -> %s (revision %lld)\n", ag::ToJson(state.state()).c_str(), static_cast<long long>(state.revision()));

  grpc::ClientContext subCtx;
  subCtx.set_deadline(In10s());
  v1::SubscribeRequest sub;
  sub.set_system("demo");
  sub.set_channel("resets");
  auto events = c.actors->Subscribe(&subCtx, sub);
  auto first = std::async(std::launch::async, [&] {
    v1::SubscribeResponse ev;
    bool ok = events->Read(&ev);
    return std::make_pair(ok, ev);
  });
  // The gateway answers a Subscribe with its first event, so a client cannot tell when the
  // stream is open: broadcast until the event arrives.
  do {
    v1::BroadcastRequest b;
    b.set_system("demo");
    b.set_channel("resets");
    *b.mutable_payload() = ag::Json(R"({"reason": "example"})");
    v1::BroadcastResponse delivered;
    grpc::ClientContext bCtx;
    bCtx.set_deadline(In10s());
    if (auto s = c.actors->Broadcast(&bCtx, b, &delivered); !s.ok()) return Fail("broadcast", s);
  } while (first.wait_for(std::chrono::milliseconds(200)) != std::future_status::ready);
  auto [ok, ev] = first.get();
  if (!ok) return Fail("subscribe", events->Finish());
  std::printf("event demo/%s -> %s\n", ev.channel().c_str(), ag::ToJson(ev.payload()).c_str());
  subCtx.TryCancel();
  return 0;
}
