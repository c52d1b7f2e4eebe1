package io.heliosdb.metadata.raft;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.UserRecord;
import java.util.List;

/** Small builders for test commands, so tests read as the statements they stand for. */
final class Commands {
  private Commands() {}

  static ColumnDescriptor column(String name, DataType type) {
    return new ColumnDescriptor(name, type, true, null, false);
  }

  static CatalogCommand.CreateTable createTable(String schema, String name, int shards, List<Integer> primaryKey) {
    return new CatalogCommand.CreateTable(schema, name,
        List.of(column("id", DataType.BIGINT), new ColumnDescriptor("note", DataType.varchar(20), true, "'x'", false)),
        primaryKey, shards, false);
  }

  static CatalogCommand.CreateTable createTable(String name) {
    return createTable("public", name, 4, List.of(0));
  }

  static CatalogCommand.RegisterCell cell(String id) {
    return new CatalogCommand.RegisterCell(id, "inprocess:" + id);
  }

  static CatalogCommand.PutUser user(String name) {
    return new CatalogCommand.PutUser(new UserRecord(name, false, new byte[] {1, 2}, 4096, new byte[] {3},
        new byte[] {4}, new byte[] {5}, new byte[] {6}));
  }

  /** Canonical bytes of a catalog, since records holding byte arrays do not compare by content. */
  static byte[] image(Catalog catalog) {
    return CatalogCodec.encodeState(new CatalogState(catalog, 1));
  }
}
