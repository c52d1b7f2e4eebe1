package io.heliosdb.planner.dialect.mysql;

import io.heliosdb.planner.api.ResultCursor;
import java.util.List;

/** A cursor over rows this package computed in memory (SHOW output, variables). */
final class RowsCursor implements ResultCursor {
  private final List<Object[]> rows;
  private int next;
  private Object[] current;

  RowsCursor(List<Object[]> rows) {
    this.rows = List.copyOf(rows);
  }

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
}
