package io.heliosdb.storage.scan;

import io.heliosdb.hidb.proto.KeyRange;
import io.heliosdb.storage.engine.CellStore;
import io.heliosdb.storage.engine.RowKeys;
import io.heliosdb.storage.engine.RowVersion;
import io.heliosdb.storage.txn.IntentOverlay;
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
 * a tombstone there hides the key. A transactional read also merges the intents its overlay says
 * decide a key (ADR 0007). Not thread-safe; owns native handles until {@link #close()}.
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

  /** Null for a read outside a transaction: intents are not looked at, as before transactions. */
  private final IntentOverlay overlay;
  private ReadOptions intentOptions;
  private Slice intentUpperBound;
  private RocksIterator intents;
  /** Per segment: whether the intent index had a key in its range when the scan began. */
  private final boolean[] segmentHasIntents;
  /** Merged mode: table | shard | pk of the key decided last, or null at a segment start. */
  private byte[] decidedKey;

  VisibleRows(CellStore store, long tableId, long snapshotTs, List<Segment> segments) {
    this(store, tableId, snapshotTs, segments, null);
  }

  VisibleRows(CellStore store, long tableId, long snapshotTs, List<Segment> segments, IntentOverlay overlay) {
    this.overlay = overlay;
    this.store = store;
    this.tableId = tableId;
    this.snapshotTs = snapshotTs;
    this.segments = List.copyOf(segments);
    // Which segments may hold intents, asked BEFORE the snapshot is taken (ADR 0021): an intent
    // the index no longer has was deleted, with its resolution written in the same batch, before
    // the snapshot, which so holds the resolved version. Asked after, an intent resolved in
    // between would be in neither.
    this.segmentHasIntents = new boolean[this.segments.size()];
    for (int i = 0; overlay != null && i < segmentHasIntents.length; i++) {
      byte[][] bounds = bounds(this.segments.get(i));
      segmentHasIntents[i] = overlay.mayHoldIntentsIn(bounds[0], bounds[1]);
    }
    this.snapshot = store.db().getSnapshot();
  }

  /** Moves to the next visible live row; false when every segment is exhausted. */
  boolean next() {
    while (true) {
      if (iterator == null) {
        if (nextSegment == segments.size()) {
          return false;
        }
        boolean withIntents = segmentHasIntents[nextSegment];
        openSegment(segments.get(nextSegment++), withIntents);
      }
      // A segment without intents reads as outside a transaction: the versions decide every key.
      if (intents == null ? advanceInSegment() : advanceMerged()) {
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

  /**
   * Merged mode: walks the row versions and the intents of the segment together in key order.
   * For each key, an intent the overlay says decides it wins; otherwise the newest version at or
   * before the snapshot does, as in {@link #advanceInSegment()}.
   */
  private boolean advanceMerged() {
    RocksIterator it = iterator;
    while (true) {
      if (decidedKey != null) {
        while (it.isValid() && RowKeys.isVersionOf(it.key(), decidedKey)) {
          it.next();
        }
        while (intents.isValid() && java.util.Arrays.compareUnsigned(intents.key(), decidedKey) <= 0) {
          intents.next();
        }
      }
      byte[] rowKey = it.isValid() ? it.key() : null;
      byte[] rowPrefix = rowKey == null ? null
          : java.util.Arrays.copyOf(rowKey, rowKey.length - RowKeys.TIMESTAMP_LENGTH);
      byte[] intentKey = intents.isValid() ? intents.key() : null;
      if (rowPrefix == null && intentKey == null) {
        checkStatus(it);
        checkStatus(intents);
        return false;
      }
      boolean fromIntent = intentKey != null
          && (rowPrefix == null || java.util.Arrays.compareUnsigned(intentKey, rowPrefix) <= 0);
      byte[] key = fromIntent ? intentKey : rowPrefix;
      decidedKey = key;
      byte[] value = null;
      if (fromIntent) {
        byte[] intentValue = intents.value();
        bytesScanned += intentKey.length + intentValue.length;
        value = overlay.decide(intentValue);
      }
      if (value == null && rowPrefix != null && java.util.Arrays.equals(rowPrefix, key)) {
        value = visibleVersionOfCurrentKey(it, key);
      }
      if (value != null && RowVersion.isLive(value)) {
        currentKey = RowKeys.concat(key, new byte[RowKeys.TIMESTAMP_LENGTH]);
        currentRow = RowVersion.rowBytes(value);
        rowsScanned++;
        return true;
      }
    }
  }

  /** Moves through the versions of {@code keyPrefix} to the first at or before the snapshot. */
  private byte[] visibleVersionOfCurrentKey(RocksIterator it, byte[] keyPrefix) {
    for (; it.isValid() && RowKeys.isVersionOf(it.key(), keyPrefix); it.next()) {
      byte[] key = it.key();
      bytesScanned += key.length;
      if (Long.compareUnsigned(RowKeys.commitTs(key), snapshotTs) <= 0) {
        byte[] value = it.value();
        bytesScanned += value.length;
        return value;
      }
    }
    return null;
  }

  /** The segment's key range: {start inclusive, end exclusive}, as row version keys select it. */
  private byte[][] bounds(Segment segment) {
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
    return new byte[][] {start, end};
  }

  private void openSegment(Segment segment, boolean withIntents) {
    byte[][] bounds = bounds(segment);
    byte[] start = bounds[0];
    byte[] end = bounds[1];
    currentKey = null;
    upperBound = new Slice(end);
    readOptions = new ReadOptions().setSnapshot(snapshot).setIterateUpperBound(upperBound);
    iterator = store.db().newIterator(store.rows(), readOptions);
    iterator.seek(start);
    if (overlay != null && withIntents) {
      // Intent keys are version keys without the timestamp, so the same bounds select them.
      decidedKey = null;
      intentUpperBound = new Slice(end);
      intentOptions = new ReadOptions().setSnapshot(snapshot).setIterateUpperBound(intentUpperBound);
      intents = store.db().newIterator(overlay.intents(), intentOptions);
      intents.seek(start);
    }
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
    if (intents != null) {
      intents.close();
      intentOptions.close();
      intentUpperBound.close();
      intents = null;
      intentOptions = null;
      intentUpperBound = null;
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
