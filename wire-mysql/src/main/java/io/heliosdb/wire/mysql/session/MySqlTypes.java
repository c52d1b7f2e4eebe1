package io.heliosdb.wire.mysql.session;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.hidb.types.Values;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.wire.mysql.packet.ColumnDefinition;
import io.heliosdb.hidb.proto.TypeId;
import io.heliosdb.wire.mysql.packet.FieldType;
import io.heliosdb.wire.mysql.packet.MySqlTemporal;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.nio.charset.StandardCharsets;

/**
 * Value-model types as MySQL result columns: type code, flags, charset and display length per
 * type, and each value's text-protocol form (booleans as 1/0, timestamps without a zone, in UTC).
 */
public final class MySqlTypes {
  public static final int TYPE_TINY = 1;
  public static final int TYPE_SHORT = 2;
  public static final int TYPE_LONG = 3;
  public static final int TYPE_FLOAT = 4;
  public static final int TYPE_DOUBLE = 5;
  public static final int TYPE_TIMESTAMP = 7;
  public static final int TYPE_LONGLONG = 8;
  public static final int TYPE_DATE = 10;
  public static final int TYPE_TIME = 11;
  public static final int TYPE_DATETIME = 12;
  public static final int TYPE_JSON = 245;
  public static final int TYPE_NEWDECIMAL = 246;
  public static final int TYPE_BLOB = 252;
  public static final int TYPE_VAR_STRING = 253;
  public static final int TYPE_STRING = 254;

  public static final int FLAG_NOT_NULL = 1;
  public static final int FLAG_BLOB = 16;
  public static final int FLAG_BINARY = 128;
  public static final int FLAG_NUM = 32768;

  /** utf8mb4_0900_ai_ci and binary collation ids. */
  public static final int UTF8MB4 = 255;
  public static final int BINARY = 63;
  /** decimals value meaning "not a fixed number of decimals". */
  private static final int NOT_FIXED_DEC = 0x1f;

  private MySqlTypes() {}

  public static ColumnDefinition column(ColumnMeta c) {
    DataType t = c.type();
    int notNull = c.nullable() ? 0 : FLAG_NOT_NULL;
    return switch (t.id()) {
      case BOOLEAN -> def(c, BINARY, 1, TYPE_TINY, FLAG_NUM | notNull, 0);
      case SMALLINT -> def(c, BINARY, 6, TYPE_SHORT, FLAG_NUM | notNull, 0);
      case INTEGER -> def(c, BINARY, 11, TYPE_LONG, FLAG_NUM | notNull, 0);
      case BIGINT -> def(c, BINARY, 20, TYPE_LONGLONG, FLAG_NUM | notNull, 0);
      case REAL -> def(c, BINARY, 12, TYPE_FLOAT, FLAG_NUM | notNull, NOT_FIXED_DEC);
      case DOUBLE -> def(c, BINARY, 22, TYPE_DOUBLE, FLAG_NUM | notNull, NOT_FIXED_DEC);
      case NUMERIC -> def(c, BINARY, t.precision() > 0 ? t.precision() + 2 : 67, TYPE_NEWDECIMAL, FLAG_NUM | notNull,
          t.scale() >= 0 ? t.scale() : NOT_FIXED_DEC);
      case VARCHAR -> def(c, UTF8MB4, t.precision() > 0 ? 4L * t.precision() : 0xFFFFFFFFL, TYPE_VAR_STRING, notNull, 0);
      case TEXT, VECTOR -> def(c, UTF8MB4, 0xFFFFFFFFL, TYPE_BLOB, FLAG_BLOB | notNull, 0);
      case BYTEA -> def(c, BINARY, 0xFFFFFFFFL, TYPE_BLOB, FLAG_BLOB | FLAG_BINARY | notNull, 0);
      case DATE -> def(c, BINARY, 10, TYPE_DATE, FLAG_BINARY | notNull, 0);
      case TIME -> def(c, BINARY, 17, TYPE_TIME, FLAG_BINARY | notNull, 6);
      case TIMESTAMP -> def(c, BINARY, 26, TYPE_DATETIME, FLAG_BINARY | notNull, 6);
      case TIMESTAMPTZ -> def(c, BINARY, 26, TYPE_TIMESTAMP, FLAG_BINARY | notNull, 6);
      case UUID -> def(c, UTF8MB4, 144, TYPE_STRING, notNull, 0);
      case JSON, JSONB -> def(c, UTF8MB4, 0xFFFFFFFFL, TYPE_JSON, FLAG_BLOB | notNull, 0);
      default -> def(c, UTF8MB4, 0xFFFFFFFFL, TYPE_VAR_STRING, notNull, 0);
    };
  }

  private static ColumnDefinition def(ColumnMeta c, int charset, long length, int type, int flags, int decimals) {
    return new ColumnDefinition("", "", "", c.name(), c.name(), charset, length, type, flags, decimals);
  }

  /**
   * One value in the binary protocol's form for its column type ({@link #column}): Number for the
   * integer and floating types, {@link MySqlTemporal} for dates and times, bytes for the rest.
   */
  public static Object binary(DataType type, Object value) {
    if (value == null) {
      return null;
    }
    return switch (type.id()) {
      case BOOLEAN -> (Boolean) value ? 1 : 0;
      case SMALLINT, INTEGER, BIGINT, REAL, DOUBLE -> value;
      case DATE -> {
        LocalDate d = LocalDate.ofEpochDay(((Number) value).longValue());
        yield MySqlTemporal.date(FieldType.DATE, d.getYear(), d.getMonthValue(), d.getDayOfMonth(), 0, 0, 0, 0);
      }
      case TIME -> {
        long micros = ((Number) value).longValue();
        long seconds = micros / 1_000_000;
        yield MySqlTemporal.time(false, seconds / 86_400, (int) (seconds / 3600 % 24), (int) (seconds / 60 % 60),
            (int) (seconds % 60), (int) (micros % 1_000_000));
      }
      case TIMESTAMP, TIMESTAMPTZ -> {
        long micros = ((Number) value).longValue();
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000),
            (int) Math.floorMod(micros, 1_000_000) * 1000, ZoneOffset.UTC);
        yield MySqlTemporal.date(type.id() == TypeId.TIMESTAMP ? FieldType.DATETIME : FieldType.TIMESTAMP, t.getYear(),
            t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000);
      }
      default -> text(type, value);
    };
  }

  /**
   * The type a client's bound parameter type suggests to the planner (null: let the statement
   * decide, as for strings, whose text is parsed as whatever the context needs).
   */
  public static DataType hint(int parameterType) {
    return switch (parameterType & 0xFF) {
      case FieldType.TINY, FieldType.SHORT, FieldType.YEAR -> DataType.SMALLINT;
      case FieldType.LONG, FieldType.INT24 -> DataType.INTEGER;
      case FieldType.LONGLONG -> (parameterType & FieldType.PARAM_UNSIGNED) != 0 ? DataType.NUMERIC : DataType.BIGINT;
      case FieldType.FLOAT -> DataType.REAL;
      case FieldType.DOUBLE -> DataType.DOUBLE;
      case FieldType.DECIMAL, FieldType.NEWDECIMAL -> DataType.NUMERIC;
      case FieldType.DATE -> DataType.DATE;
      case FieldType.TIME -> DataType.TIME;
      case FieldType.DATETIME, FieldType.TIMESTAMP -> DataType.TIMESTAMP;
      default -> null;
    };
  }

  /**
   * A decoded parameter ({@link io.heliosdb.wire.mysql.packet.StmtExecute}'s forms) as the planner
   * takes it for a parameter of type {@code target}: numbers and text stay (the planner coerces
   * them as an assignment would), bytes become text unless the target is binary, dates and times
   * their MySQL text.
   */
  public static Object parameter(DataType target, Object value) {
    if (value instanceof byte[] bytes) {
      return target != null && target.id() == TypeId.BYTEA ? bytes : new String(bytes, StandardCharsets.UTF_8);
    }
    if (value instanceof MySqlTemporal t) {
      return t.toText();
    }
    if (value instanceof Number n && target != null && target.id() == TypeId.BOOLEAN) {
      return n.doubleValue() != 0;
    }
    return value;
  }

  /** The text-protocol bytes of one value; null for SQL NULL. */
  public static byte[] text(DataType type, Object value) {
    if (value == null) {
      return null;
    }
    String s = switch (type.id()) {
      case BOOLEAN -> (Boolean) value ? "1" : "0";
      case SMALLINT, INTEGER, BIGINT -> Long.toString(((Number) value).longValue());
      case NUMERIC -> (value instanceof BigDecimal d ? d : Values.toDecimal(value)).toPlainString();
      case BYTEA -> null;
      case TIMESTAMPTZ -> Values.timestampToText(((Number) value).longValue());
      default -> Values.toText(type, value);
    };
    return s == null ? ((byte[]) value).clone() : s.getBytes(StandardCharsets.UTF_8);
  }
}
