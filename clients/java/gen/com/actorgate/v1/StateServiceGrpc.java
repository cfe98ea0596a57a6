package com.actorgate.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * StateService reads and manages actors' durable state and its history.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: actorgate/v1/state_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class StateServiceGrpc {

  private StateServiceGrpc() {}

  public static final String SERVICE_NAME = "actorgate.v1.StateService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.SnapshotRequest,
      com.actorgate.v1.SnapshotResponse> getSnapshotMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Snapshot",
      requestType = com.actorgate.v1.SnapshotRequest.class,
      responseType = com.actorgate.v1.SnapshotResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.SnapshotRequest,
      com.actorgate.v1.SnapshotResponse> getSnapshotMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.SnapshotRequest, com.actorgate.v1.SnapshotResponse> getSnapshotMethod;
    if ((getSnapshotMethod = StateServiceGrpc.getSnapshotMethod) == null) {
      synchronized (StateServiceGrpc.class) {
        if ((getSnapshotMethod = StateServiceGrpc.getSnapshotMethod) == null) {
          StateServiceGrpc.getSnapshotMethod = getSnapshotMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.SnapshotRequest, com.actorgate.v1.SnapshotResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Snapshot"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.SnapshotRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.SnapshotResponse.getDefaultInstance()))
              .setSchemaDescriptor(new StateServiceMethodDescriptorSupplier("Snapshot"))
              .build();
        }
      }
    }
    return getSnapshotMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.GetStateRequest,
      com.actorgate.v1.GetStateResponse> getGetStateMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetState",
      requestType = com.actorgate.v1.GetStateRequest.class,
      responseType = com.actorgate.v1.GetStateResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.GetStateRequest,
      com.actorgate.v1.GetStateResponse> getGetStateMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.GetStateRequest, com.actorgate.v1.GetStateResponse> getGetStateMethod;
    if ((getGetStateMethod = StateServiceGrpc.getGetStateMethod) == null) {
      synchronized (StateServiceGrpc.class) {
        if ((getGetStateMethod = StateServiceGrpc.getGetStateMethod) == null) {
          StateServiceGrpc.getGetStateMethod = getGetStateMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.GetStateRequest, com.actorgate.v1.GetStateResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetState"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.GetStateRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.GetStateResponse.getDefaultInstance()))
              .setSchemaDescriptor(new StateServiceMethodDescriptorSupplier("GetState"))
              .build();
        }
      }
    }
    return getGetStateMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.ListRevisionsRequest,
      com.actorgate.v1.ListRevisionsResponse> getListRevisionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListRevisions",
      requestType = com.actorgate.v1.ListRevisionsRequest.class,
      responseType = com.actorgate.v1.ListRevisionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.ListRevisionsRequest,
      com.actorgate.v1.ListRevisionsResponse> getListRevisionsMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.ListRevisionsRequest, com.actorgate.v1.ListRevisionsResponse> getListRevisionsMethod;
    if ((getListRevisionsMethod = StateServiceGrpc.getListRevisionsMethod) == null) {
      synchronized (StateServiceGrpc.class) {
        if ((getListRevisionsMethod = StateServiceGrpc.getListRevisionsMethod) == null) {
          StateServiceGrpc.getListRevisionsMethod = getListRevisionsMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.ListRevisionsRequest, com.actorgate.v1.ListRevisionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListRevisions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.ListRevisionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.ListRevisionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new StateServiceMethodDescriptorSupplier("ListRevisions"))
              .build();
        }
      }
    }
    return getListRevisionsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.RestoreRequest,
      com.actorgate.v1.RestoreResponse> getRestoreMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Restore",
      requestType = com.actorgate.v1.RestoreRequest.class,
      responseType = com.actorgate.v1.RestoreResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.RestoreRequest,
      com.actorgate.v1.RestoreResponse> getRestoreMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.RestoreRequest, com.actorgate.v1.RestoreResponse> getRestoreMethod;
    if ((getRestoreMethod = StateServiceGrpc.getRestoreMethod) == null) {
      synchronized (StateServiceGrpc.class) {
        if ((getRestoreMethod = StateServiceGrpc.getRestoreMethod) == null) {
          StateServiceGrpc.getRestoreMethod = getRestoreMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.RestoreRequest, com.actorgate.v1.RestoreResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Restore"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.RestoreRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.RestoreResponse.getDefaultInstance()))
              .setSchemaDescriptor(new StateServiceMethodDescriptorSupplier("Restore"))
              .build();
        }
      }
    }
    return getRestoreMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static StateServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<StateServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<StateServiceStub>() {
        @java.lang.Override
        public StateServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new StateServiceStub(channel, callOptions);
        }
      };
    return StateServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static StateServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<StateServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<StateServiceBlockingStub>() {
        @java.lang.Override
        public StateServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new StateServiceBlockingStub(channel, callOptions);
        }
      };
    return StateServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static StateServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<StateServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<StateServiceFutureStub>() {
        @java.lang.Override
        public StateServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new StateServiceFutureStub(channel, callOptions);
        }
      };
    return StateServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * StateService reads and manages actors' durable state and its history.
   * </pre>
   */
  public static abstract class StateServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * Snapshot makes the actor's current state durable now and returns its revision.
     * </pre>
     */
    public void snapshot(com.actorgate.v1.SnapshotRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.SnapshotResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSnapshotMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetState returns the actor's current state (or a past revision).
     * </pre>
     */
    public void getState(com.actorgate.v1.GetStateRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.GetStateResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetStateMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListRevisions pages through the actor's kept revisions, newest first.
     * </pre>
     */
    public void listRevisions(com.actorgate.v1.ListRevisionsRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.ListRevisionsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListRevisionsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Restore makes a past revision (or the state at a time) current again, as a new
     * revision. An active instance sees it on its next turn.
     * </pre>
     */
    public void restore(com.actorgate.v1.RestoreRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.RestoreResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRestoreMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getSnapshotMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.SnapshotRequest,
                com.actorgate.v1.SnapshotResponse>(
                  this, METHODID_SNAPSHOT)))
          .addMethod(
            getGetStateMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.GetStateRequest,
                com.actorgate.v1.GetStateResponse>(
                  this, METHODID_GET_STATE)))
          .addMethod(
            getListRevisionsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.ListRevisionsRequest,
                com.actorgate.v1.ListRevisionsResponse>(
                  this, METHODID_LIST_REVISIONS)))
          .addMethod(
            getRestoreMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.RestoreRequest,
                com.actorgate.v1.RestoreResponse>(
                  this, METHODID_RESTORE)))
          .build();
    }
  }

  /**
   * <pre>
   * StateService reads and manages actors' durable state and its history.
   * </pre>
   */
  public static final class StateServiceStub extends io.grpc.stub.AbstractAsyncStub<StateServiceStub> {
    private StateServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected StateServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new StateServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * Snapshot makes the actor's current state durable now and returns its revision.
     * </pre>
     */
    public void snapshot(com.actorgate.v1.SnapshotRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.SnapshotResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getSnapshotMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetState returns the actor's current state (or a past revision).
     * </pre>
     */
    public void getState(com.actorgate.v1.GetStateRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.GetStateResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetStateMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListRevisions pages through the actor's kept revisions, newest first.
     * </pre>
     */
    public void listRevisions(com.actorgate.v1.ListRevisionsRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.ListRevisionsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListRevisionsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Restore makes a past revision (or the state at a time) current again, as a new
     * revision. An active instance sees it on its next turn.
     * </pre>
     */
    public void restore(com.actorgate.v1.RestoreRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.RestoreResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRestoreMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * StateService reads and manages actors' durable state and its history.
   * </pre>
   */
  public static final class StateServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<StateServiceBlockingStub> {
    private StateServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected StateServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new StateServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * Snapshot makes the actor's current state durable now and returns its revision.
     * </pre>
     */
    public com.actorgate.v1.SnapshotResponse snapshot(com.actorgate.v1.SnapshotRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getSnapshotMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetState returns the actor's current state (or a past revision).
     * </pre>
     */
    public com.actorgate.v1.GetStateResponse getState(com.actorgate.v1.GetStateRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetStateMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListRevisions pages through the actor's kept revisions, newest first.
     * </pre>
     */
    public com.actorgate.v1.ListRevisionsResponse listRevisions(com.actorgate.v1.ListRevisionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListRevisionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Restore makes a past revision (or the state at a time) current again, as a new
     * revision. An active instance sees it on its next turn.
     * </pre>
     */
    public com.actorgate.v1.RestoreResponse restore(com.actorgate.v1.RestoreRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRestoreMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * StateService reads and manages actors' durable state and its history.
   * </pre>
   */
  public static final class StateServiceFutureStub extends io.grpc.stub.AbstractFutureStub<StateServiceFutureStub> {
    private StateServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected StateServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new StateServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * Snapshot makes the actor's current state durable now and returns its revision.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.SnapshotResponse> snapshot(
        com.actorgate.v1.SnapshotRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getSnapshotMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetState returns the actor's current state (or a past revision).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.GetStateResponse> getState(
        com.actorgate.v1.GetStateRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetStateMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListRevisions pages through the actor's kept revisions, newest first.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.ListRevisionsResponse> listRevisions(
        com.actorgate.v1.ListRevisionsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListRevisionsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Restore makes a past revision (or the state at a time) current again, as a new
     * revision. An active instance sees it on its next turn.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.RestoreResponse> restore(
        com.actorgate.v1.RestoreRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRestoreMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_SNAPSHOT = 0;
  private static final int METHODID_GET_STATE = 1;
  private static final int METHODID_LIST_REVISIONS = 2;
  private static final int METHODID_RESTORE = 3;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final StateServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(StateServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_SNAPSHOT:
          serviceImpl.snapshot((com.actorgate.v1.SnapshotRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.SnapshotResponse>) responseObserver);
          break;
        case METHODID_GET_STATE:
          serviceImpl.getState((com.actorgate.v1.GetStateRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.GetStateResponse>) responseObserver);
          break;
        case METHODID_LIST_REVISIONS:
          serviceImpl.listRevisions((com.actorgate.v1.ListRevisionsRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.ListRevisionsResponse>) responseObserver);
          break;
        case METHODID_RESTORE:
          serviceImpl.restore((com.actorgate.v1.RestoreRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.RestoreResponse>) responseObserver);
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

  private static abstract class StateServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    StateServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return com.actorgate.v1.StateServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("StateService");
    }
  }

  private static final class StateServiceFileDescriptorSupplier
      extends StateServiceBaseDescriptorSupplier {
    StateServiceFileDescriptorSupplier() {}
  }

  private static final class StateServiceMethodDescriptorSupplier
      extends StateServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    StateServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (StateServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new StateServiceFileDescriptorSupplier())
              .addMethod(getSnapshotMethod())
              .addMethod(getGetStateMethod())
              .addMethod(getListRevisionsMethod())
              .addMethod(getRestoreMethod())
              .build();
        }
      }
    }
    return result;
  }
}
