package io.heliosdb.planner.exec;

/** Rows coming back from cells, pulled one at a time; values in the value model's Java form. */
public interface RowStream extends AutoCloseable {
  /** Next row, or null at the end. */
  Object[] next();

  /** Encoded primary key of the row last returned (only when the request asked for keys). */
  byte[] key();

  @Override
  void close();
}
