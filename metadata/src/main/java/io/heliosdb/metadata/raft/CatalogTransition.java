package io.heliosdb.metadata.raft;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.CatalogCommand.CreateSchema;
import io.heliosdb.metadata.CatalogCommand.CreateTable;
import io.heliosdb.metadata.CatalogCommand.DropSchema;
import io.heliosdb.metadata.CatalogCommand.DropTable;
import io.heliosdb.metadata.CatalogCommand.PutUser;
import io.heliosdb.metadata.CatalogCommand.RegisterCell;
import io.heliosdb.metadata.CellDescriptor;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.ConstraintDescriptor;
import io.heliosdb.metadata.IndexDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.metadata.UserRecord;
import io.heliosdb.hidb.types.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The catalog's transition function: (state, command) to result. Pure and deterministic, because
 * every Raft peer runs it on the same log and must end with the same catalog; so no clock, no
 * randomness and no iteration over unordered collections decides anything here.
 */
public final class CatalogTransition {

  /** Name of the key column added to a table declared without a primary key. */
  public static final String ROW_ID_COLUMN = "_rowid";

  private CatalogTransition() {}

  public static ApplyResult apply(CatalogState state, CatalogCommand command) {
    // Java 17 has no pattern switch; the sealed interface keeps this list complete.
    if (command instanceof CreateSchema c) {
      return createSchema(state, c);
    } else if (command instanceof DropSchema c) {
      return dropSchema(state, c);
    } else if (command instanceof CreateTable c) {
      return createTable(state, c);
    } else if (command instanceof DropTable c) {
      return dropTable(state, c);
    } else if (command instanceof RegisterCell c) {
      return registerCell(state, c);
    } else if (command instanceof PutUser c) {
      return putUser(state, c);
    } else if (command instanceof CatalogCommand.CreateIndex
        || command instanceof CatalogCommand.DropIndex
        || command instanceof CatalogCommand.SetIndexValid
        || command instanceof CatalogCommand.AddConstraint
        || command instanceof CatalogCommand.DropConstraint) {
      return IndexTransitions.apply(state, command);
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  private static ApplyResult createSchema(CatalogState state, CreateSchema c) {
    Catalog catalog = state.catalog();
    if (isBlank(c.name())) {
      return refused(ErrorCode.INVALID_PARAMETER_VALUE, "schema name must not be empty");
    }
    if (catalog.schemas().contains(c.name())) {
      return c.ifNotExists() ? new ApplyResult.Unchanged()
          : refused(ErrorCode.DUPLICATE_SCHEMA, "schema \"" + c.name() + "\" already exists");
    }
    Set<String> schemas = new HashSet<>(catalog.schemas());
    schemas.add(c.name());
    return accepted(nextVersion(catalog, schemas, catalog.tables(), catalog.users(), catalog.cells()),
        state.nextTableId(), List.of(), false);
  }

  private static ApplyResult dropSchema(CatalogState state, DropSchema c) {
    Catalog catalog = state.catalog();
    if (!catalog.schemas().contains(c.name())) {
      return c.ifExists() ? new ApplyResult.Unchanged()
          : refused(ErrorCode.UNDEFINED_SCHEMA, "schema \"" + c.name() + "\" does not exist");
    }
    List<Long> dropped = catalog.tablesIn(c.name()).stream().map(TableDescriptor::tableId).sorted().toList();
    if (!dropped.isEmpty() && !c.cascade()) {
      // PostgreSQL answers 2BP01 (dependent objects still exist); the neutral codes have no such
      // entry, and FEATURE_NOT_SUPPORTED is the closest: the statement is valid, just not in this state.
      return refused(ErrorCode.FEATURE_NOT_SUPPORTED,
          "cannot drop schema \"" + c.name() + "\" because it is not empty (use CASCADE)");
    }
    Set<String> schemas = new HashSet<>(catalog.schemas());
    schemas.remove(c.name());
    Map<Long, TableDescriptor> tables = new HashMap<>(catalog.tables());
    dropped.forEach(tables::remove);
    return accepted(nextVersion(catalog, schemas, tables, catalog.users(), catalog.cells()),
        state.nextTableId(), dropped, false);
  }

  private static ApplyResult createTable(CatalogState state, CreateTable c) {
    Catalog catalog = state.catalog();
    if (!catalog.schemas().contains(c.schema())) {
      return refused(ErrorCode.UNDEFINED_SCHEMA, "schema \"" + c.schema() + "\" does not exist");
    }
    if (catalog.table(c.schema(), c.name()).isPresent()) {
      return c.ifNotExists() ? new ApplyResult.Unchanged()
          : refused(ErrorCode.DUPLICATE_TABLE, "relation \"" + c.name() + "\" already exists");
    }
    Optional<ApplyResult> invalid = validateTableShape(c);
    if (invalid.isPresent()) {
      return invalid.get();
    }
    if (catalog.cells().isEmpty()) {
      return refused(ErrorCode.UNAVAILABLE, "no storage cell is registered to hold table \"" + c.name() + "\"");
    }
    List<ColumnDescriptor> columns = new ArrayList<>(c.columns().size() + 1);
    List<Integer> primaryKey;
    if (c.primaryKey().isEmpty()) {
      columns.addAll(c.columns());
      columns.add(new ColumnDescriptor(ROW_ID_COLUMN, DataType.BIGINT, false, null, true));
      primaryKey = List.of(columns.size() - 1);
    } else {
      Set<Integer> keyColumns = Set.copyOf(c.primaryKey());
      for (int i = 0; i < c.columns().size(); i++) {
        ColumnDescriptor col = c.columns().get(i);
        // Key columns are NOT NULL whatever the statement said, as in SQL.
        columns.add(keyColumns.contains(i) && col.nullable()
            ? new ColumnDescriptor(col.name(), col.type(), false, col.defaultExpression(), col.hidden()) : col);
      }
      primaryKey = c.primaryKey();
    }
    long tableId = state.nextTableId();
    long nextId = tableId + 1;
    List<IndexDescriptor> indexes = new ArrayList<>();
    for (IndexDescriptor index : c.indexes()) {
      indexes.add(index.withId(nextId++));
    }
    TableDescriptor table = new TableDescriptor(tableId, c.schema(), c.name(), 1, columns, primaryKey,
        c.virtualShards(), assignShards(catalog.cells(), c.virtualShards()), indexes, c.constraints());
    table = IndexTransitions.resolveReferences(catalog, table);
    Optional<ApplyResult> badIndex = IndexTransitions.validateNewTable(catalog, table);
    if (badIndex.isPresent()) {
      return badIndex.get();
    }
    Map<Long, TableDescriptor> tables = new HashMap<>(catalog.tables());
    tables.put(tableId, table);
    return accepted(nextVersion(catalog, catalog.schemas(), tables, catalog.users(), catalog.cells()),
        nextId, List.of(tableId), false);
  }

  private static Optional<ApplyResult> validateTableShape(CreateTable c) {
    if (isBlank(c.name())) {
      return Optional.of(refused(ErrorCode.INVALID_PARAMETER_VALUE, "table name must not be empty"));
    }
    if (c.virtualShards() < 1) {
      return Optional.of(refused(ErrorCode.INVALID_PARAMETER_VALUE,
          "virtual shard count must be positive, was " + c.virtualShards()));
    }
    Set<String> names = new HashSet<>();
    for (ColumnDescriptor col : c.columns()) {
      if (!names.add(col.name())) {
        return Optional.of(refused(ErrorCode.DUPLICATE_COLUMN,
            "column \"" + col.name() + "\" specified more than once"));
      }
    }
    if (c.primaryKey().isEmpty() && names.contains(ROW_ID_COLUMN)) {
      return Optional.of(refused(ErrorCode.DUPLICATE_COLUMN,
          "column \"" + ROW_ID_COLUMN + "\" is reserved for tables without a primary key"));
    }
    Set<Integer> seen = new HashSet<>();
    for (int k : c.primaryKey()) {
      if (k < 0 || k >= c.columns().size() || !seen.add(k)) {
        return Optional.of(refused(ErrorCode.INVALID_PARAMETER_VALUE, "invalid primary key column index " + k));
      }
    }
    return Optional.empty();
  }

  /** Round robin over the cells in sorted id order, so every peer computes the same map. */
  static List<String> assignShards(Map<String, CellDescriptor> cells, int virtualShards) {
    List<String> cellIds = cells.keySet().stream().sorted().toList();
    List<String> shardToCell = new ArrayList<>(virtualShards);
    for (int shard = 0; shard < virtualShards; shard++) {
      shardToCell.add(cellIds.get(shard % cellIds.size()));
    }
    return shardToCell;
  }

  private static ApplyResult dropTable(CatalogState state, DropTable c) {
    Catalog catalog = state.catalog();
    if (!catalog.schemas().contains(c.schema())) {
      return c.ifExists() ? new ApplyResult.Unchanged()
          : refused(ErrorCode.UNDEFINED_SCHEMA, "schema \"" + c.schema() + "\" does not exist");
    }
    Optional<TableDescriptor> table = catalog.table(c.schema(), c.name());
    if (table.isEmpty()) {
      return c.ifExists() ? new ApplyResult.Unchanged()
          : refused(ErrorCode.UNDEFINED_TABLE, "table \"" + c.name() + "\" does not exist");
    }
    long tableId = table.get().tableId();
    for (TableDescriptor other : catalog.tables().values()) {
      if (other.tableId() == tableId) {
        continue;
      }
      for (ConstraintDescriptor k : other.constraints()) {
        if (k.references(c.schema(), c.name())) {
          return refused(ErrorCode.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop table " + c.name()
              + " because other objects depend on it");
        }
      }
    }
    Map<Long, TableDescriptor> tables = new HashMap<>(catalog.tables());
    tables.remove(tableId);
    return accepted(nextVersion(catalog, catalog.schemas(), tables, catalog.users(), catalog.cells()),
        state.nextTableId(), List.of(tableId), false);
  }

  private static ApplyResult registerCell(CatalogState state, RegisterCell c) {
    if (isBlank(c.cellId()) || isBlank(c.address())) {
      return refused(ErrorCode.INVALID_PARAMETER_VALUE, "a cell needs an id and an address");
    }
    Catalog catalog = state.catalog();
    CellDescriptor cell = new CellDescriptor(c.cellId(), c.address());
    if (cell.equals(catalog.cells().get(c.cellId()))) {
      return new ApplyResult.Unchanged();
    }
    Map<String, CellDescriptor> cells = new HashMap<>(catalog.cells());
    cells.put(c.cellId(), cell);
    // Existing tables keep their shard map: moving shards is rebalancing, a separate command.
    return accepted(nextVersion(catalog, catalog.schemas(), catalog.tables(), catalog.users(), cells),
        state.nextTableId(), List.of(), true);
  }

  private static ApplyResult putUser(CatalogState state, PutUser c) {
    UserRecord user = c.user();
    if (user == null || isBlank(user.name())) {
      return refused(ErrorCode.INVALID_PARAMETER_VALUE, "a user needs a name");
    }
    Catalog catalog = state.catalog();
    Map<String, UserRecord> users = new HashMap<>(catalog.users());
    users.put(user.name(), user);
    return accepted(nextVersion(catalog, catalog.schemas(), catalog.tables(), users, catalog.cells()),
        state.nextTableId(), List.of(), false);
  }

  static Catalog nextVersion(Catalog before, Set<String> schemas, Map<Long, TableDescriptor> tables,
      Map<String, UserRecord> users, Map<String, CellDescriptor> cells) {
    return new Catalog(before.version() + 1, schemas, tables, users, cells);
  }

  static ApplyResult accepted(Catalog catalog, long nextTableId,
      List<Long> affectedTableIds, boolean shardMapChanged) {
    return new ApplyResult.Accepted(new CatalogState(catalog, nextTableId), affectedTableIds, shardMapChanged);
  }

  static ApplyResult refused(ErrorCode code, String message) {
    return new ApplyResult.Refused(code, message);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
