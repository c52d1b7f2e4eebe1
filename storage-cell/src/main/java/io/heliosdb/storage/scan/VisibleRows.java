package io.heliosdb.storage.scan;

import io.heliosdb.hidb.proto.KeyRange;
import io.heliosdb.storage.engine.CellStore;
import io.heliosdb.storage.engine.RowKeys;
import io.heliosdb.storage.engine.RowVersion;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/**
 * Pull iterator over the live rows visible at one MVCC timestamp, segment after segment (a segment
 * is one key range of one shard), all read at one RocksDB snapshot so a request sees the same
 * state in every shard. Per primary key it picks the newest version with commit_ts <= snapshot_ts;
 * a tombstone there hides the key. Not thread-safe; owns native handles until {@link #close()}.
 */
final class VisibleRows implements AutoCloseable {
  /** One key range (or the whole shard when range is null) of one shard. */
  record Segment(int shardId, KeyRange range) {}

  private final CellStore store;
  private final long tableId;
  private final long snapshotTs;
  private final Snapshot snapshot;
  private final List<Segment> segments;
  private int nextSegment;

  private ReadOptions readOptions;
  private Slice upperBound;
  private RocksIterator iterator;

  private byte[] currentKey;
  private byte[] currentRow;
  private long rowsScanned;
  private long bytesScanned;
  private boolean closed;

  VisibleRows(CellStore store, long tableId, long snapshotTs, List<Segment> segments) {
    this.store = store;
    this.tableId = tableId;
    this.snapshotTs = snapshotTs;
    this.segments = List.copyOf(segments);
    this.snapshot = store.db().getSnapshot();
  }

  /** Moves to the next visible live row; false when every segment is exhausted. */
  boolean next() {
    while (true) {
      if (iterator == null) {
        if (nextSegment == segments.size()) {
          return false;
        }
        openSegment(segments.get(nextSegment++));
      }
      if (advanceInSegment()) {
        return true;
      }
      closeSegment();
    }
  }

  /** The memcomparable primary key of the current row (without table and shard prefix). */
  byte[] primaryKey() {
    return RowKeys.primaryKey(currentKey);
  }

  /** The row codec bytes of the current row. */
  byte[] rowBytes() {
    return currentRow;
  }

  /** Live visible rows produced so far. */
  long rowsScanned() {
    return rowsScanned;
  }

  /** Key and value bytes read from RocksDB so far, older and hidden versions included. */
  long bytesScanned() {
    return bytesScanned;
  }

  private boolean advanceInSegment() {
    RocksIterator it = iterator;
    if (currentKey != null && it.isValid()) {
      it.next();
    }
    byte[] resolvedKey = null;
    for (; it.isValid(); it.next()) {
      byte[] key = it.key();
      bytesScanned += key.length;
      if (resolvedKey != null && RowKeys.samePrimaryKey(key, resolvedKey)) {
        continue; // an older version of a key already decided
      }
      if (Long.compareUnsigned(RowKeys.commitTs(key), snapshotTs) > 0) {
        continue; // written after the snapshot
      }
      if (currentKey != null && RowKeys.samePrimaryKey(key, currentKey)) {
        continue; // older version of the row returned last time
      }
      byte[] value = it.value();
      bytesScanned += value.length;
      resolvedKey = key;
      if (RowVersion.isLive(value)) {
        currentKey = key;
        currentRow = RowVersion.rowBytes(value);
        rowsScanned++;
        return true;
      }
    }
    checkStatus(it);
    return false;
  }

  private void openSegment(Segment segment) {
    byte[] shardPrefix = RowKeys.shardPrefix(tableId, segment.shardId());
    byte[] start = shardPrefix;
    byte[] end = RowKeys.successorOfPrefix(shardPrefix);
    KeyRange range = segment.range();
    if (range != null) {
      if (!range.getStart().isEmpty()) {
        byte[] bound = RowKeys.concat(shardPrefix, range.getStart().toByteArray());
        // Exclusive: skip every key that starts with the bound (all versions of it, or all keys
        // under it when the bound is a key prefix). Prefix-free key encodings make this exact.
        start = range.getStartInclusive() ? bound : RowKeys.successorOfPrefix(bound);
      }
      if (!range.getEnd().isEmpty()) {
        byte[] bound = RowKeys.concat(shardPrefix, range.getEnd().toByteArray());
        end = range.getEndInclusive() ? RowKeys.successorOfPrefix(bound) : bound;
      }
    }
    currentKey = null;
    upperBound = new Slice(end);
    readOptions = new ReadOptions().setSnapshot(snapshot).setIterateUpperBound(upperBound);
    iterator = store.db().newIterator(store.rows(), readOptions);
    iterator.seek(start);
  }

  private void closeSegment() {
    if (iterator != null) {
      iterator.close();
      readOptions.close();
      upperBound.close();
      iterator = null;
      readOptions = null;
      upperBound = null;
    }
    currentKey = null;
  }

  private static void checkStatus(RocksIterator it) {
    try {
      it.status();
    } catch (RocksDBException e) {
      throw new IllegalStateException("RocksDB iterator failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeSegment();
    nextSegment = segments.size();
    store.db().releaseSnapshot(snapshot);
    snapshot.close();
  }
}
