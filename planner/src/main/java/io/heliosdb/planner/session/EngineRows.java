package io.heliosdb.planner.session;

import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.api.ResultCursor;
import io.heliosdb.planner.api.StatementResult;
import java.util.List;

/**
 * Queries the session runs on its own behalf (checks before a table rebuild, copying rows). Their
 * text is made of quoted catalog identifiers only, never of client values.
 */
final class EngineRows {
  private EngineRows() {}

  static boolean any(HeliosSession session, String query) {
    return first(session, query) != null;
  }

  /** The first row of {@code query}, copied, or null. */
  static Object[] first(HeliosSession session, String query) {
    StatementResult r = session.dispatch(query, null, List.of());
    try (ResultCursor rows = r.rows()) {
      return rows.next() ? rows.row().clone() : null;
    }
  }

  /** Copies every visible column of every row of {@code from} into {@code to} (same columns) in COPY batches. */
  static long copy(HeliosSession session, TableDescriptor from, TableDescriptor to) {
    StringBuilder select = new StringBuilder("SELECT ");
    boolean firstColumn = true;
    for (ColumnDescriptor c : TableCommands.visibleColumns(from)) {
      select.append(firstColumn ? "" : ", ").append(TableCommands.quote(c.name()));
      firstColumn = false;
    }
    select.append(" FROM ").append(TableCommands.quote(from.schema())).append('.')
        .append(TableCommands.quote(from.name()));
    BulkInsert loader = BulkInsert.allColumns(session, to);
    StatementResult r = session.dispatch(select.toString(), null, List.of());
    try (ResultCursor rows = r.rows()) {
      while (rows.next()) {
        loader.add(rows.row());
      }
      return loader.finish();
    } catch (RuntimeException e) {
      loader.abort();
      throw e;
    }
  }
}
