package io.heliosdb.hidb.proto;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class ProbeServiceGrpc {

  private ProbeServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "heliosdb.hidb.v1.ProbeService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<io.heliosdb.hidb.proto.Probe,
      io.heliosdb.hidb.proto.Probe> getPingMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "Ping",
      requestType = io.heliosdb.hidb.proto.Probe.class,
      responseType = io.heliosdb.hidb.proto.Probe.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<io.heliosdb.hidb.proto.Probe,
      io.heliosdb.hidb.proto.Probe> getPingMethod() {
    io.grpc.MethodDescriptor<io.heliosdb.hidb.proto.Probe, io.heliosdb.hidb.proto.Probe> getPingMethod;
    if ((getPingMethod = ProbeServiceGrpc.getPingMethod) == null) {
      synchronized (ProbeServiceGrpc.class) {
        if ((getPingMethod = ProbeServiceGrpc.getPingMethod) == null) {
          ProbeServiceGrpc.getPingMethod = getPingMethod =
              io.grpc.MethodDescriptor.<io.heliosdb.hidb.proto.Probe, io.heliosdb.hidb.proto.Probe>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "Ping"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.heliosdb.hidb.proto.Probe.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  io.heliosdb.hidb.proto.Probe.getDefaultInstance()))
              .setSchemaDescriptor(new ProbeServiceMethodDescriptorSupplier("Ping"))
              .build();
        }
      }
    }
    return getPingMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static ProbeServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ProbeServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ProbeServiceStub>() {
        @java.lang.Override
        public ProbeServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ProbeServiceStub(channel, callOptions);
        }
      };
    return ProbeServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static ProbeServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ProbeServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ProbeServiceBlockingV2Stub>() {
        @java.lang.Override
        public ProbeServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ProbeServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return ProbeServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static ProbeServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ProbeServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ProbeServiceBlockingStub>() {
        @java.lang.Override
        public ProbeServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ProbeServiceBlockingStub(channel, callOptions);
        }
      };
    return ProbeServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static ProbeServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<ProbeServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<ProbeServiceFutureStub>() {
        @java.lang.Override
        public ProbeServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new ProbeServiceFutureStub(channel, callOptions);
        }
      };
    return ProbeServiceFutureStub.newStub(factory, channel);
  }

  /**
   */
  public interface AsyncService {

    /**
     */
    default void ping(io.heliosdb.hidb.proto.Probe request,
        io.grpc.stub.StreamObserver<io.heliosdb.hidb.proto.Probe> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getPingMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service ProbeService.
   */
  public static abstract class ProbeServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return ProbeServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service ProbeService.
   */
  public static final class ProbeServiceStub
      extends io.grpc.stub.AbstractAsyncStub<ProbeServiceStub> {
    private ProbeServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ProbeServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ProbeServiceStub(channel, callOptions);
    }

    /**
     */
    public void ping(io.heliosdb.hidb.proto.Probe request,
        io.grpc.stub.StreamObserver<io.heliosdb.hidb.proto.Probe> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getPingMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service ProbeService.
   */
  public static final class ProbeServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<ProbeServiceBlockingV2Stub> {
    private ProbeServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ProbeServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ProbeServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     */
    public io.heliosdb.hidb.proto.Probe ping(io.heliosdb.hidb.proto.Probe request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getPingMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service ProbeService.
   */
  public static final class ProbeServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<ProbeServiceBlockingStub> {
    private ProbeServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ProbeServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ProbeServiceBlockingStub(channel, callOptions);
    }

    /**
     */
    public io.heliosdb.hidb.proto.Probe ping(io.heliosdb.hidb.proto.Probe request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getPingMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service ProbeService.
   */
  public static final class ProbeServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<ProbeServiceFutureStub> {
    private ProbeServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected ProbeServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new ProbeServiceFutureStub(channel, callOptions);
    }

    /**
     */
    public com.google.common.util.concurrent.ListenableFuture<io.heliosdb.hidb.proto.Probe> ping(
        io.heliosdb.hidb.proto.Probe request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getPingMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_PING = 0;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AsyncService serviceImpl;
    private final int methodId;

    MethodHandlers(AsyncService serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_PING:
          serviceImpl.ping((io.heliosdb.hidb.proto.Probe) request,
              (io.grpc.stub.StreamObserver<io.heliosdb.hidb.proto.Probe>) responseObserver);
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

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getPingMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              io.heliosdb.hidb.proto.Probe,
              io.heliosdb.hidb.proto.Probe>(
                service, METHODID_PING)))
        .build();
  }

  private static abstract class ProbeServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    ProbeServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return io.heliosdb.hidb.proto.ProbeOuterClass.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("ProbeService");
    }
  }

  private static final class ProbeServiceFileDescriptorSupplier
      extends ProbeServiceBaseDescriptorSupplier {
    ProbeServiceFileDescriptorSupplier() {}
  }

  private static final class ProbeServiceMethodDescriptorSupplier
      extends ProbeServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    ProbeServiceMethodDescriptorSupplier(java.lang.String methodName) {
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
      synchronized (ProbeServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new ProbeServiceFileDescriptorSupplier())
              .addMethod(getPingMethod())
              .build();
        }
      }
    }
    return result;
  }
}
