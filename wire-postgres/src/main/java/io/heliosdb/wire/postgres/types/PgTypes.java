package io.heliosdb.wire.postgres.types;

import io.heliosdb.hidb.types.DataType;

/** PostgreSQL type OIDs, sizes and modifiers for value-model types (pg_type of PostgreSQL 16). */
public final class PgTypes {
  public static final int BOOL = 16;
  public static final int BYTEA = 17;
  public static final int NAME = 19;
  public static final int INT8 = 20;
  public static final int INT2 = 21;
  public static final int INT4 = 23;
  public static final int TEXT = 25;
  public static final int OID = 26;
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
  public static final int NUMERIC = 1700;
  public static final int UUID = 2950;
  public static final int JSONB = 3802;

  private PgTypes() {}

  /**
   * The OID a column or parameter of this type is reported with; one mapping with the pg_type rows
   * the planner's pg_catalog serves (VECTOR is reported as text for now).
   */
  public static int oid(DataType type) {
    return type == null ? TEXT : io.heliosdb.planner.catalog.PgTypes.oid(type);
  }

  /** pg_type.typlen: fixed size in bytes, or -1 for variable length. */
  public static short size(DataType type) {
    if (type == null) {
      return -1;
    }
    return switch (type.id()) {
      case BOOLEAN -> 1;
      case SMALLINT -> 2;
      case INTEGER, REAL, DATE -> 4;
      case BIGINT, DOUBLE, TIME, TIMESTAMP, TIMESTAMPTZ -> 8;
      case UUID -> 16;
      default -> -1;
    };
  }

  /** atttypmod as PostgreSQL reports it (same as pg_attribute.atttypmod in the planner's pg_catalog). */
  public static int typeModifier(DataType type) {
    return type == null ? -1 : io.heliosdb.planner.catalog.PgTypes.typeModifier(type);
  }

  /** The value-model type for a client-declared parameter OID, or null (let the planner infer). */
  public static DataType fromOid(int oid) {
    return switch (oid) {
      case BOOL -> DataType.BOOLEAN;
      case INT2 -> DataType.SMALLINT;
      case INT4, OID -> DataType.INTEGER;
      case INT8 -> DataType.BIGINT;
      case FLOAT4 -> DataType.REAL;
      case FLOAT8 -> DataType.DOUBLE;
      case NUMERIC -> DataType.NUMERIC;
      case VARCHAR -> DataType.VARCHAR;
      case TEXT, NAME, BPCHAR -> DataType.TEXT;
      case BYTEA -> DataType.BYTEA;
      case DATE -> DataType.DATE;
      case TIME -> DataType.TIME;
      case TIMESTAMP -> DataType.TIMESTAMP;
      case TIMESTAMPTZ -> DataType.TIMESTAMPTZ;
      case UUID -> DataType.UUID;
      case JSON -> DataType.JSON;
      case JSONB -> DataType.JSONB;
      default -> null;
    };
  }
}
