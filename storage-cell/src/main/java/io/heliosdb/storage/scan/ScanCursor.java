package io.heliosdb.storage.scan;

import com.google.protobuf.ByteString;
import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.expr.PartialAggregator;
import io.heliosdb.hidb.proto.FilteredResultSet;
import io.heliosdb.hidb.proto.KeyRange;
import io.heliosdb.hidb.proto.ScanStats;
import io.heliosdb.hidb.proto.Status;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.storage.engine.CellCounters;
import io.heliosdb.storage.engine.CellStore;
import io.heliosdb.storage.txn.IntentOverlay;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Turns one scan into FilteredResultSet batches on demand, so the sender can stop pulling when the
 * consumer is slow and nothing but the current batch is buffered. The first batch carries the
 * output types, the last one {@code last = true} and the request's ScanStats. An expression error
 * ends the stream with a last batch holding EVALUATION_ERROR (any other failure: INTERNAL).
 *
 * <p>Calls are serialized by the cursor's monitor; {@link #close()} may come from another thread
 * (cell shutdown, cancellation) and releases the RocksDB snapshot and iterators.
 */
public final class ScanCursor implements AutoCloseable {
  private final ScanPlan plan;
  private final CellCounters counters;
  private final VisibleRows rows;
  private final PartialAggregator aggregator;
  private final List<DataType> columnTypes;
  private final List<DataType> outputTypes;
  private final boolean passThrough;
  /** Sorted columns the predicate reads, and a reused row (indexed by table column) to decode them into. */
  private final int[] predicateColumns;
  private final Object[] scratch;

  private Iterator<Object[]> aggregateResults;
  private boolean firstSent;
  private boolean finished;
  private boolean closed;
  private long rowsReturned;
  private long bytesReturned;
  private long reportedRowsScanned;
  private long reportedBytesScanned;

  private ScanCursor(ScanPlan plan, CellCounters counters, VisibleRows rows, PartialAggregator aggregator,
      List<DataType> outputTypes) {
    this.plan = plan;
    this.aggregator = aggregator;
    this.counters = counters;
    this.rows = rows;
    this.columnTypes = plan.table().columnTypes();
    this.outputTypes = outputTypes;
    this.passThrough = plan.aggregate() == null && plan.passesRowsThrough();
    this.predicateColumns = plan.predicate() == null ? new int[0] : plan.predicate().referencedColumns();
    this.scratch = new Object[columnTypes.size()];
  }

  /**
   * Opens a cursor over the given shards (each fully, or over each range) at one RocksDB snapshot.
   */
  public static ScanCursor open(CellStore store, CellCounters counters, ScanPlan plan, List<Integer> shardIds,
      List<KeyRange> ranges) {
    return open(store, counters, plan, shardIds, ranges, null);
  }

  /** As above, merging a transaction's view of write intents when {@code overlay} is not null. */
  public static ScanCursor open(CellStore store, CellCounters counters, ScanPlan plan, List<Integer> shardIds,
      List<KeyRange> ranges, IntentOverlay overlay) {
    List<VisibleRows.Segment> segments = new ArrayList<>();
    for (int shard : shardIds) {
      if (ranges.isEmpty()) {
        segments.add(new VisibleRows.Segment(shard, null));
      } else {
        ranges.forEach(range -> segments.add(new VisibleRows.Segment(shard, range)));
      }
    }
    PartialAggregator aggregator = plan.aggregate() == null ? null
        : new PartialAggregator(plan.aggregate(), plan.table().columnTypes());
    List<DataType> outputTypes = aggregator == null ? plan.projectedTypes() : aggregator.outputTypes();
    VisibleRows rows = new VisibleRows(store, plan.table().tableId(), plan.snapshotTs(), segments, overlay);
    return new ScanCursor(plan, counters, rows, aggregator, outputTypes);
  }

  public List<DataType> outputTypes() {
    return outputTypes;
  }

  /** Whether the last batch has been produced (or the cursor was closed). */
  public synchronized boolean isFinished() {
    return finished || closed;
  }

  /** Produces the next batch; the one with {@code last = true} finishes the cursor. */
  public synchronized FilteredResultSet nextBatch() {
    if (closed) {
      throw new IllegalStateException("scan cursor is closed (cell shutting down or call cancelled)");
    }
    if (finished) {
      throw new IllegalStateException("scan cursor already finished");
    }
    FilteredResultSet.Builder batch = FilteredResultSet.newBuilder().setStatus(Status.newBuilder().setCode(StatusCode.OK));
    if (!firstSent) {
      outputTypes.forEach(t -> batch.addOutputTypes(t.toSpec()));
      firstSent = true;
    }
    try {
      boolean exhausted = plan.aggregate() == null ? fillRows(batch) : fillAggregates(batch);
      if (exhausted) {
        finish(batch);
      }
    } catch (HeliosException e) {
      batch.clearRows().clearKeys();
      batch.setStatus(Status.newBuilder().setCode(StatusCode.EVALUATION_ERROR)
          .setMessage(e.getMessage()).setErrorCode(e.code().name()));
      finish(batch);
    } catch (RuntimeException e) {
      // A storage failure or a bug: still end the stream in HIDB terms so compute can report it.
      batch.clearRows().clearKeys();
      batch.setStatus(Status.newBuilder().setCode(StatusCode.INTERNAL)
          .setMessage("scan failed: " + e).setErrorCode(ErrorCode.INTERNAL_ERROR.name()));
      finish(batch);
    }
    reportScanned();
    return batch.build();
  }

  private boolean fillRows(FilteredResultSet.Builder batch) {
    int batchBytes = 0;
    int count = 0;
    while (count < plan.batchRows() && batchBytes < plan.maxBatchBytes()) {
      if (plan.limit() > 0 && rowsReturned >= plan.limit()) {
        return true;
      }
      if (!rows.next()) {
        return true;
      }
      byte[] out;
      if (passThrough) {
        out = rows.rowBytes();
      } else {
        // Late materialization: decode only what the predicate reads; rows that pass are
        // projected by copying their value bytes, never decoded into Java values.
        byte[] stored = rows.rowBytes();
        if (plan.predicate() != null) {
          RowCodec.decodeInto(columnTypes, stored, predicateColumns, scratch);
          if (!plan.predicate().test(scratch)) {
            continue;
          }
        }
        out = RowCodec.project(columnTypes, stored, plan.projection());
      }
      batch.addRows(ByteString.copyFrom(out));
      int size = out.length;
      if (plan.includeKeys()) {
        byte[] key = rows.primaryKey();
        batch.addKeys(ByteString.copyFrom(key));
        size += key.length;
      }
      count++;
      batchBytes += size;
      rowsReturned++;
      bytesReturned += size;
      counters.returned(1, size);
    }
    return plan.limit() > 0 && rowsReturned >= plan.limit();
  }

  private boolean fillAggregates(FilteredResultSet.Builder batch) {
    if (aggregateResults == null) {
      int[] needed = plan.neededColumns();
      while (rows.next()) {
        RowCodec.decodeInto(columnTypes, rows.rowBytes(), needed, scratch);
        if (plan.predicate() == null || plan.predicate().test(scratch)) {
          aggregator.add(scratch);
        }
      }
      aggregateResults = aggregator.results();
    }
    int count = 0;
    int batchBytes = 0;
    while (count < plan.batchRows() && batchBytes < plan.maxBatchBytes() && aggregateResults.hasNext()) {
      byte[] out = RowCodec.encode(outputTypes, aggregateResults.next());
      batch.addRows(ByteString.copyFrom(out));
      count++;
      batchBytes += out.length;
      rowsReturned++;
      bytesReturned += out.length;
      counters.returned(1, out.length);
    }
    return !aggregateResults.hasNext();
  }

  private void finish(FilteredResultSet.Builder batch) {
    finished = true;
    batch.setLast(true).setStats(ScanStats.newBuilder()
        .setRowsScanned(rows.rowsScanned())
        .setBytesScanned(rows.bytesScanned())
        .setRowsReturned(rowsReturned)
        .setBytesReturned(bytesReturned));
    rows.close();
  }

  private void reportScanned() {
    counters.scanned(rows.rowsScanned() - reportedRowsScanned, rows.bytesScanned() - reportedBytesScanned);
    reportedRowsScanned = rows.rowsScanned();
    reportedBytesScanned = rows.bytesScanned();
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      rows.close();
    }
  }
}
