package io.heliosdb.wire.postgres.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PgTextFormatTest {
  private static final ZoneId UTC = ZoneOffset.UTC;

  private static String text(DataType type, Object value) {
    return PgTextFormat.toText(type, value, UTC);
  }

  @Test
  void floatsPrintLikePostgres() {
    assertEquals("1", PgTextFormat.doubleText(1.0));
    assertEquals("0.1", PgTextFormat.doubleText(0.1));
    assertEquals("-2.5", PgTextFormat.doubleText(-2.5));
    assertEquals("123456789012345", PgTextFormat.doubleText(123456789012345.0));
    assertEquals("1e+15", PgTextFormat.doubleText(1e15));
    assertEquals("1.5e-05", PgTextFormat.doubleText(1.5e-5));
    assertEquals("0.0001", PgTextFormat.doubleText(0.0001));
    assertEquals("1.7976931348623157e+308", PgTextFormat.doubleText(Double.MAX_VALUE));
    assertEquals("2e+23", PgTextFormat.doubleText(2e23), "shortest digits, not JDK 17's 1.9999999999999998E23");
    assertEquals("0", PgTextFormat.doubleText(0.0));
    assertEquals("-0", PgTextFormat.doubleText(-0.0));
    assertEquals("NaN", PgTextFormat.doubleText(Double.NaN));
    assertEquals("-Infinity", PgTextFormat.doubleText(Double.NEGATIVE_INFINITY));
    assertEquals("3.14", PgTextFormat.floatText(3.14f));
    assertEquals("100000", PgTextFormat.floatText(100000f));
    assertEquals("1e+06", PgTextFormat.floatText(1e6f));
  }

  @Test
  void scalarsPrintLikePostgres() {
    assertEquals("t", text(DataType.BOOLEAN, true));
    assertEquals("f", text(DataType.BOOLEAN, false));
    assertEquals("-7", text(DataType.SMALLINT, (short) -7));
    assertEquals("1.50", text(DataType.NUMERIC, new BigDecimal("1.50")));
    assertEquals("1000", text(DataType.NUMERIC, new BigDecimal("1E+3")));
    assertEquals("\\x01ff", text(DataType.BYTEA, new byte[] {1, (byte) 0xff}));
    assertEquals("123e4567-e89b-12d3-a456-426614174000",
        text(DataType.UUID, UUID.fromString("123e4567-e89b-12d3-a456-426614174000")));
    assertEquals("[1,2.5,-3]", text(DataType.vector(3), new float[] {1f, 2.5f, -3f}));
  }

  @Test
  void dateTimesPrintInIsoStyle() {
    assertEquals("1970-01-01", text(DataType.DATE, 0));
    assertEquals("2024-02-29", text(DataType.DATE, (int) LocalDate.of(2024, 2, 29).toEpochDay()));
    assertEquals("0001-01-01 BC", text(DataType.DATE, (int) LocalDate.of(0, 1, 1).toEpochDay()));
    assertEquals("infinity", text(DataType.DATE, Integer.MAX_VALUE));
    assertEquals("10000-01-01 00:00:00", text(DataType.TIMESTAMP, 253_402_300_800_000_000L));
    assertEquals("01:02:03.000001", text(DataType.TIME, 3_723_000_001L));
    assertEquals("12:34:56.5", text(DataType.TIME, 45_296_500_000L));
    assertEquals("1999-12-31 23:59:59", text(DataType.TIMESTAMP, 946_684_799_000_000L));
    assertEquals("1969-12-31 23:59:59.999999", text(DataType.TIMESTAMP, -1L));
    assertEquals("2000-01-01 00:00:00+00", text(DataType.TIMESTAMPTZ, 946_684_800_000_000L));
    assertEquals("2000-01-01 05:30:00+05:30",
        PgTextFormat.toText(DataType.TIMESTAMPTZ, 946_684_800_000_000L, ZoneId.of("Asia/Kolkata")));
    assertEquals("1999-12-31 16:00:00-08",
        PgTextFormat.toText(DataType.TIMESTAMPTZ, 946_684_800_000_000L, ZoneId.of("America/Los_Angeles")));
  }

  @Test
  void parsesTextParameters() {
    assertEquals(true, PgTextFormat.fromText(DataType.BOOLEAN, "on", UTC));
    assertEquals(false, PgTextFormat.fromText(DataType.BOOLEAN, "F", UTC));
    assertEquals((short) 12, PgTextFormat.fromText(DataType.SMALLINT, " 12 ", UTC));
    assertEquals(new BigDecimal("-1.250"), PgTextFormat.fromText(DataType.NUMERIC, "-1.250", UTC));
    assertEquals(Double.POSITIVE_INFINITY, PgTextFormat.fromText(DataType.DOUBLE, "Infinity", UTC));
    assertArrayEquals(new byte[] {1, (byte) 0xff}, (byte[]) PgTextFormat.fromText(DataType.BYTEA, "\\x01FF", UTC));
    assertArrayEquals(new byte[] {'a', '\\', 1}, (byte[]) PgTextFormat.fromText(DataType.BYTEA, "a\\\\\\001", UTC));
    assertEquals(946_684_800_000_000L, PgTextFormat.fromText(DataType.TIMESTAMPTZ, "2000-01-01 02:00:00+02", UTC));
    assertEquals(946_684_800_000_000L, PgTextFormat.fromText(DataType.TIMESTAMPTZ, "2000-01-01T00:00:00Z", UTC));
    assertEquals(946_684_800_000_000L,
        PgTextFormat.fromText(DataType.TIMESTAMPTZ, "2000-01-01 05:30", ZoneId.of("Asia/Kolkata")));
    assertEquals(946_684_800_000_000L, PgTextFormat.fromText(DataType.TIMESTAMP, "2000-01-01 00:00:00+07", UTC),
        "timestamp ignores an offset");
    assertEquals(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
        PgTextFormat.fromText(DataType.UUID, "{123e4567e89b12d3a456426614174000}", UTC));
    assertArrayEquals(new float[] {1f, 2f}, (float[]) PgTextFormat.fromText(DataType.vector(2), "[1, 2]", UTC));
  }

  @Test
  void invalidTextGetsTheRightSqlState() {
    assertEquals(ErrorCode.INVALID_TEXT_REPRESENTATION, assertThrows(HeliosException.class,
        () -> PgTextFormat.fromText(DataType.INTEGER, "12x", UTC)).code());
    assertEquals(ErrorCode.INVALID_TEXT_REPRESENTATION, assertThrows(HeliosException.class,
        () -> PgTextFormat.fromText(DataType.DOUBLE, "1d", UTC)).code());
    assertEquals(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, assertThrows(HeliosException.class,
        () -> PgTextFormat.fromText(DataType.SMALLINT, "40000", UTC)).code());
    assertEquals(ErrorCode.INVALID_DATETIME_FORMAT, assertThrows(HeliosException.class,
        () -> PgTextFormat.fromText(DataType.DATE, "2024-13-01", UTC)).code());
  }

  @Property
  void bigintRoundTrips(@ForAll long v) {
    assertEquals(v, PgTextFormat.fromText(DataType.BIGINT, text(DataType.BIGINT, v), UTC));
  }

  @Property
  void doubleRoundTrips(@ForAll double v) {
    assertEquals(v, (double) PgTextFormat.fromText(DataType.DOUBLE, text(DataType.DOUBLE, v), UTC));
  }

  @Property
  void realRoundTrips(@ForAll float v) {
    assertEquals(v, (float) PgTextFormat.fromText(DataType.REAL, text(DataType.REAL, v), UTC));
  }

  @Property
  void timestampRoundTrips(@ForAll @LongRange(min = -62_135_596_800_000_000L, max = 253_402_300_799_999_999L) long us) {
    assertEquals(us, PgTextFormat.fromText(DataType.TIMESTAMP, text(DataType.TIMESTAMP, us), UTC));
    assertEquals(us, PgTextFormat.fromText(DataType.TIMESTAMPTZ,
        PgTextFormat.toText(DataType.TIMESTAMPTZ, us, ZoneId.of("Europe/Paris")), UTC));
  }

  @Property
  void dateRoundTrips(@ForAll @IntRange(min = -1_000_000, max = 2_900_000) int days) {
    assertEquals(days, PgTextFormat.fromText(DataType.DATE, text(DataType.DATE, days), UTC));
  }

  @Property
  void timeRoundTrips(@ForAll @LongRange(min = 0, max = 86_399_999_999L) long us) {
    assertEquals(us, PgTextFormat.fromText(DataType.TIME, text(DataType.TIME, us), UTC));
  }
}
