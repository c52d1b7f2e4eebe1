package io.heliosdb.metadata;

import java.util.List;

/**
 * A secondary index of a table (ADR 0011). Its entries live in a key space of their own: the cells
 * know it as the table {@code indexId}, keyed by the index columns (unique) or the index columns
 * followed by the primary key (non-unique).
 *
 * @param indexId cluster-unique id from the table id sequence (0 in a command: assigned on apply)
 * @param name index name, unique among the relations of the schema
 * @param columns column indexes of the base table, in key order
 * @param unique whether two rows may not share non-null values of the columns
 * @param constraint declared as a UNIQUE constraint (so it is listed as a constraint too)
 * @param valid false while the backfill runs: writers maintain it, readers do not use it yet
 */
public record IndexDescriptor(long indexId, String name, List<Integer> columns, boolean unique, boolean constraint,
    boolean valid) {

  public IndexDescriptor {
    columns = List.copyOf(columns);
  }

  public IndexDescriptor withId(long id) {
    return new IndexDescriptor(id, name, columns, unique, constraint, valid);
  }

  public IndexDescriptor validated() {
    return new IndexDescriptor(indexId, name, columns, unique, constraint, true);
  }
}
