package io.heliosdb.planner.catalog;

import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.ConstraintDescriptor;
import io.heliosdb.metadata.IndexDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Secondary indexes and UNIQUE / CHECK / FOREIGN KEY constraints as the client catalogs show them
 * (pg_class, pg_index, pg_constraint, information_schema, MySQL's SHOW INDEX / SHOW CREATE TABLE):
 * their OIDs and their definitions in PostgreSQL's and MySQL's spelling, in one place.
 * OIDs: an index is 16384 + 2 * index id (index ids come from the table id sequence), its UNIQUE
 * constraint one more; CHECK and FOREIGN KEY constraints 3 * 2^28 + 256 * table id + position.
 */
public final class ConstraintCatalog {
  private static final int CONSTRAINT_BASE = 3 << 28;

  private ConstraintCatalog() {}

  public static int indexOid(IndexDescriptor index) {
    return PgOids.FIRST_USER_OID + (int) (2 * index.indexId());
  }

  public static int uniqueConstraintOid(IndexDescriptor index) {
    return indexOid(index) + 1;
  }

  public static int constraintOid(TableDescriptor t, int position) {
    return CONSTRAINT_BASE + (int) (t.tableId() * 256 + position);
  }

  /** A table's index by OID. */
  public record Owned<T>(TableDescriptor table, T item) {}

  public static Owned<IndexDescriptor> indexByOid(Catalog catalog, int oid) {
    for (TableDescriptor t : catalog.tables().values()) {
      for (IndexDescriptor i : t.indexes()) {
        if (indexOid(i) == oid) {
          return new Owned<>(t, i);
        }
      }
    }
    return null;
  }

  public static Owned<IndexDescriptor> uniqueConstraintByOid(Catalog catalog, int oid) {
    Owned<IndexDescriptor> i = indexByOid(catalog, oid - 1);
    return i != null && i.item().constraint() ? i : null;
  }

  public static Owned<ConstraintDescriptor> constraintByOid(Catalog catalog, int oid) {
    if (oid < CONSTRAINT_BASE) {
      return null;
    }
    for (TableDescriptor t : catalog.tables().values()) {
      for (int p = 0; p < t.constraints().size(); p++) {
        if (constraintOid(t, p) == oid) {
          return new Owned<>(t, t.constraints().get(p));
        }
      }
    }
    return null;
  }

  public static List<TableDescriptor> sorted(Catalog catalog) {
    return catalog.tables().values().stream().sorted(Comparator.comparingLong(TableDescriptor::tableId)).toList();
  }

  static List<Short> columnNumbers(List<Integer> columns) {
    List<Short> out = new ArrayList<>();
    columns.forEach(c -> out.add((short) (c + 1)));
    return out;
  }

  static String columnList(TableDescriptor t, List<Integer> columns, Function<String, String> quote) {
    List<String> names = new ArrayList<>();
    columns.forEach(c -> names.add(quote.apply(t.columns().get(c).name())));
    return String.join(", ", names);
  }

  /** pg_get_indexdef: CREATE [UNIQUE] INDEX name ON [schema.]table USING btree (cols). */
  static String indexDefinition(TableDescriptor t, IndexDescriptor i, boolean qualify, Function<String, String> q) {
    return "CREATE " + (i.unique() ? "UNIQUE " : "") + "INDEX " + q.apply(i.name()) + " ON "
        + (qualify ? q.apply(t.schema()) + "." : "") + q.apply(t.name()) + " USING btree ("
        + columnList(t, i.columns(), q) + ")";
  }

  /** pg_get_constraintdef of a CHECK or FOREIGN KEY constraint. */
  static String constraintDefinition(TableDescriptor t, ConstraintDescriptor k, boolean qualifyParent,
      Function<String, String> q) {
    if (k.kind() == ConstraintDescriptor.Kind.CHECK) {
      return "CHECK ((" + k.checkExpression() + "))";
    }
    StringBuilder sb = new StringBuilder("FOREIGN KEY (").append(columnList(t, k.columns(), q)).append(") REFERENCES ");
    if (qualifyParent) {
      sb.append(q.apply(k.refSchema())).append('.');
    }
    List<String> refs = new ArrayList<>();
    k.refColumns().forEach(c -> refs.add(q.apply(c)));
    sb.append(q.apply(k.refTable())).append('(').append(String.join(", ", refs)).append(')');
    if (!k.onUpdate().equals("NO ACTION")) {
      sb.append(" ON UPDATE ").append(k.onUpdate());
    }
    if (!k.onDelete().equals("NO ACTION")) {
      sb.append(" ON DELETE ").append(k.onDelete());
    }
    return sb.toString();
  }

  /** pg_constraint.confdeltype / confupdtype. */
  static String actionCode(String action) {
    return switch (action.toUpperCase(Locale.ROOT)) {
      case "RESTRICT" -> "r";
      case "CASCADE" -> "c";
      case "SET NULL" -> "n";
      case "SET DEFAULT" -> "d";
      default -> "a";
    };
  }
}
