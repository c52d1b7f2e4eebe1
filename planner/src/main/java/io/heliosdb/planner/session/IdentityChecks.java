package io.heliosdb.planner.session;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.SequenceDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/** GENERATED ALWAYS AS IDENTITY: an INSERT may give such a column only DEFAULT (PostgreSQL's 428C9). */
final class IdentityChecks {
  private IdentityChecks() {}

  /** {@code parse} gives the INSERT's tree; called only when the table has an ALWAYS identity column. */
  static void check(java.util.function.Supplier<SqlNode> parse, TableDescriptor table, Catalog catalog) {
    SqlInsert insert = null;
    for (SequenceDescriptor s : catalog.sequences().values()) {
      if (s.ownedByTable() != table.tableId() || s.generation() != SequenceDescriptor.Generation.ALWAYS) {
        continue;
      }
      if (insert == null) {
        if (!(parse.get() instanceof SqlInsert parsed)) {
          return;
        }
        insert = parsed;
      }
      int position = position(insert.getTargetColumnList(), table, s.ownedByColumn());
      if (position < 0) {
        continue;
      }
      SqlNode source = insert.getSource();
      if (source.getKind() != SqlKind.VALUES) {
        throw refused(s.ownedByColumn());
      }
      for (SqlNode row : ((SqlCall) source).getOperandList()) {
        List<SqlNode> values = row instanceof SqlCall call && call.getKind() == SqlKind.ROW ? call.getOperandList()
            : List.of(row);
        if (position < values.size() && values.get(position).getKind() != SqlKind.DEFAULT) {
          throw refused(s.ownedByColumn());
        }
      }
    }
  }

  /** Where the column's value sits in each VALUES row, or -1 when the INSERT does not name it. */
  private static int position(SqlNodeList targets, TableDescriptor table, String column) {
    if (targets == null || targets.isEmpty()) {
      return table.columnIndex(column);
    }
    for (int i = 0; i < targets.size(); i++) {
      if (targets.get(i) instanceof SqlIdentifier id && id.names.get(id.names.size() - 1).equals(column)) {
        return i;
      }
    }
    return -1;
  }

  private static HeliosException refused(String column) {
    return new HeliosException(ErrorCode.GENERATED_ALWAYS, "cannot insert a non-DEFAULT value into column \""
        + column + "\"");
  }
}
