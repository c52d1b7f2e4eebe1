package io.heliosdb.planner.calcite;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.TableDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * Rows a statement already holds in memory, queryable as tables with a real table's columns: the
 * rows an INSERT / UPDATE / DELETE changed (RETURNING) and the existing and proposed rows of an
 * ON CONFLICT DO UPDATE. Schema {@value #SCHEMA}, tables {@code <slot>_<table id>}; the rows of one
 * execution travel as the last parameter of its {@link ExecutionContext} (a map slot -> rows in
 * the value model), so cached plans are shared safely.
 */
public final class RowSets extends AbstractSchema {
  public static final String SCHEMA = "$rows";

  private final Catalog catalog;

  RowSets(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The slot whose columns carry {@link io.heliosdb.planner.sql.DmlClauses#MYSQL_PROPOSED_PREFIX}. */
  public static final String PREFIXED_SLOT = "proposed";

  /** The table name for {@code slot} ("target", "excluded") of {@code table}. */
  public static String tableName(String slot, TableDescriptor table) {
    return slot + "_" + table.tableId();
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return new java.util.AbstractMap<>() {
      @Override
      public Table get(Object key) {
        if (!(key instanceof String name)) {
          return null;
        }
        int cut = name.lastIndexOf('_');
        if (cut < 0) {
          return null;
        }
        try {
          TableDescriptor t = catalog.tables().get(Long.parseLong(name.substring(cut + 1)));
          return t == null ? null : new RowsTable(t, name.substring(0, cut));
        } catch (NumberFormatException e) {
          return null;
        }
      }

      @Override
      public boolean containsKey(Object key) {
        return get(key) != null;
      }

      @Override
      public Set<Entry<String, Table>> entrySet() {
        return Set.of();
      }
    };
  }

  /** One slot's rows with the visible columns of a table. */
  static final class RowsTable extends AbstractTable implements ScannableTable {
    private final TableDescriptor table;
    private final String slot;

    RowsTable(TableDescriptor table, String slot) {
      this.table = table;
      this.slot = slot;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      RelDataType type = new HeliosTable(table).getRowType(typeFactory);
      if (!slot.equals(PREFIXED_SLOT)) {
        return type;
      }
      RelDataTypeFactory.Builder b = typeFactory.builder();
      type.getFieldList().forEach(f -> b.add(io.heliosdb.planner.sql.DmlClauses.MYSQL_PROPOSED_PREFIX + f.getName(),
          f.getType()));
      return b.build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Enumerable<Object[]> scan(DataContext root) {
      ExecutionContext e = (ExecutionContext) root.get(ExecutionContext.KEY);
      Map<String, List<Object[]>> sets = (Map<String, List<Object[]>>) e.parameters().get(e.parameters().size() - 1);
      int visible = table.hasHiddenRowId() ? table.columns().size() - 1 : table.columns().size();
      List<Object[]> out = new ArrayList<>();
      for (Object[] row : sets.getOrDefault(slot.equals(PREFIXED_SLOT) ? "excluded" : slot, List.of())) {
        Object[] r = new Object[visible];
        for (int i = 0; i < visible; i++) {
          DataType t = table.columns().get(i).type();
          r[i] = row[i] == null ? null : CalciteTypes.toCalcite(t, row[i]);
        }
        out.add(r);
      }
      return Linq4j.asEnumerable(out);
    }
  }
}
