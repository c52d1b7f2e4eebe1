package io.heliosdb.planner.dialect.mysql;

import io.heliosdb.metadata.ConstraintDescriptor;
import io.heliosdb.metadata.IndexDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * Indexes and constraints in MySQL's spelling: the KEY / UNIQUE KEY / CONSTRAINT lines of SHOW
 * CREATE TABLE (in the layout SQLAlchemy's MySQL reflection regexes parse) and the rows of SHOW
 * INDEX.
 */
final class MySqlKeys {
  private MySqlKeys() {}

  static List<String> createTableLines(TableDescriptor d) {
    List<String> lines = new ArrayList<>();
    for (IndexDescriptor i : d.indexes()) {
      if (i.unique()) {
        lines.add("  UNIQUE KEY " + q(i.name()) + " (" + columns(d, i.columns()) + ")");
      }
    }
    for (IndexDescriptor i : d.indexes()) {
      if (!i.unique()) {
        lines.add("  KEY " + q(i.name()) + " (" + columns(d, i.columns()) + ")");
      }
    }
    for (ConstraintDescriptor k : d.constraints()) {
      if (k.kind() != ConstraintDescriptor.Kind.FOREIGN_KEY) {
        continue;
      }
      List<String> refs = new ArrayList<>();
      k.refColumns().forEach(c -> refs.add(q(c)));
      StringBuilder line = new StringBuilder("  CONSTRAINT ").append(q(k.name())).append(" FOREIGN KEY (")
          .append(columns(d, k.columns())).append(") REFERENCES ");
      if (!k.refSchema().equals(d.schema())) {
        line.append(q(k.refSchema())).append('.');
      }
      line.append(q(k.refTable())).append(" (").append(String.join(", ", refs)).append(')');
      if (!k.onDelete().equals("NO ACTION")) {
        line.append(" ON DELETE ").append(k.onDelete());
      }
      if (!k.onUpdate().equals("NO ACTION")) {
        line.append(" ON UPDATE ").append(k.onUpdate());
      }
      lines.add(line.toString());
    }
    for (ConstraintDescriptor k : d.constraints()) {
      if (k.kind() == ConstraintDescriptor.Kind.CHECK) {
        lines.add("  CONSTRAINT " + q(k.name()) + " CHECK ((" + k.checkExpression() + "))");
      }
    }
    return lines;
  }

  static List<Object[]> showIndexRows(TableDescriptor d) {
    List<Object[]> rows = new ArrayList<>();
    if (!d.hasHiddenRowId() && !d.primaryKey().isEmpty()) {
      addRows(rows, d, "PRIMARY", d.primaryKey(), true);
    }
    for (IndexDescriptor i : d.indexes()) {
      addRows(rows, d, i.name(), i.columns(), i.unique());
    }
    return rows;
  }

  private static void addRows(List<Object[]> rows, TableDescriptor d, String name, List<Integer> cols, boolean unique) {
    for (int k = 0; k < cols.size(); k++) {
      boolean nullable = d.columns().get(cols.get(k)).nullable();
      rows.add(new Object[] {d.name(), unique ? 0L : 1L, name, (long) (k + 1), d.columns().get(cols.get(k)).name(),
          "A", 0L, null, null, nullable ? "YES" : "", "BTREE", "", "", "YES", null});
    }
  }

  private static String columns(TableDescriptor d, List<Integer> cols) {
    List<String> names = new ArrayList<>();
    cols.forEach(c -> names.add(q(d.columns().get(c).name())));
    return String.join(",", names);
  }

  private static String q(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
