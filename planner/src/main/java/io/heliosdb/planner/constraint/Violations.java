package io.heliosdb.planner.constraint;

import io.heliosdb.hidb.error.ConstraintViolation;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.metadata.ConstraintDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** The errors constraint checks raise, worded as PostgreSQL and MySQL word them. */
public final class Violations {
  private Violations() {}

  public static ConstraintViolation unique(TableDescriptor table, String constraint, List<Integer> columns,
      Object[] values) {
    return unique(table, constraint, constraint, columns, values);
  }

  /**
   * @param constraint the constraint's name as PostgreSQL reports it ("t_pkey")
   * @param mysqlKey the key's name as MySQL reports it ("PRIMARY" for the primary key)
   */
  public static ConstraintViolation unique(TableDescriptor table, String constraint, String mysqlKey,
      List<Integer> columns, Object[] values) {
    String detail = values == null ? null : "Key (" + names(table, columns) + ")=(" + join(values, ", ") + ") already exists.";
    String my = "Duplicate entry '" + (values == null ? "" : join(values, "-")) + "' for key '" + table.name() + "."
        + mysqlKey + "'";
    return new ConstraintViolation(ErrorCode.UNIQUE_VIOLATION,
        "duplicate key value violates unique constraint \"" + constraint + "\"", detail, constraint, 1062, my);
  }

  public static ConstraintViolation check(TableDescriptor table, ConstraintDescriptor k, Object[] row) {
    int visible = table.hasHiddenRowId() ? row.length - 1 : row.length;
    Object[] shown = new Object[visible];
    System.arraycopy(row, 0, shown, 0, visible);
    return new ConstraintViolation(ErrorCode.CHECK_VIOLATION, "new row for relation \"" + table.name()
        + "\" violates check constraint \"" + k.name() + "\"", "Failing row contains (" + join(shown, ", ") + ").",
        k.name(), 3819, "Check constraint '" + k.name() + "' is violated.");
  }

  public static ConstraintViolation missingParent(TableDescriptor child, ConstraintDescriptor k, Object[] values) {
    return new ConstraintViolation(ErrorCode.FOREIGN_KEY_VIOLATION, "insert or update on table \"" + child.name()
        + "\" violates foreign key constraint \"" + k.name() + "\"", "Key (" + names(child, k.columns()) + ")=("
        + join(values, ", ") + ") is not present in table \"" + k.refTable() + "\".", k.name(), 1452,
        "Cannot add or update a child row: a foreign key constraint fails (" + mysqlDescription(child, k) + ")");
  }

  public static ConstraintViolation stillReferenced(TableDescriptor parent, TableDescriptor child,
      ConstraintDescriptor k, Object[] values) {
    return new ConstraintViolation(ErrorCode.FOREIGN_KEY_VIOLATION, "update or delete on table \"" + parent.name()
        + "\" violates foreign key constraint \"" + k.name() + "\" on table \"" + child.name() + "\"",
        "Key (" + String.join(", ", k.refColumns()) + ")=(" + join(values, ", ")
        + ") is still referenced from table \"" + child.name() + "\".", k.name(), 1451,
        "Cannot delete or update a parent row: a foreign key constraint fails (" + mysqlDescription(child, k) + ")");
  }

  private static String mysqlDescription(TableDescriptor child, ConstraintDescriptor k) {
    List<String> cols = new ArrayList<>();
    k.columns().forEach(c -> cols.add("`" + child.columns().get(c).name() + "`"));
    List<String> refs = new ArrayList<>();
    k.refColumns().forEach(c -> refs.add("`" + c + "`"));
    return "`" + child.schema() + "`.`" + child.name() + "`, CONSTRAINT `" + k.name() + "` FOREIGN KEY ("
        + String.join(", ", cols) + ") REFERENCES `" + k.refTable() + "` (" + String.join(", ", refs) + ")";
  }

  static String names(TableDescriptor table, List<Integer> columns) {
    StringJoiner j = new StringJoiner(", ");
    columns.forEach(c -> j.add(table.columns().get(c).name()));
    return j.toString();
  }

  /** Values as PostgreSQL's DETAIL prints them (text output form, NULL as "null"). */
  static String join(Object[] values, String separator) {
    StringJoiner j = new StringJoiner(separator);
    for (Object v : values) {
      j.add(text(v));
    }
    return j.toString();
  }

  static String text(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Boolean b) {
      return b ? "t" : "f";
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof java.time.LocalDateTime t) {
      return t.toString().replace('T', ' ');
    }
    if (v instanceof byte[] b) {
      return "\\x" + java.util.HexFormat.of().formatHex(b);
    }
    return v.toString();
  }
}
