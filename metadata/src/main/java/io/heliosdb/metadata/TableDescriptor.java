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
 */
public record TableDescriptor(
    long tableId,
    String schema,
    String name,
    long schemaVersion,
    List<ColumnDescriptor> columns,
    List<Integer> primaryKey,
    int virtualShards,
    List<String> shardToCell) {

  public TableDescriptor {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    shardToCell = List.copyOf(shardToCell);
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
