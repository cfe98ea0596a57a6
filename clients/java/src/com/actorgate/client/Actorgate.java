package com.actorgate.client;

import com.actorgate.v1.ActorRef;
import com.actorgate.v1.ActorServiceGrpc;
import com.actorgate.v1.AdminServiceGrpc;
import com.actorgate.v1.Payload;
import com.actorgate.v1.StateServiceGrpc;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A thin layer over the generated gRPC stubs ({@code com.actorgate.v1}): a channel with
 * the client services, and helpers for what the raw stubs make awkward, an ActorRef, JSON
 * payloads as google.protobuf.Value, and the details of a gRPC error. Everything else is
 * the generated API.
 */
public final class Actorgate implements AutoCloseable {
  public final ManagedChannel channel;
  public final ActorServiceGrpc.ActorServiceBlockingStub actors;
  /**
   * The async ActorService stub, for Subscribe: a blocking server stream only starts its
   * call once its iterator is read, so it cannot be opened first and read later.
   */
  public final ActorServiceGrpc.ActorServiceStub actorsAsync;
  public final StateServiceGrpc.StateServiceBlockingStub state;
  public final AdminServiceGrpc.AdminServiceBlockingStub admin;

  private Actorgate(ManagedChannel channel) {
    this.channel = channel;
    this.actors = ActorServiceGrpc.newBlockingStub(channel);
    this.actorsAsync = ActorServiceGrpc.newStub(channel);
    this.state = StateServiceGrpc.newBlockingStub(channel);
    this.admin = AdminServiceGrpc.newBlockingStub(channel);
  }

  /**
   * Connects to a gateway at {@code target} ("127.0.0.1:9300") over plaintext HTTP/2, which
   * is what {@code actorgate serve} speaks by default. For TLS, build the channel yourself and
   * use {@link #of(ManagedChannel)}.
   */
  public static Actorgate connect(String target) {
    return of(ManagedChannelBuilder.forTarget(target).usePlaintext().build());
  }

  /** The client services over a channel you built. */
  public static Actorgate of(ManagedChannel channel) {
    return new Actorgate(channel);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Names an actor: system, type and instance name (empty for NAMED, POOLED, STATELESS). */
  public static ActorRef ref(String system, String type, String name) {
    return ActorRef.newBuilder().setSystem(system).setType(type).setName(name).build();
  }

  /** A payload of natural JSON, given as JSON text ({@code "{\"by\": 5}"}). */
  public static Payload json(String json) {
    Value.Builder value = Value.newBuilder();
    try {
      JsonFormat.parser().merge(json, value);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("payload is not JSON: " + e.getMessage(), e);
    }
    return Payload.newBuilder().setJson(value).build();
  }

  /** A payload of a protobuf message, packed in google.protobuf.Any. */
  public static Payload binary(Message message) {
    return Payload.newBuilder().setBinary(Any.pack(message)).build();
  }

  /** The JSON text of a JSON payload (a reply, a state, an event). */
  public static String toJson(Payload payload) {
    if (payload.getKindCase() != Payload.KindCase.JSON) {
      throw new IllegalArgumentException("payload is not JSON (it is " + payload.getKindCase() + ")");
    }
    return toJson(payload.getJson());
  }

  /** The JSON text of a google.protobuf.Value. */
  public static String toJson(Value value) {
    try {
      return JsonFormat.printer().omittingInsignificantWhitespace().print(value);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The details of a gRPC error (its grpc-status-details-bin trailer), as Any messages. */
  public static List<Any> errorDetails(Throwable error) {
    com.google.rpc.Status status = io.grpc.protobuf.StatusProto.fromThrowable(error);
    return status == null ? List.of() : status.getDetailsList();
  }
}
