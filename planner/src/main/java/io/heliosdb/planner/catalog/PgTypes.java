package io.heliosdb.planner.catalog;

import io.heliosdb.hidb.proto.TypeId;
import io.heliosdb.hidb.types.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The types pg_type lists: every value-model type under the OID wire-postgres reports it with
 * (io.heliosdb.wire.postgres.types.PgTypes, which the planner cannot depend on), the catalog
 * types the virtual tables use (name, oid, int2vector ...), and an array type for each.
 */
public final class PgTypes {
  public static final int BOOL = 16;
  public static final int BYTEA = 17;
  public static final int CHAR = 18;
  public static final int NAME = 19;
  public static final int INT8 = 20;
  public static final int INT2 = 21;
  public static final int INT2VECTOR = 22;
  public static final int INT4 = 23;
  public static final int REGPROC = 24;
  public static final int TEXT = 25;
  public static final int OID = 26;
  public static final int OIDVECTOR = 30;
  public static final int JSON = 114;
  public static final int FLOAT4 = 700;
  public static final int FLOAT8 = 701;
  public static final int UNKNOWN = 705;
  public static final int BPCHAR = 1042;
  public static final int VARCHAR = 1043;
  public static final int DATE = 1082;
  public static final int TIME = 1083;
  public static final int TIMESTAMP = 1114;
  public static final int TIMESTAMPTZ = 1184;
  public static final int INTERVAL = 1186;
  public static final int NUMERIC = 1700;
  public static final int REGCLASS = 2205;
  public static final int REGTYPE = 2206;
  public static final int UUID = 2950;
  public static final int JSONB = 3802;
  /** Pseudo-types of polymorphic function arguments (pg_proc only). */
  public static final int ANY = 2276;
  public static final int ANYARRAY = 2277;
  public static final int VOID = 2278;

  /** Collation OIDs of PostgreSQL: the database default and "C". */
  public static final int DEFAULT_COLLATION = 100;
  public static final int C_COLLATION = 950;

  private static final Map<Integer, PgType> BY_OID;

  static {
    Map<Integer, PgType> m = new LinkedHashMap<>();
    base(m, BOOL, "bool", "boolean", 1, "B", 1000, "bool", 0);
    base(m, BYTEA, "bytea", "bytea", -1, "U", 1001, "bytea", 0);
    base(m, CHAR, "char", "\"char\"", 1, "Z", 1002, "char", 0);
    base(m, NAME, "name", "name", 64, "S", 1003, "name", C_COLLATION);
    base(m, INT8, "int8", "bigint", 8, "N", 1016, "int8", 0);
    base(m, INT2, "int2", "smallint", 2, "N", 1005, "int2", 0);
    m.put(INT2VECTOR, new PgType(INT2VECTOR, "int2vector", "int2vector", -1, "A", INT2, 1006, "int2vector", 0));
    base(m, INT4, "int4", "integer", 4, "N", 1007, "int4", 0);
    base(m, REGPROC, "regproc", "regproc", 4, "N", 1008, "regproc", 0);
    base(m, TEXT, "text", "text", -1, "S", 1009, "text", DEFAULT_COLLATION);
    base(m, OID, "oid", "oid", 4, "N", 1028, "oid", 0);
    m.put(OIDVECTOR, new PgType(OIDVECTOR, "oidvector", "oidvector", -1, "A", OID, 1013, "oidvector", 0));
    base(m, JSON, "json", "json", -1, "U", 199, "json_", 0);
    base(m, FLOAT4, "float4", "real", 4, "N", 1021, "float4", 0);
    base(m, FLOAT8, "float8", "double precision", 8, "N", 1022, "float8", 0);
    base(m, UNKNOWN, "unknown", "unknown", -2, "X", 0, "unknown", 0);
    base(m, BPCHAR, "bpchar", "character", -1, "S", 1014, "bpchar", DEFAULT_COLLATION);
    base(m, VARCHAR, "varchar", "character varying", -1, "S", 1015, "varchar", DEFAULT_COLLATION);
    base(m, DATE, "date", "date", 4, "D", 1182, "date_", 0);
    base(m, TIME, "time", "time without time zone", 8, "D", 1183, "time_", 0);
    base(m, TIMESTAMP, "timestamp", "timestamp without time zone", 8, "D", 1115, "timestamp_", 0);
    base(m, TIMESTAMPTZ, "timestamptz", "timestamp with time zone", 8, "D", 1185, "timestamptz_", 0);
    base(m, INTERVAL, "interval", "interval", 16, "T", 1187, "interval_", 0);
    base(m, NUMERIC, "numeric", "numeric", -1, "N", 1231, "numeric_", 0);
    base(m, REGCLASS, "regclass", "regclass", 4, "N", 2210, "regclass", 0);
    base(m, REGTYPE, "regtype", "regtype", 4, "N", 2211, "regtype", 0);
    base(m, UUID, "uuid", "uuid", 16, "U", 2951, "uuid_", 0);
    base(m, JSONB, "jsonb", "jsonb", -1, "U", 3807, "jsonb_", 0);
    // One array type per type that has one ("_int4" for int4[] ...).
    for (PgType t : List.copyOf(m.values())) {
      if (t.array() != 0) {
        m.put(t.array(), new PgType(t.array(), "_" + t.name(), t.sqlName() + "[]", -1, "A", t.oid(), 0, "array_",
            t.collation()));
      }
    }
    BY_OID = Collections.unmodifiableMap(m);
  }

  private PgTypes() {}

  private static void base(Map<Integer, PgType> m, int oid, String name, String sqlName, int length, String category,
      int array, String ioPrefix, int collation) {
    m.put(oid, new PgType(oid, name, sqlName, length, category, 0, array, ioPrefix, collation));
  }

  /** All types, base types first, in a stable order. */
  public static List<PgType> all() {
    return new ArrayList<>(BY_OID.values());
  }

  /** The type with this OID, or null. */
  public static PgType byOid(int oid) {
    return BY_OID.get(oid);
  }

  /** Whether this OID is an array type ("_int4" ...; not int2vector / oidvector). */
  public static boolean isArray(int oid) {
    PgType t = BY_OID.get(oid);
    return t != null && t.category().equals("A") && t.name().startsWith("_");
  }

  /** The type with this typname, or null. */
  public static PgType byName(String name) {
    for (PgType t : BY_OID.values()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }

  /** The OID a column of this value-model type is reported with (VECTOR as text, as wire-postgres does). */
  public static int oid(DataType type) {
    return switch (type.id()) {
      case BOOLEAN -> BOOL;
      case SMALLINT -> INT2;
      case INTEGER -> INT4;
      case BIGINT -> INT8;
      case REAL -> FLOAT4;
      case DOUBLE -> FLOAT8;
      case NUMERIC -> NUMERIC;
      case VARCHAR -> type.isBpchar() ? BPCHAR : VARCHAR;
      case BYTEA -> BYTEA;
      case DATE -> DATE;
      case TIME -> TIME;
      case TIMESTAMP -> TIMESTAMP;
      case TIMESTAMPTZ -> TIMESTAMPTZ;
      case UUID -> UUID;
      case JSON -> JSON;
      case JSONB -> JSONB;
      default -> TEXT;
    };
  }

  /** atttypmod as PostgreSQL stores it: VARCHAR(n) = n + 4, NUMERIC(p,s) = (p << 16 | s) + 4, else -1. */
  public static int typeModifier(DataType type) {
    if (type.precision() < 0) {
      return -1;
    }
    if (type.id() == TypeId.VARCHAR) {
      return type.precision() + 4;
    }
    if (type.id() == TypeId.NUMERIC) {
      return ((type.precision() << 16) | Math.max(type.scale(), 0)) + 4;
    }
    return -1;
  }

  /** format_type(oid, typmod): the SQL spelling PostgreSQL prints, e.g. "character varying(20)". */
  public static String format(Integer oid, Integer typmod) {
    if (oid == null) {
      return null;
    }
    if (oid == 0) {
      return "-"; // InvalidOid, as regtype prints it
    }
    PgType t = BY_OID.get(oid);
    if (t == null) {
      return "???";
    }
    int mod = typmod == null ? -1 : typmod;
    if (t.category().equals("A") && t.element() != 0 && t.name().startsWith("_")) {
      return format(t.element(), mod) + "[]";
    }
    if (mod >= 4) {
      switch (oid) {
        case VARCHAR, BPCHAR:
          return t.sqlName() + "(" + (mod - 4) + ")";
        case NUMERIC:
          return "numeric(" + ((mod - 4) >> 16) + "," + ((mod - 4) & 0xffff) + ")";
        default:
          break;
      }
    }
    if (oid == BPCHAR && mod < 0) {
      return "bpchar";
    }
    return t.sqlName();
  }
}
