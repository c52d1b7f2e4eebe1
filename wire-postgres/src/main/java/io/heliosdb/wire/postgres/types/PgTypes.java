package io.heliosdb.wire.postgres.types;

import io.heliosdb.hidb.proto.TypeId;
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

  /** The OID a column or parameter of this type is reported with; VECTOR is reported as text for now. */
  public static int oid(DataType type) {
    if (type == null) {
      return TEXT;
    }
    return switch (type.id()) {
      case BOOLEAN -> BOOL;
      case SMALLINT -> INT2;
      case INTEGER -> INT4;
      case BIGINT -> INT8;
      case REAL -> FLOAT4;
      case DOUBLE -> FLOAT8;
      case NUMERIC -> NUMERIC;
      case VARCHAR -> VARCHAR;
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

  /** atttypmod as PostgreSQL reports it: VARCHAR(n) = n + 4, NUMERIC(p,s) = (p << 16 | s) + 4, else -1. */
  public static int typeModifier(DataType type) {
    if (type == null || type.precision() < 0) {
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
