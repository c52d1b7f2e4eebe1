package io.heliosdb.hidb.expr;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.TypeId;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.hidb.types.Values;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.UnaryOperator;

/**
 * SQL CAST between value-model types, PostgreSQL-style: numeric narrowing is range-checked (floats and
 * NUMERIC round to integers), anything casts to text, text parses with {@link Values#fromText},
 * DATE/TIMESTAMP/TIMESTAMPTZ/TIME convert (session time zone UTC), BOOLEAN and integers convert, and
 * NUMERIC(p,s) / VARCHAR(n) targets apply their type modifiers (explicit casts truncate VARCHAR).
 */
public final class Casts {
  private Casts() {}

  /** Casts one value (null stays null). */
  public static Object cast(Object value, DataType from, DataType to) {
    return value == null ? null : converter(from, to).apply(value);
  }

  /** The conversion from {@code from} to {@code to}, resolved once; throws DATATYPE_MISMATCH when no cast exists. */
  public static UnaryOperator<Object> converter(DataType from, DataType to) {
    UnaryOperator<Object> base = baseConverter(from, to);
    UnaryOperator<Object> modifier = typeModifier(to);
    if (modifier == null) {
      return base;
    }
    return v -> modifier.apply(base.apply(v));
  }

  private static UnaryOperator<Object> baseConverter(DataType from, DataType to) {
    TypeId f = from.id();
    TypeId t = to.id();
    if (f == TypeId.TYPE_UNSPECIFIED || f == t || (from.isString() && to.isString())) {
      return v -> v;
    }
    if (to.isString()) {
      return v -> Values.toText(from, v);
    }
    if (from.isString()) {
      return v -> Values.fromText(to, (String) v);
    }
    if (from.isNumeric() && to.isNumeric()) {
      return numeric(from, to);
    }
    if (f == TypeId.BOOLEAN && to.isInteger()) {
      return v -> narrowInteger((Boolean) v ? 1 : 0, to);
    }
    if (from.isInteger() && t == TypeId.BOOLEAN) {
      return v -> ((Number) v).longValue() != 0;
    }
    return switch (f) {
      case DATE -> switch (t) {
        case TIMESTAMP, TIMESTAMPTZ -> v -> dateToTimestamp((Integer) v);
        default -> throw noCast(from, to);
      };
      case TIMESTAMP, TIMESTAMPTZ -> switch (t) {
        case TIMESTAMP, TIMESTAMPTZ -> v -> v;
        case DATE -> v -> (int) Math.floorDiv((Long) v, Arith.MICROS_PER_DAY);
        case TIME -> v -> Math.floorMod((Long) v, Arith.MICROS_PER_DAY);
        default -> throw noCast(from, to);
      };
      default -> throw noCast(from, to);
    };
  }

  private static HeliosException noCast(DataType from, DataType to) {
    return new HeliosException(ErrorCode.DATATYPE_MISMATCH,
        "cannot cast type " + from.sqlName().toLowerCase() + " to " + to.sqlName().toLowerCase());
  }

  static Long dateToTimestamp(int days) {
    try {
      return Math.multiplyExact((long) days, Arith.MICROS_PER_DAY);
    } catch (ArithmeticException e) {
      throw new HeliosException(ErrorCode.DATETIME_FIELD_OVERFLOW, "date out of range for timestamp");
    }
  }

  private static UnaryOperator<Object> numeric(DataType from, DataType to) {
    TypeId t = to.id();
    if (to.isInteger()) {
      if (from.isInteger()) {
        return v -> narrowInteger(((Number) v).longValue(), to);
      }
      if (from.id() == TypeId.NUMERIC) {
        return v -> narrowInteger(decimalToLong((BigDecimal) v, to), to);
      }
      return v -> narrowInteger(doubleToLong(((Number) v).doubleValue(), to), to);
    }
    if (t == TypeId.REAL) {
      return v -> {
        double d = ((Number) v).doubleValue();
        float f = (float) d;
        if (Float.isInfinite(f) && !Double.isInfinite(d)) {
          throw outOfRange(to);
        }
        return f;
      };
    }
    if (t == TypeId.DOUBLE) {
      return v -> {
        double d = ((Number) v).doubleValue();
        if (Double.isInfinite(d) && v instanceof BigDecimal) {
          throw outOfRange(to);
        }
        return d;
      };
    }
    // to NUMERIC
    if (from.isInteger()) {
      return v -> BigDecimal.valueOf(((Number) v).longValue());
    }
    // PostgreSQL keeps the float's significant decimal digits: 15 for DOUBLE, 6 for REAL
    MathContext digits = new MathContext(from.id() == TypeId.REAL ? 6 : 15, RoundingMode.HALF_EVEN);
    return v -> {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw HeliosException.notSupported("NUMERIC value " + Values.doubleToText(d));
      }
      BigDecimal rounded = new BigDecimal(d).round(digits).stripTrailingZeros();
      return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
    };
  }

  static Object narrowInteger(long v, DataType to) {
    return switch (to.id()) {
      case SMALLINT -> {
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
          throw outOfRange(to);
        }
        yield (short) v;
      }
      case INTEGER -> {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
          throw outOfRange(to);
        }
        yield (int) v;
      }
      default -> v;
    };
  }

  private static long decimalToLong(BigDecimal d, DataType to) {
    BigDecimal rounded = d.setScale(0, RoundingMode.HALF_UP);
    if (rounded.unscaledValue().bitLength() > 63) {
      throw outOfRange(to);
    }
    return rounded.longValue();
  }

  private static long doubleToLong(double d, DataType to) {
    double r = Math.rint(d); // PostgreSQL rounds half to even when casting floats to integers
    if (Double.isNaN(r) || r < -0x1p63 || r >= 0x1p63) {
      throw outOfRange(to);
    }
    return (long) r;
  }

  static HeliosException outOfRange(DataType type) {
    String name = switch (type.id()) {
      case SMALLINT -> "smallint";
      case INTEGER -> "integer";
      case BIGINT -> "bigint";
      default -> type.sqlName().toLowerCase();
    };
    return new HeliosException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, name + " out of range");
  }

  /** NUMERIC(p,s) rounding and precision check, VARCHAR(n) truncation, VECTOR(n) dimension check; null when none. */
  private static UnaryOperator<Object> typeModifier(DataType to) {
    switch (to.id()) {
      case NUMERIC -> {
        if (to.precision() <= 0 && to.scale() < 0) {
          return null;
        }
        int scale = Math.max(0, to.scale());
        int precision = to.precision();
        return v -> applyNumericModifier((BigDecimal) v, precision, scale);
      }
      case VARCHAR -> {
        if (to.precision() < 0) {
          return null;
        }
        int length = to.precision();
        return v -> truncate((String) v, length);
      }
      case VECTOR -> {
        if (to.precision() <= 0) {
          return null;
        }
        int dimension = to.precision();
        return v -> {
          if (((float[]) v).length != dimension) {
            throw new HeliosException(ErrorCode.DATA_EXCEPTION,
                "expected " + dimension + " dimensions, not " + ((float[]) v).length);
          }
          return v;
        };
      }
      default -> {
        return null;
      }
    }
  }

  /** Rounds to {@code scale} (half away from zero) and checks at most precision - scale integer digits. */
  public static BigDecimal applyNumericModifier(BigDecimal v, int precision, int scale) {
    BigDecimal rounded = v.setScale(scale, RoundingMode.HALF_UP);
    if (precision > 0 && rounded.signum() != 0 && rounded.precision() - rounded.scale() > precision - scale) {
      throw new HeliosException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
          "numeric field overflow: a field with precision " + precision + ", scale " + scale
              + " must round to an absolute value less than 10^" + (precision - scale));
    }
    return rounded;
  }

  private static String truncate(String s, int length) {
    if (s.length() <= length) {
      return s;
    }
    int codePoints = s.codePointCount(0, s.length());
    return codePoints <= length ? s : s.substring(0, s.offsetByCodePoints(0, length));
  }
}
