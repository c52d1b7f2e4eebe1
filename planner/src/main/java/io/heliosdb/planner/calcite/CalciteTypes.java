package io.heliosdb.planner.calcite;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.TypeId;
import io.heliosdb.hidb.types.DataType;
import java.math.BigDecimal;
import java.util.UUID;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The one mapping between the value model and Calcite: types, and values between the value
 * model's Java form and Calcite's internal form (TIME as int millis, TIMESTAMP as long millis,
 * binary as ByteString). Calcite's runtime keeps millisecond precision for TIME/TIMESTAMP, so
 * results computed in compute are truncated to milliseconds; cells store and filter on microseconds.
 */
public final class CalciteTypes {
  private CalciteTypes() {}

  public static RelDataType toRelType(RelDataTypeFactory f, DataType type, boolean nullable) {
    RelDataType t = switch (type.id()) {
      case BOOLEAN -> f.createSqlType(SqlTypeName.BOOLEAN);
      case SMALLINT -> f.createSqlType(SqlTypeName.SMALLINT);
      case INTEGER -> f.createSqlType(SqlTypeName.INTEGER);
      case BIGINT -> f.createSqlType(SqlTypeName.BIGINT);
      case REAL -> f.createSqlType(SqlTypeName.REAL);
      case DOUBLE -> f.createSqlType(SqlTypeName.DOUBLE);
      case NUMERIC -> type.precision() > 0
          ? f.createSqlType(SqlTypeName.DECIMAL, type.precision(), Math.max(0, type.scale()))
          : f.createSqlType(SqlTypeName.DECIMAL, 1000, 16);
      // character(n) is Calcite's CHAR(n): comparisons pad the shorter side, as bpchar ignores trailing blanks
      case VARCHAR -> type.precision() > 0
          ? f.createSqlType(type.isBpchar() ? SqlTypeName.CHAR : SqlTypeName.VARCHAR, type.precision())
          : f.createSqlType(SqlTypeName.VARCHAR);
      case TEXT, JSON, JSONB, VECTOR -> f.createSqlType(SqlTypeName.VARCHAR);
      case BYTEA -> f.createSqlType(SqlTypeName.VARBINARY);
      case DATE -> f.createSqlType(SqlTypeName.DATE);
      case TIME -> f.createSqlType(SqlTypeName.TIME, 6);
      case TIMESTAMP -> f.createSqlType(SqlTypeName.TIMESTAMP, 6);
      case TIMESTAMPTZ -> f.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 6);
      case UUID -> f.createSqlType(SqlTypeName.UUID);
      default -> throw new HeliosException(ErrorCode.FEATURE_NOT_SUPPORTED, "type " + type + " is not supported");
    };
    return f.createTypeWithNullability(t, nullable);
  }

  /** Value-model type of a Calcite type (for expression results that come from no table column). */
  public static DataType toDataType(RelDataType t) {
    return switch (t.getSqlTypeName()) {
      case BOOLEAN -> DataType.BOOLEAN;
      case TINYINT, SMALLINT -> DataType.SMALLINT;
      case INTEGER -> DataType.INTEGER;
      case BIGINT -> DataType.BIGINT;
      case REAL, FLOAT -> DataType.REAL;
      case DOUBLE -> DataType.DOUBLE;
      case DECIMAL -> t.getPrecision() >= 1000 ? DataType.NUMERIC : DataType.numeric(t.getPrecision(), t.getScale());
      case CHAR, VARCHAR -> t.getPrecision() > 0 && t.getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED
          && t.getSqlTypeName() == SqlTypeName.VARCHAR ? DataType.varchar(t.getPrecision()) : DataType.TEXT;
      case BINARY, VARBINARY -> DataType.BYTEA;
      case DATE -> DataType.DATE;
      case TIME, TIME_WITH_LOCAL_TIME_ZONE -> DataType.TIME;
      case TIMESTAMP -> DataType.TIMESTAMP;
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> DataType.TIMESTAMPTZ;
      case UUID -> DataType.UUID;
      case NULL -> DataType.TEXT;
      default -> DataType.TEXT;
    };
  }

  /** Value-model value -> Calcite internal value. */
  public static Object toCalcite(DataType type, Object v) {
    if (v == null) {
      return null;
    }
    return switch (type.id()) {
      case TIME -> (int) Math.floorDiv((Long) v, 1000L);
      case TIMESTAMP, TIMESTAMPTZ -> Math.floorDiv((Long) v, 1000L);
      case BYTEA -> new ByteString((byte[]) v);
      case VECTOR -> vectorText((float[]) v);
      default -> v;
    };
  }

  /** Calcite internal value -> value-model value of the given type (coercing numerics). */
  public static Object fromCalcite(DataType type, Object v) {
    if (v == null) {
      return null;
    }
    return switch (type.id()) {
      case BOOLEAN -> v;
      case SMALLINT -> ((Number) v).shortValue();
      case INTEGER -> v instanceof Integer ? v : ((Number) v).intValue();
      case BIGINT -> v instanceof Long ? v : ((Number) v).longValue();
      case REAL -> v instanceof Float ? v : ((Number) v).floatValue();
      case DOUBLE -> v instanceof Double ? v : ((Number) v).doubleValue();
      case NUMERIC -> v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
      case VARCHAR, TEXT, JSON, JSONB -> v.toString();
      case BYTEA -> v instanceof ByteString b ? b.getBytes() : (byte[]) v;
      case DATE -> ((Number) v).intValue();
      case TIME -> ((Number) v).longValue() * 1000L;
      case TIMESTAMP, TIMESTAMPTZ -> ((Number) v).longValue() * 1000L;
      case UUID -> v instanceof UUID ? v : UUID.fromString(v.toString());
      case VECTOR -> parseVector(v.toString());
      default -> v;
    };
  }

  static String vectorText(float[] v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(v[i]);
    }
    return sb.append(']').toString();
  }

  static float[] parseVector(String s) {
    String body = s.trim();
    if (!body.startsWith("[") || !body.endsWith("]")) {
      throw new HeliosException(ErrorCode.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type vector: \"" + s + "\"");
    }
    body = body.substring(1, body.length() - 1).trim();
    if (body.isEmpty()) {
      return new float[0];
    }
    String[] parts = body.split(",");
    float[] out = new float[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        out[i] = Float.parseFloat(parts[i].trim());
      }
    } catch (NumberFormatException e) {
      throw new HeliosException(ErrorCode.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type vector: \"" + s + "\"");
    }
    return out;
  }

  public static boolean isTimeLike(TypeId id) {
    return id == TypeId.TIME || id == TypeId.TIMESTAMP || id == TypeId.TIMESTAMPTZ;
  }
}
