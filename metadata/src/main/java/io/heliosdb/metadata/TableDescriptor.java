package io.heliosdb.metadata;

import io.heliosdb.hidb.proto.ColumnLayout;
import io.heliosdb.hidb.proto.TableLayout;
import java.util.List;

/**
 * A table as the catalog knows it, immutable.
 *
 * @param tableId cluster-unique id, never reused
 * @param schema schema name
 * @param name table name
 * @param schemaVersion bumped by every change of the table's definition
 * @param columns all columns in order, including the hidden row id (last) when there is no primary key
 * @param primaryKey column indexes of the primary key (the hidden row id when none was declared)
 * @param virtualShards number of virtual shards (jump consistent hash of the key picks one)
 * @param shardToCell cell id serving each virtual shard as primary (index = shard id)
 * @param indexes secondary indexes, in creation order (ADR 0011)
 * @param constraints CHECK and FOREIGN KEY constraints, in creation order
 */
public record TableDescriptor(
    long tableId,
    String schema,
    String name,
    long schemaVersion,
    List<ColumnDescriptor> columns,
    List<Integer> primaryKey,
    int virtualShards,
    List<String> shardToCell,
    List<IndexDescriptor> indexes,
    List<ConstraintDescriptor> constraints) {

  public TableDescriptor {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    shardToCell = List.copyOf(shardToCell);
    indexes = indexes == null ? List.of() : List.copyOf(indexes);
    constraints = constraints == null ? List.of() : List.copyOf(constraints);
  }

  /** A table without secondary indexes or constraints. */
  public TableDescriptor(long tableId, String schema, String name, long schemaVersion, List<ColumnDescriptor> columns,
      List<Integer> primaryKey, int virtualShards, List<String> shardToCell) {
    this(tableId, schema, name, schemaVersion, columns, primaryKey, virtualShards, shardToCell, List.of(), List.of());
  }

  public TableDescriptor withIndexes(List<IndexDescriptor> newIndexes) {
    return new TableDescriptor(tableId, schema, name, schemaVersion, columns, primaryKey, virtualShards, shardToCell,
        newIndexes, constraints);
  }

  public TableDescriptor withConstraints(List<ConstraintDescriptor> newConstraints) {
    return new TableDescriptor(tableId, schema, name, schemaVersion, columns, primaryKey, virtualShards, shardToCell,
        indexes, newConstraints);
  }

  public java.util.Optional<IndexDescriptor> index(String indexName) {
    return indexes.stream().filter(i -> i.name().equals(indexName)).findFirst();
  }

  /**
   * The index's own key space as the cells see it: a table of the index columns followed by the
   * primary key columns, keyed by the index columns (unique) or by all of them (non-unique), on
   * the base table's shard map (ADR 0011). Unique entries with a NULL are keyed by all columns
   * too; the cells never decode keys, so both forms live in one key space.
   */
  public TableDescriptor indexTable(IndexDescriptor index) {
    List<ColumnDescriptor> cols = new java.util.ArrayList<>();
    List<Integer> key = new java.util.ArrayList<>();
    for (int c : index.columns()) {
      ColumnDescriptor base = columns.get(c);
      key.add(cols.size());
      cols.add(new ColumnDescriptor(base.name(), base.type(), base.nullable(), null, false));
    }
    for (int c : primaryKey) {
      ColumnDescriptor base = columns.get(c);
      if (!index.unique()) {
        key.add(cols.size());
      }
      cols.add(new ColumnDescriptor("$pk_" + base.name(), base.type(), false, null, false));
    }
    return new TableDescriptor(index.indexId(), schema, index.name(), 1, cols, key, virtualShards, shardToCell);
  }

  public boolean hasHiddenRowId() {
    return !columns.isEmpty() && columns.get(columns.size() - 1).hidden();
  }

  public int columnIndex(String columnName) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(columnName)) {
        return i;
      }
    }
    return -1;
  }

  public String qualifiedName() {
    return schema + "." + name;
  }

  /** The layout cells need to decode rows and evaluate pushed expressions. */
  public TableLayout toLayout() {
    TableLayout.Builder b = TableLayout.newBuilder()
        .setTableId(tableId)
        .setSchemaVersion(schemaVersion)
        .setVirtualShards(virtualShards)
        .setQualifiedName(qualifiedName());
    for (ColumnDescriptor c : columns) {
      b.addColumns(ColumnLayout.newBuilder().setName(c.name()).setType(c.type().toSpec()).setNullable(c.nullable()));
    }
    for (int k : primaryKey) {
      b.addKeyColumns(k);
    }
    return b.build();
  }
}
