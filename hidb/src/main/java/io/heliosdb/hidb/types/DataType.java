package io.heliosdb.hidb.types;

import io.heliosdb.hidb.proto.DataTypeSpec;
import io.heliosdb.hidb.proto.TypeId;

/**
 * A SQL type of the value model. The Java form of a value of each type is fixed, so every module
 * (cells, compute, front ends) agrees without conversions in between:
 *
 * <pre>
 * BOOLEAN      Boolean
 * SMALLINT     Short
 * INTEGER      Integer
 * BIGINT       Long
 * REAL         Float
 * DOUBLE       Double
 * NUMERIC      java.math.BigDecimal
 * VARCHAR/TEXT String
 * BYTEA        byte[]
 * DATE         Integer  days since 1970-01-01
 * TIME         Long     microseconds since midnight
 * TIMESTAMP    Long     microseconds since 1970-01-01 00:00:00 (no zone)
 * TIMESTAMPTZ  Long     microseconds since 1970-01-01 00:00:00 UTC
 * UUID         java.util.UUID
 * JSON/JSONB   String   (the JSON text)
 * VECTOR       float[]
 * </pre>
 *
 * SQL NULL is Java null for every type.
 *
 * @param id the type
 * @param precision NUMERIC precision, VARCHAR length or VECTOR dimension; -1 when unspecified
 * @param scale NUMERIC scale; -1 when unspecified
 */
public record DataType(TypeId id, int precision, int scale) {

  public static final DataType BOOLEAN = of(TypeId.BOOLEAN);
  public static final DataType SMALLINT = of(TypeId.SMALLINT);
  public static final DataType INTEGER = of(TypeId.INTEGER);
  public static final DataType BIGINT = of(TypeId.BIGINT);
  public static final DataType REAL = of(TypeId.REAL);
  public static final DataType DOUBLE = of(TypeId.DOUBLE);
  public static final DataType NUMERIC = of(TypeId.NUMERIC);
  public static final DataType TEXT = of(TypeId.TEXT);
  public static final DataType VARCHAR = of(TypeId.VARCHAR);
  public static final DataType BYTEA = of(TypeId.BYTEA);
  public static final DataType DATE = of(TypeId.DATE);
  public static final DataType TIME = of(TypeId.TIME);
  public static final DataType TIMESTAMP = of(TypeId.TIMESTAMP);
  public static final DataType TIMESTAMPTZ = of(TypeId.TIMESTAMPTZ);
  public static final DataType UUID = of(TypeId.UUID);
  public static final DataType JSON = of(TypeId.JSON);
  public static final DataType JSONB = of(TypeId.JSONB);

  public static DataType of(TypeId id) {
    return new DataType(id, -1, -1);
  }

  public static DataType numeric(int precision, int scale) {
    return new DataType(TypeId.NUMERIC, precision, scale);
  }

  public static DataType varchar(int length) {
    return new DataType(TypeId.VARCHAR, length, -1);
  }

  /**
   * PostgreSQL's blank-padded {@code character(n)} ({@code bpchar}; length -1 = unbounded {@code bpchar}).
   * HIDB has no type id of its own for it: it is a VARCHAR whose scale is {@link #BPCHAR_SCALE} (a
   * VARCHAR's scale is otherwise -1), so cells store and compare it as the string it is, and stored
   * values are already padded to the length (docs/adr/0015).
   */
  public static DataType bpchar(int length) {
    return new DataType(TypeId.VARCHAR, length, BPCHAR_SCALE);
  }

  /** The scale that marks a VARCHAR as blank-padded {@code character(n)}. */
  public static final int BPCHAR_SCALE = 0;

  /** Whether this is {@code character(n)} / {@code bpchar}. */
  public boolean isBpchar() {
    return id == TypeId.VARCHAR && scale == BPCHAR_SCALE;
  }

  public static DataType vector(int dimension) {
    return new DataType(TypeId.VECTOR, dimension, -1);
  }

  public static DataType fromSpec(DataTypeSpec spec) {
    return new DataType(spec.getId(), spec.getPrecision(), spec.getScale());
  }

  public DataTypeSpec toSpec() {
    return DataTypeSpec.newBuilder().setId(id).setPrecision(precision).setScale(scale).build();
  }

  public boolean isInteger() {
    return id == TypeId.SMALLINT || id == TypeId.INTEGER || id == TypeId.BIGINT;
  }

  public boolean isNumeric() {
    return isInteger() || id == TypeId.REAL || id == TypeId.DOUBLE || id == TypeId.NUMERIC;
  }

  public boolean isString() {
    return id == TypeId.VARCHAR || id == TypeId.TEXT || id == TypeId.JSON || id == TypeId.JSONB;
  }

  /** Java class of non-null values of this type (see the table above). */
  public Class<?> javaClass() {
    return switch (id) {
      case BOOLEAN -> Boolean.class;
      case SMALLINT -> Short.class;
      case INTEGER, DATE -> Integer.class;
      case BIGINT, TIME, TIMESTAMP, TIMESTAMPTZ -> Long.class;
      case REAL -> Float.class;
      case DOUBLE -> Double.class;
      case NUMERIC -> java.math.BigDecimal.class;
      case VARCHAR, TEXT, JSON, JSONB -> String.class;
      case BYTEA -> byte[].class;
      case UUID -> java.util.UUID.class;
      case VECTOR -> float[].class;
      default -> throw new IllegalStateException("no Java class for " + id);
    };
  }

  /** SQL spelling, e.g. NUMERIC(10,2), VARCHAR(20), VECTOR(3). */
  public String sqlName() {
    return switch (id) {
      case NUMERIC -> precision >= 0 ? "NUMERIC(" + precision + (scale >= 0 ? "," + scale : "") + ")" : "NUMERIC";
      case VARCHAR -> isBpchar() ? (precision >= 0 ? "CHAR(" + precision + ")" : "BPCHAR")
          : precision >= 0 ? "VARCHAR(" + precision + ")" : "VARCHAR";
      case VECTOR -> "VECTOR(" + precision + ")";
      case DOUBLE -> "DOUBLE PRECISION";
      default -> id.name();
    };
  }

  @Override
  public String toString() {
    return sqlName();
  }
}
