package io.heliosdb.storage.engine;

import io.heliosdb.hidb.proto.ColumnLayout;
import io.heliosdb.hidb.proto.TableLayout;
import io.heliosdb.hidb.types.DataType;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A table as this cell knows it: the layout sent by CreateTableShards, its column types decoded
 * once, and the virtual shards this cell serves.
 */
public record ServedTable(TableLayout layout, List<DataType> columnTypes, Set<Integer> shards) {

  public ServedTable {
    columnTypes = List.copyOf(columnTypes);
    shards = Set.copyOf(shards);
  }

  public static ServedTable of(TableLayout layout, Iterable<Integer> shards) {
    List<DataType> types = layout.getColumnsList().stream()
        .map(ColumnLayout::getType)
        .map(DataType::fromSpec)
        .toList();
    Set<Integer> shardSet = new TreeSet<>();
    shards.forEach(shardSet::add);
    return new ServedTable(layout, types, shardSet);
  }

  public long tableId() {
    return layout.getTableId();
  }

  public long schemaVersion() {
    return layout.getSchemaVersion();
  }

  public boolean serves(int shardId) {
    return shards.contains(shardId);
  }

  public String name() {
    return layout.getQualifiedName().isEmpty() ? "table " + Long.toUnsignedString(tableId())
        : layout.getQualifiedName();
  }
}
