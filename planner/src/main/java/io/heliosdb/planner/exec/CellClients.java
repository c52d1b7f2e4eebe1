package io.heliosdb.planner.exec;

import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.GetRequest;
import io.heliosdb.hidb.proto.GetResponse;
import io.heliosdb.hidb.proto.StorageCellGrpc;
import io.heliosdb.metadata.CellDescriptor;
import io.heliosdb.metadata.Catalog;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * gRPC stubs per cell, created lazily from the addresses the catalog holds. Cells running in this
 * JVM (the embedded node) can also be registered as local services: the point-read hot path then
 * hands the same HIDB request object straight to the service, skipping gRPC's per-call stream
 * machinery, which profiles showed costs more than the RocksDB read itself.
 */
public final class CellClients {
  private final Function<String, Channel> channelForAddress;
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();
  private final Map<String, StorageCellGrpc.AsyncService> localServices = new ConcurrentHashMap<>();

  public CellClients(Function<String, Channel> channelForAddress) {
    this.channelForAddress = channelForAddress;
  }

  /** Calls to {@code address} go straight to {@code service}, which runs in this JVM. */
  public void registerLocal(String address, StorageCellGrpc.AsyncService service) {
    localServices.put(address, service);
  }

  private CellDescriptor cell(Catalog catalog, String cellId) {
    CellDescriptor cell = catalog.cells().get(cellId);
    if (cell == null) {
      throw new HeliosException(ErrorCode.UNAVAILABLE, "storage cell " + cellId + " is not registered");
    }
    return cell;
  }

  private Channel channel(Catalog catalog, String cellId) {
    return channels.computeIfAbsent(cell(catalog, cellId).address(), channelForAddress);
  }

  /** A point read: in-JVM cells answer on the calling thread, remote ones over gRPC. */
  public GetResponse get(Catalog catalog, String cellId, GetRequest request) {
    StorageCellGrpc.AsyncService local = localServices.get(cell(catalog, cellId).address());
    if (local == null) {
      return blocking(catalog, cellId).get(request);
    }
    UnaryAnswer<GetResponse> answer = new UnaryAnswer<>();
    local.get(request, answer);
    return answer.value(cellId);
  }

  /**
   * Receives a unary answer from a service that replies before returning, as the cell service does
   * for reads; anything else is a bug in the service and fails loudly rather than hanging.
   */
  private static final class UnaryAnswer<T> implements StreamObserver<T> {
    private T value;
    private Throwable error;

    @Override
    public void onNext(T v) {
      value = v;
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {}

    T value(String cellId) {
      if (error instanceof StatusRuntimeException e) {
        throw e;
      }
      if (error != null) {
        throw new HeliosException(ErrorCode.INTERNAL_ERROR, "storage cell " + cellId + " failed: " + error);
      }
      if (value == null) {
        throw new HeliosException(ErrorCode.INTERNAL_ERROR, "storage cell " + cellId + " did not answer inline");
      }
      return value;
    }
  }

  public StorageCellGrpc.StorageCellBlockingStub blocking(Catalog catalog, String cellId) {
    return StorageCellGrpc.newBlockingStub(channel(catalog, cellId));
  }

  public StorageCellGrpc.StorageCellFutureStub future(Catalog catalog, String cellId) {
    return StorageCellGrpc.newFutureStub(channel(catalog, cellId));
  }
}
