package io.heliosdb.metadata;

import java.util.List;

/**
 * A CHECK or FOREIGN KEY constraint of a table. UNIQUE constraints are unique
 * {@link IndexDescriptor}s; NOT NULL is a column property; the primary key is the table's key.
 *
 * @param name constraint name, unique within the table
 * @param kind what it constrains
 * @param columns FOREIGN KEY: the referencing columns in order; CHECK: the columns it names
 * @param checkExpression CHECK: the condition as SQL text (PostgreSQL syntax); null otherwise
 * @param refSchema FOREIGN KEY: schema of the referenced table
 * @param refTable FOREIGN KEY: the referenced table
 * @param refColumns FOREIGN KEY: referenced column names, parallel to {@code columns}
 * @param onDelete FOREIGN KEY: NO ACTION, RESTRICT, CASCADE, SET NULL or SET DEFAULT
 * @param onUpdate FOREIGN KEY: likewise for updates of the referenced key
 */
public record ConstraintDescriptor(String name, Kind kind, List<Integer> columns, String checkExpression,
    String refSchema, String refTable, List<String> refColumns, String onDelete, String onUpdate) {

  public enum Kind { CHECK, FOREIGN_KEY }

  public ConstraintDescriptor {
    columns = List.copyOf(columns);
    refColumns = refColumns == null ? List.of() : List.copyOf(refColumns);
    onDelete = onDelete == null ? "NO ACTION" : onDelete;
    onUpdate = onUpdate == null ? "NO ACTION" : onUpdate;
  }

  public static ConstraintDescriptor check(String name, List<Integer> columns, String expression) {
    return new ConstraintDescriptor(name, Kind.CHECK, columns, expression, null, null, List.of(), null, null);
  }

  public boolean references(String schema, String table) {
    return kind == Kind.FOREIGN_KEY && schema.equals(refSchema) && table.equals(refTable);
  }
}
