package io.heliosdb.planner.catalog;

import io.heliosdb.hidb.error.HeliosException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Gives PostgreSQL spellings their meaning on the parsed tree, before validation:
 * <ul>
 *   <li>SQL's niladic session functions: Calcite compiles CURRENT_USER, SESSION_USER and USER to a
 *       constant, PostgreSQL answers the session's user;
 *   <li>{@code CAST(x AS regclass)} / {@code regtype} are the lookups {@code regclass(x)} /
 *       {@code regtype(x)}, and casting those to text prints the relation's name ({@code regclassout})
 *       or the type's ({@code format_type}); {@code ::pg_catalog.text} and friends are Calcite's types;
 *   <li>set-returning {@code unnest(array)} and {@code generate_subscripts(array, 1)} in a select
 *       list become one lateral {@code UNNEST(arrays...) WITH ORDINALITY} joined to the FROM
 *       clause, which is what PostgreSQL does with set-returning functions in a select list (several
 *       run in lock step, the shorter padded with NULLs).
 *   <li>{@code bool_and} / {@code bool_or} are the standard EVERY / SOME aggregates.
 * </ul>
 */
public final class PgSyntax {
  private PgSyntax() {}

  /** Internal function giving the positions along which several arrays are unnested in lock step. */
  static final String POSITIONS_FUNCTION = "helios_srf_positions";
  /** Internal identity function marking a regclass / regtype value used as a plain OID. */
  static final String OID_FUNCTION = "helios_oid";
  /** Internal functions marking a value cast to json / jsonb (checked, described as that type). */
  static final String JSON_FUNCTION = "helios_json";
  static final String JSONB_FUNCTION = "helios_jsonb";
  /** Internal functions reading an array's text form, one per element type ({@code helios_array_in_int4} ...). */
  static final String ARRAY_IN_PREFIX = "helios_array_in_";
  /** At most this many distinct arrays in one select list's set-returning functions. */
  static final int MAX_SET_RETURNING_ARRAYS = 16;

  /** Alias of the lateral UNNEST and its columns: not a name a client can write unquoted. */
  private static final String SRF_ALIAS = "$srf";
  private static final String ORDINAL_COLUMN = "$ord";

  public static SqlNode rewrite(SqlNode node, PgOperatorTable functions) {
    if (node == null) {
      return null;
    }
    SqlNode out = node.accept(new SqlShuttle() {
      @Override
      public SqlNode visit(SqlCall call) {
        SqlOperator op = call.getOperator();
        SqlOperator replacement = null;
        if (op == SqlStdOperatorTable.CURRENT_USER || op == SqlStdOperatorTable.USER
            || op == SqlStdOperatorTable.CURRENT_ROLE) {
          replacement = functions.operator("current_user");
        } else if (op == SqlStdOperatorTable.SESSION_USER) {
          replacement = functions.operator("session_user");
        } else if (op == SqlStdOperatorTable.CURRENT_CATALOG) {
          replacement = functions.operator("current_database");
        } else if (op == SqlStdOperatorTable.CURRENT_SCHEMA) {
          replacement = functions.operator("current_schema");
        }
        if (replacement != null) {
          return new SqlBasicCall(replacement, List.of(), call.getParserPosition());
        }
        if (call.operandCount() == 1 && (functionName(call).equals("bool_and") || functionName(call).equals("bool_or"))) {
          // bool_and / bool_or are the standard EVERY / SOME aggregates.
          SqlOperator agg = functionName(call).equals("bool_and") ? SqlStdOperatorTable.EVERY : SqlStdOperatorTable.SOME;
          return agg.createCall(call.getFunctionQuantifier(), call.getParserPosition(), call.operand(0).accept(this));
        }
        if (call instanceof SqlSelect select) {
          unnestSetReturningFunctions(select, functions);
        }
        if (call.getKind() == SqlKind.CAST && call.operandCount() == 2
            && call.operand(1) instanceof SqlDataTypeSpec spec) {
          SqlNode operand = call.operand(0).accept(this);
          SqlParserPos pos = call.getParserPosition();
          if (spec.getTypeNameSpec() instanceof org.apache.calcite.sql.SqlCollectionTypeNameSpec array
              && (operand instanceof SqlLiteral || operand instanceof org.apache.calcite.sql.SqlDynamicParam)) {
            return arrayFromText(operand, array, functions, pos);
          }
          for (String lookup : List.of("regclass", "regtype")) {
            if (isType(spec, lookup)) {
              return new SqlBasicCall(functions.operator(lookup), List.of(operand), pos);
            }
          }
          if (isType(spec, "json") || isType(spec, "jsonb")) {
            // Checked as JSON and described as json / jsonb; the value travels as text.
            SqlDataTypeSpec varchar = new SqlDataTypeSpec(new org.apache.calcite.sql.SqlBasicTypeNameSpec(
                SqlTypeName.VARCHAR, spec.getParserPosition()), spec.getParserPosition());
            return new SqlBasicCall(functions.operator(isType(spec, "json") ? JSON_FUNCTION : JSONB_FUNCTION),
                List.of(SqlStdOperatorTable.CAST.createCall(pos, operand, varchar)), pos);
          }
          boolean toText = isType(spec, "varchar") || isType(spec, "char") || isType(spec, "text");
          if (toText && isCallOf(operand, "regclass")) {
            return new SqlBasicCall(functions.operator("regclassout"), List.of(operand), pos);
          }
          if (toText && isCallOf(operand, "regtype")) {
            // regtype prints as format_type(oid, NULL) does.
            return new SqlBasicCall(functions.operator("format_type"), List.of(operand, SqlLiteral.createNull(pos)),
                pos);
          }
          boolean toInteger = isType(spec, "integer") || isType(spec, "oid") || isType(spec, "int4");
          if (toInteger && (isCallOf(operand, "regclass") || isCallOf(operand, "regtype"))) {
            // regclass::oid is the OID itself; kept as a call, since the planner drops the no-op
            // cast and the result would print as a name.
            return new SqlBasicCall(functions.operator(OID_FUNCTION), List.of(operand), pos);
          }
          SqlTypeName builtIn = qualifiedBuiltInType(spec);
          if (builtIn != null) {
            SqlDataTypeSpec plain = new SqlDataTypeSpec(new org.apache.calcite.sql.SqlBasicTypeNameSpec(builtIn,
                spec.getParserPosition()), spec.getParserPosition());
            return SqlStdOperatorTable.CAST.createCall(pos, operand, plain);
          }
        }
        return super.visit(call);
      }
    });
    return out == null ? node : out;
  }

  /** PostgreSQL element type (typname) of Calcite's spelling of an array's element type. */
  private static final java.util.Map<String, String> ARRAY_ELEMENTS = java.util.Map.of(
      "INTEGER", "int4", "SMALLINT", "int2", "BIGINT", "int8", "BOOLEAN", "bool", "REAL", "float4",
      "DOUBLE", "float8", "FLOAT", "float8", "VARCHAR", "text", "CHAR", "text");

  /**
   * {@code '{1,2}'::int[]} and {@code $1::oid[]}: the text form read as an array by the element
   * type's array-input function; element types without one are refused.
   */
  private static SqlNode arrayFromText(SqlNode operand, org.apache.calcite.sql.SqlCollectionTypeNameSpec array,
      PgOperatorTable functions, SqlParserPos pos) {
    String elementName = array.getElementTypeName().getTypeName().getSimple().toUpperCase(Locale.ROOT);
    String element = ARRAY_ELEMENTS.get(elementName);
    if (element == null) {
      throw HeliosException.notSupported("arrays of type " + elementName.toLowerCase(Locale.ROOT));
    }
    SqlDataTypeSpec varchar = new SqlDataTypeSpec(new org.apache.calcite.sql.SqlBasicTypeNameSpec(
        SqlTypeName.VARCHAR, pos), pos);
    return new SqlBasicCall(functions.operator(ARRAY_IN_PREFIX + element),
        List.of(SqlStdOperatorTable.CAST.createCall(pos, operand, varchar)), pos);
  }

  private static boolean isType(SqlDataTypeSpec spec, String name) {
    SqlIdentifier type = spec.getTypeName();
    return type.names.get(type.names.size() - 1).equalsIgnoreCase(name);
  }

  private static boolean isCallOf(SqlNode node, String function) {
    return node instanceof SqlCall c && functionName(c).equals(function);
  }

  /** PostgreSQL type names as psql writes them (::pg_catalog.text), as Calcite's types. */
  private static final java.util.Map<String, SqlTypeName> PG_CATALOG_TYPES = java.util.Map.ofEntries(
      java.util.Map.entry("text", SqlTypeName.VARCHAR), java.util.Map.entry("varchar", SqlTypeName.VARCHAR),
      java.util.Map.entry("name", SqlTypeName.VARCHAR), java.util.Map.entry("char", SqlTypeName.VARCHAR),
      java.util.Map.entry("bpchar", SqlTypeName.VARCHAR), java.util.Map.entry("int2", SqlTypeName.SMALLINT),
      java.util.Map.entry("int4", SqlTypeName.INTEGER), java.util.Map.entry("oid", SqlTypeName.INTEGER),
      java.util.Map.entry("int8", SqlTypeName.BIGINT), java.util.Map.entry("bool", SqlTypeName.BOOLEAN),
      java.util.Map.entry("float4", SqlTypeName.REAL), java.util.Map.entry("float8", SqlTypeName.DOUBLE),
      java.util.Map.entry("numeric", SqlTypeName.DECIMAL));

  /** The Calcite type of a pg_catalog-qualified type name (pg_catalog.text), or null. */
  private static SqlTypeName qualifiedBuiltInType(SqlDataTypeSpec spec) {
    List<String> names = spec.getTypeName().names;
    if (names.size() != 2 || !names.get(0).equalsIgnoreCase("pg_catalog")) {
      return null;
    }
    return PG_CATALOG_TYPES.get(names.get(1).toLowerCase(Locale.ROOT));
  }

  /** Lower-case last part of a function call's name ("" for operators that are not functions). */
  private static String functionName(SqlCall call) {
    if (!(call.getOperator() instanceof SqlFunction f)) {
      return "";
    }
    SqlIdentifier id = f.getSqlIdentifier();
    String name = id != null ? id.names.get(id.names.size() - 1) : f.getName();
    return name.toLowerCase(Locale.ROOT);
  }

  private static boolean isSetReturning(SqlNode node) {
    if (!(node instanceof SqlCall c)) {
      return false;
    }
    String name = functionName(c);
    return ((name.equals("unnest") || name.equals(PgTokenRewrites.EXPAND_POSITION)) && c.operandCount() == 1)
        || (name.equals("generate_subscripts") && (c.operandCount() == 2 || c.operandCount() == 3));
  }

  /** Rewrites the select's set-returning calls in place (see the class comment). */
  private static void unnestSetReturningFunctions(SqlSelect select, PgOperatorTable functions) {
    SqlNodeList items = select.getSelectList();
    if (items == null) {
      return;
    }
    List<SqlNode> arrays = new ArrayList<>();
    List<SqlNode> newItems = new ArrayList<>();
    List<int[]> srfs = new ArrayList<>();
    boolean found = false;
    for (SqlNode item : items) {
      SqlNode expr = item;
      String alias = null;
      if (item.getKind() == SqlKind.AS) {
        SqlCall as = (SqlCall) item;
        expr = as.operand(0);
        alias = ((SqlIdentifier) as.operand(1)).getSimple();
      }
      if (!isSetReturning(expr)) {
        if (containsSetReturning(item)) {
          throw HeliosException.notSupported("set-returning functions inside expressions of a select list");
        }
        newItems.add(item);
        continue;
      }
      found = true;
      SqlCall srf = (SqlCall) expr;
      SqlParserPos pos = srf.getParserPosition();
      SqlNode array = srf.operand(0);
      int index = indexOf(arrays, array);
      if (index < 0) {
        arrays.add(array);
        index = arrays.size() - 1;
      }
      srfs.add(new int[] {newItems.size(), index});
      SqlNode value;
      if (functionName(srf).equals("unnest")) {
        value = new SqlIdentifier(List.of(SRF_ALIAS, valueColumn(index)), pos);
      } else if (functionName(srf).equals(PgTokenRewrites.EXPAND_POSITION)) {
        // _pg_expandarray's n: the 1-based position, whatever the array's lower bound
        value = new SqlIdentifier(List.of(SRF_ALIAS, ORDINAL_COLUMN), pos);
      } else {
        if (srf.operandCount() == 3) {
          throw HeliosException.notSupported("generate_subscripts() in reverse");
        }
        // Subscripts run from the array's lower bound: 1 for arrays, 0 for int2vector/oidvector;
        // the catalogs' arrays have one dimension, so another dimension's bound (NULL) gives NULL.
        SqlNode ordinal = new SqlIdentifier(List.of(SRF_ALIAS, ORDINAL_COLUMN), pos);
        SqlNode lower = new SqlBasicCall(functions.operator("array_lower"), List.of(array, srf.operand(1)), pos);
        value = SqlStdOperatorTable.PLUS.createCall(pos,
            SqlStdOperatorTable.MINUS.createCall(pos, ordinal, SqlLiteral.createExactNumeric("1", pos)), lower);
      }
      String name = alias != null ? alias : functionName(srf);
      newItems.add(SqlStdOperatorTable.AS.createCall(pos, value, new SqlIdentifier(name, pos)));
    }
    if (!found) {
      return;
    }
    SqlParserPos pos = select.getParserPosition();
    List<SqlNode> asOperands = new ArrayList<>();
    if (arrays.size() == 1) {
      asOperands.add(SqlStdOperatorTable.UNNEST_WITH_ORDINALITY.createCall(pos, arrays));
      asOperands.add(new SqlIdentifier(SRF_ALIAS, pos));
      asOperands.add(new SqlIdentifier(valueColumn(0), pos));
    } else {
      // Several arrays run in lock step along the longest one's positions, the shorter padded with
      // NULLs (Calcite's UNNEST of several arrays would pair every element with every other).
      if (arrays.size() > MAX_SET_RETURNING_ARRAYS) {
        throw HeliosException.notSupported("set-returning functions over more than " + MAX_SET_RETURNING_ARRAYS
            + " arrays in one select list");
      }
      SqlNode positions = new SqlBasicCall(functions.operator(POSITIONS_FUNCTION), arrays, pos);
      asOperands.add(SqlStdOperatorTable.UNNEST.createCall(pos, positions));
      asOperands.add(new SqlIdentifier(SRF_ALIAS, pos));
      SqlNode ordinal = new SqlIdentifier(List.of(SRF_ALIAS, ORDINAL_COLUMN), pos);
      for (int[] srf : srfs) {
        SqlCall as = (SqlCall) newItems.get(srf[0]);
        SqlNode array = arrays.get(srf[1]);
        SqlNode inRange = SqlStdOperatorTable.LESS_THAN_OR_EQUAL.createCall(pos, ordinal,
            SqlStdOperatorTable.CARDINALITY.createCall(pos, array));
        SqlNode value = as.operand(0) instanceof SqlIdentifier id && !id.names.get(id.names.size() - 1)
            .equals(ORDINAL_COLUMN) ? SqlStdOperatorTable.ITEM.createCall(pos, array, ordinal) : as.operand(0);
        // Past the end of this array: NULL (element and subscript alike).
        SqlNode padded = new org.apache.calcite.sql.fun.SqlCase(pos, null,
            new SqlNodeList(List.of(inRange), pos), new SqlNodeList(List.of(value), pos),
            SqlLiteral.createNull(pos));
        newItems.set(srf[0], SqlStdOperatorTable.AS.createCall(pos, padded, as.operand(1)));
      }
    }
    asOperands.add(new SqlIdentifier(ORDINAL_COLUMN, pos));
    SqlNode unnest = SqlStdOperatorTable.AS.createCall(pos, asOperands);
    SqlNode from = select.getFrom();
    select.setFrom(from == null ? unnest
        : new SqlJoin(pos, from, SqlLiteral.createBoolean(false, pos), JoinType.CROSS.symbol(pos), unnest,
            JoinConditionType.NONE.symbol(pos), null));
    select.setSelectList(new SqlNodeList(newItems, items.getParserPosition()));
  }

  private static String valueColumn(int index) {
    return "$v" + index;
  }

  private static int indexOf(List<SqlNode> nodes, SqlNode node) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).equalsDeep(node, org.apache.calcite.util.Litmus.IGNORE)) {
        return i;
      }
    }
    return -1;
  }

  /** Whether a set-returning call appears anywhere in the expression (not inside a subquery). */
  private static boolean containsSetReturning(SqlNode node) {
    boolean[] found = {false};
    node.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        if (call instanceof SqlSelect) {
          return null;
        }
        if (isSetReturning(call)) {
          found[0] = true;
        }
        return super.visit(call);
      }
    });
    return found[0];
  }
}
