package com.actorgate.e2e;

import com.actorgate.client.Actorgate;
import com.actorgate.v1.ActivateRequest;
import com.actorgate.v1.ActivatedActor;
import com.actorgate.v1.ActorRef;
import com.actorgate.v1.BroadcastRequest;
import com.actorgate.v1.GetStateRequest;
import com.actorgate.v1.GetStateResponse;
import com.actorgate.v1.InvokeRequest;
import com.actorgate.v1.InvokeResponse;
import com.actorgate.v1.SnapshotRequest;
import com.actorgate.v1.SubscribeRequest;
import com.actorgate.v1.SubscribeResponse;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The client cases of the generated-client tests (test/clients/polyglot): each case calls
 * the gateway through the generated stubs and prints what it saw as one JSON line; the test
 * asserts the lines. See test/clients/polyglot/client-cases.ts for the contract.
 */
public final class ClientCases {
  private static final String SYSTEM = System.getenv("ACTORGATE_SYSTEM");
  private static final String RUN = System.getenv("ACTORGATE_RUN");
  private static final String STRING_VALUE = "type.googleapis.com/google.protobuf.StringValue";

  private final Actorgate client;

  private ClientCases(Actorgate client) {
    this.client = client;
  }

  private static void emit(String step, JsonObject fields) {
    fields.addProperty("step", step);
    System.out.println(fields);
    System.out.flush();
  }

  private static JsonObject fields() {
    return new JsonObject();
  }

  private static JsonElement json(String text) {
    return JsonParser.parseString(text);
  }

  /** A gRPC error as the contract reports it: code number, message, details. */
  private static JsonObject failure(StatusRuntimeException e) throws Exception {
    Status status = e.getStatus();
    JsonArray details = new JsonArray();
    for (Any d : Actorgate.errorDetails(e)) {
      JsonObject detail = new JsonObject();
      detail.addProperty("type_url", d.getTypeUrl());
      if (d.is(StringValue.class)) detail.addProperty("value", d.unpack(StringValue.class).getValue());
      details.add(detail);
    }
    JsonObject error = new JsonObject();
    error.addProperty("code", status.getCode().value());
    error.addProperty("message", status.getDescription());
    error.add("details", details);
    JsonObject out = new JsonObject();
    out.add("error", error);
    return out;
  }

  private void invoke(String step, ActorRef actor, String action, String input, UnaryOperator<InvokeRequest.Builder> edit, long deadlineMs) throws Exception {
    InvokeRequest.Builder req = InvokeRequest.newBuilder().setActor(actor).setAction(action);
    if (input != null) req.setPayload(Actorgate.json(input));
    try {
      InvokeResponse res = (deadlineMs > 0 ? client.actors.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS) : client.actors).invoke(edit.apply(req).build());
      JsonObject out = fields();
      out.add("reply", json(Actorgate.toJson(res.getReply())));
      out.addProperty("revision", res.getRevision());
      out.addProperty("invocation_id", res.getInvocationId());
      emit(step, out);
    } catch (StatusRuntimeException e) {
      emit(step, failure(e));
    }
  }

  private void invoke(String step, ActorRef actor, String action, String input) throws Exception {
    invoke(step, actor, action, input, UnaryOperator.identity(), 0);
  }

  private void run() throws Exception {
    ActorRef counter = Actorgate.ref(SYSTEM, "Counter", RUN + "-a");
    ActorRef probe = Actorgate.ref(SYSTEM, "Probe", "");

    // Subscribe first (in a context the program cancels at the end); the test says when the
    // gateway has the stream open.
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    Context.CancellableContext subscription = Context.current().withCancellation();
    subscription.run(() -> client.actorsAsync.subscribe(SubscribeRequest.newBuilder().setSystem(SYSTEM).setChannel("resets").build(),
        new StreamObserver<SubscribeResponse>() {
          @Override public void onNext(SubscribeResponse ev) { events.add(ev); }
          @Override public void onError(Throwable t) { events.add(t); }
          @Override public void onCompleted() { events.add(new IllegalStateException("the stream ended")); }
        }));
    emit("subscribing", fields());
    new BufferedReader(new InputStreamReader(System.in)).readLine();

    try {
      ActivatedActor a = client.actors.activate(ActivateRequest.newBuilder().addActors(counter).build()).getActors(0);
      JsonObject out = fields();
      out.addProperty("name", a.getActor().getName());
      out.addProperty("created", a.getCreated());
      out.addProperty("revision", a.getRevision());
      emit("activate", out);
    } catch (StatusRuntimeException e) {
      emit("activate", failure(e));
    }

    client.actors.invoke(InvokeRequest.newBuilder().setActor(counter).setAction("add").setPayload(Actorgate.json("{\"by\": 5}")).build());
    invoke("invoke_json", counter, "add", "{\"by\": 2}");

    try {
      InvokeResponse res = client.actors.invoke(InvokeRequest.newBuilder().setActor(probe).setAction("upper")
          .setPayload(Actorgate.binary(StringValue.of("hello " + RUN))).build());
      Any reply = res.getReply().getBinary();
      JsonObject out = fields();
      out.addProperty("type_url", reply.getTypeUrl());
      out.addProperty("value", reply.unpack(StringValue.class).getValue());
      emit("invoke_binary", out);
    } catch (StatusRuntimeException e) {
      emit("invoke_binary", failure(e));
    }

    try {
      JsonObject out = fields();
      out.addProperty("revision", client.state.snapshot(SnapshotRequest.newBuilder().setActor(counter).build()).getRevision());
      emit("snapshot", out);
    } catch (StatusRuntimeException e) {
      emit("snapshot", failure(e));
    }

    try {
      GetStateResponse res = client.state.getState(GetStateRequest.newBuilder().setActor(counter).build());
      JsonObject out = fields();
      out.add("state", json(Actorgate.toJson(res.getState())));
      out.add("json", json(Actorgate.toJson(res.getJson())));
      out.addProperty("revision", res.getRevision());
      emit("get_state", out);
    } catch (StatusRuntimeException e) {
      emit("get_state", failure(e));
    }

    invoke("unknown_action", counter, "nosuch", null);
    invoke("invalid_argument", counter, "add", "{\"by\": \"x\"}");
    invoke("error_details", probe, "refuse", "{\"reason\": \"" + RUN + "\"}");
    invoke("deadline", probe, "wait", "{\"gate\": \"deadline-" + RUN + "\"}", UnaryOperator.identity(), 300);
    invoke("metadata", probe, "echo", "{\"run\": \"" + RUN + "\"}", r -> r.putAllMetadata(Map.of("x-run", RUN, "x-lang", "java")), 0);
    UnaryOperator<InvokeRequest.Builder> once = r -> r.setIdempotencyKey("key-" + RUN);
    invoke("idempotent_first", counter, "add", "{\"by\": 10}", once, 0);
    invoke("idempotent_again", counter, "add", "{\"by\": 10}", once, 0);
    invoke("after_idempotent", counter, "get", null);

    try {
      JsonObject out = fields();
      out.addProperty("delivered", client.actors.broadcast(BroadcastRequest.newBuilder().setSystem(SYSTEM).setChannel("resets")
          .setPayload(Actorgate.json("{\"reason\": \"" + RUN + "\"}")).build()).getDelivered());
      emit("broadcast", out);
    } catch (StatusRuntimeException e) {
      emit("broadcast", failure(e));
    }
    Object next = events.take();
    if (next instanceof SubscribeResponse ev) {
      JsonObject out = fields();
      out.addProperty("channel", ev.getChannel());
      out.add("payload", json(Actorgate.toJson(ev.getPayload())));
      emit("subscribe", out);
    } else {
      emit("subscribe", failure(Status.fromThrowable((Throwable) next).asRuntimeException()));
    }
    subscription.cancel(null);
    emit("done", fields());
  }

  public static void main(String[] args) throws Exception {
    try (Actorgate client = Actorgate.connect(System.getenv("ACTORGATE_TARGET"))) {
      new ClientCases(client).run();
    }
  }
}
