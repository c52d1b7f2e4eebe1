package io.heliosdb.planner.api;

import io.heliosdb.hidb.types.DataType;

/**
 * One column of a result.
 *
 * @param name label the client sees
 * @param type value-model type of the values
 * @param nullable whether NULL may appear
 * @param tableId catalog table id when the column comes straight from a table, else 0
 * @param columnIndex 1-based column position in that table, else 0
 * @param pgTypeOid the PostgreSQL type to describe the column as when the value model has no such type
 *     (system catalog columns of type oid, name, "char", arrays; their values travel as {@code type}, whose
 *     text form is PostgreSQL's), else 0
 */
public record ColumnMeta(String name, DataType type, boolean nullable, long tableId, int columnIndex,
    int pgTypeOid) {

  public ColumnMeta(String name, DataType type, boolean nullable, long tableId, int columnIndex) {
    this(name, type, nullable, tableId, columnIndex, 0);
  }

  public static ColumnMeta of(String name, DataType type) {
    return new ColumnMeta(name, type, true, 0, 0);
  }
}
