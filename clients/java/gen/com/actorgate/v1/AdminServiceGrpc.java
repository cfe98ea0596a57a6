package com.actorgate.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * AdminService lets operators look inside the gateway.
 * </pre>
 */
@javax.annotation.Generated(
    value = "by gRPC proto compiler",
    comments = "Source: actorgate/v1/admin_service.proto")
@io.grpc.stub.annotations.GrpcGenerated
public final class AdminServiceGrpc {

  private AdminServiceGrpc() {}

  public static final String SERVICE_NAME = "actorgate.v1.AdminService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.ListActorsRequest,
      com.actorgate.v1.ListActorsResponse> getListActorsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListActors",
      requestType = com.actorgate.v1.ListActorsRequest.class,
      responseType = com.actorgate.v1.ListActorsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.ListActorsRequest,
      com.actorgate.v1.ListActorsResponse> getListActorsMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.ListActorsRequest, com.actorgate.v1.ListActorsResponse> getListActorsMethod;
    if ((getListActorsMethod = AdminServiceGrpc.getListActorsMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getListActorsMethod = AdminServiceGrpc.getListActorsMethod) == null) {
          AdminServiceGrpc.getListActorsMethod = getListActorsMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.ListActorsRequest, com.actorgate.v1.ListActorsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListActors"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.ListActorsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.ListActorsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("ListActors"))
              .build();
        }
      }
    }
    return getListActorsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.DescribeActorRequest,
      com.actorgate.v1.DescribeActorResponse> getDescribeActorMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DescribeActor",
      requestType = com.actorgate.v1.DescribeActorRequest.class,
      responseType = com.actorgate.v1.DescribeActorResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.DescribeActorRequest,
      com.actorgate.v1.DescribeActorResponse> getDescribeActorMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.DescribeActorRequest, com.actorgate.v1.DescribeActorResponse> getDescribeActorMethod;
    if ((getDescribeActorMethod = AdminServiceGrpc.getDescribeActorMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getDescribeActorMethod = AdminServiceGrpc.getDescribeActorMethod) == null) {
          AdminServiceGrpc.getDescribeActorMethod = getDescribeActorMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.DescribeActorRequest, com.actorgate.v1.DescribeActorResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DescribeActor"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.DescribeActorRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.DescribeActorResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("DescribeActor"))
              .build();
        }
      }
    }
    return getDescribeActorMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.DeactivateRequest,
      com.actorgate.v1.DeactivateResponse> getDeactivateMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Deactivate",
      requestType = com.actorgate.v1.DeactivateRequest.class,
      responseType = com.actorgate.v1.DeactivateResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.DeactivateRequest,
      com.actorgate.v1.DeactivateResponse> getDeactivateMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.DeactivateRequest, com.actorgate.v1.DeactivateResponse> getDeactivateMethod;
    if ((getDeactivateMethod = AdminServiceGrpc.getDeactivateMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getDeactivateMethod = AdminServiceGrpc.getDeactivateMethod) == null) {
          AdminServiceGrpc.getDeactivateMethod = getDeactivateMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.DeactivateRequest, com.actorgate.v1.DeactivateResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Deactivate"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.DeactivateRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.DeactivateResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("Deactivate"))
              .build();
        }
      }
    }
    return getDeactivateMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.ListHostsRequest,
      com.actorgate.v1.ListHostsResponse> getListHostsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListHosts",
      requestType = com.actorgate.v1.ListHostsRequest.class,
      responseType = com.actorgate.v1.ListHostsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.ListHostsRequest,
      com.actorgate.v1.ListHostsResponse> getListHostsMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.ListHostsRequest, com.actorgate.v1.ListHostsResponse> getListHostsMethod;
    if ((getListHostsMethod = AdminServiceGrpc.getListHostsMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getListHostsMethod = AdminServiceGrpc.getListHostsMethod) == null) {
          AdminServiceGrpc.getListHostsMethod = getListHostsMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.ListHostsRequest, com.actorgate.v1.ListHostsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListHosts"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.ListHostsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.ListHostsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("ListHosts"))
              .build();
        }
      }
    }
    return getListHostsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.HealthRequest,
      com.actorgate.v1.HealthResponse> getHealthMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Health",
      requestType = com.actorgate.v1.HealthRequest.class,
      responseType = com.actorgate.v1.HealthResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.HealthRequest,
      com.actorgate.v1.HealthResponse> getHealthMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.HealthRequest, com.actorgate.v1.HealthResponse> getHealthMethod;
    if ((getHealthMethod = AdminServiceGrpc.getHealthMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getHealthMethod = AdminServiceGrpc.getHealthMethod) == null) {
          AdminServiceGrpc.getHealthMethod = getHealthMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.HealthRequest, com.actorgate.v1.HealthResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Health"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.HealthRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.HealthResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("Health"))
              .build();
        }
      }
    }
    return getHealthMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.ListDeadLettersRequest,
      com.actorgate.v1.ListDeadLettersResponse> getListDeadLettersMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListDeadLetters",
      requestType = com.actorgate.v1.ListDeadLettersRequest.class,
      responseType = com.actorgate.v1.ListDeadLettersResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.ListDeadLettersRequest,
      com.actorgate.v1.ListDeadLettersResponse> getListDeadLettersMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.ListDeadLettersRequest, com.actorgate.v1.ListDeadLettersResponse> getListDeadLettersMethod;
    if ((getListDeadLettersMethod = AdminServiceGrpc.getListDeadLettersMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getListDeadLettersMethod = AdminServiceGrpc.getListDeadLettersMethod) == null) {
          AdminServiceGrpc.getListDeadLettersMethod = getListDeadLettersMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.ListDeadLettersRequest, com.actorgate.v1.ListDeadLettersResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListDeadLetters"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.ListDeadLettersRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.ListDeadLettersResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("ListDeadLetters"))
              .build();
        }
      }
    }
    return getListDeadLettersMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.ReplayDeadLetterRequest,
      com.actorgate.v1.ReplayDeadLetterResponse> getReplayDeadLetterMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ReplayDeadLetter",
      requestType = com.actorgate.v1.ReplayDeadLetterRequest.class,
      responseType = com.actorgate.v1.ReplayDeadLetterResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.ReplayDeadLetterRequest,
      com.actorgate.v1.ReplayDeadLetterResponse> getReplayDeadLetterMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.ReplayDeadLetterRequest, com.actorgate.v1.ReplayDeadLetterResponse> getReplayDeadLetterMethod;
    if ((getReplayDeadLetterMethod = AdminServiceGrpc.getReplayDeadLetterMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getReplayDeadLetterMethod = AdminServiceGrpc.getReplayDeadLetterMethod) == null) {
          AdminServiceGrpc.getReplayDeadLetterMethod = getReplayDeadLetterMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.ReplayDeadLetterRequest, com.actorgate.v1.ReplayDeadLetterResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ReplayDeadLetter"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.ReplayDeadLetterRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.ReplayDeadLetterResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("ReplayDeadLetter"))
              .build();
        }
      }
    }
    return getReplayDeadLetterMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.DeleteDeadLetterRequest,
      com.actorgate.v1.DeleteDeadLetterResponse> getDeleteDeadLetterMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "DeleteDeadLetter",
      requestType = com.actorgate.v1.DeleteDeadLetterRequest.class,
      responseType = com.actorgate.v1.DeleteDeadLetterResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.DeleteDeadLetterRequest,
      com.actorgate.v1.DeleteDeadLetterResponse> getDeleteDeadLetterMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.DeleteDeadLetterRequest, com.actorgate.v1.DeleteDeadLetterResponse> getDeleteDeadLetterMethod;
    if ((getDeleteDeadLetterMethod = AdminServiceGrpc.getDeleteDeadLetterMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getDeleteDeadLetterMethod = AdminServiceGrpc.getDeleteDeadLetterMethod) == null) {
          AdminServiceGrpc.getDeleteDeadLetterMethod = getDeleteDeadLetterMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.DeleteDeadLetterRequest, com.actorgate.v1.DeleteDeadLetterResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "DeleteDeadLetter"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.DeleteDeadLetterRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.DeleteDeadLetterResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("DeleteDeadLetter"))
              .build();
        }
      }
    }
    return getDeleteDeadLetterMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.ListNodesRequest,
      com.actorgate.v1.ListNodesResponse> getListNodesMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListNodes",
      requestType = com.actorgate.v1.ListNodesRequest.class,
      responseType = com.actorgate.v1.ListNodesResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.ListNodesRequest,
      com.actorgate.v1.ListNodesResponse> getListNodesMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.ListNodesRequest, com.actorgate.v1.ListNodesResponse> getListNodesMethod;
    if ((getListNodesMethod = AdminServiceGrpc.getListNodesMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getListNodesMethod = AdminServiceGrpc.getListNodesMethod) == null) {
          AdminServiceGrpc.getListNodesMethod = getListNodesMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.ListNodesRequest, com.actorgate.v1.ListNodesResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListNodes"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.ListNodesRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.ListNodesResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("ListNodes"))
              .build();
        }
      }
    }
    return getListNodesMethod;
  }

  private static volatile io.grpc.MethodDescriptor<com.actorgate.v1.ListActivatorsRequest,
      com.actorgate.v1.ListActivatorsResponse> getListActivatorsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "ListActivators",
      requestType = com.actorgate.v1.ListActivatorsRequest.class,
      responseType = com.actorgate.v1.ListActivatorsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<com.actorgate.v1.ListActivatorsRequest,
      com.actorgate.v1.ListActivatorsResponse> getListActivatorsMethod() {
    io.grpc.MethodDescriptor<com.actorgate.v1.ListActivatorsRequest, com.actorgate.v1.ListActivatorsResponse> getListActivatorsMethod;
    if ((getListActivatorsMethod = AdminServiceGrpc.getListActivatorsMethod) == null) {
      synchronized (AdminServiceGrpc.class) {
        if ((getListActivatorsMethod = AdminServiceGrpc.getListActivatorsMethod) == null) {
          AdminServiceGrpc.getListActivatorsMethod = getListActivatorsMethod =
              io.grpc.MethodDescriptor.<com.actorgate.v1.ListActivatorsRequest, com.actorgate.v1.ListActivatorsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "ListActivators"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.ListActivatorsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  com.actorgate.v1.ListActivatorsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new AdminServiceMethodDescriptorSupplier("ListActivators"))
              .build();
        }
      }
    }
    return getListActivatorsMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static AdminServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AdminServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AdminServiceStub>() {
        @java.lang.Override
        public AdminServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AdminServiceStub(channel, callOptions);
        }
      };
    return AdminServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static AdminServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AdminServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AdminServiceBlockingStub>() {
        @java.lang.Override
        public AdminServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AdminServiceBlockingStub(channel, callOptions);
        }
      };
    return AdminServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static AdminServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<AdminServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<AdminServiceFutureStub>() {
        @java.lang.Override
        public AdminServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new AdminServiceFutureStub(channel, callOptions);
        }
      };
    return AdminServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * AdminService lets operators look inside the gateway.
   * </pre>
   */
  public static abstract class AdminServiceImplBase implements io.grpc.BindableService {

    /**
     * <pre>
     * ListActors pages through actors: active ones, or all with stored state.
     * </pre>
     */
    public void listActors(com.actorgate.v1.ListActorsRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.ListActorsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListActorsMethod(), responseObserver);
    }

    /**
     * <pre>
     * DescribeActor tells everything the gateway knows about one actor.
     * </pre>
     */
    public void describeActor(com.actorgate.v1.DescribeActorRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.DescribeActorResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDescribeActorMethod(), responseObserver);
    }

    /**
     * <pre>
     * Deactivate finishes the actor's turns, writes its state and releases it.
     * </pre>
     */
    public void deactivate(com.actorgate.v1.DeactivateRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.DeactivateResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeactivateMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListHosts lists the registered hosts.
     * </pre>
     */
    public void listHosts(com.actorgate.v1.ListHostsRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.ListHostsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListHostsMethod(), responseObserver);
    }

    /**
     * <pre>
     * Health reports liveness and readiness.
     * </pre>
     */
    public void health(com.actorgate.v1.HealthRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.HealthResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getHealthMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListDeadLetters pages through invocations whose delivery attempts ran out.
     * </pre>
     */
    public void listDeadLetters(com.actorgate.v1.ListDeadLettersRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.ListDeadLettersResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListDeadLettersMethod(), responseObserver);
    }

    /**
     * <pre>
     * ReplayDeadLetter moves a dead letter back to the outbox with its attempts reset.
     * </pre>
     */
    public void replayDeadLetter(com.actorgate.v1.ReplayDeadLetterRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.ReplayDeadLetterResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getReplayDeadLetterMethod(), responseObserver);
    }

    /**
     * <pre>
     * DeleteDeadLetter drops a dead letter for good.
     * </pre>
     */
    public void deleteDeadLetter(com.actorgate.v1.DeleteDeadLetterRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.DeleteDeadLetterResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getDeleteDeadLetterMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListNodes lists the gateway nodes of the cluster (one, this node, without --cluster).
     * </pre>
     */
    public void listNodes(com.actorgate.v1.ListNodesRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.ListNodesResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListNodesMethod(), responseObserver);
    }

    /**
     * <pre>
     * ListActivators lists this node's activators (HTTP routes, CloudEvents, cron,
     * RabbitMQ, MQTT, NATS subjects) with their counters.
     * </pre>
     */
    public void listActivators(com.actorgate.v1.ListActivatorsRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.ListActivatorsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getListActivatorsMethod(), responseObserver);
    }

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
          .addMethod(
            getListActorsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.ListActorsRequest,
                com.actorgate.v1.ListActorsResponse>(
                  this, METHODID_LIST_ACTORS)))
          .addMethod(
            getDescribeActorMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.DescribeActorRequest,
                com.actorgate.v1.DescribeActorResponse>(
                  this, METHODID_DESCRIBE_ACTOR)))
          .addMethod(
            getDeactivateMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.DeactivateRequest,
                com.actorgate.v1.DeactivateResponse>(
                  this, METHODID_DEACTIVATE)))
          .addMethod(
            getListHostsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.ListHostsRequest,
                com.actorgate.v1.ListHostsResponse>(
                  this, METHODID_LIST_HOSTS)))
          .addMethod(
            getHealthMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.HealthRequest,
                com.actorgate.v1.HealthResponse>(
                  this, METHODID_HEALTH)))
          .addMethod(
            getListDeadLettersMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.ListDeadLettersRequest,
                com.actorgate.v1.ListDeadLettersResponse>(
                  this, METHODID_LIST_DEAD_LETTERS)))
          .addMethod(
            getReplayDeadLetterMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.ReplayDeadLetterRequest,
                com.actorgate.v1.ReplayDeadLetterResponse>(
                  this, METHODID_REPLAY_DEAD_LETTER)))
          .addMethod(
            getDeleteDeadLetterMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.DeleteDeadLetterRequest,
                com.actorgate.v1.DeleteDeadLetterResponse>(
                  this, METHODID_DELETE_DEAD_LETTER)))
          .addMethod(
            getListNodesMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.ListNodesRequest,
                com.actorgate.v1.ListNodesResponse>(
                  this, METHODID_LIST_NODES)))
          .addMethod(
            getListActivatorsMethod(),
            io.grpc.stub.ServerCalls.asyncUnaryCall(
              new MethodHandlers<
                com.actorgate.v1.ListActivatorsRequest,
                com.actorgate.v1.ListActivatorsResponse>(
                  this, METHODID_LIST_ACTIVATORS)))
          .build();
    }
  }

  /**
   * <pre>
   * AdminService lets operators look inside the gateway.
   * </pre>
   */
  public static final class AdminServiceStub extends io.grpc.stub.AbstractAsyncStub<AdminServiceStub> {
    private AdminServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AdminServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AdminServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * ListActors pages through actors: active ones, or all with stored state.
     * </pre>
     */
    public void listActors(com.actorgate.v1.ListActorsRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.ListActorsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListActorsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DescribeActor tells everything the gateway knows about one actor.
     * </pre>
     */
    public void describeActor(com.actorgate.v1.DescribeActorRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.DescribeActorResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDescribeActorMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Deactivate finishes the actor's turns, writes its state and releases it.
     * </pre>
     */
    public void deactivate(com.actorgate.v1.DeactivateRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.DeactivateResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeactivateMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListHosts lists the registered hosts.
     * </pre>
     */
    public void listHosts(com.actorgate.v1.ListHostsRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.ListHostsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListHostsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * Health reports liveness and readiness.
     * </pre>
     */
    public void health(com.actorgate.v1.HealthRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.HealthResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getHealthMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListDeadLetters pages through invocations whose delivery attempts ran out.
     * </pre>
     */
    public void listDeadLetters(com.actorgate.v1.ListDeadLettersRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.ListDeadLettersResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListDeadLettersMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ReplayDeadLetter moves a dead letter back to the outbox with its attempts reset.
     * </pre>
     */
    public void replayDeadLetter(com.actorgate.v1.ReplayDeadLetterRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.ReplayDeadLetterResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getReplayDeadLetterMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * DeleteDeadLetter drops a dead letter for good.
     * </pre>
     */
    public void deleteDeadLetter(com.actorgate.v1.DeleteDeadLetterRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.DeleteDeadLetterResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getDeleteDeadLetterMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListNodes lists the gateway nodes of the cluster (one, this node, without --cluster).
     * </pre>
     */
    public void listNodes(com.actorgate.v1.ListNodesRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.ListNodesResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListNodesMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * ListActivators lists this node's activators (HTTP routes, CloudEvents, cron,
     * RabbitMQ, MQTT, NATS subjects) with their counters.
     * </pre>
     */
    public void listActivators(com.actorgate.v1.ListActivatorsRequest request,
        io.grpc.stub.StreamObserver<com.actorgate.v1.ListActivatorsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getListActivatorsMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * <pre>
   * AdminService lets operators look inside the gateway.
   * </pre>
   */
  public static final class AdminServiceBlockingStub extends io.grpc.stub.AbstractBlockingStub<AdminServiceBlockingStub> {
    private AdminServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AdminServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AdminServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * ListActors pages through actors: active ones, or all with stored state.
     * </pre>
     */
    public com.actorgate.v1.ListActorsResponse listActors(com.actorgate.v1.ListActorsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListActorsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DescribeActor tells everything the gateway knows about one actor.
     * </pre>
     */
    public com.actorgate.v1.DescribeActorResponse describeActor(com.actorgate.v1.DescribeActorRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDescribeActorMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Deactivate finishes the actor's turns, writes its state and releases it.
     * </pre>
     */
    public com.actorgate.v1.DeactivateResponse deactivate(com.actorgate.v1.DeactivateRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeactivateMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListHosts lists the registered hosts.
     * </pre>
     */
    public com.actorgate.v1.ListHostsResponse listHosts(com.actorgate.v1.ListHostsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListHostsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * Health reports liveness and readiness.
     * </pre>
     */
    public com.actorgate.v1.HealthResponse health(com.actorgate.v1.HealthRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getHealthMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListDeadLetters pages through invocations whose delivery attempts ran out.
     * </pre>
     */
    public com.actorgate.v1.ListDeadLettersResponse listDeadLetters(com.actorgate.v1.ListDeadLettersRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListDeadLettersMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ReplayDeadLetter moves a dead letter back to the outbox with its attempts reset.
     * </pre>
     */
    public com.actorgate.v1.ReplayDeadLetterResponse replayDeadLetter(com.actorgate.v1.ReplayDeadLetterRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getReplayDeadLetterMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * DeleteDeadLetter drops a dead letter for good.
     * </pre>
     */
    public com.actorgate.v1.DeleteDeadLetterResponse deleteDeadLetter(com.actorgate.v1.DeleteDeadLetterRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getDeleteDeadLetterMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListNodes lists the gateway nodes of the cluster (one, this node, without --cluster).
     * </pre>
     */
    public com.actorgate.v1.ListNodesResponse listNodes(com.actorgate.v1.ListNodesRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListNodesMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * ListActivators lists this node's activators (HTTP routes, CloudEvents, cron,
     * RabbitMQ, MQTT, NATS subjects) with their counters.
     * </pre>
     */
    public com.actorgate.v1.ListActivatorsResponse listActivators(com.actorgate.v1.ListActivatorsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getListActivatorsMethod(), getCallOptions(), request);
    }
  }

  /**
   * <pre>
   * AdminService lets operators look inside the gateway.
   * </pre>
   */
  public static final class AdminServiceFutureStub extends io.grpc.stub.AbstractFutureStub<AdminServiceFutureStub> {
    private AdminServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected AdminServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new AdminServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * ListActors pages through actors: active ones, or all with stored state.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.ListActorsResponse> listActors(
        com.actorgate.v1.ListActorsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListActorsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DescribeActor tells everything the gateway knows about one actor.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.DescribeActorResponse> describeActor(
        com.actorgate.v1.DescribeActorRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDescribeActorMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Deactivate finishes the actor's turns, writes its state and releases it.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.DeactivateResponse> deactivate(
        com.actorgate.v1.DeactivateRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeactivateMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListHosts lists the registered hosts.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.ListHostsResponse> listHosts(
        com.actorgate.v1.ListHostsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListHostsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * Health reports liveness and readiness.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.HealthResponse> health(
        com.actorgate.v1.HealthRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getHealthMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListDeadLetters pages through invocations whose delivery attempts ran out.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.ListDeadLettersResponse> listDeadLetters(
        com.actorgate.v1.ListDeadLettersRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListDeadLettersMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ReplayDeadLetter moves a dead letter back to the outbox with its attempts reset.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.ReplayDeadLetterResponse> replayDeadLetter(
        com.actorgate.v1.ReplayDeadLetterRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getReplayDeadLetterMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * DeleteDeadLetter drops a dead letter for good.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.DeleteDeadLetterResponse> deleteDeadLetter(
        com.actorgate.v1.DeleteDeadLetterRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getDeleteDeadLetterMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListNodes lists the gateway nodes of the cluster (one, this node, without --cluster).
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.ListNodesResponse> listNodes(
        com.actorgate.v1.ListNodesRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListNodesMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * ListActivators lists this node's activators (HTTP routes, CloudEvents, cron,
     * RabbitMQ, MQTT, NATS subjects) with their counters.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<com.actorgate.v1.ListActivatorsResponse> listActivators(
        com.actorgate.v1.ListActivatorsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getListActivatorsMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_LIST_ACTORS = 0;
  private static final int METHODID_DESCRIBE_ACTOR = 1;
  private static final int METHODID_DEACTIVATE = 2;
  private static final int METHODID_LIST_HOSTS = 3;
  private static final int METHODID_HEALTH = 4;
  private static final int METHODID_LIST_DEAD_LETTERS = 5;
  private static final int METHODID_REPLAY_DEAD_LETTER = 6;
  private static final int METHODID_DELETE_DEAD_LETTER = 7;
  private static final int METHODID_LIST_NODES = 8;
  private static final int METHODID_LIST_ACTIVATORS = 9;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AdminServiceImplBase serviceImpl;
    private final int methodId;

    MethodHandlers(AdminServiceImplBase serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_LIST_ACTORS:
          serviceImpl.listActors((com.actorgate.v1.ListActorsRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.ListActorsResponse>) responseObserver);
          break;
        case METHODID_DESCRIBE_ACTOR:
          serviceImpl.describeActor((com.actorgate.v1.DescribeActorRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.DescribeActorResponse>) responseObserver);
          break;
        case METHODID_DEACTIVATE:
          serviceImpl.deactivate((com.actorgate.v1.DeactivateRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.DeactivateResponse>) responseObserver);
          break;
        case METHODID_LIST_HOSTS:
          serviceImpl.listHosts((com.actorgate.v1.ListHostsRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.ListHostsResponse>) responseObserver);
          break;
        case METHODID_HEALTH:
          serviceImpl.health((com.actorgate.v1.HealthRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.HealthResponse>) responseObserver);
          break;
        case METHODID_LIST_DEAD_LETTERS:
          serviceImpl.listDeadLetters((com.actorgate.v1.ListDeadLettersRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.ListDeadLettersResponse>) responseObserver);
          break;
        case METHODID_REPLAY_DEAD_LETTER:
          serviceImpl.replayDeadLetter((com.actorgate.v1.ReplayDeadLetterRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.ReplayDeadLetterResponse>) responseObserver);
          break;
        case METHODID_DELETE_DEAD_LETTER:
          serviceImpl.deleteDeadLetter((com.actorgate.v1.DeleteDeadLetterRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.DeleteDeadLetterResponse>) responseObserver);
          break;
        case METHODID_LIST_NODES:
          serviceImpl.listNodes((com.actorgate.v1.ListNodesRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.ListNodesResponse>) responseObserver);
          break;
        case METHODID_LIST_ACTIVATORS:
          serviceImpl.listActivators((com.actorgate.v1.ListActivatorsRequest) request,
              (io.grpc.stub.StreamObserver<com.actorgate.v1.ListActivatorsResponse>) responseObserver);
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

  private static abstract class AdminServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    AdminServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return com.actorgate.v1.AdminServiceProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("AdminService");
    }
  }

  private static final class AdminServiceFileDescriptorSupplier
      extends AdminServiceBaseDescriptorSupplier {
    AdminServiceFileDescriptorSupplier() {}
  }

  private static final class AdminServiceMethodDescriptorSupplier
      extends AdminServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final String methodName;

    AdminServiceMethodDescriptorSupplier(String methodName) {
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
      synchronized (AdminServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new AdminServiceFileDescriptorSupplier())
              .addMethod(getListActorsMethod())
              .addMethod(getDescribeActorMethod())
              .addMethod(getDeactivateMethod())
              .addMethod(getListHostsMethod())
              .addMethod(getHealthMethod())
              .addMethod(getListDeadLettersMethod())
              .addMethod(getReplayDeadLetterMethod())
              .addMethod(getDeleteDeadLetterMethod())
              .addMethod(getListNodesMethod())
              .addMethod(getListActivatorsMethod())
              .build();
        }
      }
    }
    return result;
  }
}
