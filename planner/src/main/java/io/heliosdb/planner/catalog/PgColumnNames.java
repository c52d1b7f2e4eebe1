package io.heliosdb.planner.catalog;

import io.heliosdb.planner.api.ColumnMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;

/**
 * Names of result columns nobody named, as PostgreSQL gives them (its FigureColname): a function
 * call is named after the function ({@code count}, {@code version}), a cast after its operand or
 * else its type ({@code int4}, {@code text}), CASE {@code case}, a scalar subquery after its own
 * column, anything else {@code ?column?}. Calcite would answer {@code EXPR$0}, which clients show
 * and key rows by.
 */
public final class PgColumnNames {
  private PgColumnNames() {}

  /** Calcite's names for unnamed expressions. */
  private static final Pattern GENERATED = Pattern.compile("EXPR\\$\\d+");
  static final String UNNAMED = "?column?";

  /** PostgreSQL's internal names of the types a cast may name. */
  private static final Map<String, String> TYPE_NAMES = Map.ofEntries(Map.entry("integer", "int4"),
      Map.entry("int", "int4"), Map.entry("bigint", "int8"), Map.entry("smallint", "int2"),
      Map.entry("boolean", "bool"), Map.entry("real", "float4"), Map.entry("double", "float8"),
      Map.entry("float", "float8"), Map.entry("decimal", "numeric"), Map.entry("varchar", "varchar"),
      Map.entry("char", "bpchar"), Map.entry("character", "bpchar"), Map.entry("binary", "bytea"),
      Map.entry("varbinary", "bytea"), Map.entry("timestamp_with_local_time_zone", "timestamptz"));

  /**
   * PostgreSQL's names of the select list as the client wrote it, taken before validation rewrites
   * expressions (COALESCE becomes CASE); null when the list has a star (its width is known only after).
   */
  public static List<String> beforeValidation(SqlNode parsed) {
    List<SqlNode> items = selectItems(parsed);
    if (items == null) {
      return null;
    }
    List<String> names = new ArrayList<>(items.size());
    for (SqlNode item : items) {
      if (item instanceof SqlIdentifier id && id.isStar()) {
        return null;
      }
      names.add(item.getKind() == SqlKind.AS ? null : nameOf(item));
    }
    return names;
  }

  /**
   * The columns with Calcite-generated names replaced by PostgreSQL's: from {@code written} (see
   * {@link #beforeValidation}) when given, else from the validated statement.
   */
  public static List<ColumnMeta> rename(List<ColumnMeta> columns, SqlNode validated, List<String> written) {
    if (written != null && written.size() == columns.size()) {
      List<ColumnMeta> out = new ArrayList<>(columns);
      for (int i = 0; i < columns.size(); i++) {
        ColumnMeta c = columns.get(i);
        if (written.get(i) != null && GENERATED.matcher(c.name()).matches()) {
          out.set(i, new ColumnMeta(written.get(i), c.type(), c.nullable(), c.tableId(), c.columnIndex(),
              c.pgTypeOid()));
        }
      }
      return out;
    }
    return rename(columns, validated);
  }

  /** The columns with Calcite-generated names replaced by PostgreSQL's, from the validated statement. */
  public static List<ColumnMeta> rename(List<ColumnMeta> columns, SqlNode validated) {
    List<SqlNode> items = selectItems(validated);
    if (items == null || items.size() != columns.size()) {
      return columns;
    }
    List<ColumnMeta> out = null;
    for (int i = 0; i < columns.size(); i++) {
      ColumnMeta c = columns.get(i);
      if (!GENERATED.matcher(c.name()).matches()) {
        continue;
      }
      SqlNode item = items.get(i);
      if (item.getKind() == SqlKind.AS) {
        SqlCall as = (SqlCall) item;
        if (!(as.operand(1) instanceof SqlIdentifier alias) || !GENERATED.matcher(alias.getSimple()).matches()) {
          continue; // the client named it so
        }
        item = as.operand(0);
      }
      if (out == null) {
        out = new ArrayList<>(columns);
      }
      out.set(i, new ColumnMeta(nameOf(item), c.type(), c.nullable(), c.tableId(), c.columnIndex(), c.pgTypeOid()));
    }
    return out == null ? columns : out;
  }

  /** The select list the result columns come from (the first branch of a set operation), or null. */
  private static List<SqlNode> selectItems(SqlNode node) {
    while (true) {
      if (node instanceof SqlSelect select) {
        SqlNodeList list = select.getSelectList();
        return list == null ? null : list.getList();
      } else if (node instanceof SqlOrderBy orderBy) {
        node = orderBy.query;
      } else if (node instanceof SqlWith with) {
        node = with.body;
      } else if (node instanceof SqlCall call && (node.getKind() == SqlKind.UNION
          || node.getKind() == SqlKind.INTERSECT || node.getKind() == SqlKind.EXCEPT)) {
        node = call.operand(0);
      } else {
        return null;
      }
    }
  }

  /** PostgreSQL's name for an unnamed expression. */
  static String nameOf(SqlNode node) {
    String name = figure(node);
    return name == null ? UNNAMED : name;
  }

  private static String figure(SqlNode node) {
    if (node instanceof SqlIdentifier id) {
      String last = id.names.get(id.names.size() - 1);
      return last.isEmpty() ? null : last;
    }
    if (node instanceof SqlSelect || node instanceof SqlOrderBy || node instanceof SqlWith) {
      List<SqlNode> items = selectItems(node);
      if (items == null || items.isEmpty()) {
        return null;
      }
      SqlNode first = items.get(0);
      if (first.getKind() == SqlKind.AS) {
        String alias = ((SqlIdentifier) ((SqlCall) first).operand(1)).getSimple();
        return GENERATED.matcher(alias).matches() ? figure(((SqlCall) first).operand(0)) : alias;
      }
      return figure(first);
    }
    if (!(node instanceof SqlCall call)) {
      return null;
    }
    switch (call.getKind()) {
      case CAST -> {
        String inner = figure(call.operand(0));
        if (inner != null) {
          return inner;
        }
        return call.operand(1) instanceof SqlDataTypeSpec spec ? typeName(spec) : null;
      }
      case CASE -> {
        return "case";
      }
      case EXISTS -> {
        return "exists";
      }
      case ARRAY_VALUE_CONSTRUCTOR, ARRAY_QUERY_CONSTRUCTOR -> {
        return "array";
      }
      case ROW -> {
        return "row";
      }
      case COALESCE -> {
        return "coalesce";
      }
      case NULLIF -> {
        return "nullif";
      }
      case GREATEST -> {
        return "greatest";
      }
      case LEAST -> {
        return "least";
      }
      case SCALAR_QUERY -> {
        return figure(call.operand(0));
      }
      default -> { }
    }
    if (call.getOperator().getName().equalsIgnoreCase("any_value") && call.operandCount() == 1) {
      // Calcite wraps a non-grouped expression of an aggregate query in ANY_VALUE while validating.
      return figure(call.operand(0));
    }
    if (call.getKind() == SqlKind.OTHER_FUNCTION && call instanceof SqlBasicCall && isInternal(call)) {
      // PgSyntax's stand-ins (regclass lookups, OID marks) are casts in the client's text.
      return figure(call.operand(0));
    }
    if (call.getOperator() instanceof SqlFunction f) {
      SqlIdentifier id = f.getSqlIdentifier();
      String name = id != null ? id.names.get(id.names.size() - 1) : f.getName();
      return name.toLowerCase(Locale.ROOT);
    }
    return null;
  }

  private static boolean isInternal(SqlCall call) {
    String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
    return call.operandCount() >= 1 && (name.equals(PgSyntax.OID_FUNCTION) || name.equals("regclassout"));
  }

  private static String typeName(SqlDataTypeSpec spec) {
    List<String> names = spec.getTypeName().names;
    String last = names.get(names.size() - 1).toLowerCase(Locale.ROOT);
    if (last.equals("varchar") && spec.getTypeNameSpec() instanceof org.apache.calcite.sql.SqlBasicTypeNameSpec b
        && b.getPrecision() < 0) {
      return "text"; // ::text reaches the parser as VARCHAR without a length (::varchar rarely goes without one)
    }
    return TYPE_NAMES.getOrDefault(last, last);
  }
}
