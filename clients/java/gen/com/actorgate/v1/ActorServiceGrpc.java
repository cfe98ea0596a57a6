package com.actorgate.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * ActorService is what clients call: activate, invoke, broadcast and subscribe.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: actorgate/v1/actor_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class ActorServiceGrpc {

  private ActorServiceGrpc() {}

  public static final String SERVICE_NAME = "actorgate.v1.ActorService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.ActivateRequest,
      com.actorgate.v1.ActivateResponse> getActivateMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Activate",
      requestType = com.actorgate.v1.ActivateRequest.class,
      responseType = com.actorgate.v1.ActivateResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.ActivateRequest,
      com.actorgate.v1.ActivateResponse> getActivateMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.ActivateRequest, com.actorgate.v1.ActivateResponse> getActivateMethod;
    if ((getActivateMethod = ActorServiceGrpc.getActivateMethod) == null) {
      synchronized (ActorServiceGrpc.class) {
        if ((getActivateMethod = ActorServiceGrpc.getActivateMethod) == null) {
          ActorServiceGrpc.getActivateMethod = getActivateMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.ActivateRequest, com.actorgate.v1.ActivateResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Activate"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.ActivateRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.ActivateResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ActorServiceMethodDescriptorSupplier("Activate"))
              .build();
        }
      }
    }
    return getActivateMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.InvokeRequest,
      com.actorgate.v1.InvokeResponse> getInvokeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Invoke",
      requestType = com.actorgate.v1.InvokeRequest.class,
      responseType = com.actorgate.v1.InvokeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.InvokeRequest,
      com.actorgate.v1.InvokeResponse> getInvokeMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.InvokeRequest, com.actorgate.v1.InvokeResponse> getInvokeMethod;
    if ((getInvokeMethod = ActorServiceGrpc.getInvokeMethod) == null) {
      synchronized (ActorServiceGrpc.class) {
        if ((getInvokeMethod = ActorServiceGrpc.getInvokeMethod) == null) {
          ActorServiceGrpc.getInvokeMethod = getInvokeMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.InvokeRequest, com.actorgate.v1.InvokeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Invoke"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.InvokeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.InvokeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ActorServiceMethodDescriptorSupplier("Invoke"))
              .build();
        }
      }
    }
    return getInvokeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.BroadcastRequest,
      com.actorgate.v1.BroadcastResponse> getBroadcastMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Broadcast",
      requestType = com.actorgate.v1.BroadcastRequest.class,
      responseType = com.actorgate.v1.BroadcastResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.BroadcastRequest,
      com.actorgate.v1.BroadcastResponse> getBroadcastMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.BroadcastRequest, com.actorgate.v1.BroadcastResponse> getBroadcastMethod;
    if ((getBroadcastMethod = ActorServiceGrpc.getBroadcastMethod) == null) {
      synchronized (ActorServiceGrpc.class) {
        if ((getBroadcastMethod = ActorServiceGrpc.getBroadcastMethod) == null) {
          ActorServiceGrpc.getBroadcastMethod = getBroadcastMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.BroadcastRequest, com.actorgate.v1.BroadcastResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Broadcast"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.BroadcastRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.BroadcastResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ActorServiceMethodDescriptorSupplier("Broadcast"))
              .build();
        }
      }
    }
    return getBroadcastMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.SubscribeRequest,
      com.actorgate.v1.SubscribeResponse> getSubscribeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Subscribe",
      requestType = com.actorgate.v1.SubscribeRequest.class,
      responseType = com.actorgate.v1.SubscribeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.SubscribeRequest,
      com.actorgate.v1.SubscribeResponse> getSubscribeMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.SubscribeRequest, com.actorgate.v1.SubscribeResponse> getSubscribeMethod;
    if ((getSubscribeMethod = ActorServiceGrpc.getSubscribeMethod) == null) {
      synchronized (ActorServiceGrpc.class) {
        if ((getSubscribeMethod = ActorServiceGrpc.getSubscribeMethod) == null) {
          ActorServiceGrpc.getSubscribeMethod = getSubscribeMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.SubscribeRequest, com.actorgate.v1.SubscribeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Subscribe"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.SubscribeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.SubscribeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ActorServiceMethodDescriptorSupplier("Subscribe"))
              .build();
        }
      }
    }
    return getSubscribeMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static ActorServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ActorServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ActorServiceStub>() {
        @java.lang.Override
        public ActorServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ActorServiceStub(channel, callOptions);
        }
      };
    return ActorServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static ActorServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ActorServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ActorServiceBlockingStub>() {
        @java.lang.Override
        public ActorServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ActorServiceBlockingStub(channel, callOptions);
        }
      };
    return ActorServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static ActorServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ActorServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ActorServiceFutureStub>() {
        @java.lang.Override
        public ActorServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ActorServiceFutureStub(channel, callOptions);
        }
      };
    return ActorServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * ActorService is what clients call: activate, invoke, broadcast and subscribe.
   * </pre>
   */
  public static abstract class ActorServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Activate brings actors up: named actors are loaded, unnamed instances are created
     * (optionally from a revision of another actor, Spawn's spawn). Activating an actor
     * that is already active is a no-op that reports its revision.
     * </pre>
     */
    public void activate(com.actorgate.v1.ActivateRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.ActivateResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getActivateMethod(), responseObserver);
    }

    /**
     * <pre>
     * Invoke calls an action. Synchronous by default; with `async` the invocation is
     * durably enqueued and its id returned at once.
     * </pre>
     */
    public void invoke(com.actorgate.v1.InvokeRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.InvokeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getInvokeMethod(), responseObserver);
    }

    /**
     * <pre>
     * Broadcast sends a payload to every actor subscribed to a channel.
     * </pre>
     */
    public void broadcast(com.actorgate.v1.BroadcastRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.BroadcastResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getBroadcastMethod(), responseObserver);
    }

    /**
     * <pre>
     * Subscribe streams the broadcasts on a channel to an external consumer.
     * </pre>
     */
    public void subscribe(com.actorgate.v1.SubscribeRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.SubscribeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSubscribeMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getActivateMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.ActivateRequest,
                com.actorgate.v1.ActivateResponse>(
                  this, METHODID_ACTIVATE)))
          .addMethod(
            getInvokeMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.InvokeRequest,
                com.actorgate.v1.InvokeResponse>(
                  this, METHODID_INVOKE)))
          .addMethod(
            getBroadcastMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.BroadcastRequest,
                com.actorgate.v1.BroadcastResponse>(
                  this, METHODID_BROADCAST)))
          .addMethod(
            getSubscribeMethod(),
            io.grpc.stub.ServerCalls.asyncServerStreamingCall(
              new MethodHandlers<
                com.actorgate.v1.SubscribeRequest,
                com.actorgate.v1.SubscribeResponse>(
                  this, METHODID_SUBSCRIBE)))
          .build();
    }
  }

  /**
   * <pre>
   * ActorService is what clients call: activate, invoke, broadcast and subscribe.
   * </pre>
   */
  public static final class ActorServiceStub extends io.grpc.stub.AbstractAsyncStub<ActorServiceStub> {
    private ActorServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ActorServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ActorServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Activate brings actors up: named actors are loaded, unnamed instances are created
     * (optionally from a revision of another actor, Spawn's spawn). Activating an actor
     * that is already active is a no-op that reports its revision.
     * </pre>
     */
    public void activate(com.actorgate.v1.ActivateRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.ActivateResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getActivateMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Invoke calls an action. Synchronous by default; with `async` the invocation is
     * durably enqueued and its id returned at once.
     * </pre>
     */
    public void invoke(com.actorgate.v1.InvokeRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.InvokeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getInvokeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Broadcast sends a payload to every actor subscribed to a channel.
     * </pre>
     */
    public void broadcast(com.actorgate.v1.BroadcastRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.BroadcastResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getBroadcastMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Subscribe streams the broadcasts on a channel to an external consumer.
     * </pre>
     */
    public void subscribe(com.actorgate.v1.SubscribeRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.SubscribeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getSubscribeMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * ActorService is what clients call: activate, invoke, broadcast and subscribe.
   * </pre>
   */
  public static final class ActorServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<ActorServiceBlockingStub> {
    private ActorServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ActorServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ActorServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Activate brings actors up: named actors are loaded, unnamed instances are created
     * (optionally from a revision of another actor, Spawn's spawn). Activating an actor
     * that is already active is a no-op that reports its revision.
     * </pre>
     */
    public com.actorgate.v1.ActivateResponse activate(com.actorgate.v1.ActivateRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getActivateMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Invoke calls an action. Synchronous by default; with `async` the invocation is
     * durably enqueued and its id returned at once.
     * </pre>
     */
    public com.actorgate.v1.InvokeResponse invoke(com.actorgate.v1.InvokeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getInvokeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Broadcast sends a payload to every actor subscribed to a channel.
     * </pre>
     */
    public com.actorgate.v1.BroadcastResponse broadcast(com.actorgate.v1.BroadcastRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getBroadcastMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Subscribe streams the broadcasts on a channel to an external consumer.
     * </pre>
     */
    public java.util.Iterator<com.actorgate.v1.SubscribeResponse> subscribe(
        com.actorgate.v1.SubscribeRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getSubscribeMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * ActorService is what clients call: activate, invoke, broadcast and subscribe.
   * </pre>
   */
  public static final class ActorServiceFutureStub extends io.grpc.stub.AbstractFutureStub<ActorServiceFutureStub> {
    private ActorServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ActorServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ActorServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Activate brings actors up: named actors are loaded, unnamed instances are created
     * (optionally from a revision of another actor, Spawn's spawn). Activating an actor
     * that is already active is a no-op that reports its revision.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.ActivateResponse> activate(
        com.actorgate.v1.ActivateRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getActivateMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Invoke calls an action. Synchronous by default; with `async` the invocation is
     * durably enqueued and its id returned at once.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.InvokeResponse> invoke(
        com.actorgate.v1.InvokeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getInvokeMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Broadcast sends a payload to every actor subscribed to a channel.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.BroadcastResponse> broadcast(
        com.actorgate.v1.BroadcastRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getBroadcastMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_ACTIVATE = 0;
  private static final int METHODID_INVOKE = 1;
  private static final int METHODID_BROADCAST = 2;
  private static final int METHODID_SUBSCRIBE = 3;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final ActorServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(ActorServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_ACTIVATE:
          serviceImpl.activate((com.actorgate.v1.ActivateRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.ActivateResponse>) responseObserver);
          break;
        case METHODID_INVOKE:
          serviceImpl.invoke((com.actorgate.v1.InvokeRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.InvokeResponse>) responseObserver);
          break;
        case METHODID_BROADCAST:
          serviceImpl.broadcast((com.actorgate.v1.BroadcastRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.BroadcastResponse>) responseObserver);
          break;
        case METHODID_SUBSCRIBE:
          serviceImpl.subscribe((com.actorgate.v1.SubscribeRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.SubscribeResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        default:
          throw new AssertionError();
      }
    }
  }

  private static abstract class ActorServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    ActorServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return com.actorgate.v1.ActorServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("ActorService");
    }
  }

  private static final class ActorServiceFileDescriptorSupplier
      extends ActorServiceBaseDescriptorSupplier {
    ActorServiceFileDescriptorSupplier() {}
  }

  private static final class ActorServiceMethodDescriptorSupplier
      extends ActorServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    ActorServiceMethodDescriptorSupplier(String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (ActorServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new ActorServiceFileDescriptorSupplier())
              .addMethod(getActivateMethod())
              .addMethod(getInvokeMethod())
              .addMethod(getBroadcastMethod())
              .addMethod(getSubscribeMethod())
              .build();
        }
      }
    }
    return result;
  }
}
