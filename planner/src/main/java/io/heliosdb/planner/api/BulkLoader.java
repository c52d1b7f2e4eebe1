package io.heliosdb.planner.api;

/**
 * Receives the rows of a COPY FROM STDIN, one at a time, and writes them in batches through the
 * same checks and codecs as INSERT. Either {@link #finish()} or {@link #abort()} ends it; after
 * a failure of {@link #add} or {@link #finish} nothing of the COPY is left in the table. Not
 * thread-safe: one connection thread calls it.
 */
public interface BulkLoader {

  /**
   * Adds one row; values are in the value model's Java form, one per copied column in the
   * order of {@link CopyRequest#columns()}. The array may be reused by the caller afterwards.
   *
   * @throws io.heliosdb.hidb.error.HeliosException on a constraint violation or a failed batch
   */
  void add(Object[] values);

  /** Writes what is still buffered and returns the number of rows loaded. */
  long finish();

  /** Gives up: undoes the batches already written. Safe to call after a failure or twice. */
  void abort();
}
