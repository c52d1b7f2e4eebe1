package io.heliosdb.planner.api;

/**
 * Rows of a result, pulled one at a time so large results are streamed. Values are in the Java
 * form of the value model (see io.heliosdb.hidb.types.DataType). Not thread-safe.
 */
public interface ResultCursor extends AutoCloseable {
  /** Advances to the next row; false at the end. */
  boolean next();

  /** The current row's values; the array may be reused by the next call to {@link #next()}. */
  Object[] row();

  @Override
  void close();

  ResultCursor EMPTY = new ResultCursor() {
    @Override public boolean next() { return false; }
    @Override public Object[] row() { throw new IllegalStateException("no row"); }
    @Override public void close() {}
  };
}
