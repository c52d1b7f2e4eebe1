package io.heliosdb.hidb.expr;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.Operator;
import io.heliosdb.hidb.proto.TypeId;
import io.heliosdb.hidb.types.DataType;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Arithmetic nodes. Each node computes in one domain chosen at compile time (long for integer types,
 * float or double, BigDecimal for NUMERIC) so evaluation does no type dispatch: integer overflow and
 * float overflow raise NUMERIC_VALUE_OUT_OF_RANGE, a zero divisor DIVISION_BY_ZERO, integer division
 * truncates toward zero and MOD takes the dividend's sign, as in PostgreSQL.
 */
final class Arith {
  static final long MICROS_PER_DAY = 86_400_000_000L;

  /** Minimum significant digits of a NUMERIC quotient (PostgreSQL's NUMERIC_MIN_SIG_DIGITS). */
  private static final int MIN_QUOTIENT_DIGITS = 16;
  private static final int MAX_QUOTIENT_SCALE = 1000;

  private Arith() {}

  static DataType commonNumeric(DataType a, DataType b) {
    if (Node.isUnknown(a)) {
      return b;
    }
    if (Node.isUnknown(b)) {
      return a;
    }
    if (a.id() == TypeId.DOUBLE || b.id() == TypeId.DOUBLE) {
      return DataType.DOUBLE;
    }
    if (a.id() == TypeId.REAL || b.id() == TypeId.REAL) {
      DataType other = a.id() == TypeId.REAL ? b : a;
      return other.id() == TypeId.BIGINT || other.id() == TypeId.NUMERIC ? DataType.DOUBLE : DataType.REAL;
    }
    if (a.id() == TypeId.NUMERIC || b.id() == TypeId.NUMERIC) {
      return DataType.NUMERIC;
    }
    return rank(a) >= rank(b) ? DataType.of(a.id()) : DataType.of(b.id());
  }

  static int rank(DataType t) {
    return switch (t.id()) {
      case SMALLINT -> 1;
      case INTEGER -> 2;
      case BIGINT -> 3;
      case NUMERIC -> 4;
      case REAL -> 5;
      case DOUBLE -> 6;
      default -> 0;
    };
  }

  /** A binary arithmetic node over operands already of (or convertible as Number to) {@code domain}. */
  static Node binary(Operator op, Node left, Node right, DataType domain) {
    return switch (domain.id()) {
      case SMALLINT, INTEGER, BIGINT -> new LongBinary(op, left, right, domain);
      case REAL -> new FloatBinary(op, left, right);
      case DOUBLE -> new DoubleBinary(op, left, right);
      case NUMERIC -> new DecimalBinary(op, left, right);
      default -> throw new IllegalArgumentException(domain.toString());
    };
  }

  static HeliosException divisionByZero() {
    return new HeliosException(ErrorCode.DIVISION_BY_ZERO, "division by zero");
  }

  private abstract static class Binary extends Node {
    final Operator op;
    final Node left;
    final Node right;

    Binary(DataType type, Operator op, Node left, Node right) {
      super(type, left, right);
      this.op = op;
      this.left = left;
      this.right = right;
    }
  }

  static final class LongBinary extends Binary {
    LongBinary(Operator op, Node left, Node right, DataType domain) {
      super(domain, op, left, right);
    }

    @Override
    Object eval(Object[] row) {
      Object l = left.eval(row);
      if (l == null) {
        return null;
      }
      Object r = right.eval(row);
      if (r == null) {
        return null;
      }
      long a = ((Number) l).longValue();
      long b = ((Number) r).longValue();
      long result;
      try {
        result = switch (op) {
          case PLUS -> Math.addExact(a, b);
          case MINUS -> Math.subtractExact(a, b);
          case TIMES -> Math.multiplyExact(a, b);
          case DIVIDE -> {
            if (b == 0) {
              throw divisionByZero();
            }
            if (a == Long.MIN_VALUE && b == -1) {
              throw new ArithmeticException();
            }
            yield a / b;
          }
          case MOD -> {
            if (b == 0) {
              throw divisionByZero();
            }
            yield b == -1 ? 0 : a % b;
          }
          default -> throw new IllegalStateException(op.name());
        };
      } catch (ArithmeticException e) {
        throw Casts.outOfRange(type);
      }
      return Casts.narrowInteger(result, type);
    }
  }

  static final class DoubleBinary extends Binary {
    DoubleBinary(Operator op, Node left, Node right) {
      super(DataType.DOUBLE, op, left, right);
    }

    @Override
    Object eval(Object[] row) {
      Object l = left.eval(row);
      if (l == null) {
        return null;
      }
      Object r = right.eval(row);
      if (r == null) {
        return null;
      }
      double a = ((Number) l).doubleValue();
      double b = ((Number) r).doubleValue();
      double result = apply(op, a, b);
      if (Double.isInfinite(result) && !Double.isInfinite(a) && !Double.isInfinite(b)) {
        throw new HeliosException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
      }
      return result;
    }
  }

  static double apply(Operator op, double a, double b) {
    return switch (op) {
      case PLUS -> a + b;
      case MINUS -> a - b;
      case TIMES -> a * b;
      case DIVIDE -> {
        if (b == 0.0) {
          throw divisionByZero();
        }
        yield a / b;
      }
      case MOD -> {
        if (b == 0.0) {
          throw divisionByZero();
        }
        yield a % b;
      }
      default -> throw new IllegalStateException(op.name());
    };
  }

  static final class FloatBinary extends Binary {
    FloatBinary(Operator op, Node left, Node right) {
      super(DataType.REAL, op, left, right);
    }

    @Override
    Object eval(Object[] row) {
      Object l = left.eval(row);
      if (l == null) {
        return null;
      }
      Object r = right.eval(row);
      if (r == null) {
        return null;
      }
      float a = ((Number) l).floatValue();
      float b = ((Number) r).floatValue();
      // double arithmetic rounded once to float equals float arithmetic for + - * /
      float result = (float) apply(op, a, b);
      if (Float.isInfinite(result) && !Float.isInfinite(a) && !Float.isInfinite(b)) {
        throw new HeliosException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
      }
      return result;
    }
  }

  static final class DecimalBinary extends Binary {
    DecimalBinary(Operator op, Node left, Node right) {
      super(DataType.NUMERIC, op, left, right);
    }

    @Override
    Object eval(Object[] row) {
      Object l = left.eval(row);
      if (l == null) {
        return null;
      }
      Object r = right.eval(row);
      if (r == null) {
        return null;
      }
      BigDecimal a = io.heliosdb.hidb.types.Values.toDecimal(l);
      BigDecimal b = io.heliosdb.hidb.types.Values.toDecimal(r);
      return switch (op) {
        case PLUS -> a.add(b);
        case MINUS -> a.subtract(b);
        case TIMES -> a.multiply(b);
        case DIVIDE -> divide(a, b);
        case MOD -> {
          if (b.signum() == 0) {
            throw divisionByZero();
          }
          yield a.remainder(b);
        }
        default -> throw new IllegalStateException(op.name());
      };
    }
  }

  /**
   * NUMERIC division with PostgreSQL-like result scale: at least 16 significant digits and at least the
   * operands' scales (e.g. 1/3 = 0.3333333333333333, 10/4 = 2.5000000000000000).
   */
  static BigDecimal divide(BigDecimal a, BigDecimal b) {
    if (b.signum() == 0) {
      throw divisionByZero();
    }
    long weight = (a.precision() - (long) a.scale()) - (b.precision() - (long) b.scale());
    long scale = Math.max(Math.max(a.scale(), b.scale()), MIN_QUOTIENT_DIGITS - weight);
    scale = Math.max(0, Math.min(MAX_QUOTIENT_SCALE, scale));
    return a.divide(b, (int) scale, RoundingMode.HALF_UP);
  }

  /** Unary minus in the operand's domain. */
  static final class Negate extends Node {
    private final Node operand;

    Negate(Node operand) {
      super(operand.type, operand);
      this.operand = operand;
    }

    @Override
    Object eval(Object[] row) {
      Object v = operand.eval(row);
      if (v == null) {
        return null;
      }
      return switch (type.id()) {
        case SMALLINT, INTEGER, BIGINT -> {
          long x = ((Number) v).longValue();
          if (x == Long.MIN_VALUE) {
            throw Casts.outOfRange(type);
          }
          yield Casts.narrowInteger(-x, type);
        }
        case REAL -> -(Float) v;
        case DOUBLE -> -(Double) v;
        case NUMERIC -> ((BigDecimal) v).negate();
        default -> throw new IllegalStateException(type.toString());
      };
    }
  }

  /** DATE + integer, integer + DATE, DATE - integer (result DATE) and DATE - DATE (result INTEGER days). */
  static final class DateArith extends Node {
    private final Operator op;
    private final Node left;
    private final Node right;

    DateArith(Operator op, Node left, Node right, DataType resultType) {
      super(resultType, left, right);
      this.op = op;
      this.left = left;
      this.right = right;
    }

    @Override
    Object eval(Object[] row) {
      Object l = left.eval(row);
      if (l == null) {
        return null;
      }
      Object r = right.eval(row);
      if (r == null) {
        return null;
      }
      long a = ((Number) l).longValue();
      long b = ((Number) r).longValue();
      long result = op == Operator.PLUS ? a + b : a - b;
      if (result < Integer.MIN_VALUE || result > Integer.MAX_VALUE) {
        throw new HeliosException(type.id() == TypeId.DATE ? ErrorCode.DATETIME_FIELD_OVERFLOW
            : ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "date out of range");
      }
      return (int) result;
    }
  }

}
