package io.heliosdb.storage.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Commit timestamps (microseconds) for write batches that arrive without one. Strictly increasing
 * and kept above every timestamp the cell has seen, so a cell-stamped write is never hidden behind
 * an older compute-stamped one.
 */
public final class CommitClock {
  private final AtomicLong last = new AtomicLong();
  /**
   * The newest commit timestamp written into each table since the cell opened (SERIALIZABLE
   * validation of whole-table reads); tables not written since count as changed at open time.
   */
  private final java.util.Map<Long, Long> newestByTable = new java.util.concurrent.ConcurrentHashMap<>();
  private final long openedAt = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());

  /** Notes a commit into a table; called before the version is written, so a check never misses it. */
  public void observeTable(long tableId, long commitTs) {
    newestByTable.merge(tableId, commitTs, (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b);
  }

  /** An upper bound of the commit timestamps of the table's versions on this cell. */
  public long newestCommit(long tableId) {
    long seen = newestByTable.getOrDefault(tableId, 0L);
    return Long.compareUnsigned(seen, openedAt) >= 0 ? seen : openedAt;
  }

  public long next() {
    long now = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    return last.accumulateAndGet(now, (prev, wall) -> Math.max(prev + 1, wall));
  }

  public void observe(long commitTs) {
    last.accumulateAndGet(commitTs, (prev, seen) -> Long.compareUnsigned(prev, seen) >= 0 ? prev : seen);
  }
}
