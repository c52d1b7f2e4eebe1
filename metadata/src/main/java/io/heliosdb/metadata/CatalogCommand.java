package io.heliosdb.metadata;

import java.util.List;

/** A change to cluster metadata; applied in the same order on every metadata peer (Raft log). */
public sealed interface CatalogCommand {

  record CreateSchema(String name, boolean ifNotExists) implements CatalogCommand {}

  /** Drops an empty schema, or with cascade its tables too. */
  record DropSchema(String name, boolean ifExists, boolean cascade) implements CatalogCommand {}

  /**
   * Creates a table. The state machine assigns the table id and spreads the virtual shards over
   * the registered cells (round robin, deterministic).
   *
   * @param primaryKey column indexes; empty means "add a hidden row id column and key on it"
   */
  record CreateTable(String schema, String name, List<ColumnDescriptor> columns, List<Integer> primaryKey,
      int virtualShards, boolean ifNotExists) implements CatalogCommand {}

  record DropTable(String schema, String name, boolean ifExists) implements CatalogCommand {}

  /** Registers (or re-addresses) a storage cell. */
  record RegisterCell(String cellId, String address) implements CatalogCommand {}

  /** Creates or replaces a user. */
  record PutUser(UserRecord user) implements CatalogCommand {}
}
