package io.heliosdb.hidb.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import java.math.BigDecimal;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesTest {

  @ParameterizedTest
  @CsvSource({"1.0,1", "0.1,0.1", "-2.5,-2.5", "1e15,1e+15", "1.5e15,1.5e+15", "123456789012345,123456789012345",
      "0.0001,0.0001", "0.00001,1e-05", "1.7976931348623157e308,1.7976931348623157e+308", "5e-324,5e-324",
      "100,100", "0.3,0.3", "2e23,2e+23", "1e23,1e+23", "8.41e21,8.41e+21",
      "2.82879384806159e17,2.82879384806159e+17"})
  void doubleTextIsShortestInPostgresLayout(double value, String text) {
    assertEquals(text, Values.toText(DataType.DOUBLE, value));
  }

  @Test
  void floatSpecialsAndReal() {
    assertEquals("NaN", Values.toText(DataType.DOUBLE, Double.NaN));
    assertEquals("-Infinity", Values.toText(DataType.DOUBLE, Double.NEGATIVE_INFINITY));
    assertEquals("-0", Values.toText(DataType.DOUBLE, -0.0));
    assertEquals("0.1", Values.toText(DataType.REAL, 0.1f));
    assertEquals("1e+06", Values.toText(DataType.REAL, 1e6f));
    assertEquals("123456", Values.toText(DataType.REAL, 123456f));
    assertEquals(Double.POSITIVE_INFINITY, Values.fromText(DataType.DOUBLE, "infinity"));
    assertTrue(Double.isNaN((Double) Values.fromText(DataType.DOUBLE, " NaN ")));
    assertEquals(ErrorCode.INVALID_TEXT_REPRESENTATION, error(() -> Values.fromText(DataType.DOUBLE, "1d")));
    assertEquals(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, error(() -> Values.fromText(DataType.REAL, "1e39")));
  }

  @Property(tries = 2000)
  void doubleTextRoundTrips(@ForAll double d) {
    String text = Values.toText(DataType.DOUBLE, d);
    assertEquals(Double.doubleToLongBits(d), Double.doubleToLongBits((Double) Values.fromText(DataType.DOUBLE, text)),
        text);
    // never longer than Java's own round-tripping output
    assertTrue(significantDigits(text) <= significantDigits(Double.toString(d).replace("E", "e")), text);
  }

  @Property(tries = 1000)
  void realTextRoundTrips(@ForAll float f) {
    String text = Values.toText(DataType.REAL, f);
    assertEquals(Float.floatToIntBits(f), Float.floatToIntBits((Float) Values.fromText(DataType.REAL, text)), text);
  }

  @Property(tries = 1000)
  void timestampTextRoundTrips(@ForAll long micros) {
    long bounded = Math.floorMod(micros, 253_402_300_800_000_000L); // years 1970..9999
    String text = Values.toText(DataType.TIMESTAMP, bounded);
    assertEquals(bounded, Values.fromText(DataType.TIMESTAMP, text), text);
    String tz = Values.toText(DataType.TIMESTAMPTZ, bounded);
    assertTrue(tz.endsWith("+00"));
    assertEquals(bounded, Values.fromText(DataType.TIMESTAMPTZ, tz), tz);
  }

  @Test
  void dateTimeTextForms() {
    assertEquals("2020-02-29", Values.toText(DataType.DATE, 18321));
    assertEquals(18321, Values.fromText(DataType.DATE, "2020-02-29"));
    assertEquals("1969-12-31 23:59:59.5", Values.toText(DataType.TIMESTAMP, -500_000L));
    assertEquals("12:34:56.000001", Values.toText(DataType.TIME, (12 * 3600 + 34 * 60 + 56) * 1_000_000L + 1));
    assertEquals(45_296_000_000L, Values.fromText(DataType.TIME, "12:34:56"));
    assertEquals(-3_600_000_000L, Values.fromText(DataType.TIMESTAMPTZ, "1970-01-01 00:00:00+01"));
    assertEquals(0L, Values.fromText(DataType.TIMESTAMP, "1970-01-01T00:00:00+01"));
    assertEquals(1_500_000L, Values.fromText(DataType.TIMESTAMPTZ, "1970-01-01 00:00:01.5Z"));
    assertEquals(ErrorCode.DATETIME_FIELD_OVERFLOW, error(() -> Values.fromText(DataType.DATE, "2021-02-30")));
    assertEquals(ErrorCode.INVALID_TEXT_REPRESENTATION, error(() -> Values.fromText(DataType.DATE, "yesterday")));
    assertEquals(ErrorCode.INVALID_TEXT_REPRESENTATION,
        error(() -> Values.fromText(DataType.TIMESTAMP, "2020-01-01 10:00 nowhere")));
  }

  @Test
  void otherTextForms() {
    assertEquals("t", Values.toText(DataType.BOOLEAN, true));
    assertEquals("42", Values.toText(DataType.TEXT, 42));
    assertEquals("100", Values.toText(DataType.TEXT, new BigDecimal("1E+2")));
    for (String yes : new String[] {"true", "T", "yes", "y", "on", "1", " TRUE "}) {
      assertEquals(true, Values.fromText(DataType.BOOLEAN, yes), yes);
    }
    for (String no : new String[] {"false", "f", "no", "off", "0"}) {
      assertEquals(false, Values.fromText(DataType.BOOLEAN, no), no);
    }
    assertEquals(ErrorCode.INVALID_TEXT_REPRESENTATION, error(() -> Values.fromText(DataType.BOOLEAN, "o")));
    assertEquals("\\x00ff10", Values.toText(DataType.BYTEA, new byte[] {0, -1, 16}));
    assertArrayEquals(new byte[] {0, -1, 16}, (byte[]) Values.fromText(DataType.BYTEA, "\\x00FF10"));
    assertArrayEquals(new byte[] {'a', '\\', 1}, (byte[]) Values.fromText(DataType.BYTEA, "a\\\\\\001"));
    assertEquals("[1,-2.5,3]", Values.toText(DataType.vector(3), new float[] {1, -2.5f, 3}));
    assertArrayEquals(new float[] {1, -2.5f, 3}, (float[]) Values.fromText(DataType.vector(3), " [1, -2.5,3] "));
    assertEquals(ErrorCode.DATA_EXCEPTION, error(() -> Values.fromText(DataType.vector(2), "[1,2,3]")));
    UUID u = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    assertEquals(u, Values.fromText(DataType.UUID, "{a0eebc999c0b4ef8bb6d6bb9bd380a11}"));
    assertEquals(u, Values.fromText(DataType.UUID, "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11"));
    assertEquals(ErrorCode.INVALID_TEXT_REPRESENTATION, error(() -> Values.fromText(DataType.UUID, "a0eebc99")));
    assertEquals(new BigDecimal("-1.50"), Values.fromText(DataType.NUMERIC, " -1.50 "));
    assertEquals("0.00001", Values.toText(DataType.NUMERIC, new BigDecimal("1E-5")));
    assertEquals((short) -12, Values.fromText(DataType.SMALLINT, "-12"));
    assertEquals(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, error(() -> Values.fromText(DataType.INTEGER, "2147483648")));
    assertEquals(ErrorCode.INVALID_TEXT_REPRESENTATION, error(() -> Values.fromText(DataType.INTEGER, "12a")));
  }

  @Test
  void compareFollowsSqlOrder() {
    assertTrue(Values.compare(DataType.INTEGER, null, Integer.MIN_VALUE) < 0);
    assertEquals(0, Values.compare(DataType.NUMERIC, new BigDecimal("1.0"), new BigDecimal("1.000")));
    assertEquals(0, Values.compare(DataType.DOUBLE, -0.0, 0.0));
    assertTrue(Values.compare(DataType.DOUBLE, Double.NaN, Double.POSITIVE_INFINITY) > 0);
    assertTrue(Values.compare(DataType.UUID, UUID.fromString("80000000-0000-0000-0000-000000000000"),
        UUID.fromString("7fffffff-0000-0000-0000-000000000000")) > 0); // unsigned, unlike UUID.compareTo
    assertTrue(Values.compare(DataType.BYTEA, new byte[] {(byte) 0x80}, new byte[] {0x7f}) > 0);
    assertTrue(Values.compare(DataType.TEXT, "\uFFFD", "\uD83D\uDE00") < 0);
    assertEquals(Values.hash(DataType.NUMERIC, new BigDecimal("2.50")), Values.hash(DataType.NUMERIC, new BigDecimal("2.5")));
  }

  private static int significantDigits(String text) {
    if (!Character.isDigit(text.charAt(text.length() - 1))) {
      return 0; // NaN, Infinity
    }
    return new BigDecimal(text).stripTrailingZeros().precision();
  }

  private static ErrorCode error(Runnable r) {
    return assertThrows(HeliosException.class, r::run).code();
  }
}
