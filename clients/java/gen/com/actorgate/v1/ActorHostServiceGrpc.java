package com.actorgate.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * ActorHostService is implemented by hosts; the gateway calls it for every turn of
 * every actor the host runs. A host error is a Connect error (code, message, details):
 * the gateway passes it to the caller and leaves the actor's state unchanged.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: actorgate/v1/actor_host_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class ActorHostServiceGrpc {

  private ActorHostServiceGrpc() {}

  public static final String SERVICE_NAME = "actorgate.v1.ActorHostService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.HandleRequest,
      com.actorgate.v1.HandleResponse> getHandleMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Handle",
      requestType = com.actorgate.v1.HandleRequest.class,
      responseType = com.actorgate.v1.HandleResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.HandleRequest,
      com.actorgate.v1.HandleResponse> getHandleMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.HandleRequest, com.actorgate.v1.HandleResponse> getHandleMethod;
    if ((getHandleMethod = ActorHostServiceGrpc.getHandleMethod) == null) {
      synchronized (ActorHostServiceGrpc.class) {
        if ((getHandleMethod = ActorHostServiceGrpc.getHandleMethod) == null) {
          ActorHostServiceGrpc.getHandleMethod = getHandleMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.HandleRequest, com.actorgate.v1.HandleResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Handle"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.HandleRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.HandleResponse.getDefaultInstance()))
              .setSchemaDescriptor(new ActorHostServiceMethodDescriptorSupplier("Handle"))
              .build();
        }
      }
    }
    return getHandleMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static ActorHostServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ActorHostServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ActorHostServiceStub>() {
        @java.lang.Override
        public ActorHostServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ActorHostServiceStub(channel, callOptions);
        }
      };
    return ActorHostServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static ActorHostServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ActorHostServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ActorHostServiceBlockingStub>() {
        @java.lang.Override
        public ActorHostServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ActorHostServiceBlockingStub(channel, callOptions);
        }
      };
    return ActorHostServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static ActorHostServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ActorHostServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ActorHostServiceFutureStub>() {
        @java.lang.Override
        public ActorHostServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ActorHostServiceFutureStub(channel, callOptions);
        }
      };
    return ActorHostServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * ActorHostService is implemented by hosts; the gateway calls it for every turn of
   * every actor the host runs. A host error is a Connect error (code, message, details):
   * the gateway passes it to the caller and leaves the actor's state unchanged.
   * </pre>
   */
  public static abstract class ActorHostServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Handle runs one action of one actor and returns its result.
     * </pre>
     */
    public void handle(com.actorgate.v1.HandleRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.HandleResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getHandleMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getHandleMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.HandleRequest,
                com.actorgate.v1.HandleResponse>(
                  this, METHODID_HANDLE)))
          .build();
    }
  }

  /**
   * <pre>
   * ActorHostService is implemented by hosts; the gateway calls it for every turn of
   * every actor the host runs. A host error is a Connect error (code, message, details):
   * the gateway passes it to the caller and leaves the actor's state unchanged.
   * </pre>
   */
  public static final class ActorHostServiceStub extends io.grpc.stub.AbstractAsyncStub<ActorHostServiceStub> {
    private ActorHostServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ActorHostServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ActorHostServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Handle runs one action of one actor and returns its result.
     * </pre>
     */
    public void handle(com.actorgate.v1.HandleRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.HandleResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getHandleMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * ActorHostService is implemented by hosts; the gateway calls it for every turn of
   * every actor the host runs. A host error is a Connect error (code, message, details):
   * the gateway passes it to the caller and leaves the actor's state unchanged.
   * </pre>
   */
  public static final class ActorHostServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<ActorHostServiceBlockingStub> {
    private ActorHostServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ActorHostServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ActorHostServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Handle runs one action of one actor and returns its result.
     * </pre>
     */
    public com.actorgate.v1.HandleResponse handle(com.actorgate.v1.HandleRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getHandleMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * ActorHostService is implemented by hosts; the gateway calls it for every turn of
   * every actor the host runs. A host error is a Connect error (code, message, details):
   * the gateway passes it to the caller and leaves the actor's state unchanged.
   * </pre>
   */
  public static final class ActorHostServiceFutureStub extends io.grpc.stub.AbstractFutureStub<ActorHostServiceFutureStub> {
    private ActorHostServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ActorHostServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ActorHostServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Handle runs one action of one actor and returns its result.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.HandleResponse> handle(
        com.actorgate.v1.HandleRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getHandleMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_HANDLE = 0;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final ActorHostServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(ActorHostServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_HANDLE:
          serviceImpl.handle((com.actorgate.v1.HandleRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.HandleResponse>) responseObserver);
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

  private static abstract class ActorHostServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    ActorHostServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return com.actorgate.v1.ActorHostServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("ActorHostService");
    }
  }

  private static final class ActorHostServiceFileDescriptorSupplier
      extends ActorHostServiceBaseDescriptorSupplier {
    ActorHostServiceFileDescriptorSupplier() {}
  }

  private static final class ActorHostServiceMethodDescriptorSupplier
      extends ActorHostServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    ActorHostServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (ActorHostServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new ActorHostServiceFileDescriptorSupplier())
              .addMethod(getHandleMethod())
              .build();
        }
      }
    }
    return result;
  }
}
