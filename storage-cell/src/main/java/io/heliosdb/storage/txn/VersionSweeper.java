package io.heliosdb.storage.txn;

import io.heliosdb.storage.engine.CellStore;
import io.heliosdb.storage.engine.RowKeys;
import io.heliosdb.storage.engine.RowVersion;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Drops the MVCC versions no snapshot at or above the low-water mark can see: for each key, every
 * version older than the newest one at or below the mark; that one too when it is a tombstone
 * (then nothing older is visible to anyone). Versions above the mark all stay. rocksdbjni has no
 * Java compaction filter, so this is a sweep with deletes, in batches, in the background.
 */
final class VersionSweeper {
  private static final int BATCH = 1_000;

  private final CellStore store;
  private final AtomicLong versionsRemoved = new AtomicLong();
  private final AtomicLong bytesRemoved = new AtomicLong();
  private final AtomicLong sweeps = new AtomicLong();
  private final AtomicLong lowWater = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean();
  /** Mutations the cell applied so far, and how many there were when the last sweep started. */
  private final java.util.function.LongSupplier mutations;
  private volatile long mutationsAtLastSweep = -1;

  VersionSweeper(CellStore store, java.util.function.LongSupplier mutations) {
    this.store = store;
    this.mutations = mutations;
  }

  /** Raises the mark (it never goes down); true if a sweep should start. */
  boolean offer(long lowWaterTs) {
    if (lowWaterTs == 0) {
      return false; // only asking for the totals
    }
    lowWater.accumulateAndGet(lowWaterTs, Math::max);
    // A cell nobody wrote to since the last sweep has nothing new to collect: skip the full pass.
    if (mutations.getAsLong() == mutationsAtLastSweep) {
      return false;
    }
    return running.compareAndSet(false, true);
  }

  /**
   * One pass over the rows at the current mark; returns the versions removed. It does not touch
   * the newest-version cache (ADR 0023): a key's newest version goes only when it is a tombstone at
   * or below the mark, and a cached tombstone answers every read at or above the mark as the
   * absent key does.
   */
  long sweep() {
    mutationsAtLastSweep = mutations.getAsLong();
    long mark = lowWater.get();
    long removed = 0;
    try (RocksIterator it = store.db().newIterator(store.rows());
        WriteOptions options = new WriteOptions().setSync(false)) {
      WriteBatch batch = new WriteBatch();
      byte[] group = null;
      boolean visibleSeen = false;
      int pending = 0;
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (key.length <= RowKeys.TIMESTAMP_LENGTH) {
          continue;
        }
        if (group == null || !RowKeys.isVersionOf(key, group)) {
          group = Arrays.copyOf(key, key.length - RowKeys.TIMESTAMP_LENGTH);
          visibleSeen = false;
        }
        if (Long.compareUnsigned(RowKeys.commitTs(key), mark) > 0) {
          continue;
        }
        if (!visibleSeen) {
          visibleSeen = true;
          byte[] value = it.value();
          if (RowVersion.isLive(value)) {
            continue; // what a snapshot at the mark reads
          }
        }
        bytesRemoved.addAndGet(key.length + it.value().length);
        batch.delete(store.rows(), key);
        removed++;
        if (++pending >= BATCH) {
          store.db().write(options, batch);
          batch.close();
          batch = new WriteBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        store.db().write(options, batch);
      }
      batch.close();
    } catch (RocksDBException e) {
      throw new IllegalStateException("version sweep failed", e);
    } finally {
      versionsRemoved.addAndGet(removed);
      sweeps.incrementAndGet();
      running.set(false);
    }
    return removed;
  }

  long versionsRemoved() {
    return versionsRemoved.get();
  }

  long bytesRemoved() {
    return bytesRemoved.get();
  }

  long sweeps() {
    return sweeps.get();
  }
}
