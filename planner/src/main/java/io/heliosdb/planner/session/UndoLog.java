package io.heliosdb.planner.session;

import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.HeliosEngine;
import io.heliosdb.planner.exec.CellWriter;
import java.util.ArrayList;
import java.util.List;

/** Inverse row changes of a transaction block, applied newest first on ROLLBACK. */
final class UndoLog {
  private UndoLog() {}

  /** The change that undoes one applied change. */
  record Entry(long tableId, CellWriter.Change inverse) {}

  static void apply(HeliosEngine engine, List<Entry> entries) {
    Catalog catalog = engine.metadata().catalog();
    int i = entries.size() - 1;
    while (i >= 0) {
      long tableId = entries.get(i).tableId();
      List<CellWriter.Change> batch = new ArrayList<>();
      while (i >= 0 && entries.get(i).tableId() == tableId) {
        batch.add(entries.get(i).inverse());
        i--;
      }
      TableDescriptor table = catalog.tables().get(tableId);
      if (table != null) {
        // Later changes of the same key must win: apply one key at a time in newest-first order.
        for (CellWriter.Change c : batch) {
          engine.writer().write(catalog, table, List.of(c), engine.clock().next());
        }
      }
    }
  }
}
