package io.heliosdb.planner.sql;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.ConstraintDescriptor;
import io.heliosdb.metadata.IndexDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.create.table.CheckConstraint;
import net.sf.jsqlparser.statement.create.table.ForeignKeyIndex;
import net.sf.jsqlparser.statement.create.table.Index;

/**
 * Collects the UNIQUE, CHECK and FOREIGN KEY constraints and the indexes one CREATE TABLE (or
 * ALTER TABLE) declares, naming the unnamed ones as PostgreSQL does ({@code t_a_key},
 * {@code t_a_check}, {@code t_a_fkey}, {@code t_a_idx}, with a number appended on a clash).
 */
public final class TableConstraints {
  private final String schema;
  private final String table;
  private final List<ColumnDescriptor> columns;
  private final List<IndexDescriptor> indexes = new ArrayList<>();
  private final List<ConstraintDescriptor> constraints = new ArrayList<>();
  private final Set<String> taken = new LinkedHashSet<>();

  public TableConstraints(String schema, String table, List<ColumnDescriptor> columns) {
    this.schema = schema;
    this.table = table;
    this.columns = columns;
    taken.add(table);
    taken.add(table + "_pkey");
  }

  public List<IndexDescriptor> indexes() {
    return indexes;
  }

  public List<ConstraintDescriptor> constraints() {
    return constraints;
  }

  // ---------------------------------------------------------------- column constraints

  /**
   * A column option starting at {@code specs[i]} (UNIQUE, CHECK or REFERENCES) of the column at
   * {@code column}, named {@code name} or unnamed (null).
   *
   * @return the index of the last spec consumed
   */
  public int columnSpec(List<String> specs, int i, int column, String name) {
    String word = specs.get(i).toUpperCase(Locale.ROOT);
    switch (word) {
      case "UNIQUE" -> {
        int j = i;
        if (j + 1 < specs.size() && specs.get(j + 1).equalsIgnoreCase("KEY")) {
          j++;
        }
        unique(name, List.of(column), true);
        return j;
      }
      case "CHECK" -> {
        if (i + 1 >= specs.size()) {
          throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
        }
        check(name, unparen(specs.get(i + 1)), column);
        return i + 1;
      }
      case "REFERENCES" -> {
        if (i + 1 >= specs.size()) {
          throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
        }
        String[] ref = qualified(specs.get(i + 1));
        int j = i + 2;
        List<String> refCols = List.of();
        if (j < specs.size() && specs.get(j).startsWith("(")) {
          refCols = identList(unparen(specs.get(j)));
          j++;
        }
        String onDelete = null;
        String onUpdate = null;
        while (j + 2 < specs.size() + 1 && j < specs.size() && specs.get(j).equalsIgnoreCase("ON")) {
          boolean delete = specs.get(j + 1).equalsIgnoreCase("DELETE");
          StringBuilder action = new StringBuilder();
          int k = j + 2;
          action.append(specs.get(k).toUpperCase(Locale.ROOT));
          if ((action.toString().equals("SET") || action.toString().equals("NO")) && k + 1 < specs.size()) {
            action.append(' ').append(specs.get(++k).toUpperCase(Locale.ROOT));
          }
          if (delete) {
            onDelete = action.toString();
          } else {
            onUpdate = action.toString();
          }
          j = k + 1;
        }
        foreignKey(name, List.of(column), ref[0], ref[1], refCols, onDelete, onUpdate);
        return j - 1;
      }
      default -> throw HeliosException.notSupported("column option " + specs.get(i));
    }
  }

  // ---------------------------------------------------------------- table constraints

  /** A table element of CREATE TABLE other than PRIMARY KEY. */
  public void tableElement(Index idx) {
    String name = idx.getName() == null || idx.getName().equals("null") ? null : DdlTranslator.ident(idx.getName());
    if (idx instanceof CheckConstraint c) {
      check(name, c.getExpression().toString(), -1);
      return;
    }
    if (idx instanceof ForeignKeyIndex fk) {
      List<Integer> cols = columnList(idx.getColumnsNames());
      String refSchema = fk.getTable().getSchemaName() == null ? schema : DdlTranslator.ident(fk.getTable().getSchemaName());
      List<String> refCols = fk.getReferencedColumnNames() == null ? List.of()
          : fk.getReferencedColumnNames().stream().map(DdlTranslator::ident).toList();
      foreignKey(name, cols, refSchema, DdlTranslator.ident(fk.getTable().getName()), refCols,
          fk.getOnDeleteReferenceOption(), fk.getOnUpdateReferenceOption());
      return;
    }
    String type = idx.getType() == null ? "" : idx.getType().toUpperCase(Locale.ROOT).trim();
    List<Integer> cols = columnList(idx.getColumnsNames());
    switch (type) {
      case "UNIQUE", "UNIQUE KEY", "UNIQUE INDEX" -> unique(name, cols, true);
      case "KEY", "INDEX" -> index(name, cols, false);
      default -> throw HeliosException.notSupported(type + " table constraints");
    }
  }

  public void unique(String name, List<Integer> cols, boolean constraint) {
    String n = name != null ? claim(name) : choose(cols, "key");
    indexes.add(new IndexDescriptor(0, n, cols, true, constraint, true));
  }

  public void index(String name, List<Integer> cols, boolean unique) {
    String n = name != null ? claim(name) : choose(cols, "idx");
    indexes.add(new IndexDescriptor(0, n, cols, unique, false, true));
  }

  public void check(String name, String expression, int column) {
    Expression parsed;
    try {
      parsed = CCJSqlParserUtil.parseCondExpression(expression);
    } catch (JSQLParserException e) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error in CHECK constraint: " + expression);
    }
    Set<Integer> referenced = new LinkedHashSet<>();
    for (String c : columnsOf(parsed)) {
      int at = indexOf(DdlTranslator.ident(c));
      if (at < 0) {
        throw new HeliosException(ErrorCode.UNDEFINED_COLUMN, "column \"" + DdlTranslator.ident(c) + "\" does not exist");
      }
      referenced.add(at);
    }
    if (column >= 0) {
      referenced.add(column);
    }
    List<Integer> cols = List.copyOf(referenced);
    // PostgreSQL names a CHECK after its column when it names exactly one
    String n = name != null ? claim(name) : choose(cols.size() == 1 ? cols : List.of(), "check");
    constraints.add(ConstraintDescriptor.check(n, cols, stripOuterParens(parsed.toString())));
  }

  public void foreignKey(String name, List<Integer> cols, String refSchema, String refTable, List<String> refCols,
      String onDelete, String onUpdate) {
    String del = action(onDelete);
    String upd = action(onUpdate);
    if (del.equals("SET DEFAULT")) {
      throw HeliosException.notSupported("ON DELETE SET DEFAULT");
    }
    if (upd.equals("SET DEFAULT")) {
      throw HeliosException.notSupported("ON UPDATE SET DEFAULT");
    }
    String n = name != null ? claim(name) : choose(cols, "fkey");
    constraints.add(new ConstraintDescriptor(n, ConstraintDescriptor.Kind.FOREIGN_KEY, cols, null, refSchema,
        refTable, refCols, del, upd));
  }

  private static String action(String raw) {
    if (raw == null || raw.isBlank()) {
      return "NO ACTION";
    }
    String a = raw.toUpperCase(Locale.ROOT).trim().replace('_', ' ').replaceAll("\\s+", " ");
    return switch (a) {
      case "NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT" -> a;
      default -> throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"" + raw + "\"");
    };
  }

  public List<Integer> columnList(List<String> names) {
    List<Integer> out = new ArrayList<>();
    for (String raw : names) {
      String c = DdlTranslator.ident(raw.trim().split("\\s+")[0]);
      int at = indexOf(c);
      if (at < 0) {
        throw new HeliosException(ErrorCode.UNDEFINED_COLUMN, "column \"" + c + "\" named in key does not exist");
      }
      out.add(at);
    }
    return out;
  }

  private int indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private String claim(String name) {
    if (!taken.add(name)) {
      throw new HeliosException(ErrorCode.DUPLICATE_OBJECT, "constraint \"" + name + "\" for relation \""
          + table + "\" already exists");
    }
    return name;
  }

  /** PostgreSQL's choice: table, the columns, the kind, joined by '_'; a number on a clash. */
  public String choose(List<Integer> cols, String suffix) {
    StringBuilder base = new StringBuilder(table);
    for (int c : cols) {
      base.append('_').append(columns.get(c).name());
    }
    String root = base.toString();
    String candidate = root + "_" + suffix;
    for (int n = 1; !taken.add(candidate); n++) {
      candidate = root + "_" + suffix + n;
    }
    return candidate;
  }

  /** Names already used by the table's other indexes and constraints (ALTER TABLE). */
  public void reserve(String name) {
    taken.add(name);
  }

  static List<String> columnsOf(Expression e) {
    List<String> out = new ArrayList<>();
    e.accept(new net.sf.jsqlparser.expression.ExpressionVisitorAdapter<Void>() {
      @Override
      public <S> Void visit(Column column, S context) {
        out.add(column.getColumnName());
        return null;
      }
    }, null);
    return out;
  }

  /** "(a < b)" -> "a < b"; "(a) < (b)" stays as it is. */
  static String stripOuterParens(String s) {
    String t = s.trim();
    while (t.startsWith("(") && t.endsWith(")")) {
      int depth = 0;
      boolean wraps = true;
      for (int i = 0; i < t.length() - 1; i++) {
        char c = t.charAt(i);
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        if (depth == 0) {
          wraps = false;
          break;
        }
      }
      if (!wraps) {
        break;
      }
      t = t.substring(1, t.length() - 1).trim();
    }
    return t;
  }

  static String unparen(String s) {
    String t = s.trim();
    if (t.startsWith("(") && t.endsWith(")")) {
      return t.substring(1, t.length() - 1).trim();
    }
    return t;
  }

  private String[] qualified(String raw) {
    int dot = raw.indexOf('.');
    if (dot > 0 && !raw.startsWith("\"")) {
      return new String[] {DdlTranslator.ident(raw.substring(0, dot)), DdlTranslator.ident(raw.substring(dot + 1))};
    }
    return new String[] {schema, DdlTranslator.ident(raw)};
  }

  private static List<String> identList(String inner) {
    List<String> out = new ArrayList<>();
    for (String p : inner.split(",")) {
      out.add(DdlTranslator.ident(p.trim()));
    }
    return out;
  }

}
