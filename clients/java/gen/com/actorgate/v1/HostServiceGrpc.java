package com.actorgate.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * HostService is what hosts call to offer actor types to the gateway.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: actorgate/v1/host_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class HostServiceGrpc {

  private HostServiceGrpc() {}

  public static final String SERVICE_NAME = "actorgate.v1.HostService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.RegisterRequest,
      com.actorgate.v1.RegisterResponse> getRegisterMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Register",
      requestType = com.actorgate.v1.RegisterRequest.class,
      responseType = com.actorgate.v1.RegisterResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.RegisterRequest,
      com.actorgate.v1.RegisterResponse> getRegisterMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.RegisterRequest, com.actorgate.v1.RegisterResponse> getRegisterMethod;
    if ((getRegisterMethod = HostServiceGrpc.getRegisterMethod) == null) {
      synchronized (HostServiceGrpc.class) {
        if ((getRegisterMethod = HostServiceGrpc.getRegisterMethod) == null) {
          HostServiceGrpc.getRegisterMethod = getRegisterMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.RegisterRequest, com.actorgate.v1.RegisterResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Register"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.RegisterRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.RegisterResponse.getDefaultInstance()))
              .setSchemaDescriptor(new HostServiceMethodDescriptorSupplier("Register"))
              .build();
        }
      }
    }
    return getRegisterMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.HeartbeatRequest,
      com.actorgate.v1.HeartbeatResponse> getHeartbeatMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Heartbeat",
      requestType = com.actorgate.v1.HeartbeatRequest.class,
      responseType = com.actorgate.v1.HeartbeatResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.HeartbeatRequest,
      com.actorgate.v1.HeartbeatResponse> getHeartbeatMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.HeartbeatRequest, com.actorgate.v1.HeartbeatResponse> getHeartbeatMethod;
    if ((getHeartbeatMethod = HostServiceGrpc.getHeartbeatMethod) == null) {
      synchronized (HostServiceGrpc.class) {
        if ((getHeartbeatMethod = HostServiceGrpc.getHeartbeatMethod) == null) {
          HostServiceGrpc.getHeartbeatMethod = getHeartbeatMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.HeartbeatRequest, com.actorgate.v1.HeartbeatResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Heartbeat"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.HeartbeatRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.HeartbeatResponse.getDefaultInstance()))
              .setSchemaDescriptor(new HostServiceMethodDescriptorSupplier("Heartbeat"))
              .build();
        }
      }
    }
    return getHeartbeatMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.UnregisterRequest,
      com.actorgate.v1.UnregisterResponse> getUnregisterMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Unregister",
      requestType = com.actorgate.v1.UnregisterRequest.class,
      responseType = com.actorgate.v1.UnregisterResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.UnregisterRequest,
      com.actorgate.v1.UnregisterResponse> getUnregisterMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.UnregisterRequest, com.actorgate.v1.UnregisterResponse> getUnregisterMethod;
    if ((getUnregisterMethod = HostServiceGrpc.getUnregisterMethod) == null) {
      synchronized (HostServiceGrpc.class) {
        if ((getUnregisterMethod = HostServiceGrpc.getUnregisterMethod) == null) {
          HostServiceGrpc.getUnregisterMethod = getUnregisterMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.UnregisterRequest, com.actorgate.v1.UnregisterResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Unregister"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.UnregisterRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.UnregisterResponse.getDefaultInstance()))
              .setSchemaDescriptor(new HostServiceMethodDescriptorSupplier("Unregister"))
              .build();
        }
      }
    }
    return getUnregisterMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static HostServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<HostServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<HostServiceStub>() {
        @java.lang.Override
        public HostServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new HostServiceStub(channel, callOptions);
        }
      };
    return HostServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static HostServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<HostServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<HostServiceBlockingStub>() {
        @java.lang.Override
        public HostServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new HostServiceBlockingStub(channel, callOptions);
        }
      };
    return HostServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static HostServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<HostServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<HostServiceFutureStub>() {
        @java.lang.Override
        public HostServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new HostServiceFutureStub(channel, callOptions);
        }
      };
    return HostServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * HostService is what hosts call to offer actor types to the gateway.
   * </pre>
   */
  public static abstract class HostServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Register announces a host, its callback and the types it serves, and returns a
     * lease the host keeps alive with Heartbeat. Registering again with the id of a live
     * host replaces that registration only when `lease_id` is its current lease;
     * otherwise the answer is `already_exists` and the live host keeps serving. Limits
     * on systems, types, hosts and descriptor bytes answer `resource_exhausted`.
     * </pre>
     */
    public void register(com.actorgate.v1.RegisterRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.RegisterResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRegisterMethod(), responseObserver);
    }

    /**
     * <pre>
     * Heartbeat renews a lease. `not_found` means the lease expired or the gateway
     * restarted: register again.
     * </pre>
     */
    public void heartbeat(com.actorgate.v1.HeartbeatRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.HeartbeatResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getHeartbeatMethod(), responseObserver);
    }

    /**
     * <pre>
     * Unregister removes a host. With `drain`, its active actors finish their turns and
     * are deactivated (state written) before the call returns.
     * </pre>
     */
    public void unregister(com.actorgate.v1.UnregisterRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.UnregisterResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getUnregisterMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getRegisterMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.RegisterRequest,
                com.actorgate.v1.RegisterResponse>(
                  this, METHODID_REGISTER)))
          .addMethod(
            getHeartbeatMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.HeartbeatRequest,
                com.actorgate.v1.HeartbeatResponse>(
                  this, METHODID_HEARTBEAT)))
          .addMethod(
            getUnregisterMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.UnregisterRequest,
                com.actorgate.v1.UnregisterResponse>(
                  this, METHODID_UNREGISTER)))
          .build();
    }
  }

  /**
   * <pre>
   * HostService is what hosts call to offer actor types to the gateway.
   * </pre>
   */
  public static final class HostServiceStub extends io.grpc.stub.AbstractAsyncStub<HostServiceStub> {
    private HostServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected HostServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new HostServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Register announces a host, its callback and the types it serves, and returns a
     * lease the host keeps alive with Heartbeat. Registering again with the id of a live
     * host replaces that registration only when `lease_id` is its current lease;
     * otherwise the answer is `already_exists` and the live host keeps serving. Limits
     * on systems, types, hosts and descriptor bytes answer `resource_exhausted`.
     * </pre>
     */
    public void register(com.actorgate.v1.RegisterRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.RegisterResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRegisterMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Heartbeat renews a lease. `not_found` means the lease expired or the gateway
     * restarted: register again.
     * </pre>
     */
    public void heartbeat(com.actorgate.v1.HeartbeatRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.HeartbeatResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getHeartbeatMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Unregister removes a host. With `drain`, its active actors finish their turns and
     * are deactivated (state written) before the call returns.
     * </pre>
     */
    public void unregister(com.actorgate.v1.UnregisterRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.UnregisterResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getUnregisterMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * HostService is what hosts call to offer actor types to the gateway.
   * </pre>
   */
  public static final class HostServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<HostServiceBlockingStub> {
    private HostServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected HostServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new HostServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Register announces a host, its callback and the types it serves, and returns a
     * lease the host keeps alive with Heartbeat. Registering again with the id of a live
     * host replaces that registration only when `lease_id` is its current lease;
     * otherwise the answer is `already_exists` and the live host keeps serving. Limits
     * on systems, types, hosts and descriptor bytes answer `resource_exhausted`.
     * </pre>
     */
    public com.actorgate.v1.RegisterResponse register(com.actorgate.v1.RegisterRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRegisterMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Heartbeat renews a lease. `not_found` means the lease expired or the gateway
     * restarted: register again.
     * </pre>
     */
    public com.actorgate.v1.HeartbeatResponse heartbeat(com.actorgate.v1.HeartbeatRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getHeartbeatMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Unregister removes a host. With `drain`, its active actors finish their turns and
     * are deactivated (state written) before the call returns.
     * </pre>
     */
    public com.actorgate.v1.UnregisterResponse unregister(com.actorgate.v1.UnregisterRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getUnregisterMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * HostService is what hosts call to offer actor types to the gateway.
   * </pre>
   */
  public static final class HostServiceFutureStub extends io.grpc.stub.AbstractFutureStub<HostServiceFutureStub> {
    private HostServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected HostServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new HostServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Register announces a host, its callback and the types it serves, and returns a
     * lease the host keeps alive with Heartbeat. Registering again with the id of a live
     * host replaces that registration only when `lease_id` is its current lease;
     * otherwise the answer is `already_exists` and the live host keeps serving. Limits
     * on systems, types, hosts and descriptor bytes answer `resource_exhausted`.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.RegisterResponse> register(
        com.actorgate.v1.RegisterRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRegisterMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Heartbeat renews a lease. `not_found` means the lease expired or the gateway
     * restarted: register again.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.HeartbeatResponse> heartbeat(
        com.actorgate.v1.HeartbeatRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getHeartbeatMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Unregister removes a host. With `drain`, its active actors finish their turns and
     * are deactivated (state written) before the call returns.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.UnregisterResponse> unregister(
        com.actorgate.v1.UnregisterRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getUnregisterMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_REGISTER = 0;
  private static final int METHODID_HEARTBEAT = 1;
  private static final int METHODID_UNREGISTER = 2;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final HostServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(HostServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_REGISTER:
          serviceImpl.register((com.actorgate.v1.RegisterRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.RegisterResponse>) responseObserver);
          break;
        case METHODID_HEARTBEAT:
          serviceImpl.heartbeat((com.actorgate.v1.HeartbeatRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.HeartbeatResponse>) responseObserver);
          break;
        case METHODID_UNREGISTER:
          serviceImpl.unregister((com.actorgate.v1.UnregisterRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.UnregisterResponse>) responseObserver);
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

  private static abstract class HostServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    HostServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return com.actorgate.v1.HostServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("HostService");
    }
  }

  private static final class HostServiceFileDescriptorSupplier
      extends HostServiceBaseDescriptorSupplier {
    HostServiceFileDescriptorSupplier() {}
  }

  private static final class HostServiceMethodDescriptorSupplier
      extends HostServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    HostServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (HostServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new HostServiceFileDescriptorSupplier())
              .addMethod(getRegisterMethod())
              .addMethod(getHeartbeatMethod())
              .addMethod(getUnregisterMethod())
              .build();
        }
      }
    }
    return result;
  }
}
