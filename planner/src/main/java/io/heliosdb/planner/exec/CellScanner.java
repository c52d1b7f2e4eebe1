package io.heliosdb.planner.exec;

import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.DataTypeSpec;
import io.heliosdb.hidb.proto.FilteredResultSet;
import io.heliosdb.hidb.proto.GetRequest;
import io.heliosdb.hidb.proto.GetResponse;
import io.heliosdb.hidb.proto.PredicatePushdownRequest;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.sharding.ShardHash;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.TableDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a {@link ScanRequest} on the cells: point keys go to the one shard that owns each key (one
 * Get per cell); everything else fans out one streaming PredicatePushdownRequest per cell, all
 * started at once so the cells work in parallel, and the batches are read in turn with gRPC flow
 * control (a cell is never asked to buffer more than the stream window).
 */
public final class CellScanner {
  private static final int BATCH_ROWS = 1024;

  private final CellClients cells;
  private final ShardManager shards;

  public CellScanner(CellClients cells, ShardManager shards) {
    this.cells = cells;
    this.shards = shards;
  }

  /** Told of every transactional scan (SERIALIZABLE read sets, ADR 0008). */
  private volatile java.util.function.BiConsumer<Long, ScanRequest> readTracker;

  public void trackReads(java.util.function.BiConsumer<Long, ScanRequest> tracker) {
    this.readTracker = tracker;
  }

  public RowStream scan(Catalog catalog, ScanRequest request, long snapshotTs, ScanStatsSink stats) {
    return scan(catalog, request, snapshotTs, 0, stats);
  }

  /**
   * Runs the scan at {@code snapshotTs}; with a nonzero {@code txnId} the cells read as that
   * transaction (its own write intents are visible, committed-but-unresolved ones too).
   */
  public RowStream scan(Catalog catalog, ScanRequest request, long snapshotTs, long txnId, ScanStatsSink stats) {
    java.util.function.BiConsumer<Long, ScanRequest> tracker = readTracker;
    if (txnId != 0 && tracker != null) {
      tracker.accept(txnId, request);
    }
    if (request.pointKeys() != null) {
      return pointLookup(catalog, request, snapshotTs, txnId, stats);
    }
    return fanOut(catalog, request, snapshotTs, txnId, stats);
  }

  private List<DataType> projectedTypes(TableDescriptor table, int[] projection) {
    List<DataType> types = new ArrayList<>(projection.length);
    for (int c : projection) {
      types.add(table.columns().get(c).type());
    }
    return types;
  }

  private RowStream pointLookup(Catalog catalog, ScanRequest request, long snapshotTs, long txnId,
      ScanStatsSink stats) {
    TableDescriptor table = request.table();
    Map<Integer, List<byte[]>> keysByShard = new TreeMap<>();
    for (byte[] key : request.pointKeys()) {
      keysByShard.computeIfAbsent(ShardHash.shardOf(key, table.virtualShards()), s -> new ArrayList<>()).add(key);
    }
    List<DataType> types = projectedTypes(table, request.projection());
    List<Object[]> rows = new ArrayList<>();
    List<byte[]> keys = new ArrayList<>();
    for (Map.Entry<Integer, List<byte[]>> e : keysByShard.entrySet()) {
      String cellId = table.shardToCell().get(e.getKey());
      GetRequest.Builder get = GetRequest.newBuilder()
          .setHeader(HidbProtocol.header())
          .setTableId(table.tableId())
          .setSchemaVersion(table.schemaVersion())
          .setShardId(e.getKey())
          .setSnapshotTs(snapshotTs)
          .setTxnId(txnId);
      for (byte[] k : e.getValue()) {
        get.addKeys(com.google.protobuf.ByteString.copyFrom(k));
      }
      for (int c : request.projection()) {
        get.addProjection(c);
      }
      GetResponse response = callGet(catalog, table, cellId, get.build());
      long bytes = 0;
      for (int i = 0; i < response.getFoundCount(); i++) {
        if (response.getFound(i)) {
          byte[] row = response.getRows(i).toByteArray();
          bytes += row.length;
          rows.add(RowCodec.decode(types, row));
          keys.add(e.getValue().get(i));
        }
      }
      stats.record(e.getValue().size(), bytes, rows.size(), bytes);
    }
    Iterator<Object[]> it = rows.iterator();
    Iterator<byte[]> kit = keys.iterator();
    return new RowStream() {
      byte[] key;

      @Override
      public Object[] next() {
        if (!it.hasNext()) {
          return null;
        }
        key = kit.next();
        return it.next();
      }

      @Override
      public byte[] key() {
        return key;
      }

      @Override
      public void close() {}
    };
  }

  private GetResponse callGet(Catalog catalog, TableDescriptor table, String cellId, GetRequest request) {
    for (int attempt = 0; ; attempt++) {
      GetResponse response;
      try {
        response = cells.get(catalog, cellId, request);
      } catch (StatusRuntimeException e) {
        throw new HeliosException(ErrorCode.UNAVAILABLE, "storage cell " + cellId + " failed: " + e.getStatus());
      }
      if (response.getStatus().getCode() == StatusCode.UNKNOWN_TABLE && attempt == 0) {
        shards.createShardsOn(catalog, table, cellId);
        continue;
      }
      if (!CellStatus.isOk(response.getStatus())) {
        throw CellStatus.toException(response.getStatus(), table.name());
      }
      return response;
    }
  }

  private RowStream fanOut(Catalog catalog, ScanRequest request, long snapshotTs, long txnId, ScanStatsSink stats) {
    TableDescriptor table = request.table();
    Map<String, List<Integer>> byCell = ShardManager.shardsByCell(table);
    Context.CancellableContext context = Context.current().withCancellation();
    List<CellStream> streams = new ArrayList<>();
    Context previous = context.attach();
    try {
      for (Map.Entry<String, List<Integer>> e : byCell.entrySet()) {
        PredicatePushdownRequest.Builder b = PredicatePushdownRequest.newBuilder()
            .setHeader(HidbProtocol.header())
            .setTableId(table.tableId())
            .setSchemaVersion(table.schemaVersion())
            .addAllShardIds(e.getValue())
            .addAllRanges(request.ranges())
            .setSnapshotTs(snapshotTs)
            .setTxnId(txnId)
            .setBatchRows(BATCH_ROWS)
            .setLimit(request.aggregate() == null ? request.limit() : 0)
            .setIncludeKeys(request.includeKeys());
        if (request.predicate() != null) {
          b.setPredicate(request.predicate());
        }
        if (request.aggregate() != null) {
          b.setAggregate(request.aggregate());
        } else {
          for (int c : request.projection()) {
            b.addProjection(c);
          }
        }
        streams.add(new CellStream(catalog, table, e.getKey(), b.build()));
      }
    } finally {
      context.detach(previous);
    }
    return new FanOutStream(streams, context, stats, table.name());
  }

  /** One cell's streamed answer; started eagerly so all cells scan in parallel. */
  private final class CellStream {
    final Catalog catalog;
    final TableDescriptor table;
    final String cellId;
    final PredicatePushdownRequest request;
    Iterator<FilteredResultSet> batches;

    CellStream(Catalog catalog, TableDescriptor table, String cellId, PredicatePushdownRequest request) {
      this.catalog = catalog;
      this.table = table;
      this.cellId = cellId;
      this.request = request;
      start();
    }

    void start() {
      batches = cells.blocking(catalog, cellId).executePredicatePushdown(request);
    }
  }

  private final class FanOutStream implements RowStream {
    private final List<CellStream> streams;
    private final Context.CancellableContext context;
    private final ScanStatsSink stats;
    private final String tableName;
    private int current;
    private List<DataType> types;
    private FilteredResultSet batch;
    private int index;
    private byte[] key;
    private boolean retried;

    FanOutStream(List<CellStream> streams, Context.CancellableContext context, ScanStatsSink stats, String tableName) {
      this.streams = streams;
      this.context = context;
      this.stats = stats;
      this.tableName = tableName;
    }

    @Override
    public Object[] next() {
      while (true) {
        if (batch != null && index < batch.getRowsCount()) {
          int i = index++;
          key = batch.getKeysCount() > i ? batch.getKeys(i).toByteArray() : null;
          return RowCodec.decode(types, batch.getRows(i).toByteArray());
        }
        if (current >= streams.size()) {
          return null;
        }
        CellStream stream = streams.get(current);
        FilteredResultSet next;
        try {
          if (!stream.batches.hasNext()) {
            current++;
            types = null;
            batch = null;
            continue;
          }
          next = stream.batches.next();
        } catch (StatusRuntimeException e) {
          close();
          if (e.getStatus().getCode() == io.grpc.Status.Code.CANCELLED) {
            throw new HeliosException(ErrorCode.QUERY_CANCELED, "canceling statement due to user request");
          }
          throw new HeliosException(ErrorCode.UNAVAILABLE, "storage cell " + stream.cellId + " failed: " + e.getStatus());
        }
        if (next.getStatus().getCode() == StatusCode.UNKNOWN_TABLE && !retried) {
          // The cell missed the CREATE (e.g. it was down): heal it and rescan; it held no rows.
          retried = true;
          shards.createShardsOn(stream.catalog, stream.table, stream.cellId);
          Context previous = context.attach();
          try {
            stream.start();
          } finally {
            context.detach(previous);
          }
          continue;
        }
        if (!CellStatus.isOk(next.getStatus())) {
          close();
          throw CellStatus.toException(next.getStatus(), tableName);
        }
        if (next.getOutputTypesCount() > 0) {
          types = new ArrayList<>(next.getOutputTypesCount());
          for (DataTypeSpec spec : next.getOutputTypesList()) {
            types.add(DataType.fromSpec(spec));
          }
        }
        if (next.hasStats() && next.getLast()) {
          stats.record(next.getStats().getRowsScanned(), next.getStats().getBytesScanned(),
              next.getStats().getRowsReturned(), next.getStats().getBytesReturned());
        }
        batch = next;
        index = 0;
      }
    }

    @Override
    public byte[] key() {
      return key;
    }

    @Override
    public void close() {
      context.cancel(null);
    }
  }
}
