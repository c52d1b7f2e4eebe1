package io.heliosdb.metadata.raft;

import static io.heliosdb.metadata.raft.CatalogTransition.accepted;
import static io.heliosdb.metadata.raft.CatalogTransition.nextVersion;
import static io.heliosdb.metadata.raft.CatalogTransition.refused;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.ConstraintDescriptor;
import io.heliosdb.metadata.IndexDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.hidb.proto.TypeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The catalog transitions of secondary indexes and constraints (ADR 0011), deterministic like the
 * rest of {@link CatalogTransition}: index ids come from the table id sequence, and every check
 * iterates in a fixed order.
 */
final class IndexTransitions {
  private IndexTransitions() {}

  static ApplyResult apply(CatalogState state, CatalogCommand command) {
    if (command instanceof CatalogCommand.CreateIndex c) {
      return createIndex(state, c);
    } else if (command instanceof CatalogCommand.DropIndex c) {
      return dropIndex(state, c);
    } else if (command instanceof CatalogCommand.SetIndexValid c) {
      return setValid(state, c);
    } else if (command instanceof CatalogCommand.AddConstraint c) {
      return addConstraint(state, c);
    } else if (command instanceof CatalogCommand.DropConstraint c) {
      return dropConstraint(state, c);
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  /** A foreign key written without referenced columns references the parent's primary key. */
  static ConstraintDescriptor resolveReferences(Catalog catalog, TableDescriptor table, ConstraintDescriptor k) {
    if (k.kind() != ConstraintDescriptor.Kind.FOREIGN_KEY || !k.refColumns().isEmpty()) {
      return k;
    }
    TableDescriptor parent = k.refSchema().equals(table.schema()) && k.refTable().equals(table.name()) ? table
        : catalog.table(k.refSchema(), k.refTable()).orElse(null);
    if (parent == null || parent.hasHiddenRowId()) {
      return k;
    }
    List<String> names = parent.primaryKey().stream().map(i -> parent.columns().get(i).name()).toList();
    return new ConstraintDescriptor(k.name(), k.kind(), k.columns(), null, k.refSchema(), k.refTable(), names,
        k.onDelete(), k.onUpdate());
  }

  static TableDescriptor resolveReferences(Catalog catalog, TableDescriptor table) {
    List<ConstraintDescriptor> resolved = new ArrayList<>();
    table.constraints().forEach(k -> resolved.add(resolveReferences(catalog, table, k)));
    return table.withConstraints(resolved);
  }

  /** Checks the indexes and constraints a CREATE TABLE declares (ids already assigned). */
  static Optional<ApplyResult> validateNewTable(Catalog catalog, TableDescriptor table) {
    Set<String> names = new HashSet<>();
    for (IndexDescriptor index : table.indexes()) {
      if (index.name().equals(table.name()) || relationExists(catalog, table.schema(), index.name())
          || !names.add(index.name())) {
        return Optional.of(refused(ErrorCode.DUPLICATE_TABLE, "relation \"" + index.name() + "\" already exists"));
      }
      Optional<ApplyResult> bad = validateIndexColumns(table, index);
      if (bad.isPresent()) {
        return bad;
      }
    }
    Set<String> constraintNames = new HashSet<>();
    for (IndexDescriptor index : table.indexes()) {
      if (index.constraint()) {
        constraintNames.add(index.name());
      }
    }
    for (ConstraintDescriptor k : table.constraints()) {
      if (!constraintNames.add(k.name())) {
        return Optional.of(refused(ErrorCode.DUPLICATE_OBJECT, "constraint \"" + k.name() + "\" for relation \""
            + table.name() + "\" already exists"));
      }
      Optional<ApplyResult> bad = validateConstraint(catalog, table, k);
      if (bad.isPresent()) {
        return bad;
      }
    }
    return Optional.empty();
  }

  private static boolean relationExists(Catalog catalog, String schema, String name) {
    return findIndex(catalog, schema, name).isPresent() || catalog.table(schema, name).isPresent();
  }

  /** The table owning the index {@code name} in {@code schema}. */
  static Optional<TableDescriptor> findIndex(Catalog catalog, String schema, String name) {
    return catalog.tables().values().stream()
        .filter(t -> t.schema().equals(schema) && t.index(name).isPresent())
        .findFirst();
  }

  private static Optional<ApplyResult> validateIndexColumns(TableDescriptor table, IndexDescriptor index) {
    if (index.columns().isEmpty()) {
      return Optional.of(refused(ErrorCode.INVALID_PARAMETER_VALUE, "an index needs at least one column"));
    }
    for (int c : index.columns()) {
      if (c < 0 || c >= table.columns().size()) {
        return Optional.of(refused(ErrorCode.UNDEFINED_COLUMN, "invalid index column " + c));
      }
      TypeId type = table.columns().get(c).type().id();
      if (type == TypeId.JSON || type == TypeId.JSONB || type == TypeId.VECTOR) {
        return Optional.of(refused(ErrorCode.FEATURE_NOT_SUPPORTED, "an index on type "
            + table.columns().get(c).type() + " is not supported"));
      }
    }
    return Optional.empty();
  }

  private static Optional<ApplyResult> validateConstraint(Catalog catalog, TableDescriptor table,
      ConstraintDescriptor k) {
    if (k.kind() != ConstraintDescriptor.Kind.FOREIGN_KEY) {
      return Optional.empty();
    }
    TableDescriptor parent = k.refSchema().equals(table.schema()) && k.refTable().equals(table.name()) ? table
        : catalog.table(k.refSchema(), k.refTable()).orElse(null);
    if (parent == null) {
      return Optional.of(refused(ErrorCode.UNDEFINED_TABLE, "relation \"" + k.refTable() + "\" does not exist"));
    }
    if (k.refColumns().size() != k.columns().size()) {
      return Optional.of(refused(ErrorCode.INVALID_FOREIGN_KEY,
          "number of referencing and referenced columns for foreign key disagree"));
    }
    Set<Integer> referenced = new HashSet<>();
    for (String col : k.refColumns()) {
      int at = parent.columnIndex(col);
      if (at < 0) {
        return Optional.of(refused(ErrorCode.UNDEFINED_COLUMN,
            "column \"" + col + "\" referenced in foreign key constraint does not exist"));
      }
      referenced.add(at);
    }
    boolean keyed = !parent.hasHiddenRowId() && Set.copyOf(parent.primaryKey()).equals(referenced);
    for (IndexDescriptor index : parent.indexes()) {
      keyed |= index.unique() && Set.copyOf(index.columns()).equals(referenced);
    }
    if (!keyed) {
      return Optional.of(refused(ErrorCode.INVALID_FOREIGN_KEY,
          "there is no unique constraint matching given keys for referenced table \"" + parent.name() + "\""));
    }
    return Optional.empty();
  }

  private static ApplyResult createIndex(CatalogState state, CatalogCommand.CreateIndex c) {
    Catalog catalog = state.catalog();
    Optional<TableDescriptor> table = catalog.table(c.schema(), c.table());
    if (table.isEmpty()) {
      return refused(ErrorCode.UNDEFINED_TABLE, "relation \"" + c.table() + "\" does not exist");
    }
    if (relationExists(catalog, c.schema(), c.index().name())) {
      return c.ifNotExists() ? new ApplyResult.Unchanged()
          : refused(ErrorCode.DUPLICATE_TABLE, "relation \"" + c.index().name() + "\" already exists");
    }
    if (c.index().constraint() && table.get().constraints().stream().anyMatch(k -> k.name().equals(c.index().name()))) {
      return refused(ErrorCode.DUPLICATE_OBJECT, "constraint \"" + c.index().name() + "\" for relation \""
          + c.table() + "\" already exists");
    }
    Optional<ApplyResult> bad = validateIndexColumns(table.get(), c.index());
    if (bad.isPresent()) {
      return bad.get();
    }
    long indexId = state.nextTableId();
    List<IndexDescriptor> indexes = new ArrayList<>(table.get().indexes());
    indexes.add(c.index().withId(indexId));
    return replace(state, table.get().withIndexes(indexes), indexId + 1, List.of(table.get().tableId(), indexId));
  }

  private static ApplyResult dropIndex(CatalogState state, CatalogCommand.DropIndex c) {
    Catalog catalog = state.catalog();
    Optional<TableDescriptor> table = findIndex(catalog, c.schema(), c.name());
    if (table.isEmpty()) {
      return c.ifExists() ? new ApplyResult.Unchanged()
          : refused(ErrorCode.UNDEFINED_OBJECT, "index \"" + c.name() + "\" does not exist");
    }
    IndexDescriptor index = table.get().index(c.name()).orElseThrow();
    Optional<ApplyResult> used = referencedByForeignKey(catalog, table.get(), index);
    if (used.isPresent()) {
      return used.get();
    }
    List<IndexDescriptor> indexes = new ArrayList<>(table.get().indexes());
    indexes.remove(index);
    return replace(state, table.get().withIndexes(indexes), state.nextTableId(),
        List.of(table.get().tableId(), index.indexId()));
  }

  /** A unique index a foreign key relies on cannot go while the key is there. */
  private static Optional<ApplyResult> referencedByForeignKey(Catalog catalog, TableDescriptor table,
      IndexDescriptor index) {
    if (!index.unique()) {
      return Optional.empty();
    }
    Set<Integer> cols = Set.copyOf(index.columns());
    boolean otherKey = !table.hasHiddenRowId() && Set.copyOf(table.primaryKey()).equals(cols);
    for (IndexDescriptor other : table.indexes()) {
      otherKey |= other != index && other.unique() && Set.copyOf(other.columns()).equals(cols);
    }
    if (otherKey) {
      return Optional.empty();
    }
    for (TableDescriptor t : catalog.tables().values().stream()
        .sorted(java.util.Comparator.comparingLong(TableDescriptor::tableId)).toList()) {
      for (ConstraintDescriptor k : t.constraints()) {
        if (k.references(table.schema(), table.name())) {
          Set<Integer> referenced = new HashSet<>();
          k.refColumns().forEach(n -> referenced.add(table.columnIndex(n)));
          if (referenced.equals(cols)) {
            return Optional.of(refused(ErrorCode.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop index " + index.name()
                + " because constraint " + k.name() + " on table " + t.name() + " requires it"));
          }
        }
      }
    }
    return Optional.empty();
  }

  private static ApplyResult setValid(CatalogState state, CatalogCommand.SetIndexValid c) {
    Optional<TableDescriptor> table = findIndex(state.catalog(), c.schema(), c.name());
    if (table.isEmpty()) {
      return refused(ErrorCode.UNDEFINED_OBJECT, "index \"" + c.name() + "\" does not exist");
    }
    List<IndexDescriptor> indexes = new ArrayList<>();
    for (IndexDescriptor i : table.get().indexes()) {
      indexes.add(i.name().equals(c.name()) ? i.validated() : i);
    }
    return replace(state, table.get().withIndexes(indexes), state.nextTableId(), List.of(table.get().tableId()));
  }

  private static ApplyResult addConstraint(CatalogState state, CatalogCommand.AddConstraint c) {
    Catalog catalog = state.catalog();
    Optional<TableDescriptor> table = catalog.table(c.schema(), c.table());
    if (table.isEmpty()) {
      return refused(ErrorCode.UNDEFINED_TABLE, "relation \"" + c.table() + "\" does not exist");
    }
    String name = c.constraint().name();
    if (table.get().constraints().stream().anyMatch(k -> k.name().equals(name))
        || table.get().indexes().stream().anyMatch(i -> i.constraint() && i.name().equals(name))) {
      return refused(ErrorCode.DUPLICATE_OBJECT, "constraint \"" + name + "\" for relation \"" + c.table()
          + "\" already exists");
    }
    ConstraintDescriptor constraint = resolveReferences(catalog, table.get(), c.constraint());
    Optional<ApplyResult> bad = validateConstraint(catalog, table.get(), constraint);
    if (bad.isPresent()) {
      return bad.get();
    }
    List<ConstraintDescriptor> constraints = new ArrayList<>(table.get().constraints());
    constraints.add(constraint);
    return replace(state, table.get().withConstraints(constraints), state.nextTableId(),
        List.of(table.get().tableId()));
  }

  private static ApplyResult dropConstraint(CatalogState state, CatalogCommand.DropConstraint c) {
    Catalog catalog = state.catalog();
    Optional<TableDescriptor> table = catalog.table(c.schema(), c.table());
    if (table.isEmpty()) {
      return refused(ErrorCode.UNDEFINED_TABLE, "relation \"" + c.table() + "\" does not exist");
    }
    Optional<IndexDescriptor> index = table.get().indexes().stream()
        .filter(i -> i.constraint() && i.name().equals(c.name())).findFirst();
    if (index.isPresent()) {
      return dropIndex(state, new CatalogCommand.DropIndex(c.schema(), c.name(), false));
    }
    List<ConstraintDescriptor> constraints = new ArrayList<>(table.get().constraints());
    if (!constraints.removeIf(k -> k.name().equals(c.name()))) {
      return c.ifExists() ? new ApplyResult.Unchanged() : refused(ErrorCode.UNDEFINED_OBJECT,
          "constraint \"" + c.name() + "\" of relation \"" + c.table() + "\" does not exist");
    }
    return replace(state, table.get().withConstraints(constraints), state.nextTableId(),
        List.of(table.get().tableId()));
  }

  private static ApplyResult replace(CatalogState state, TableDescriptor table, long nextTableId, List<Long> affected) {
    Catalog catalog = state.catalog();
    Map<Long, TableDescriptor> tables = new HashMap<>(catalog.tables());
    tables.put(table.tableId(), table);
    return accepted(nextVersion(catalog, catalog.schemas(), tables, catalog.users(), catalog.cells()),
        nextTableId, affected, false);
  }
}
