package io.heliosdb.storage.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.AbortTxnRequest;
import io.heliosdb.hidb.proto.AdminResult;
import io.heliosdb.hidb.proto.BeginTxnRequest;
import io.heliosdb.hidb.proto.CommitTxnRequest;
import io.heliosdb.hidb.proto.GetTxnStatusRequest;
import io.heliosdb.hidb.proto.HeartbeatTxnRequest;
import io.heliosdb.hidb.proto.ResolveIntentsRequest;
import io.heliosdb.hidb.proto.ResolveIntentsResult;
import io.heliosdb.hidb.proto.TxnRecordResult;
import io.heliosdb.hidb.proto.CellStats;
import io.heliosdb.hidb.proto.CellStatsRequest;
import io.heliosdb.hidb.proto.CreateTableShardsRequest;
import io.heliosdb.hidb.proto.DropTableShardsRequest;
import io.heliosdb.hidb.proto.FilteredResultSet;
import io.heliosdb.hidb.proto.GetRequest;
import io.heliosdb.hidb.proto.GetResponse;
import io.heliosdb.hidb.proto.PredicatePushdownRequest;
import io.heliosdb.hidb.proto.ReplicationAck;
import io.heliosdb.hidb.proto.ReplicationDataStream;
import io.heliosdb.hidb.proto.Status;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.StorageCellGrpc;
import io.heliosdb.hidb.proto.VectorSearchRequest;
import io.heliosdb.hidb.proto.VectorSearchResult;
import io.heliosdb.hidb.proto.WriteBatch;
import io.heliosdb.hidb.proto.WriteResult;
import io.heliosdb.storage.engine.CellEngine;
import io.heliosdb.storage.engine.RowKeys;
import io.heliosdb.storage.engine.ServedTable;
import io.heliosdb.storage.scan.ScanCursor;
import io.heliosdb.storage.scan.ScanPlan;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * The HIDB StorageCell gRPC service of one cell. Every RPC checks the protocol version first and
 * answers errors in its response's Status (gRPC status codes only for transport-level conditions:
 * UNAVAILABLE while the cell closes, UNIMPLEMENTED for RPCs other issues serve).
 */
public final class StorageCellService extends StorageCellGrpc.StorageCellImplBase {
  private final CellEngine engine;
  private final ExecutorService scanExecutor;
  private final int defaultBatchRows;
  private final int maxBatchBytes;
  private final OpenCursors openCursors;

  public StorageCellService(CellEngine engine, ExecutorService scanExecutor, int defaultBatchRows,
      int maxBatchBytes, OpenCursors openCursors) {
    this.engine = engine;
    this.scanExecutor = scanExecutor;
    this.defaultBatchRows = defaultBatchRows;
    this.maxBatchBytes = maxBatchBytes;
    this.openCursors = openCursors;
  }

  @Override
  public void executePredicatePushdown(PredicatePushdownRequest request,
      StreamObserver<FilteredResultSet> responseObserver) {
    Function<Status, FilteredResultSet> failed =
        status -> FilteredResultSet.newBuilder().setStatus(status).setLast(true).build();
    if (!engine.gate().enter()) {
      unavailable(responseObserver);
      return;
    }
    ScanCursor cursor;
    try {
      Status protocol = HidbProtocol.check(request.getHeader());
      if (protocol.getCode() != StatusCode.OK) {
        answer(responseObserver, failed.apply(protocol));
        return;
      }
      Optional<ServedTable> table = engine.tables().find(request.getTableId());
      Status problem = table.isEmpty() ? unknownTable(request.getTableId())
          : checkTable(table.get(), request.getSchemaVersion(), request.getShardIdsList());
      if (problem != null) {
        answer(responseObserver, failed.apply(problem));
        return;
      }
      List<Integer> shards = request.getShardIdsCount() == 0
          ? List.copyOf(table.get().shards()) : request.getShardIdsList();
      try {
        ScanPlan plan = ScanPlan.of(table.get(), request, defaultBatchRows, maxBatchBytes);
        // Before the cursor takes its RocksDB snapshot (ADR 0007, read watermark).
        engine.txns().watermark().observe(plan.snapshotTs());
        cursor = ScanCursor.open(engine.store(), engine.counters(), plan, shards, request.getRangesList(),
            engine.txns().overlay(request.getTxnId(), plan.snapshotTs()));
      } catch (HeliosException e) {
        // The predicate or aggregate does not fit the table: nothing was opened yet.
        answer(responseObserver, failed.apply(Statuses.of(StatusCode.INVALID_REQUEST, e)));
        return;
      }
      openCursors.add(cursor);
    } finally {
      engine.gate().exit();
    }
    new ScanStream((ServerCallStreamObserver<FilteredResultSet>) responseObserver, cursor, scanExecutor,
        openCursors).start();
  }

  @Override
  public void get(GetRequest request, StreamObserver<GetResponse> responseObserver) {
    if (!engine.gate().enter()) {
      unavailable(responseObserver);
      return;
    }
    try {
      Status protocol = HidbProtocol.check(request.getHeader());
      if (protocol.getCode() != StatusCode.OK) {
        answer(responseObserver, GetResponse.newBuilder().setStatus(protocol).build());
        return;
      }
      Optional<ServedTable> table = engine.tables().find(request.getTableId());
      Status problem = table.isEmpty() ? unknownTable(request.getTableId())
          : checkTable(table.get(), request.getSchemaVersion(), List.of(request.getShardId()));
      if (problem != null) {
        answer(responseObserver, GetResponse.newBuilder().setStatus(problem).build());
        return;
      }
      GetResponse response;
      try {
        engine.txns().watermark().observe(request.getSnapshotTs());
        long snapshotTs = request.getSnapshotTs() == 0 ? RowKeys.LATEST : request.getSnapshotTs();
        response = PointReads.get(engine.store(), engine.counters(), table.get(), request,
            engine.txns().overlay(request.getTxnId(), snapshotTs));
      } catch (HeliosException e) {
        response = GetResponse.newBuilder().setStatus(Statuses.of(StatusCode.INVALID_REQUEST, e)).build();
      }
      answer(responseObserver, response);
    } finally {
      engine.gate().exit();
    }
  }

  @Override
  public void write(WriteBatch request, StreamObserver<WriteResult> responseObserver) {
    if (!engine.gate().enter()) {
      unavailable(responseObserver);
      return;
    }
    try {
      Status protocol = HidbProtocol.check(request.getHeader());
      if (protocol.getCode() != StatusCode.OK) {
        answer(responseObserver, WriteResult.newBuilder().setStatus(protocol).setFailedMutation(-1).build());
        return;
      }
      Optional<ServedTable> table = engine.tables().find(request.getTableId());
      Status problem = table.isEmpty() ? unknownTable(request.getTableId())
          : checkTable(table.get(), request.getSchemaVersion(), List.of());
      if (problem != null) {
        answer(responseObserver, WriteResult.newBuilder().setStatus(problem).setFailedMutation(-1).build());
        return;
      }
      answer(responseObserver, request.hasTxn() ? engine.txns().writeIntents(table.get(), request)
          : engine.writer().write(table.get(), request));
    } finally {
      engine.gate().exit();
    }
  }

  @Override
  public void createTableShards(CreateTableShardsRequest request, StreamObserver<AdminResult> responseObserver) {
    admin(responseObserver, request.getHeader(), () -> {
      if (!request.hasLayout()) {
        return Statuses.of(StatusCode.INVALID_REQUEST, "CreateTableShards without a layout");
      }
      try {
        engine.tables().createShards(request.getLayout(), request.getShardIdsList());
      } catch (IllegalArgumentException e) {
        return Statuses.of(StatusCode.INVALID_REQUEST, e.getMessage());
      }
      return HidbProtocol.ok();
    });
  }

  @Override
  public void dropTableShards(DropTableShardsRequest request, StreamObserver<AdminResult> responseObserver) {
    admin(responseObserver, request.getHeader(), () -> {
      // Idempotent: dropping a table this cell does not know still clears any stray data.
      engine.tables().drop(request.getTableId());
      engine.txns().tableDropped(request.getTableId()); // after the DeleteRange is written (ADR 0021)
      return HidbProtocol.ok();
    });
  }

  @Override
  public void stats(CellStatsRequest request, StreamObserver<CellStats> responseObserver) {
    Status protocol = HidbProtocol.check(request.getHeader());
    if (protocol.getCode() != StatusCode.OK) {
      answer(responseObserver, CellStats.newBuilder().setStatus(protocol).setCellId(engine.cellId()).build());
      return;
    }
    answer(responseObserver, engine.stats());
  }

  @Override
  public void executeVectorSearch(VectorSearchRequest request, StreamObserver<VectorSearchResult> responseObserver) {
    responseObserver.onError(io.grpc.Status.UNIMPLEMENTED
        .withDescription("ExecuteVectorSearch is served by the vector engine issue (HNSW/IVF indexes on"
            + " cells); this cell does not implement it yet")
        .asRuntimeException());
  }

  @Override
  public StreamObserver<ReplicationDataStream> replicate(StreamObserver<ReplicationAck> responseObserver) {
    responseObserver.onError(io.grpc.Status.UNIMPLEMENTED
        .withDescription("Replicate is served by the mirror replication issue (primary -> mirror"
            + " shipping); this cell does not implement it yet")
        .asRuntimeException());
    return new StreamObserver<>() {
      @Override
      public void onNext(ReplicationDataStream value) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }

  @Override
  public void beginTxn(BeginTxnRequest request, StreamObserver<TxnRecordResult> responseObserver) {
    txnRecord(responseObserver, request.getHeader(), () -> engine.txns().begin(request.getTxn()));
  }

  @Override
  public void getTxnStatus(GetTxnStatusRequest request, StreamObserver<TxnRecordResult> responseObserver) {
    if (request.getWaitMillis() > 0 && request.getPushMinCommitTs() == 0 && !request.getDecideStaging()) {
      awaitDecision(request, responseObserver);
      return;
    }
    txnRecord(responseObserver, request.getHeader(), () -> engine.txns().status(request.getTxnId(),
        request.getPushMinCommitTs(), request.getAbortIfExpired(), request.getDecideStaging()));
  }

  @Override
  public void heartbeatTxn(HeartbeatTxnRequest request, StreamObserver<TxnRecordResult> responseObserver) {
    txnRecord(responseObserver, request.getHeader(), () -> engine.txns().heartbeat(request.getTxnId()));
  }

  @Override
  public void commitTxn(CommitTxnRequest request, StreamObserver<TxnRecordResult> responseObserver) {
    txnRecord(responseObserver, request.getHeader(),
        () -> engine.txns().commit(request));
  }

  @Override
  public void prepareTxn(io.heliosdb.hidb.proto.PrepareTxnRequest request,
      StreamObserver<io.heliosdb.hidb.proto.PrepareTxnResult> responseObserver) {
    gated(responseObserver, request.getHeader(), () -> engine.txns().prepare(request),
        status -> io.heliosdb.hidb.proto.PrepareTxnResult.newBuilder().setStatus(status).build());
  }

  @Override
  public void abortTxn(AbortTxnRequest request, StreamObserver<TxnRecordResult> responseObserver) {
    txnRecord(responseObserver, request.getHeader(), () -> engine.txns().abort(request.getTxnId()));
  }

  @Override
  public void resolveIntents(ResolveIntentsRequest request, StreamObserver<ResolveIntentsResult> responseObserver) {
    gated(responseObserver, request.getHeader(), () -> engine.txns().resolve(request),
        status -> ResolveIntentsResult.newBuilder().setStatus(status).build());
  }

  /**
   * A lock wait: answered when the transaction is decided or after wait_millis, without holding a
   * thread or the gate while waiting.
   */
  private void awaitDecision(GetTxnStatusRequest request, StreamObserver<TxnRecordResult> observer) {
    if (!engine.gate().enter()) {
      unavailable(observer);
      return;
    }
    java.util.concurrent.CompletableFuture<TxnRecordResult> answer;
    try {
      Status protocol = HidbProtocol.check(request.getHeader());
      if (protocol.getCode() != StatusCode.OK) {
        answer(observer, TxnRecordResult.newBuilder().setStatus(protocol).build());
        return;
      }
      answer = engine.txns().awaitDecision(request.getTxnId(), request.getAbortIfExpired(), request.getWaitMillis());
    } catch (IllegalStateException e) {
      answer(observer, TxnRecordResult.newBuilder().setStatus(internal(e)).build());
      return;
    } finally {
      engine.gate().exit();
    }
    answer.whenComplete((result, failure) -> {
      if (failure != null) {
        answer(observer, TxnRecordResult.newBuilder().setStatus(internal(new IllegalStateException(failure))).build());
      } else {
        answer(observer, result);
      }
    });
  }

  @Override
  public void validateReads(io.heliosdb.hidb.proto.ValidateReadsRequest request,
      StreamObserver<io.heliosdb.hidb.proto.ValidateReadsResult> responseObserver) {
    gated(responseObserver, request.getHeader(), () -> engine.txns().validateReads(request),
        status -> io.heliosdb.hidb.proto.ValidateReadsResult.newBuilder().setStatus(status).build());
  }

  @Override
  public void collectGarbage(io.heliosdb.hidb.proto.CollectGarbageRequest request,
      StreamObserver<io.heliosdb.hidb.proto.CollectGarbageResult> responseObserver) {
    gated(responseObserver, request.getHeader(), () -> engine.txns().collectGarbage(request),
        status -> io.heliosdb.hidb.proto.CollectGarbageResult.newBuilder().setStatus(status).build());
  }

  @Override
  public void rollbackIntents(io.heliosdb.hidb.proto.RollbackIntentsRequest request,
      StreamObserver<ResolveIntentsResult> responseObserver) {
    gated(responseObserver, request.getHeader(), () -> engine.txns().rollback(request.getTxnId(), request.getFromSeq()),
        status -> ResolveIntentsResult.newBuilder().setStatus(status).build());
  }

  /** Runs a record RPC inside the gate; a storage failure answers INTERNAL and the cell stays up. */
  private void txnRecord(StreamObserver<TxnRecordResult> observer, io.heliosdb.hidb.proto.RequestHeader header,
      java.util.function.Supplier<TxnRecordResult> action) {
    gated(observer, header, action, status -> TxnRecordResult.newBuilder().setStatus(status).build());
  }

  /**
   * Runs a unary transaction RPC inside the gate: a bad header or a storage failure
   * (IllegalStateException) is answered as a result carrying that status, and the cell stays up.
   */
  private <T> void gated(StreamObserver<T> observer, io.heliosdb.hidb.proto.RequestHeader header,
      java.util.function.Supplier<T> action, java.util.function.Function<Status, T> withStatus) {
    if (!engine.gate().enter()) {
      unavailable(observer);
      return;
    }
    try {
      Status protocol = HidbProtocol.check(header);
      T result;
      try {
        result = protocol.getCode() != StatusCode.OK ? withStatus.apply(protocol) : action.get();
      } catch (IllegalStateException e) {
        result = withStatus.apply(internal(e));
      }
      answer(observer, result);
    } finally {
      engine.gate().exit();
    }
  }

  private static Status internal(RuntimeException e) {
    return Statuses.of(StatusCode.INTERNAL, io.heliosdb.hidb.error.ErrorCode.INTERNAL_ERROR, e.getMessage());
  }

  private void admin(StreamObserver<AdminResult> observer, io.heliosdb.hidb.proto.RequestHeader header,
      java.util.function.Supplier<Status> action) {
    if (!engine.gate().enter()) {
      unavailable(observer);
      return;
    }
    try {
      Status protocol = HidbProtocol.check(header);
      Status outcome = protocol.getCode() != StatusCode.OK ? protocol : action.get();
      answer(observer, AdminResult.newBuilder().setStatus(outcome).build());
    } finally {
      engine.gate().exit();
    }
  }

  /** Null when the request may proceed against this table, else the status to answer. */
  private static Status checkTable(ServedTable table, long requestSchemaVersion, List<Integer> shards) {
    // 0 means the sender does not track schema versions; anything else must match the cell's layout.
    if (requestSchemaVersion != 0 && requestSchemaVersion != table.schemaVersion()) {
      return Statuses.of(StatusCode.STALE_SCHEMA, "request uses schema version "
          + Long.toUnsignedString(requestSchemaVersion) + " of " + table.name() + ", the cell has "
          + Long.toUnsignedString(table.schemaVersion()));
    }
    for (int shard : shards) {
      if (!table.serves(shard)) {
        return Statuses.of(StatusCode.WRONG_SHARD,
            "shard " + shard + " of " + table.name() + " is not served by this cell");
      }
    }
    return null;
  }

  private static Status unknownTable(long tableId) {
    return Statuses.of(StatusCode.UNKNOWN_TABLE, io.heliosdb.hidb.error.ErrorCode.UNDEFINED_TABLE,
        "this cell serves no shards of table " + Long.toUnsignedString(tableId));
  }

  private static <T> void answer(StreamObserver<T> observer, T message) {
    observer.onNext(message);
    observer.onCompleted();
  }

  private static void unavailable(StreamObserver<?> observer) {
    observer.onError(io.grpc.Status.UNAVAILABLE.withDescription("storage cell is closed").asRuntimeException());
  }
}
