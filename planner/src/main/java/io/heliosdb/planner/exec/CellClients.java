package io.heliosdb.planner.exec;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.BeginTxnRequest;
import io.heliosdb.hidb.proto.CommitTxnRequest;
import io.heliosdb.hidb.proto.GetRequest;
import io.heliosdb.hidb.proto.GetResponse;
import io.heliosdb.hidb.proto.ResolveIntentsRequest;
import io.heliosdb.hidb.proto.ResolveIntentsResult;
import io.heliosdb.hidb.proto.RollbackIntentsRequest;
import io.heliosdb.hidb.proto.TxnRecordResult;
import io.heliosdb.hidb.proto.WriteBatch;
import io.heliosdb.hidb.proto.WriteResult;
import io.heliosdb.hidb.proto.StorageCellGrpc;
import io.heliosdb.metadata.CellDescriptor;
import io.heliosdb.metadata.Catalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * gRPC stubs per cell, created lazily from the addresses the catalog holds. Cells running in this
 * JVM (the embedded node) can also be registered as local services: the point-read hot path then
 * hands the same HIDB request object straight to the service, skipping gRPC's per-call stream
 * machinery, which profiles showed costs more than the RocksDB read itself. Writes and the
 * transaction calls of every statement take the same short cut; the calls that wait on a WAL sync
 * in parallel on several cells (PrepareTxn) and the rare ones keep the gRPC stubs.
 */
public final class CellClients {
  private final Function<String, Channel> channelForAddress;
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();
  private final Map<String, StorageCellGrpc.AsyncService> localServices = new ConcurrentHashMap<>();
  /**
   * Runs in-JVM cells' write batches beside the statement thread when a statement writes to several
   * cells: a call to a local service runs on the calling thread, so without it a 1000-row INSERT
   * over two cells wrote them one after the other while the other core idled. When all its threads
   * are busy the caller runs the batch itself (no queue, no unbounded wait).
   */
  private final ThreadPoolExecutor overlapPool;

  /** Batches smaller than this are not worth a thread hand-off (tens of microseconds). */
  static final int OVERLAP_MIN_MUTATIONS = 64;

  public CellClients(Function<String, Channel> channelForAddress) {
    this.channelForAddress = channelForAddress;
    AtomicInteger threadNumber = new AtomicInteger();
    this.overlapPool = new ThreadPoolExecutor(0, Math.max(2, Runtime.getRuntime().availableProcessors()),
        30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "heliosdb-cell-write-" + threadNumber.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
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

  /** Whether calls to the cell go straight to a service in this JVM (no network round trip). */
  public boolean isLocal(Catalog catalog, String cellId) {
    return localServices.containsKey(cell(catalog, cellId).address());
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

  /** A write batch, answered as a future so that writes to several cells can overlap. */
  public ListenableFuture<WriteResult> write(Catalog catalog, String cellId, WriteBatch batch) {
    StorageCellGrpc.AsyncService local = localServices.get(cell(catalog, cellId).address());
    return local == null ? future(catalog, cellId).write(batch) : answered(o -> local.write(batch, o));
  }

  /**
   * One write batch per cell ({@code batches} parallel to {@code cellIds}), answered as futures in
   * the same order. Batches for in-JVM cells overlap: all but the last large one run on the overlap
   * pool while the calling thread runs the last; remote cells are asked over gRPC as in {@link #write}.
   */
  public List<ListenableFuture<WriteResult>> writeAll(Catalog catalog, List<String> cellIds, List<WriteBatch> batches) {
    List<ListenableFuture<WriteResult>> futures = new ArrayList<>(cellIds.size());
    int lastLocal = -1;
    for (int i = 0; i < cellIds.size(); i++) {
      if (localServices.containsKey(cell(catalog, cellIds.get(i)).address())) {
        lastLocal = i;
      }
    }
    for (int i = 0; i < cellIds.size(); i++) {
      StorageCellGrpc.AsyncService local = localServices.get(cell(catalog, cellIds.get(i)).address());
      WriteBatch batch = batches.get(i);
      if (local == null) {
        futures.add(future(catalog, cellIds.get(i)).write(batch));
      } else if (i != lastLocal && batch.getMutationsCount() >= OVERLAP_MIN_MUTATIONS) {
        SettableFuture<WriteResult> answer = SettableFuture.create();
        overlapPool.execute(() -> {
          try {
            answer.setFuture(answered(o -> local.write(batch, o)));
          } catch (RuntimeException | Error e) {
            answer.setException(e);
          }
        });
        futures.add(answer);
      } else {
        futures.add(answered(o -> local.write(batch, o)));
      }
    }
    return futures;
  }

  public ListenableFuture<ResolveIntentsResult> rollbackIntents(Catalog catalog, String cellId,
      RollbackIntentsRequest request) {
    StorageCellGrpc.AsyncService local = localServices.get(cell(catalog, cellId).address());
    return local == null ? future(catalog, cellId).rollbackIntents(request)
        : answered(o -> local.rollbackIntents(request, o));
  }

  public TxnRecordResult beginTxn(Catalog catalog, String cellId, BeginTxnRequest request) {
    return unary(catalog, cellId, (cell, o) -> cell.beginTxn(request, o), stub -> stub.beginTxn(request));
  }

  public TxnRecordResult commitTxn(Catalog catalog, String cellId, CommitTxnRequest request) {
    return unary(catalog, cellId, (cell, o) -> cell.commitTxn(request, o), stub -> stub.commitTxn(request));
  }

  public io.heliosdb.hidb.proto.PrepareTxnResult prepareTxn(Catalog catalog, String cellId,
      io.heliosdb.hidb.proto.PrepareTxnRequest request) {
    return unary(catalog, cellId, (cell, o) -> cell.prepareTxn(request, o), stub -> stub.prepareTxn(request));
  }

  public ResolveIntentsResult resolveIntents(Catalog catalog, String cellId, ResolveIntentsRequest request) {
    return unary(catalog, cellId, (cell, o) -> cell.resolveIntents(request, o), stub -> stub.resolveIntents(request));
  }

  /** A blocking unary call: on the in-JVM service when the cell lives here (no gRPC), else over the channel. */
  private <T> T unary(Catalog catalog, String cellId, BiConsumer<StorageCellGrpc.AsyncService, StreamObserver<T>> inJvm,
      Function<StorageCellGrpc.StorageCellBlockingStub, T> overGrpc) {
    StorageCellGrpc.AsyncService local = localServices.get(cell(catalog, cellId).address());
    return local == null ? overGrpc.apply(blocking(catalog, cellId)) : valueOf(answered(o -> inJvm.accept(local, o)), cellId);
  }

  /** The answer of an in-JVM service call; the cell service answers before it returns. */
  private static <T> ListenableFuture<T> answered(Consumer<StreamObserver<T>> call) {
    SettableFuture<T> answer = SettableFuture.create();
    call.accept(new StreamObserver<T>() {
      @Override
      public void onNext(T value) {
        answer.set(value);
      }

      @Override
      public void onError(Throwable t) {
        answer.setException(t);
      }

      @Override
      public void onCompleted() {}
    });
    return answer;
  }

  /** What a blocking stub would return or throw for the same answer. */
  private static <T> T valueOf(ListenableFuture<T> answer, String cellId) {
    try {
      return answer.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException s) {
        throw s;
      }
      throw new HeliosException(ErrorCode.INTERNAL_ERROR, "storage cell " + cellId + " failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeliosException(ErrorCode.QUERY_CANCELED, "interrupted while waiting for storage cell " + cellId);
    }
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
