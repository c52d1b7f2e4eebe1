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
      int virtualShards, boolean ifNotExists, List<IndexDescriptor> indexes, List<ConstraintDescriptor> constraints,
      List<SequenceDescriptor> ownedSequences) implements CatalogCommand {

    public CreateTable {
      indexes = indexes == null ? List.of() : List.copyOf(indexes);
      constraints = constraints == null ? List.of() : List.copyOf(constraints);
      ownedSequences = ownedSequences == null ? List.of() : List.copyOf(ownedSequences);
    }

    public CreateTable(String schema, String name, List<ColumnDescriptor> columns, List<Integer> primaryKey,
        int virtualShards, boolean ifNotExists) {
      this(schema, name, columns, primaryKey, virtualShards, ifNotExists, List.of(), List.of(), List.of());
    }

    /** With indexes and constraints, no owned sequences. */
    public CreateTable(String schema, String name, List<ColumnDescriptor> columns, List<Integer> primaryKey,
        int virtualShards, boolean ifNotExists, List<IndexDescriptor> indexes, List<ConstraintDescriptor> constraints) {
      this(schema, name, columns, primaryKey, virtualShards, ifNotExists, indexes, constraints, List.of());
    }

    /** With owned sequences (SERIAL / IDENTITY / AUTO_INCREMENT), no indexes or constraints. */
    public CreateTable(String schema, String name, List<ColumnDescriptor> columns, List<Integer> primaryKey,
        int virtualShards, boolean ifNotExists, List<SequenceDescriptor> ownedSequences) {
      this(schema, name, columns, primaryKey, virtualShards, ifNotExists, List.of(), List.of(), ownedSequences);
    }
  }

  record DropTable(String schema, String name, boolean ifExists) implements CatalogCommand {}

  /** Registers (or re-addresses) a storage cell. */
  record RegisterCell(String cellId, String address) implements CatalogCommand {}

  /** Creates or replaces a user. */
  record PutUser(UserRecord user) implements CatalogCommand {}

  /** Adds a secondary index (not yet valid unless the command says so; ADR 0011). */
  record CreateIndex(String schema, String table, IndexDescriptor index, boolean ifNotExists)
      implements CatalogCommand {}

  /** Drops an index by name (a UNIQUE constraint's index too). */
  record DropIndex(String schema, String name, boolean ifExists) implements CatalogCommand {}

  /** Marks an index as backfilled, so the planner may read it. */
  record SetIndexValid(String schema, String name) implements CatalogCommand {}

  /** Adds a CHECK or FOREIGN KEY constraint to a table (rows already checked by the caller). */
  record AddConstraint(String schema, String table, ConstraintDescriptor constraint) implements CatalogCommand {}

  /** Drops a constraint of any kind but the primary key (a UNIQUE one drops its index). */
  record DropConstraint(String schema, String table, String name, boolean ifExists) implements CatalogCommand {}
  /** Creates a sequence; the state machine assigns its id (the descriptor's id is ignored). */
  record CreateSequence(SequenceDescriptor sequence, boolean ifNotExists) implements CatalogCommand {}

  record DropSequence(String schema, String name, boolean ifExists) implements CatalogCommand {}

  /**
   * Hands out up to {@code count} values of a sequence to the submitting gateway (range allocation,
   * ADR 0012); does not bump the catalog version.
   */
  record AllocateSequenceValues(long sequenceId, long count) implements CatalogCommand {}

  /**
   * setval: the next value becomes {@code value} (not called) or the one after it (called). With
   * {@code onlyForward} (MySQL AUTO_INCREMENT after an explicit value) the counter never moves back.
   * Does not bump the catalog version.
   */
  record SetSequenceValue(long sequenceId, long value, boolean isCalled, boolean onlyForward)
      implements CatalogCommand {}
}
