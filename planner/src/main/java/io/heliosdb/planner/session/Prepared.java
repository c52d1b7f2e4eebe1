package io.heliosdb.planner.session;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.TypeId;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.PreparedStatement;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.planner.calcite.PlannedDml;
import io.heliosdb.planner.calcite.PlannedQuery;
import io.heliosdb.planner.calcite.QueryPlanner;
import io.heliosdb.planner.sql.NormalizedStatement;
import io.heliosdb.planner.sql.SqlLexer;
import io.heliosdb.planner.sql.StatementNormalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * A statement prepared with $n markers. Queries and DML are planned now (so parameter and result
 * types are known) and re-planned only if the catalog changed; other statements (SET, BEGIN, DDL)
 * are kept as text and run as simple statements.
 */
final class Prepared implements PreparedStatement {
  private final HeliosSession session;
  private final String sql;
  private final NormalizedStatement normalized;
  private final List<DataType> parameterTypes;
  private final List<ColumnMeta> columns;
  private final String command;
  /**
   * A query or DML statement without a locking clause: dispatch() would send it straight to
   * planned(), so execute() does that without lexing the text again on every execution.
   */
  private boolean direct;

  private Prepared(HeliosSession session, String sql, NormalizedStatement normalized, List<DataType> parameterTypes,
      List<ColumnMeta> columns, String command) {
    this.session = session;
    this.sql = sql;
    this.normalized = normalized;
    this.parameterTypes = parameterTypes;
    this.columns = columns;
    this.command = command;
  }

  @Override
  public boolean isPointRead() {
    return normalized != null && session.isPointPlan(normalized.text());
  }

  @Override
  public boolean isSessionCommand() {
    return normalized == null && session.isSessionCommand(sql); // (planned statements have a normalized form)
  }

  static Prepared create(HeliosSession session, String sql, List<DataType> hints) {
    List<SqlLexer.Token> tokens = SqlLexer.tokenize(sql);
    String first = tokens.isEmpty() || tokens.get(0).kind() != SqlLexer.Kind.WORD ? ""
        : tokens.get(0).text().toUpperCase(Locale.ROOT);
    NormalizedStatement n = StatementNormalizer.markers(sql);
    boolean planned = switch (first) {
      case "SELECT", "WITH", "VALUES", "TABLE", "INSERT", "UPDATE", "DELETE", "REPLACE" -> true;
      default -> false;
    };
    if (!planned) {
      if (n.clientParameterCount() > 0) {
        QueryPlanner.parse(n.text()); // a statement that does not parse is a syntax error (42601), not 0A000
        throw HeliosException.notSupported("parameters in " + first + " statements");
      }
      List<ColumnMeta> cols = first.equals("SHOW") || first.equals("EXPLAIN") ? null : List.of();
      return new Prepared(session, sql, null, List.of(), cols, first);
    }
    Object plan;
    DataType[] types;
    try {
      plan = plan(session, n);
      types = inferredTypes(n, plan);
      NormalizedStatement casted = withCasts(sql, hints, types);
      if (casted != null) {
        // A declared type wider than the context's (int8 for an int4 column): compare in the
        // declared type, as PostgreSQL's operators would, instead of narrowing the value on bind.
        try {
          Object castPlan = plan(session, casted);
          n = casted;
          plan = castPlan;
          types = inferredTypes(n, plan);
        } catch (RuntimeException e) {
          // the context does not take the declared type (an int8 assigned to an int4 column): bind as inferred
        }
      }
    } catch (RuntimeException e) {
      // "SELECT $1 + 1", "'x' || $1": Calcite cannot infer a bare marker; the client's declared
      // types settle it, and an undeclared one is text, as PostgreSQL resolves an unknown literal.
      NormalizedStatement casted = withCasts(sql, hints, null);
      if (casted == null) {
        throw e;
      }
      try {
        plan = plan(session, casted);
      } catch (RuntimeException again) {
        throw e;
      }
      n = casted;
      types = inferredTypes(n, plan);
    }
    typeJsonTargets(plan, n, types);
    for (int p = 0; p < types.length; p++) {
      if (hints != null && p < hints.size() && hints.get(p) != null) {
        types[p] = hints.get(p);
      } else if (types[p] == null) {
        types[p] = DataType.TEXT;
      }
    }
    List<ColumnMeta> cols = plan instanceof PlannedQuery q ? q.columns()
        : plan instanceof ExtendedDml x ? x.columns() : List.of();
    String cmd = plan instanceof PlannedDml d ? d.kind() : plan instanceof ExtendedDml x ? x.kind() : "SELECT";
    Prepared prepared = new Prepared(session, sql, n, new ArrayList<>(Arrays.asList(types)), cols, cmd);
    prepared.arrayTypes = arrayParameterTypes(tokens, types.length);
    prepared.direct = RowLocks.find(tokens) == null; // (first is one of the planned words above)
    return prepared;
  }

  private List<Integer> arrayTypes;

  @Override
  public List<Integer> parameterArrayTypes() {
    return arrayTypes != null ? arrayTypes : PreparedStatement.super.parameterArrayTypes();
  }

  /** PostgreSQL's typname of the element types {@code $n::T[]} may name (as PgSyntax reads them). */
  private static final java.util.Map<String, String> ARRAY_ELEMENT_NAMES = java.util.Map.ofEntries(
      java.util.Map.entry("int", "int4"), java.util.Map.entry("integer", "int4"), java.util.Map.entry("int4", "int4"),
      java.util.Map.entry("smallint", "int2"), java.util.Map.entry("int2", "int2"),
      java.util.Map.entry("bigint", "int8"), java.util.Map.entry("int8", "int8"), java.util.Map.entry("oid", "oid"),
      java.util.Map.entry("text", "text"), java.util.Map.entry("varchar", "varchar"), java.util.Map.entry("name", "name"),
      java.util.Map.entry("bool", "bool"), java.util.Map.entry("boolean", "bool"), java.util.Map.entry("real", "float4"),
      java.util.Map.entry("float4", "float4"), java.util.Map.entry("float8", "float8"));

  /**
   * The statement with {@code $n::T[]} for each parameter the client declared as an array type
   * (psycopg 3 sends a list as {@code int2[]} text): PostgreSQL types such a parameter by the
   * declaration as if the cast were written; an undeclared {@code ANY($n)} is text[]. Parameters
   * already cast keep their cast.
   */
  static String castArrayParameters(String sql, List<DataType> hints, List<Integer> declared) {
    if (!sql.contains("$")) {
      return sql;
    }
    List<SqlLexer.Token> tokens = SqlLexer.tokenize(sql);
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int copied = 0;
    for (int i = 0; i < tokens.size(); i++) {
      SqlLexer.Token t = tokens.get(i);
      if (t.kind() != SqlLexer.Kind.PARAM || (i + 1 < tokens.size() && tokens.get(i + 1).text().equals("::"))) {
        continue;
      }
      int p = Integer.parseInt(t.text().substring(1)) - 1;
      Integer arrayType = p >= 0 && p < declared.size() ? declared.get(p) : null;
      boolean undeclared = (arrayType == null || arrayType == 0) && (hints == null || p >= hints.size()
          || hints.get(p) == null);
      if (undeclared && i >= 2 && i + 1 < tokens.size() && tokens.get(i - 1).text().equals("(")
          && tokens.get(i + 1).text().equals(")") && (tokens.get(i - 2).isWord("any")
              || tokens.get(i - 2).isWord("all") || tokens.get(i - 2).isWord("some"))) {
        // x = ANY($1) with $1 of unknown type (psycopg 3 sends a list of str so): PostgreSQL takes
        // it as an array, read here as text[] (Calcite would compare x with the whole text).
        out.append(sql, copied, t.end()).append("::text[]");
        copied = t.end();
        continue;
      }
      io.heliosdb.planner.catalog.PgType array = arrayType == null || arrayType == 0 ? null
          : io.heliosdb.planner.catalog.PgTypes.byOid(arrayType);
      io.heliosdb.planner.catalog.PgType element = array == null || !array.category().equals("A")
          ? null : io.heliosdb.planner.catalog.PgTypes.byOid(array.element());
      if (element == null || !ARRAY_ELEMENT_NAMES.containsKey(element.name())) {
        if (array != null) {
          throw HeliosException.notSupported("parameters of type " + array.sqlName());
        }
        continue;
      }
      // psycopg 3 sends lists of small integers as int2[]; Calcite compares a SMALLINT array's
      // elements with an integer (x = ANY(..)) by a failing cast, so they are read as int4[].
      String name = element.name().equals("int2") ? "int4" : element.name();
      out.append(sql, copied, t.end()).append("::").append(name).append("[]");
      copied = t.end();
    }
    return out.append(sql, copied, sql.length()).toString();
  }

  /**
   * The array type of each {@code $n::[pg_catalog.]T[]} parameter: PostgreSQL types a parameter by
   * the cast written on it, and so do we, lexically (the value arrives as the array's text form).
   */
  static List<Integer> arrayParameterTypes(List<SqlLexer.Token> tokens, int count) {
    Integer[] out = new Integer[count];
    Arrays.fill(out, 0);
    for (int i = 0; i + 3 < tokens.size(); i++) {
      SqlLexer.Token t = tokens.get(i);
      if (t.kind() != SqlLexer.Kind.PARAM || !tokens.get(i + 1).text().equals("::")) {
        continue;
      }
      int type = i + 2;
      if (tokens.get(type).isWord("pg_catalog") && type + 2 < tokens.size() && tokens.get(type + 1).text().equals(".")) {
        type += 2;
      }
      if (type + 2 >= tokens.size() || !tokens.get(type + 1).text().equals("[")
          || !tokens.get(type + 2).text().equals("]")) {
        continue;
      }
      String element = ARRAY_ELEMENT_NAMES.get(tokens.get(type).text().toLowerCase(Locale.ROOT));
      int p = Integer.parseInt(t.text().substring(1)) - 1;
      if (element != null && p < count) {
        out[p] = io.heliosdb.planner.catalog.PgTypes.byName(element).array();
      }
    }
    return List.of(out);
  }

  /**
   * INSERT ... VALUES into json/jsonb columns: Calcite types those columns as VARCHAR, so a
   * parameter there would be described as text; drivers that encode by the described type
   * (asyncpg) need the column's own type.
   */
  private static void typeJsonTargets(Object planned, NormalizedStatement n, DataType[] types) {
    Object plan = planned instanceof ExtendedDml x ? x.base() : planned;
    if (!(plan instanceof PlannedDml d) || d.valueRows() == null || n.markerToParameter() == null) {
      return;
    }
    List<ColumnDescriptor> columns = d.table().columns();
    for (List<RexNode> row : d.valueRows()) {
      for (int j = 0; j < row.size() && j < columns.size(); j++) {
        RexNode node = row.get(j);
        if (node instanceof RexCall call && call.getKind() == SqlKind.CAST) {
          node = call.getOperands().get(0);
        }
        DataType column = columns.get(j).type();
        if (node instanceof RexDynamicParam marker && (column.id() == TypeId.JSON || column.id() == TypeId.JSONB)
            && marker.getIndex() < n.markerToParameter().length) {
          types[n.markerToParameter()[marker.getIndex()]] = column;
        }
      }
    }
  }

  private static Object plan(HeliosSession session, NormalizedStatement n) {
    return HeliosSession.planStatement(session.engine().planner(), n.text(), session.schema());
  }

  /** The type the plan gives each client parameter (its first marker's), null where unknown. */
  private static DataType[] inferredTypes(NormalizedStatement n, Object plan) {
    List<DataType> markerTypes = HeliosSession.parameterTypes(plan);
    DataType[] types = new DataType[n.clientParameterCount()];
    for (int k = 0; k < n.markerToParameter().length && k < markerTypes.size(); k++) {
      int p = n.markerToParameter()[k];
      if (types[p] == null) {
        types[p] = markerTypes.get(k);
      }
    }
    return types;
  }

  /**
   * The statement with {@code CAST($n AS declared type)} around each parameter whose declared type
   * the plan cannot take as it is, or null when no parameter needs one. Without {@code inferred}
   * (planning failed) every parameter gets a cast: its declared type, else VARCHAR.
   */
  private static NormalizedStatement withCasts(String sql, List<DataType> hints, DataType[] inferred) {
    StringBuilder out = new StringBuilder(sql.length() + 32);
    int copied = 0;
    boolean any = false;
    for (SqlLexer.Token t : SqlLexer.tokenize(sql)) {
      if (t.kind() != SqlLexer.Kind.PARAM) {
        continue;
      }
      int p = Integer.parseInt(t.text().substring(1)) - 1;
      DataType hint = hints != null && p >= 0 && p < hints.size() ? hints.get(p) : null;
      String castType;
      if (inferred == null) {
        castType = hint == null ? "VARCHAR" : castTypeName(hint);
      } else {
        castType = hint == null || p >= inferred.length || !needsCast(hint, inferred[p]) ? null : castTypeName(hint);
      }
      if (castType == null) {
        continue;
      }
      out.append(sql, copied, t.start()).append("CAST(").append(t.text()).append(" AS ").append(castType).append(')');
      copied = t.end();
      any = true;
    }
    if (!any) {
      return null;
    }
    out.append(sql, copied, sql.length());
    return StatementNormalizer.markers(out.toString());
  }

  /** Whether a value of the declared type would lose range or meaning if bound as the inferred type. */
  static boolean needsCast(DataType declared, DataType inferred) {
    if (inferred == null) {
      return true;
    }
    if (declared.id() == inferred.id() || isString(declared)) {
      return false; // strings are parsed as the target type, as PostgreSQL does for unknown-typed text
    }
    int from = numericRank(declared);
    int to = numericRank(inferred);
    return from < 0 || to < 0 || from > to;
  }

  private static boolean isString(DataType t) {
    return switch (t.id()) {
      case TEXT, VARCHAR -> true;
      default -> false;
    };
  }

  /** Widening order of numeric types; -1 for others. */
  private static int numericRank(DataType t) {
    return switch (t.id()) {
      case SMALLINT -> 1;
      case INTEGER -> 2;
      case BIGINT -> 3;
      case NUMERIC -> 4;
      case REAL -> 5;
      case DOUBLE -> 6;
      default -> -1;
    };
  }

  /** The Calcite spelling of a declared parameter type, or null where a cast would not help. */
  private static String castTypeName(DataType t) {
    return switch (t.id()) {
      case BOOLEAN -> "BOOLEAN";
      case SMALLINT -> "SMALLINT";
      case INTEGER -> "INTEGER";
      case BIGINT -> "BIGINT";
      case REAL -> "REAL";
      case DOUBLE -> "DOUBLE";
      case NUMERIC -> "DECIMAL";
      case TEXT, VARCHAR -> "VARCHAR";
      case DATE -> "DATE";
      case TIME -> "TIME";
      case TIMESTAMP -> "TIMESTAMP";
      default -> null;
    };
  }

  StatementResult execute(List<Object> parameters) {
    if (parameters.size() != parameterTypes.size()) {
      throw new HeliosException(ErrorCode.PROTOCOL_VIOLATION, "bind message supplies " + parameters.size()
          + " parameters, but prepared statement requires " + parameterTypes.size());
    }
    if (direct) {
      return session.executePlanned(sql, normalized, parameters);
    }
    return session.dispatch(sql, normalized, parameters);
  }

  @Override
  public List<DataType> parameterTypes() {
    return parameterTypes;
  }

  /** Result columns; for SHOW/EXPLAIN they are known only when run, so this runs nothing and says so. */
  @Override
  public List<ColumnMeta> resultColumns() {
    if (columns == null) {
      return command.equals("EXPLAIN") ? List.of(ColumnMeta.of("QUERY PLAN", DataType.TEXT)) : List.of(ColumnMeta.of(
          "setting", DataType.TEXT));
    }
    return columns;
  }

  @Override
  public String command() {
    return command;
  }

  @Override
  public void close() {}
}
