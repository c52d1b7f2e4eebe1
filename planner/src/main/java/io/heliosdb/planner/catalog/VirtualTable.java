package io.heliosdb.planner.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A system catalog table: fixed columns and rows computed once, on first scan, from the catalog
 * snapshot the planner was built with (so a table no query touches costs nothing).
 */
public final class VirtualTable extends AbstractTable implements ScannableTable {
  /** One column: its PostgreSQL name and type. */
  public record Column(String name, ColumnType type) {}

  private final String name;
  private final List<Column> columns;
  private final Supplier<List<Object[]>> rowSource;
  /** Rows that depend on the executing session (pg_settings), or null. */
  private final Function<SessionInfo, List<Object[]>> sessionRows;
  private volatile List<Object[]> rows;

  private VirtualTable(String name, List<Column> columns, Supplier<List<Object[]>> rowSource,
      Function<SessionInfo, List<Object[]>> sessionRows) {
    this.name = name;
    this.columns = List.copyOf(columns);
    this.rowSource = rowSource;
    this.sessionRows = sessionRows;
  }

  public String name() {
    return name;
  }

  public List<Column> columns() {
    return columns;
  }

  /** The rows (computed on first use), each an array in column order. */
  public List<Object[]> rows(SessionInfo session) {
    if (sessionRows != null) {
      return checked(sessionRows.apply(session));
    }
    List<Object[]> r = rows;
    if (r == null) {
      r = checked(rowSource.get());
      rows = r;
    }
    return r;
  }

  private List<Object[]> checked(List<Object[]> r) {
    for (Object[] row : r) {
      if (row.length != columns.size()) {
        throw new IllegalStateException(name + ": row of " + row.length + " values for " + columns.size() + " columns");
      }
      // Vectors carry their kind, so array_lower() and their text form are PostgreSQL's.
      for (int i = 0; i < row.length; i++) {
        if (columns.get(i).type().isVector() && row[i] instanceof List<?> list && !(list instanceof PgArrays.Vector)) {
          row[i] = new PgArrays.Vector(list);
        }
      }
    }
    return List.copyOf(r);
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    List<RelDataType> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Column c : columns) {
      names.add(c.name());
      types.add(c.type().toRelType(typeFactory));
    }
    return typeFactory.createStructType(types, names);
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    return Linq4j.asEnumerable(rows(SessionInfo.of(root)));
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Declares a table's columns, then its rows. */
  public static final class Builder {
    private final String name;
    private final List<Column> columns = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    public Builder column(String columnName, ColumnType type) {
      columns.add(new Column(columnName, type));
      return this;
    }

    public VirtualTable rows(Supplier<List<Object[]>> rows) {
      return new VirtualTable(name, columns, rows, null);
    }

    /** Rows computed per execution from the session (settings). */
    public VirtualTable sessionRows(Function<SessionInfo, List<Object[]>> rows) {
      return new VirtualTable(name, columns, null, rows);
    }

    public VirtualTable empty() {
      return new VirtualTable(name, columns, List::of, null);
    }
  }
}
