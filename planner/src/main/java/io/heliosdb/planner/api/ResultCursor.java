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

  /** A cursor over rows already in memory (SHOW output, EXPLAIN, variables). */
  static ResultCursor of(java.util.List<Object[]> rows) {
    return new ResultCursor() {
      private int next;
      private Object[] current;

      @Override
      public boolean next() {
        if (next >= rows.size()) {
          return false;
        }
        current = rows.get(next++);
        return true;
      }

      @Override
      public Object[] row() {
        return current;
      }

      @Override
      public void close() {}
    };
  }

  ResultCursor EMPTY = new ResultCursor() {
    @Override public boolean next() { return false; }
    @Override public Object[] row() { throw new IllegalStateException("no row"); }
    @Override public void close() {}
  };
}
