package io.heliosdb.hidb.expr;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.TypeId;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.hidb.types.Values;

/**
 * Compares two non-null values whose types were resolved at compile time, in the cheapest domain that
 * is exact: integers as long, anything with REAL/DOUBLE as double (PostgreSQL order: NaN last,
 * -0 = 0), NUMERIC mixes as BigDecimal, everything else with {@link Values#compare}.
 */
abstract class ValueComparator {
  enum Kind { LONG, DOUBLE, DECIMAL, STRING, OTHER }

  final Kind kind;

  private ValueComparator(Kind kind) {
    this.kind = kind;
  }

  abstract int compare(Object a, Object b);

  static final ValueComparator LONGS = new ValueComparator(Kind.LONG) {
    @Override
    int compare(Object a, Object b) {
      return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
    }
  };

  static final ValueComparator DOUBLES = new ValueComparator(Kind.DOUBLE) {
    @Override
    int compare(Object a, Object b) {
      return Values.compareDoubles(((Number) a).doubleValue(), ((Number) b).doubleValue());
    }
  };

  static final ValueComparator DECIMALS = new ValueComparator(Kind.DECIMAL) {
    @Override
    int compare(Object a, Object b) {
      return Values.toDecimal(a).compareTo(Values.toDecimal(b));
    }
  };

  static final ValueComparator STRINGS = new ValueComparator(Kind.STRING) {
    @Override
    int compare(Object a, Object b) {
      return Values.compareStrings((String) a, (String) b);
    }
  };

  private static ValueComparator typed(DataType type) {
    return new ValueComparator(Kind.OTHER) {
      @Override
      int compare(Object a, Object b) {
        return Values.compare(type, a, b);
      }
    };
  }

  /**
   * The comparator for operands of types {@code a} and {@code b}, which the caller has already
   * coerced (see {@link Coercions#forComparison}); throws UNDEFINED_FUNCTION for incomparable types.
   */
  static ValueComparator of(DataType a, DataType b) {
    if (Node.isUnknown(a) || Node.isUnknown(b)) {
      DataType known = Node.isUnknown(a) ? b : a;
      return Node.isUnknown(known) ? LONGS : of(known, known);
    }
    if (a.isNumeric() && b.isNumeric()) {
      if (a.isInteger() && b.isInteger()) {
        return LONGS;
      }
      if (isFloat(a) || isFloat(b)) {
        return DOUBLES;
      }
      return DECIMALS;
    }
    if (a.isString() && b.isString()) {
      return STRINGS;
    }
    if (isTemporalLong(a) && isTemporalLong(b)) {
      return LONGS; // TIMESTAMP vs TIMESTAMPTZ (session zone UTC), or same type
    }
    if (a.id() == b.id()) {
      return switch (a.id()) {
        case BOOLEAN, BYTEA, UUID, VECTOR -> typed(a);
        case DATE, TIME -> LONGS;
        default -> throw incomparable(a, b);
      };
    }
    throw incomparable(a, b);
  }

  static boolean isFloat(DataType t) {
    return t.id() == TypeId.REAL || t.id() == TypeId.DOUBLE;
  }

  private static boolean isTemporalLong(DataType t) {
    return t.id() == TypeId.TIMESTAMP || t.id() == TypeId.TIMESTAMPTZ;
  }

  static HeliosException incomparable(DataType a, DataType b) {
    return new HeliosException(ErrorCode.UNDEFINED_FUNCTION,
        "operator does not exist: " + a.sqlName().toLowerCase() + " compared with " + b.sqlName().toLowerCase());
  }
}
