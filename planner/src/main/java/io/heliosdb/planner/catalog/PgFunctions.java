package io.heliosdb.planner.catalog;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.calcite.ExecutionContext;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.DataContext;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The PostgreSQL catalog and session functions clients call, each one entry: its name, SQL
 * signature (for the validator and pg_proc) and implementation. Implementations receive the
 * execution's DataContext, so session-dependent ones (current_user, current_setting()) read the
 * executing session, never the session that planned a shared cached plan.
 */
public final class PgFunctions {
  /** The version() string: starts "PostgreSQL 16.4" because SQLAlchemy and pgjdbc parse it. */
  public static final String VERSION = "PostgreSQL 16.4 (HeliosDB 0.1.0) on x86_64-pc-linux-gnu, compiled by javac 17, 64-bit";

  /** A function body: the DataContext of the execution and the (boxed, possibly null) arguments. */
  @FunctionalInterface
  public interface Body {
    Object apply(DataContext root, Object[] args);
  }

  /**
   * One function.
   *
   * @param oid its pg_proc OID
   * @param name its name (lower case; also callable as pg_catalog.name)
   * @param returnType Calcite type of the result (always nullable)
   * @param operands argument families; the last {@code optional} ones may be omitted
   * @param optional how many trailing operands are optional
   * @param argTypes pg_proc.proargtypes (OIDs) of the full signature
   * @param returnOid pg_proc.prorettype
   * @param volatility when the result may change (pg_proc.provolatile)
   * @param body the implementation
   */
  public record Definition(int oid, String name, SqlTypeName returnType, List<SqlTypeFamily> operands, int optional,
      List<Integer> argTypes, int returnOid, Volatility volatility, Body body) {}

  /** PostgreSQL's function volatility, which also decides what the planner may fold. */
  public enum Volatility {
    /** Same arguments, same result: folded at planning. */
    IMMUTABLE("i"),
    /** Depends on the session or catalog (now(), current_user): one value per statement, never folded. */
    STABLE("s"),
    /** A new value at every call (MySQL's UUID()): neither folded nor shared within the statement. */
    VOLATILE("v");

    final String code;

    Volatility(String code) {
      this.code = code;
    }
  }

  /** pg_proc's view of a function. */
  public record Signature(int oid, String name, List<Integer> argTypes, int returnType, boolean strict,
      String volatility) {}

  /** json_build_object takes key/value pairs; calls with more arguments are refused at validation. */
  static final int JSON_BUILD_OBJECT_MAX_ARGS = 64;

  /** concat_ws takes a separator and up to this many values. */
  static final int CONCAT_WS_MAX_VALUES = 64;

  /**
   * Element type (Calcite) of each internal array-input function, by function name
   * ({@link PgSyntax#ARRAY_IN_PREFIX} + the element's typname): the element types arrays may have.
   */
  static final Map<String, SqlTypeName> ARRAY_IN_ELEMENTS = Map.of(
      PgSyntax.ARRAY_IN_PREFIX + "bool", SqlTypeName.BOOLEAN, PgSyntax.ARRAY_IN_PREFIX + "int2", SqlTypeName.SMALLINT,
      PgSyntax.ARRAY_IN_PREFIX + "int4", SqlTypeName.INTEGER, PgSyntax.ARRAY_IN_PREFIX + "oid", SqlTypeName.INTEGER,
      PgSyntax.ARRAY_IN_PREFIX + "int8", SqlTypeName.BIGINT, PgSyntax.ARRAY_IN_PREFIX + "float4", SqlTypeName.REAL,
      PgSyntax.ARRAY_IN_PREFIX + "float8", SqlTypeName.DOUBLE, 
      PgSyntax.ARRAY_IN_PREFIX + "text", SqlTypeName.VARCHAR, PgSyntax.ARRAY_IN_PREFIX + "varchar", SqlTypeName.VARCHAR);

  static final Map<String, Definition> DEFINITIONS;
  static final List<Signature> SIGNATURES;

  static {
    Map<String, Definition> m = new LinkedHashMap<>();
    SqlTypeFamily any = SqlTypeFamily.ANY;
    SqlTypeFamily num = SqlTypeFamily.NUMERIC;
    SqlTypeFamily str = SqlTypeFamily.CHARACTER;
    SqlTypeFamily bool = SqlTypeFamily.BOOLEAN;
    int oid = PgTypes.OID;
    int text = PgTypes.TEXT;
    int int4 = PgTypes.INT4;
    int boolOid = PgTypes.BOOL;
    int nameOid = PgTypes.NAME;
    def(m, 89, "version", SqlTypeName.VARCHAR, List.of(), 0, List.of(), text, false, (r, a) -> VERSION);
    // Current date/time (PostgreSQL 9.9.5): now() and transaction_timestamp() are the start of the
    // transaction, statement_timestamp() of the client's statement, clock_timestamp() the wall clock.
    // Values in Calcite's internal form (milliseconds): computed values carry millisecond precision.
    SqlTypeName tstz = SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
    int tstzOid = PgTypes.TIMESTAMPTZ;
    def(m, 1299, "now", tstz, List.of(), 0, List.of(), tstzOid, true,
        (r, a) -> Math.floorDiv(SessionInfo.of(r).clock().transactionStartMicros(), 1000L));
    def(m, 2647, "transaction_timestamp", tstz, List.of(), 0, List.of(), tstzOid, true,
        (r, a) -> Math.floorDiv(SessionInfo.of(r).clock().transactionStartMicros(), 1000L));
    def(m, 2648, "statement_timestamp", tstz, List.of(), 0, List.of(), tstzOid, true,
        (r, a) -> Math.floorDiv(SessionInfo.of(r).clock().statementStartMicros(), 1000L));
    def(m, 2649, "clock_timestamp", tstz, List.of(), 0, List.of(), tstzOid, true,
        (r, a) -> Math.floorDiv(SessionInfo.nowMicros(), 1000L));
    def(m, 1402, "current_schema", SqlTypeName.VARCHAR, List.of(), 0, List.of(), nameOid, true,
        (r, a) -> SessionInfo.of(r).schema());
    def(m, 861, "current_database", SqlTypeName.VARCHAR, List.of(), 0, List.of(), nameOid, true,
        (r, a) -> SessionInfo.of(r).database());
    def(m, 745, "current_user", SqlTypeName.VARCHAR, List.of(), 0, List.of(), nameOid, true,
        (r, a) -> SessionInfo.of(r).user());
    def(m, 746, "session_user", SqlTypeName.VARCHAR, List.of(), 0, List.of(), nameOid, true,
        (r, a) -> SessionInfo.of(r).user());
    def(m, 2077, "current_setting", SqlTypeName.VARCHAR, List.of(str, bool), 1, List.of(text, boolOid), text, true,
        PgFunctions::currentSetting);
    def(m, 2078, "set_config", SqlTypeName.VARCHAR, List.of(str, str, bool), 0, List.of(text, text, boolOid), text,
        true, PgFunctions::setConfig);
    def(m, 1081, "format_type", SqlTypeName.VARCHAR, List.of(num, num), 0, List.of(oid, int4), text, false,
        (r, a) -> PgTypes.format(toInt(a[0]), toInt(a[1])));
    def(m, 2509, "pg_get_expr", SqlTypeName.VARCHAR, List.of(str, num, bool), 1, List.of(PgTypes.TEXT, oid, boolOid),
        text, false, (r, a) -> a[0]);
    def(m, 2507, "pg_get_indexdef", SqlTypeName.VARCHAR, List.of(num, num, bool), 2, List.of(oid, int4, boolOid),
        text, true, (r, a) -> indexDefinition(r, toInt(a[0]), a.length > 1 ? toInt(a[1]) : null));
    def(m, 2508, "pg_get_constraintdef", SqlTypeName.VARCHAR, List.of(num, bool), 1, List.of(oid, boolOid), text,
        true, (r, a) -> constraintDefinition(r, toInt(a[0])));
    def(m, 2079, "pg_table_is_visible", SqlTypeName.BOOLEAN, List.of(num), 0, List.of(oid), boolOid, true,
        (r, a) -> tableIsVisible(r, toInt(a[0])));
    def(m, 2080, "pg_type_is_visible", SqlTypeName.BOOLEAN, List.of(num), 0, List.of(oid), boolOid, false,
        (r, a) -> a[0] == null ? null : Boolean.TRUE);
    def(m, 1215, "obj_description", SqlTypeName.VARCHAR, List.of(num, str), 1, List.of(oid, nameOid), text, false,
        (r, a) -> null);
    def(m, 1216, "col_description", SqlTypeName.VARCHAR, List.of(num, num), 0, List.of(oid, int4), text, false,
        (r, a) -> null);
    def(m, 1993, "shobj_description", SqlTypeName.VARCHAR, List.of(num, str), 0, List.of(oid, nameOid), text, false,
        (r, a) -> null);
    // Every user may do everything until privileges arrive: the privilege checks answer true.
    def(m, 1927, "has_table_privilege", SqlTypeName.BOOLEAN, List.of(any, any, any), 1,
        List.of(nameOid, text, text), boolOid, false, (r, a) -> Boolean.TRUE);
    def(m, 2268, "has_schema_privilege", SqlTypeName.BOOLEAN, List.of(any, any, any), 1,
        List.of(nameOid, text, text), boolOid, false, (r, a) -> Boolean.TRUE);
    def(m, 2250, "has_database_privilege", SqlTypeName.BOOLEAN, List.of(any, any, any), 1,
        List.of(nameOid, text, text), boolOid, false, (r, a) -> Boolean.TRUE);
    def(m, 1642, "pg_get_userbyid", SqlTypeName.VARCHAR, List.of(num), 0, List.of(oid), nameOid, true,
        PgFunctions::userById);
    def(m, 1597, "pg_encoding_to_char", SqlTypeName.VARCHAR, List.of(num), 0, List.of(int4), nameOid, false,
        (r, a) -> a[0] == null ? null : toInt(a[0]) == 6 ? "UTF8" : "");
    // regclass(text) looks a relation up; regclass(oid) is the OID itself (CAST(oid AS regclass)).
    def(m, 1171, "regclass", SqlTypeName.INTEGER, List.of(any), 0, List.of(text), PgTypes.REGCLASS, true,
        (r, a) -> a[0] instanceof Number n ? Integer.valueOf(n.intValue()) : regclass(r, (String) a[0], true));
    def(m, 2220, "regtype", SqlTypeName.INTEGER, List.of(any), 0, List.of(text), PgTypes.REGTYPE, false,
        (r, a) -> a[0] instanceof Number n ? Integer.valueOf(n.intValue()) : regtype((String) a[0]));
    def(m, 2219, "regclassout", SqlTypeName.VARCHAR, List.of(num), 0, List.of(PgTypes.REGCLASS), PgTypes.TEXT, true,
        (r, a) -> relationName(r, toInt(a[0])));
    def(m, 3495, "to_regclass", SqlTypeName.INTEGER, List.of(str), 0, List.of(text), PgTypes.REGCLASS, true,
        (r, a) -> regclass(r, (String) a[0], false));
    def(m, 1269, "pg_get_serial_sequence", SqlTypeName.VARCHAR, List.of(str, str), 0, List.of(text, text), text,
        true, (r, a) -> SequenceFunctions.serialSequence(r, (String) a[0], (String) a[1]));
    // Sequences (non-transactional, never folded: sessionDependent).
    int int8 = PgTypes.INT8;
    int regclassOid = PgTypes.REGCLASS;
    def(m, 1574, "nextval", SqlTypeName.BIGINT, List.of(any), 0, List.of(regclassOid), int8, true,
        (r, a) -> SequenceFunctions.nextval(r, a[0]));
    def(m, 1575, "currval", SqlTypeName.BIGINT, List.of(any), 0, List.of(regclassOid), int8, true,
        (r, a) -> SequenceFunctions.currval(r, a[0]));
    def(m, 2559, "lastval", SqlTypeName.BIGINT, List.of(), 0, List.of(), int8, true,
        (r, a) -> SequenceFunctions.sessionSequences(r).lastval());
    def(m, 1765, "setval", SqlTypeName.BIGINT, List.of(any, any, bool), 1, List.of(regclassOid, int8, boolOid), int8,
        true, (r, a) -> SequenceFunctions.setval(r, a));
    def(m, 2091, "array_lower", SqlTypeName.INTEGER, List.of(any, num), 0, List.of(PgTypes.ANYARRAY, int4), int4,
        false, (r, a) -> PgArrays.lowerBound(a[0], toInt(a[1])));
    def(m, 2176, "array_length", SqlTypeName.INTEGER, List.of(any, num), 0, List.of(PgTypes.ANYARRAY, int4), int4,
        false, (r, a) -> PgArrays.length(a[0], toInt(a[1])));
    def(m, 751, "array_out", SqlTypeName.VARCHAR, List.of(any), 0, List.of(PgTypes.ANYARRAY), PgTypes.TEXT, false,
        (r, a) -> PgArrays.text(a[0]));
    // Internal: the positions 1..n of the longest of several arrays, along which PgSyntax runs
    // several set-returning functions of a select list in lock step.
    List<SqlTypeFamily> arrays = new ArrayList<>();
    List<Integer> arrayTypes = new ArrayList<>();
    for (int i = 0; i < PgSyntax.MAX_SET_RETURNING_ARRAYS; i++) {
      arrays.add(any);
      arrayTypes.add(PgTypes.ANYARRAY);
    }
    def(m, 0, PgSyntax.POSITIONS_FUNCTION, SqlTypeName.ARRAY, arrays, arrays.size() - 1, arrayTypes, 1007, false,
        (r, a) -> PgArrays.positions(a));
    def(m, 0, PgSyntax.OID_FUNCTION, SqlTypeName.INTEGER, List.of(num), 0, List.of(oid), oid, false,
        (r, a) -> toInt(a[0]));
    List<SqlTypeFamily> pairs = new ArrayList<>();
    List<Integer> pairTypes = new ArrayList<>();
    for (int i = 0; i < JSON_BUILD_OBJECT_MAX_ARGS; i++) {
      pairs.add(any);
      pairTypes.add(PgTypes.ANY);
    }
    def(m, 3200, "json_build_object", SqlTypeName.VARCHAR, pairs, pairs.size(), pairTypes, PgTypes.JSON, false,
        (r, a) -> PgArrays.jsonObject(a));
    def(m, 0, PgSyntax.JSON_FUNCTION, SqlTypeName.VARCHAR, List.of(str), 0, List.of(text), PgTypes.JSON, false,
        (r, a) -> JsonSyntax.check((String) a[0], "json"));
    def(m, 0, PgSyntax.JSONB_FUNCTION, SqlTypeName.VARCHAR, List.of(str), 0, List.of(text), PgTypes.JSONB, false,
        (r, a) -> JsonSyntax.check((String) a[0], "jsonb"));
    def(m, 2626, "pg_sleep", SqlTypeName.VARCHAR, List.of(SqlTypeFamily.APPROXIMATE_NUMERIC), 0, List.of(PgTypes.FLOAT8), PgTypes.VOID, true,
        PgFunctions::sleep);
    def(m, 395, "array_to_string", SqlTypeName.VARCHAR, List.of(any, str, str), 1,
        List.of(PgTypes.ANYARRAY, text, text), text, false, PgFunctions::arrayToString);
    // Relation sizes: storage lives in cells as RocksDB key ranges with no per-relation byte count
    // here yet, so the size is unknown (NULL), which psql prints as an empty cell.
    for (Object[] size : new Object[][] {{2997, "pg_table_size"}, {2325, "pg_relation_size"},
        {2286, "pg_total_relation_size"}, {2998, "pg_indexes_size"}, {2168, "pg_database_size"}}) {
      def(m, (Integer) size[0], (String) size[1], SqlTypeName.BIGINT, List.of(any), 0, List.of(PgTypes.REGCLASS),
          PgTypes.INT8, true, (r, a) -> null);
    }
    // String functions MySQL clients use as well (the MySQL dialect maps LENGTH to octet_length).
    List<SqlTypeFamily> separatorAndValues = new ArrayList<>(List.of(str));
    List<Integer> separatorAndValueTypes = new ArrayList<>(List.of(text));
    for (int i = 0; i < CONCAT_WS_MAX_VALUES; i++) {
      separatorAndValues.add(any);
      separatorAndValueTypes.add(PgTypes.ANY);
    }
    def(m, 3059, "concat_ws", SqlTypeName.VARCHAR, separatorAndValues, CONCAT_WS_MAX_VALUES, separatorAndValueTypes,
        text, false, (r, a) -> concatWs(a));
    def(m, 1317, "length", SqlTypeName.INTEGER, List.of(str), 0, List.of(text), int4, false,
        (r, a) -> a[0] == null ? null : ((String) a[0]).codePointCount(0, ((String) a[0]).length()));
    def(m, 1374, "octet_length", SqlTypeName.INTEGER, List.of(str), 0, List.of(text), int4, false,
        (r, a) -> a[0] == null ? null : ((String) a[0]).getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    def(m, 873, "lpad", SqlTypeName.VARCHAR, List.of(str, num, str), 1, List.of(text, int4, text), text, false,
        (r, a) -> pad(a, true));
    def(m, 874, "rpad", SqlTypeName.VARCHAR, List.of(str, num, str), 1, List.of(text, int4, text), text, false,
        (r, a) -> pad(a, false));
    def(m, 2311, "md5", SqlTypeName.VARCHAR, List.of(str), 0, List.of(text), text, false,
        (r, a) -> a[0] == null ? null : md5((String) a[0]));
    def(m, 3060, "left", SqlTypeName.VARCHAR, List.of(str, num), 0, List.of(text, int4), text, false,
        (r, a) -> a[0] == null || a[1] == null ? null : leftOf((String) a[0], ((Number) a[1]).intValue(), false));
    def(m, 3061, "right", SqlTypeName.VARCHAR, List.of(str, num), 0, List.of(text, int4), text, false,
        (r, a) -> a[0] == null || a[1] == null ? null : rightOf((String) a[0], ((Number) a[1]).intValue(), false));
    def(m, 3062, "reverse", SqlTypeName.VARCHAR, List.of(str), 0, List.of(text), text, false,
        (r, a) -> a[0] == null ? null : new StringBuilder((String) a[0]).reverse().toString());
    // Internal: MySQL functions the MySQL dialect maps to (MySqlExpressionRewrites).
    def(m, 0, "heliosdb_mysql_left", SqlTypeName.VARCHAR, List.of(str, num), 0, List.of(text, int4), text, false,
        (r, a) -> a[0] == null || a[1] == null ? null : leftOf((String) a[0], ((Number) a[1]).intValue(), true));
    def(m, 0, "heliosdb_mysql_right", SqlTypeName.VARCHAR, List.of(str, num), 0, List.of(text, int4), text, false,
        (r, a) -> a[0] == null || a[1] == null ? null : rightOf((String) a[0], ((Number) a[1]).intValue(), true));
    def(m, 0, "heliosdb_mysql_uuid", SqlTypeName.VARCHAR, List.of(), 0, List.of(), text, Volatility.VOLATILE,
        (r, a) -> java.util.UUID.randomUUID().toString());
    def(m, 0, "heliosdb_mysql_hex", SqlTypeName.VARCHAR, List.of(any), 0, List.of(PgTypes.ANY), text, false,
        (r, a) -> mysqlHex(a[0]));
    def(m, 0, "heliosdb_mysql_substring_index", SqlTypeName.VARCHAR, List.of(str, str, num), 0, List.of(text, text, int4),
        text, false, (r, a) -> a[0] == null || a[1] == null || a[2] == null ? null
            : substringIndex((String) a[0], (String) a[1], ((Number) a[2]).intValue()));
    def(m, 0, "heliosdb_mysql_date_format", SqlTypeName.VARCHAR, List.of(str, str), 0, List.of(text, text), text, false,
        (r, a) -> a[0] == null || a[1] == null ? null : MySqlDateFormat.format((String) a[0], (String) a[1]));
    def(m, 0, "heliosdb_mysql_str_to_date", SqlTypeName.VARCHAR, List.of(str, str), 0, List.of(text, text), text, false,
        (r, a) -> a[0] == null || a[1] == null ? null : MySqlDateFormat.parse((String) a[0], (String) a[1]));
    def(m, 0, "heliosdb_mysql_str_to_datetime", SqlTypeName.VARCHAR, List.of(str, str), 0, List.of(text, text), text,
        false, (r, a) -> a[0] == null || a[1] == null ? null : MySqlDateFormat.parseTimestamp((String) a[0], (String) a[1]));
    def(m, 3166, "pg_size_pretty", SqlTypeName.VARCHAR, List.of(num), 0, List.of(PgTypes.INT8), text, false,
        (r, a) -> a[0] == null ? null : sizePretty(((Number) a[0]).longValue()));
    // Internal: text -> array of one element type, for '{1,2}'::int[] and $1::oid[] (PgSyntax).
    for (Map.Entry<String, SqlTypeName> e : ARRAY_IN_ELEMENTS.entrySet()) {
      String element = e.getKey().substring(PgSyntax.ARRAY_IN_PREFIX.length());
      def(m, 0, e.getKey(), SqlTypeName.ARRAY, List.of(str), 0, List.of(text), PgTypes.byName("_" + element).oid(),
          false, (r, a) -> PgArrays.fromText((String) a[0], element, e.getValue()));
    }
    DEFINITIONS = Collections.unmodifiableMap(m);
    List<Signature> sigs = new ArrayList<>();
    for (Definition d : m.values()) {
      if (d.oid() == 0) {
        continue; // internal, not in pg_proc
      }
      sigs.add(new Signature(d.oid(), d.name(), d.argTypes(), d.returnOid(), true, d.volatility().code));
    }
    SIGNATURES = List.copyOf(sigs);
  }

  private PgFunctions() {}

  /** PostgreSQL's (and MySQL's) concat_ws: NULL separator gives NULL, NULL values are skipped. */
  static String concatWs(Object[] a) {
    if (a[0] == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    boolean first = true;
    for (int i = 1; i < a.length; i++) {
      if (a[i] == null) {
        continue;
      }
      if (!first) {
        out.append((String) a[0]);
      }
      out.append(a[i] instanceof java.math.BigDecimal d ? d.toPlainString() : String.valueOf(a[i]));
      first = false;
    }
    return out.toString();
  }

  /**
   * lpad / rpad (PostgreSQL): to {@code length} characters, filled with {@code fill} (default a
   * space) on the left or right, or cut to {@code length}; a NULL string or length gives NULL.
   * The planner passes an omitted fill as NULL, so a NULL fill also reads as the space (where
   * PostgreSQL would answer NULL).
   */
  static String pad(Object[] a, boolean left) {
    if (a[0] == null || a[1] == null) {
      return null;
    }
    String s = (String) a[0];
    int length = ((Number) a[1]).intValue();
    String fill = a.length > 2 && a[2] != null ? (String) a[2] : " ";
    int have = s.codePointCount(0, s.length());
    if (length <= 0) {
      return "";
    }
    if (have >= length) {
      return s.substring(0, s.offsetByCodePoints(0, length));
    }
    if (fill.isEmpty()) {
      return s;
    }
    StringBuilder padding = new StringBuilder();
    int[] fillPoints = fill.codePoints().toArray();
    for (int i = 0; i < length - have; i++) {
      padding.appendCodePoint(fillPoints[i % fillPoints.length]);
    }
    return left ? padding + s : s + padding;
  }

  /** MySQL's HEX: a number in base 16, anything else as the hex of its UTF-8 text; upper case. */
  static String mysqlHex(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return Long.toHexString(((Number) v).longValue()).toUpperCase(java.util.Locale.ROOT);
    }
    if (v instanceof java.math.BigDecimal d) {
      return d.setScale(0, java.math.RoundingMode.HALF_UP).toBigInteger().toString(16).toUpperCase(java.util.Locale.ROOT);
    }
    byte[] bytes = v instanceof byte[] b ? b : String.valueOf(v).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return java.util.HexFormat.of().withUpperCase().formatHex(bytes);
  }

  /**
   * MySQL's SUBSTRING_INDEX: the text before the count-th delimiter (from the left), or after the
   * count-th from the right for a negative count; all of it when there are fewer; '' for 0.
   */
  static String substringIndex(String s, String delimiter, int count) {
    if (count == 0 || delimiter.isEmpty()) {
      return "";
    }
    if (count > 0) {
      int at = -delimiter.length();
      for (int n = 0; n < count; n++) {
        at = s.indexOf(delimiter, at + delimiter.length());
        if (at < 0) {
          return s;
        }
      }
      return s.substring(0, at);
    }
    int at = s.length();
    for (int n = 0; n < -count; n++) {
      at = at == 0 ? -1 : s.lastIndexOf(delimiter, at - 1);
      if (at < 0) {
        return s;
      }
    }
    return s.substring(at + delimiter.length());
  }

  /**
   * The first n characters (code points); a negative n: PostgreSQL all but the last |n|, MySQL
   * ({@code mysql}) the empty string.
   */
  static String leftOf(String s, int n, boolean mysql) {
    int length = s.codePointCount(0, s.length());
    int take = n >= 0 ? Math.min(n, length) : mysql ? 0 : Math.max(0, length + n);
    return s.substring(0, s.offsetByCodePoints(0, take));
  }

  /** The last n characters; a negative n: PostgreSQL all but the first |n|, MySQL the empty string. */
  static String rightOf(String s, int n, boolean mysql) {
    int length = s.codePointCount(0, s.length());
    int take = n >= 0 ? Math.min(n, length) : mysql ? 0 : Math.max(0, length + n);
    return s.substring(s.offsetByCodePoints(0, length - take));
  }

  static String md5(String s) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void def(Map<String, Definition> m, int oid, String name, SqlTypeName returnType,
      List<SqlTypeFamily> operands, int optional, List<Integer> argTypes, int returnOid, boolean sessionDependent,
      Body body) {
    def(m, oid, name, returnType, operands, optional, argTypes, returnOid,
        sessionDependent ? Volatility.STABLE : Volatility.IMMUTABLE, body);
  }

  private static void def(Map<String, Definition> m, int oid, String name, SqlTypeName returnType,
      List<SqlTypeFamily> operands, int optional, List<Integer> argTypes, int returnOid, Volatility volatility,
      Body body) {
    m.put(name, new Definition(oid, name, returnType, operands, optional, argTypes, returnOid, volatility, body));
  }

  public static Map<String, Definition> definitions() {
    return DEFINITIONS;
  }

  /** Entry point of generated code: runs the named function. */
  public static Object invoke(String name, DataContext root, Object[] args) {
    return DEFINITIONS.get(name).body().apply(root, args);
  }

  static final Method INVOKE;

  static {
    try {
      INVOKE = PgFunctions.class.getMethod("invoke", String.class, DataContext.class, Object[].class);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static Integer toInt(Object o) {
    return o == null ? null : ((Number) o).intValue();
  }

  private static Catalog catalog(DataContext root) {
    Object ctx = root == null ? null : root.get(ExecutionContext.KEY);
    return ctx instanceof ExecutionContext e && e.catalog() != null ? e.catalog() : Catalog.empty();
  }

  private static Optional<TableDescriptor> tableByOid(DataContext root, int oid) {
    long id = PgOids.tableId(oid);
    return id < 0 ? Optional.empty() : Optional.ofNullable(catalog(root).tables().get(id));
  }

  private static Optional<TableDescriptor> tableByKeyOid(DataContext root, Integer oid) {
    return oid == null ? Optional.empty() : tableByOid(root, oid - 1).filter(CatalogView::hasPrimaryKey);
  }

  /** array_to_string(array, delimiter [, null_string]): NULL elements skipped unless null_string is given. */
  private static Object arrayToString(DataContext root, Object[] args) {
    if (args[0] == null || args[1] == null) {
      return null;
    }
    String nullString = args.length > 2 ? (String) args[2] : null;
    StringBuilder sb = new StringBuilder();
    boolean first = true;
    for (Object element : (List<?>) args[0]) {
      if (element == null && nullString == null) {
        continue;
      }
      if (!first) {
        sb.append(args[1]);
      }
      sb.append(element == null ? nullString : element);
      first = false;
    }
    return sb.toString();
  }

  /** PostgreSQL's pg_size_pretty: bytes below 10 kB, then kB/MB/GB/TB/PB, halves rounded up. */
  static String sizePretty(long bytes) {
    long limit = 10 * 1024;
    long limit2 = limit * 2 - 1;
    if (Math.abs(bytes) < limit) {
      return bytes + " bytes";
    }
    long size = bytes >> 9; // one extra bit, for rounding
    String[] units = {"kB", "MB", "GB", "TB", "PB"};
    for (int i = 0; ; i++) {
      if (Math.abs(size) < limit2 || i == units.length - 1) {
        return (size + (size < 0 ? -1 : 1)) / 2 + " " + units[i];
      }
      size >>= 10;
    }
  }

  /** pg_sleep(seconds): waits in short slices so a cancel or statement_timeout stops it promptly. */
  private static Object sleep(DataContext root, Object[] args) {
    if (args[0] == null) {
      return null;
    }
    double seconds;
    try {
      seconds = args[0] instanceof Number n ? n.doubleValue() : Double.parseDouble(args[0].toString().trim());
    } catch (NumberFormatException e) {
      throw new HeliosException(ErrorCode.INVALID_TEXT_REPRESENTATION,
          "invalid input syntax for type double precision: \"" + args[0] + "\"");
    }
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    Object ctx = root == null ? null : root.get(ExecutionContext.KEY);
    java.util.concurrent.atomic.AtomicBoolean cancel = ctx instanceof ExecutionContext e ? e.cancelFlag() : null;
    try {
      for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
        if (cancel != null && cancel.get()) {
          throw new HeliosException(ErrorCode.QUERY_CANCELED, "canceling statement due to user request");
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.sleep(Math.min(left, 10_000_000L));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeliosException(ErrorCode.QUERY_CANCELED, "canceling statement due to user request");
    }
    return "";
  }

  private static Object setConfig(DataContext root, Object[] args) {
    if (args[0] == null) {
      throw new HeliosException(ErrorCode.DATA_EXCEPTION, "SET requires parameter name");
    }
    SessionInfo.SettingWriter writer = SessionInfo.of(root).settingWriter();
    if (writer == null) {
      throw HeliosException.notSupported("set_config() outside a session");
    }
    return writer.set((String) args[0], (String) args[1], Boolean.TRUE.equals(args[2]));
  }

  private static Object currentSetting(DataContext root, Object[] args) {
    String name = (String) args[0];
    if (name == null) {
      return null;
    }
    String value = SessionInfo.of(root).settings().apply(name);
    boolean missingOk = args.length > 1 && Boolean.TRUE.equals(args[1]);
    if (value == null && !missingOk) {
      throw new HeliosException(ErrorCode.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name + "\"");
    }
    return value;
  }

  private static String keyColumns(TableDescriptor t) {
    StringBuilder sb = new StringBuilder();
    for (int k : t.primaryKey()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(quoteIdent(t.columns().get(k).name()));
    }
    return sb.toString();
  }

  private static Object indexDefinition(DataContext root, Integer oid, Integer column) {
    if (oid != null) {
      ConstraintCatalog.Owned<io.heliosdb.metadata.IndexDescriptor> idx = ConstraintCatalog.indexByOid(catalog(root), oid);
      if (idx != null) {
        if (column != null && column > 0) {
          // pg_get_indexdef(index, n, pretty): the n-th key column alone
          return column <= idx.item().columns().size()
              ? quoteIdent(idx.table().columns().get(idx.item().columns().get(column - 1)).name()) : "";
        }
        return ConstraintCatalog.indexDefinition(idx.table(), idx.item(),
            !searchPath(SessionInfo.of(root)).contains(idx.table().schema()), PgFunctions::quoteIdent);
      }
      if (column != null && column > 0) {
        Optional<TableDescriptor> keyed = tableByKeyOid(root, oid);
        if (keyed.isPresent()) {
          List<Integer> pk = keyed.get().primaryKey();
          return column <= pk.size() ? quoteIdent(keyed.get().columns().get(pk.get(column - 1)).name()) : "";
        }
      }
    }
    // As PostgreSQL does, the table is schema-qualified only when the search path does not find it.
    return tableByKeyOid(root, oid).map(t -> "CREATE UNIQUE INDEX " + quoteIdent(CatalogView.primaryKeyName(t))
        + " ON " + (searchPath(SessionInfo.of(root)).contains(t.schema()) ? "" : quoteIdent(t.schema()) + ".")
        + quoteIdent(t.name()) + " USING btree (" + keyColumns(t) + ")").orElse(null);
  }

  private static Object constraintDefinition(DataContext root, Integer oid) {
    if (oid != null) {
      ConstraintCatalog.Owned<io.heliosdb.metadata.IndexDescriptor> unique =
          ConstraintCatalog.uniqueConstraintByOid(catalog(root), oid);
      if (unique != null) {
        return "UNIQUE (" + ConstraintCatalog.columnList(unique.table(), unique.item().columns(), PgFunctions::quoteIdent)
            + ")";
      }
      ConstraintCatalog.Owned<io.heliosdb.metadata.ConstraintDescriptor> k =
          ConstraintCatalog.constraintByOid(catalog(root), oid);
      if (k != null) {
        return ConstraintCatalog.constraintDefinition(k.table(), k.item(),
            !searchPath(SessionInfo.of(root)).contains(k.item().refSchema() == null ? "" : k.item().refSchema()),
            PgFunctions::quoteIdent);
      }
    }
    return tableByKeyOid(root, oid).map(t -> "PRIMARY KEY (" + keyColumns(t) + ")").orElse(null);
  }

  private static Object tableIsVisible(DataContext root, Integer oid) {
    if (oid == null) {
      return null;
    }
    Optional<TableDescriptor> t = tableByOid(root, oid);
    if (t.isPresent()) {
      return searchPath(SessionInfo.of(root)).contains(t.get().schema());
    }
    // An index is visible with its table; a system relation when its schema is searched (pg_catalog
    // always is, information_schema only when on the search_path).
    Optional<TableDescriptor> keyed = tableByKeyOid(root, oid);
    if (keyed.isPresent()) {
      return searchPath(SessionInfo.of(root)).contains(keyed.get().schema());
    }
    ConstraintCatalog.Owned<io.heliosdb.metadata.IndexDescriptor> idx = ConstraintCatalog.indexByOid(catalog(root), oid);
    if (idx != null) {
      return searchPath(SessionInfo.of(root)).contains(idx.table().schema());
    }
    String systemSchema = systemRelationSchema(oid);
    return systemSchema == null || searchPath(SessionInfo.of(root)).contains(systemSchema);
  }

  /** The schema of the system relation with this OID, or null. */
  private static String systemRelationSchema(int oid) {
    int ordinal = 0;
    for (Map.Entry<String, List<String>> e : SystemSchemas.RELATIONS.entrySet()) {
      for (String n : e.getValue()) {
        if (PgCatalogSchema.systemRelationOid(e.getKey(), n, ordinal++) == oid) {
          return e.getKey();
        }
      }
    }
    return null;
  }

  /** The schemas of the session's search_path, with "$user" resolved (pg_catalog is always searched). */
  static List<String> searchPath(SessionInfo session) {
    List<String> out = new ArrayList<>();
    out.add("pg_catalog");
    String path = session.settings().apply("search_path");
    if (path == null) {
      out.add(session.schema());
      return out;
    }
    for (String part : path.split(",")) {
      String s = part.trim();
      if (s.startsWith("\"") && s.endsWith("\"") && s.length() >= 2) {
        s = s.substring(1, s.length() - 1);
      } else {
        s = s.toLowerCase(Locale.ROOT);
      }
      out.add(s.equals("$user") ? session.user() : s);
    }
    return out;
  }

  private static Object userById(DataContext root, Object[] args) {
    Integer oid = toInt(args[0]);
    if (oid == null) {
      return null;
    }
    String name = new CatalogView(catalog(root)).roleName(oid);
    return name != null ? name : "unknown (OID=" + oid + ")";
  }

  /** 'name'::regclass: the OID of a table (optionally schema-qualified, quoted) on the search path. */
  private static Object regclass(DataContext root, String text, boolean mustExist) {
    if (text == null) {
      return null;
    }
    List<String> parts = identifierParts(text);
    Catalog catalog = catalog(root);
    List<String> schemas = parts.size() > 1 ? List.of(parts.get(0)) : searchPath(SessionInfo.of(root));
    String name = parts.get(parts.size() - 1);
    for (String schema : schemas) {
      Optional<TableDescriptor> t = catalog.table(schema, name);
      if (t.isPresent()) {
        return PgOids.table(t.get());
      }
      var sequence = catalog.sequence(schema, name);
      if (sequence.isPresent()) {
        return SequenceFunctions.oid(sequence.get());
      }
      List<String> system = SystemSchemas.RELATIONS.get(schema);
      if (system != null && system.contains(name)) {
        int ordinal = 0;
        for (Map.Entry<String, List<String>> e : SystemSchemas.RELATIONS.entrySet()) {
          for (String n : e.getValue()) {
            if (e.getKey().equals(schema) && n.equals(name)) {
              return PgCatalogSchema.systemRelationOid(schema, name, ordinal);
            }
            ordinal++;
          }
        }
      }
    }
    if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
      return Integer.parseInt(text);
    }
    if (mustExist) {
      throw new HeliosException(ErrorCode.UNDEFINED_TABLE, "relation \"" + text + "\" does not exist");
    }
    return null;
  }

  /** 'name'::regtype: the OID of a type by its name or SQL spelling ("integer", "int4", "pg_catalog.text"). */
  private static Object regtype(String text) {
    if (text == null) {
      return null;
    }
    List<String> parts = identifierParts(text);
    String name = parts.get(parts.size() - 1);
    for (PgType t : PgTypes.all()) {
      if (t.name().equals(name) || t.sqlName().equals(name)) {
        return t.oid();
      }
    }
    throw new HeliosException(ErrorCode.UNDEFINED_OBJECT, "type \"" + text + "\" does not exist");
  }

  /** regclass output: the relation's name, schema-qualified when not on the search path; else the OID. */
  private static Object relationName(DataContext root, Integer oid) {
    if (oid == null) {
      return null;
    }
    Optional<TableDescriptor> table = tableByOid(root, oid);
    Optional<TableDescriptor> keyed = tableByKeyOid(root, oid);
    if (table.isEmpty() && keyed.isEmpty()) {
      int ordinal = 0;
      for (Map.Entry<String, List<String>> e : SystemSchemas.RELATIONS.entrySet()) {
        for (String n : e.getValue()) {
          if (PgCatalogSchema.systemRelationOid(e.getKey(), n, ordinal++) == oid) {
            return searchPath(SessionInfo.of(root)).contains(e.getKey()) ? n : e.getKey() + "." + n;
          }
        }
      }
      return Integer.toString(oid);
    }
    TableDescriptor t = table.orElseGet(keyed::get);
    String name = quoteIdent(table.isPresent() ? t.name() : CatalogView.primaryKeyName(t));
    return searchPath(SessionInfo.of(root)).contains(t.schema()) ? name : quoteIdent(t.schema()) + "." + name;
  }

  private static List<String> identifierParts(String text) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else {
          quoted = !quoted;
          wasQuoted = true;
        }
      } else if (c == '.' && !quoted) {
        parts.add(wasQuoted ? cur.toString() : cur.toString().trim().toLowerCase(Locale.ROOT));
        cur.setLength(0);
        wasQuoted = false;
      } else {
        cur.append(c);
      }
    }
    parts.add(wasQuoted ? cur.toString() : cur.toString().trim().toLowerCase(Locale.ROOT));
    return parts;
  }

  /** An identifier as PostgreSQL prints it: quoted unless a plain lower-case name. */
  static String quoteIdent(String name) {
    return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
