package io.heliosdb.planner.exec;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out strictly increasing microsecond timestamps for commits and snapshots (a hybrid
 * logical clock: wall clock, bumped past the last value handed out). One compute node today; the
 * transactions work replaces this with a cluster-wide oracle.
 */
public final class TimestampOracle {
  private final AtomicLong last = new AtomicLong();

  public long next() {
    long wall = System.currentTimeMillis() * 1000L;
    return last.updateAndGet(prev -> Math.max(prev + 1, wall));
  }

  /** Moves the clock past a timestamp chosen elsewhere (a commit raised by a cell). */
  public void observe(long ts) {
    last.accumulateAndGet(ts, Math::max);
  }

  /** A snapshot that sees everything committed so far. */
  public long snapshot() {
    return next();
  }
}
