package io.heliosdb.hidb.codec;

import io.heliosdb.hidb.types.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of value-model values and an independent reference order for them. */
final class TestValues {
  private TestValues() {}

  static Arbitrary<Double> doubles() {
    return Arbitraries.oneOf(
        Arbitraries.doubles(),
        Arbitraries.of(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0),
        Arbitraries.longs().map(Double::longBitsToDouble));
  }

  static Arbitrary<Float> floats() {
    return Arbitraries.oneOf(
        Arbitraries.floats(),
        Arbitraries.of(0.0f, -0.0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, -Float.MAX_VALUE, 1.0f, -1.0f),
        Arbitraries.integers().map(Float::intBitsToFloat));
  }

  static Arbitrary<BigDecimal> decimals() {
    Arbitrary<BigInteger> unscaled = Arbitraries.oneOf(
        Arbitraries.longs().between(-1000, 1000).map(BigInteger::valueOf),
        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40)));
    Arbitrary<Integer> scale = Arbitraries.oneOf(
        Arbitraries.integers().between(-6, 6),
        Arbitraries.integers().between(-100_000, 100_000));
    return Combinators.combine(unscaled, scale).as(BigDecimal::new);
  }

  static Arbitrary<String> strings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("ab\u0000\u00ff\uffff").ofMaxLength(6),
        codePointStrings(),
        Arbitraries.strings().withChars("a\u0000").ofMaxLength(4));
  }

  /** Valid Unicode text (no lone surrogates, which UTF-8 and PostgreSQL cannot hold), incl. supplementary chars. */
  static Arbitrary<String> codePointStrings() {
    return Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
        .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
        .list().ofMaxSize(8)
        .map(cps -> {
          StringBuilder sb = new StringBuilder();
          cps.forEach(sb::appendCodePoint);
          return sb.toString();
        });
  }

  static Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(8)
        .map(b -> { // bias towards 0x00 and 0xFF, the escape bytes
          for (int i = 0; i < b.length; i++) {
            if ((b[i] & 3) == 0) {
              b[i] = (b[i] & 4) == 0 ? 0 : (byte) 0xFF;
            }
          }
          return b;
        });
  }

  static Arbitrary<UUID> uuids() {
    return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
  }

  /** An arbitrary non-null value of the given type. */
  static Arbitrary<Object> valuesOf(DataType type) {
    Arbitrary<?> a = switch (type.id()) {
      case BOOLEAN -> Arbitraries.of(true, false);
      case SMALLINT -> Arbitraries.shorts();
      case INTEGER, DATE -> Arbitraries.integers();
      case BIGINT, TIME, TIMESTAMP, TIMESTAMPTZ -> Arbitraries.longs();
      case REAL -> floats();
      case DOUBLE -> doubles();
      case NUMERIC -> decimals();
      case VARCHAR, TEXT, JSON, JSONB -> strings();
      case BYTEA -> bytes();
      case UUID -> uuids();
      case VECTOR -> Arbitraries.floats().array(float[].class).ofSize(Math.max(0, type.precision()));
      default -> throw new IllegalArgumentException(type.toString());
    };
    return a.map(v -> (Object) v);
  }

  /** Reference SQL order, written independently of the codecs: NULL first, PostgreSQL float and UUID order. */
  static int compare(DataType type, Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return switch (type.id()) {
      case BOOLEAN -> Boolean.compare((Boolean) a, (Boolean) b);
      case SMALLINT, INTEGER, DATE, BIGINT, TIME, TIMESTAMP, TIMESTAMPTZ ->
          Long.compare(((Number) a).longValue(), ((Number) b).longValue());
      case REAL, DOUBLE -> Double.compare(fold(((Number) a).doubleValue()), fold(((Number) b).doubleValue()));
      case NUMERIC -> ((BigDecimal) a).compareTo((BigDecimal) b);
      case VARCHAR, TEXT -> Arrays.compare(((String) a).codePoints().toArray(), ((String) b).codePoints().toArray());
      case BYTEA -> Arrays.compareUnsigned((byte[]) a, (byte[]) b);
      case UUID -> {
        UUID x = (UUID) a;
        UUID y = (UUID) b;
        int c = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
        yield c != 0 ? c : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
      }
      default -> throw new IllegalArgumentException(type.toString());
    };
  }

  private static double fold(double d) {
    return d == 0.0 ? 0.0 : d;
  }

  static boolean sameValue(DataType type, Object expected, Object actual) {
    if (expected == null || actual == null) {
      return expected == actual;
    }
    return switch (type.id()) {
      case REAL -> Float.floatToIntBits((Float) expected) == Float.floatToIntBits((Float) actual);
      case DOUBLE -> Double.doubleToLongBits((Double) expected) == Double.doubleToLongBits((Double) actual);
      case NUMERIC -> expected.equals(actual);
      case BYTEA -> Arrays.equals((byte[]) expected, (byte[]) actual);
      case VECTOR -> Arrays.equals((float[]) expected, (float[]) actual);
      default -> expected.equals(actual);
    };
  }
}
