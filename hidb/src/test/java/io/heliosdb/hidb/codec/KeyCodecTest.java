package io.heliosdb.hidb.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;
import org.junit.jupiter.api.Test;

class KeyCodecTest {

  private static final List<DataType> KEYABLE = List.of(DataType.BOOLEAN, DataType.SMALLINT, DataType.INTEGER,
      DataType.BIGINT, DataType.REAL, DataType.DOUBLE, DataType.NUMERIC, DataType.TEXT, DataType.VARCHAR,
      DataType.BYTEA, DataType.DATE, DataType.TIME, DataType.TIMESTAMP, DataType.TIMESTAMPTZ, DataType.UUID);

  /** A type and two values of it (each NULL one time in eight). */
  @Provide
  Arbitrary<Tuple3<DataType, Object, Object>> typedPairs() {
    return Arbitraries.of(KEYABLE).flatMap(type -> {
      Arbitrary<Object> value = TestValues.valuesOf(type).injectNull(0.125);
      return Combinators.combine(value, value).as((a, b) -> Tuple.of(type, a, b));
    });
  }

  @Property(tries = 3000)
  void encodedOrderIsValueOrder(@ForAll("typedPairs") Tuple3<DataType, Object, Object> t) {
    List<DataType> types = List.of(t.get1());
    int expected = Integer.signum(TestValues.compare(t.get1(), t.get2(), t.get3()));
    int actual = Integer.signum(KeyCodec.compare(
        KeyCodec.encode(types, new Object[] {t.get2()}), KeyCodec.encode(types, new Object[] {t.get3()})));
    assertEquals(expected, actual, () -> t.get1() + " " + t.get2() + " vs " + t.get3());
  }

  @Property(tries = 3000)
  void decodeInvertsEncode(@ForAll("typedPairs") Tuple3<DataType, Object, Object> t) {
    DataType type = t.get1();
    Object value = t.get2();
    Object decoded = KeyCodec.decode(List.of(type), KeyCodec.encode(List.of(type), new Object[] {value}))[0];
    if (value == null) {
      assertNull(decoded);
    } else if (value instanceof BigDecimal d) {
      assertEquals(0, d.compareTo((BigDecimal) decoded), () -> d + " decoded as " + decoded);
    } else if (type.id() == io.heliosdb.hidb.proto.TypeId.REAL || type.id() == io.heliosdb.hidb.proto.TypeId.DOUBLE) {
      assertEquals(0, TestValues.compare(type, value, decoded), () -> value + " decoded as " + decoded);
      assertEquals(type.javaClass(), decoded.getClass());
    } else {
      assertTrue(TestValues.sameValue(type, value, decoded), () -> value + " decoded as " + decoded);
    }
  }

  @Provide
  Arbitrary<Tuple3<Object[], Object[], Boolean>> compositePairs() {
    Arbitrary<Object> text = TestValues.strings().map(s -> (Object) s).injectNull(0.1);
    Arbitrary<Object> number = Arbitraries.integers().between(-3, 3).map(i -> (Object) i).injectNull(0.1);
    Arbitrary<Object[]> row = Combinators.combine(text, number).as((s, i) -> new Object[] {s, i});
    return Combinators.combine(row, row, Arbitraries.of(true, false)).as(Tuple::of);
  }

  @Property(tries = 2000)
  void compositeKeysSortAsTuples(@ForAll("compositePairs") Tuple3<Object[], Object[], Boolean> t) {
    List<DataType> types = List.of(DataType.TEXT, DataType.INTEGER);
    Object[] a = t.get1();
    Object[] b = t.get2();
    int expected = TestValues.compare(DataType.TEXT, a[0], b[0]);
    if (expected == 0) {
      expected = TestValues.compare(DataType.INTEGER, a[1], b[1]);
    }
    byte[] ka = KeyCodec.encode(types, a);
    byte[] kb = KeyCodec.encode(types, b);
    assertEquals(Integer.signum(expected), Integer.signum(KeyCodec.compare(ka, kb)));
    assertArrayEquals(a, KeyCodec.decode(types, ka));
    // a key lies inside the prefix range of its first column, and other first values lie outside
    byte[] prefix = KeyCodec.encode(types, a, 1);
    byte[] end = KeyCodec.prefixEnd(prefix);
    assertTrue(KeyCodec.compare(prefix, ka) <= 0 && KeyCodec.compare(ka, end) < 0);
    boolean bInRange = KeyCodec.compare(prefix, kb) <= 0 && KeyCodec.compare(kb, end) < 0;
    assertEquals(TestValues.compare(DataType.TEXT, a[0], b[0]) == 0, bInRange);
  }

  @Test
  void numericIgnoresScale() {
    List<DataType> types = List.of(DataType.NUMERIC);
    byte[] one = KeyCodec.encode(types, new Object[] {new BigDecimal("1.0")});
    assertArrayEquals(one, KeyCodec.encode(types, new Object[] {new BigDecimal("1.00")}));
    assertArrayEquals(one, KeyCodec.encode(types, new Object[] {new BigDecimal("1E0")}));
    assertArrayEquals(KeyCodec.encode(types, new Object[] {BigDecimal.ZERO}),
        KeyCodec.encode(types, new Object[] {new BigDecimal("0.000")}));
  }

  @Test
  void numericDecodeUsesColumnScale() {
    List<DataType> types = List.of(DataType.numeric(10, 2));
    Object decoded = KeyCodec.decode(types, KeyCodec.encode(types, new Object[] {new BigDecimal("12.50")}))[0];
    assertEquals(new BigDecimal("12.50"), decoded);
  }

  @Test
  void doubleOrderFollowsPostgres() {
    List<DataType> types = List.of(DataType.DOUBLE);
    double[] ascending = {Double.NEGATIVE_INFINITY, -1e300, -1, -Double.MIN_VALUE, 0.0,
        Double.MIN_VALUE, 1, 1e300, Double.POSITIVE_INFINITY, Double.NaN};
    for (int i = 1; i < ascending.length; i++) {
      assertTrue(KeyCodec.compare(KeyCodec.encode(types, new Object[] {ascending[i - 1]}),
          KeyCodec.encode(types, new Object[] {ascending[i]})) < 0, "at " + ascending[i]);
    }
    assertArrayEquals(KeyCodec.encode(types, new Object[] {0.0}), KeyCodec.encode(types, new Object[] {-0.0}));
  }

  @Test
  void stringEscapingKeepsEmbeddedZeros() {
    List<DataType> types = List.of(DataType.TEXT);
    byte[] key = KeyCodec.encode(types, new Object[] {"a\u0000b"});
    assertArrayEquals(new byte[] {1, 'a', 0, (byte) 0xFF, 'b', 0, 1}, key);
    assertEquals("a\u0000b", KeyCodec.decode(types, key)[0]);
  }

  @Test
  void nullSortsFirst() {
    List<DataType> types = List.of(DataType.BIGINT);
    assertTrue(KeyCodec.compare(KeyCodec.encode(types, new Object[] {null}),
        KeyCodec.encode(types, new Object[] {Long.MIN_VALUE})) < 0);
    assertNull(KeyCodec.decode(types, KeyCodec.encode(types, new Object[] {null}))[0]);
  }

  @Test
  void prefixEndIncrementsLastNonFfByte() {
    assertArrayEquals(new byte[] {1, 3}, KeyCodec.prefixEnd(new byte[] {1, 2}));
    assertArrayEquals(new byte[] {2}, KeyCodec.prefixEnd(new byte[] {1, (byte) 0xFF, (byte) 0xFF}));
    assertNull(KeyCodec.prefixEnd(new byte[] {(byte) 0xFF}));
    assertNull(KeyCodec.prefixEnd(new byte[0]));
  }

  @Test
  void rejectsUnkeyableTypesAndCorruptInput() {
    HeliosException e = assertThrows(HeliosException.class,
        () -> KeyCodec.encode(List.of(DataType.vector(2)), new Object[] {new float[] {1, 2}}));
    assertEquals(ErrorCode.FEATURE_NOT_SUPPORTED, e.code());
    assertEquals(ErrorCode.FEATURE_NOT_SUPPORTED, assertThrows(HeliosException.class,
        () -> KeyCodec.encode(List.of(DataType.JSONB), new Object[] {"{}"})).code());
    assertEquals(ErrorCode.DATATYPE_MISMATCH, assertThrows(HeliosException.class,
        () -> KeyCodec.encode(List.of(DataType.TEXT), new Object[] {42})).code());
    assertEquals(ErrorCode.DATA_EXCEPTION, assertThrows(HeliosException.class,
        () -> KeyCodec.decode(List.of(DataType.INTEGER), new byte[] {1, 0, 0})).code());
    assertEquals(ErrorCode.DATA_EXCEPTION, assertThrows(HeliosException.class,
        () -> KeyCodec.decode(List.of(DataType.INTEGER), new byte[] {0, 0})).code());
  }

  @Test
  void integerColumnsAcceptNarrowerJavaNumbers() {
    List<DataType> types = List.of(DataType.BIGINT);
    assertArrayEquals(KeyCodec.encode(types, new Object[] {7L}), KeyCodec.encode(types, new Object[] {7}));
    assertEquals(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, assertThrows(HeliosException.class,
        () -> KeyCodec.encode(List.of(DataType.SMALLINT), new Object[] {70000})).code());
  }
}
