package io.heliosdb.storage.engine;

import java.util.concurrent.atomic.LongAdder;

/** Monotonic counters of one cell for metrics; cheap to bump from many threads at once. */
public final class CellCounters {
  private final LongAdder rowsScanned = new LongAdder();
  private final LongAdder bytesScanned = new LongAdder();
  private final LongAdder rowsReturned = new LongAdder();
  private final LongAdder bytesReturned = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder mutations = new LongAdder();

  public void scanned(long rows, long bytes) {
    rowsScanned.add(rows);
    bytesScanned.add(bytes);
  }

  public void returned(long rows, long bytes) {
    rowsReturned.add(rows);
    bytesReturned.add(bytes);
  }

  /** One acknowledged write batch carrying {@code mutationCount} mutations. */
  public void wrote(long mutationCount) {
    writes.increment();
    mutations.add(mutationCount);
  }

  public long rowsScanned() {
    return rowsScanned.sum();
  }

  public long bytesScanned() {
    return bytesScanned.sum();
  }

  public long rowsReturned() {
    return rowsReturned.sum();
  }

  public long bytesReturned() {
    return bytesReturned.sum();
  }

  /** Acknowledged write batches. */
  public long writes() {
    return writes.sum();
  }

  /** Mutations in acknowledged write batches. */
  public long mutations() {
    return mutations.sum();
  }
}
