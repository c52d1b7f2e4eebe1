package io.heliosdb.planner.calcite;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.hidb.types.Values;
import java.math.BigDecimal;

/** Converts a value-model value to another value-model type where SQL assignment would. */
public final class ValueCoercion {
  private ValueCoercion() {}

  public static Object coerce(DataType target, Object v) {
    if (v == null || target.javaClass().isInstance(v)) {
      return v;
    }
    try {
      if (v instanceof Number n) {
        switch (target.id()) {
          case SMALLINT: {
            long l = exactLong(n);
            if (l < Short.MIN_VALUE || l > Short.MAX_VALUE) {
              throw new HeliosException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "smallint out of range");
            }
            return (short) l;
          }
          case INTEGER: {
            long l = exactLong(n);
            if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
              throw new HeliosException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range");
            }
            return (int) l;
          }
          case BIGINT:
            return exactLong(n);
          case REAL:
            return n.floatValue();
          case DOUBLE:
            return n.doubleValue();
          case NUMERIC:
            return n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
          default:
            break;
        }
      }
      if (v instanceof String s) {
        return Values.fromText(target, s);
      }
      return Values.fromText(target, Values.toText(DataType.TEXT, v));
    } catch (HeliosException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new HeliosException(ErrorCode.DATATYPE_MISMATCH,
          "cannot convert " + v + " to " + target.sqlName());
    }
  }

  private static long exactLong(Number n) {
    if (n instanceof BigDecimal b) {
      // Assignment rounds like PostgreSQL's numeric -> integer cast.
      return b.setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
    }
    if (n instanceof Double || n instanceof Float) {
      return Math.round(n.doubleValue());
    }
    return n.longValue();
  }
}
