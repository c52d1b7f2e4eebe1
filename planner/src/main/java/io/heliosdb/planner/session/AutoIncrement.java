package io.heliosdb.planner.session;

import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.SequenceDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.calcite.ExecutionContext;
import io.heliosdb.planner.calcite.ValueCoercion;
import io.heliosdb.planner.sequence.SessionSequences;
import java.util.List;

/**
 * MySQL AUTO_INCREMENT on inserted rows: NULL or 0 takes the next value of the column's sequence,
 * an explicit value moves the sequence past it (so later generated values do not collide), as
 * InnoDB does. PostgreSQL SERIAL / IDENTITY columns are left alone (their DEFAULT did the work).
 */
final class AutoIncrement {
  private AutoIncrement() {}

  static void apply(TableDescriptor table, List<Object[]> rows, ExecutionContext ctx) {
    SessionSequences sequences = ctx.session() == null ? null : ctx.session().sequences();
    if (sequences == null || ctx.catalog().sequences().isEmpty()) {
      return;
    }
    for (int c = 0; c < table.columns().size(); c++) {
      ColumnDescriptor col = table.columns().get(c);
      SequenceDescriptor seq = ctx.catalog().ownedSequence(table.tableId(), col.name()).orElse(null);
      if (seq == null || seq.generation() != SequenceDescriptor.Generation.AUTO_INCREMENT) {
        continue;
      }
      long max = Long.MIN_VALUE;
      for (Object[] row : rows) {
        Object v = row[c];
        if (v == null || (v instanceof Number n && n.longValue() == 0)) {
          row[c] = ValueCoercion.coerce(col.type(), sequences.nextval(seq));
        } else if (v instanceof Number n) {
          max = Math.max(max, n.longValue());
        }
      }
      if (max != Long.MIN_VALUE) {
        sequences.explicitValue(seq, max);
      }
    }
  }
}
