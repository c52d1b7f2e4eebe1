package io.heliosdb.wire.postgres.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heliosdb.hidb.types.DataType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PgBinaryFormatTest {

  private static String hex(DataType type, Object value) {
    ByteBuf out = Unpooled.buffer();
    PgBinaryFormat.write(type, value, out);
    return ByteBufUtil.hexDump(out);
  }

  private static Object roundTrip(DataType type, Object value) {
    ByteBuf out = Unpooled.buffer();
    PgBinaryFormat.write(type, value, out);
    return PgBinaryFormat.read(type, out);
  }

  @Test
  void goldenBinaryForms() {
    assertEquals("01", hex(DataType.BOOLEAN, true));
    assertEquals("fffe", hex(DataType.SMALLINT, (short) -2));
    assertEquals("0000002a", hex(DataType.INTEGER, 42));
    assertEquals("3ff8000000000000", hex(DataType.DOUBLE, 1.5));
    assertEquals("00000000", hex(DataType.DATE, 10_957), "2000-01-01 is day 0");
    assertEquals("0000000000000000", hex(DataType.TIMESTAMP, PgBinaryFormat.PG_EPOCH_MICROS));
    assertEquals("01" + "7b7d", hex(DataType.JSONB, "{}"));
    // numeric 1234.5: 2 digits, weight 0, positive, dscale 1, digits 1234 5000
    assertEquals("0002" + "0000" + "0000" + "0001" + "04d2" + "1388", hex(DataType.NUMERIC, new BigDecimal("1234.5")));
    // numeric 0.01: 1 digit, weight -1, dscale 2, digit 100
    assertEquals("0001" + "ffff" + "0000" + "0002" + "0064", hex(DataType.NUMERIC, new BigDecimal("0.01")));
    assertEquals("0000" + "0000" + "0000" + "0000", hex(DataType.NUMERIC, BigDecimal.ZERO));
    // -20000: digits [2], weight 1, negative
    assertEquals("0001" + "0001" + "4000" + "0000" + "0002", hex(DataType.NUMERIC, new BigDecimal("-20000")));
  }

  @Test
  void roundTripsOfEachType() {
    assertEquals("héllo", roundTrip(DataType.TEXT, "héllo"));
    assertArrayEquals(new byte[] {0, 1, 2}, (byte[]) roundTrip(DataType.BYTEA, new byte[] {0, 1, 2}));
    UUID u = UUID.randomUUID();
    assertEquals(u, roundTrip(DataType.UUID, u));
    assertEquals(3_723_000_001L, roundTrip(DataType.TIME, 3_723_000_001L));
    assertEquals(-5L, roundTrip(DataType.TIMESTAMPTZ, -5L));
    assertEquals(2.5f, roundTrip(DataType.REAL, 2.5f));
    assertEquals(false, roundTrip(DataType.BOOLEAN, false));
    assertEquals("5b312c322e355d", hex(DataType.vector(2), new float[] {1f, 2.5f}), "vector as text bytes [1,2.5]");
    assertArrayEquals(new float[] {1f, 2.5f}, (float[]) roundTrip(DataType.vector(2), new float[] {1f, 2.5f}));
  }

  @Property
  void numericRoundTrips(@ForAll BigInteger unscaled, @ForAll @IntRange(min = -20, max = 30) int scale) {
    BigDecimal value = new BigDecimal(unscaled, scale);
    BigDecimal back = (BigDecimal) roundTrip(DataType.NUMERIC, value);
    assertEquals(0, value.compareTo(back), value + " vs " + back);
    assertEquals(Math.max(scale, 0), back.scale());
  }

  @Property
  void bigintAndDateRoundTrip(@ForAll long v, @ForAll @IntRange(min = -1_000_000, max = 1_000_000) int days) {
    assertEquals(v, roundTrip(DataType.BIGINT, v));
    assertEquals(days, roundTrip(DataType.DATE, days));
  }
}
