package com.actorgate.examples;

import com.actorgate.client.Actorgate;
import com.actorgate.v1.ActorRef;
import com.actorgate.v1.BroadcastRequest;
import com.actorgate.v1.GetStateRequest;
import com.actorgate.v1.GetStateResponse;
import com.actorgate.v1.InvokeRequest;
import com.actorgate.v1.InvokeResponse;
import com.actorgate.v1.SubscribeRequest;
import com.actorgate.v1.SubscribeResponse;
import com.google.gson.JsonParser;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls the example counter (npm run example:counter-host) from Java: invokes it, reads its
 * state and prints one broadcast seen through Subscribe.
 *
 * <pre>ACTORGATE_TARGET=127.0.0.1:9300 java -cp ... com.actorgate.examples.CounterExample</pre>
 */
public final class CounterExample {
  public static void main(String[] args) throws Exception {
    String target = System.getenv().getOrDefault("ACTORGATE_TARGET", "127.0.0.1:9300");
    try (Actorgate c = Actorgate.connect(target)) {
      ActorRef alice = Actorgate.ref("demo", "Counter", "alice");
      InvokeResponse res = c.actors.withDeadlineAfter(10, TimeUnit.SECONDS)
          .invoke(InvokeRequest.newBuilder().setActor(alice).setAction("add").setPayload(Actorgate.json("{\"by\": 5}")).build());
      double value = JsonParser.parseString(Actorgate.toJson(res.getReply())).getAsJsonObject().get("value").getAsDouble();
      System.out.printf("add   demo/Counter/alice -> %s (revision %d)%n", (long) value, res.getRevision());

      GetStateResponse state = c.state.withDeadlineAfter(10, TimeUnit.SECONDS).getState(GetStateRequest.newBuilder().setActor(alice).build());
      System.out.printf("state demo/Counter/alice -> %s (revision %d)%n", Actorgate.toJson(state.getState()), state.getRevision());

      Iterator<SubscribeResponse> events = c.actors.withDeadlineAfter(10, TimeUnit.SECONDS)
          .subscribe(SubscribeRequest.newBuilder().setSystem("demo").setChannel("resets").build());
      CompletableFuture<SubscribeResponse> first = CompletableFuture.supplyAsync(events::next);
      // The gateway answers a Subscribe with its first event, so a client cannot tell when
      // the stream is open: broadcast until the event arrives.
      while (true) {
        c.actors.broadcast(BroadcastRequest.newBuilder().setSystem("demo").setChannel("resets")
            .setPayload(Actorgate.json("{\"reason\": \"example\"}")).build());
        try {
          SubscribeResponse ev = first.get(200, TimeUnit.MILLISECONDS);
          System.out.printf("event demo/%s -> %s%n", ev.getChannel(), Actorgate.toJson(ev.getPayload()));
          return;
        } catch (TimeoutException stillWaiting) {
          // broadcast again
        }
      }
    }
  }
}
