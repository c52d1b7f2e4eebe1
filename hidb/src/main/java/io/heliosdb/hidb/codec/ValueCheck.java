package io.heliosdb.hidb.codec;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Reads a value-model Java object as the primitive a codec writes. Integer-like types accept any
 * integral Number (range-checked) so callers holding an Integer for a BIGINT column do not fail;
 * everything else must have the exact Java class of its DataType.
 */
final class ValueCheck {
  private ValueCheck() {}

  static long integral(DataType type, Object value, long min, long max) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      long v = ((Number) value).longValue();
      if (v < min || v > max) {
        throw new HeliosException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "value " + v + " out of range for " + type);
      }
      return v;
    }
    throw mismatch(type, value);
  }

  static double floating(DataType type, Object value) {
    if (value instanceof Double || value instanceof Float) {
      return ((Number) value).doubleValue();
    }
    throw mismatch(type, value);
  }

  static BigDecimal decimal(DataType type, Object value) {
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    throw mismatch(type, value);
  }

  static <T> T exact(DataType type, Object value, Class<T> javaClass) {
    if (javaClass.isInstance(value)) {
      return javaClass.cast(value);
    }
    throw mismatch(type, value);
  }

  static HeliosException mismatch(DataType type, Object value) {
    return new HeliosException(ErrorCode.DATATYPE_MISMATCH,
        "value of Java class " + value.getClass().getName() + " does not fit type " + type
            + " (expected " + type.javaClass().getSimpleName() + ")");
  }

  static long min(DataType type) {
    return switch (type.id()) {
      case SMALLINT -> Short.MIN_VALUE;
      case INTEGER, DATE -> Integer.MIN_VALUE;
      default -> Long.MIN_VALUE;
    };
  }

  static long max(DataType type) {
    return switch (type.id()) {
      case SMALLINT -> Short.MAX_VALUE;
      case INTEGER, DATE -> Integer.MAX_VALUE;
      default -> Long.MAX_VALUE;
    };
  }
}
