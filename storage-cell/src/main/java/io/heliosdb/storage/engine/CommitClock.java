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

  public long next() {
    long now = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    return last.accumulateAndGet(now, (prev, wall) -> Math.max(prev + 1, wall));
  }

  public void observe(long commitTs) {
    last.accumulateAndGet(commitTs, (prev, seen) -> Long.compareUnsigned(prev, seen) >= 0 ? prev : seen);
  }
}
