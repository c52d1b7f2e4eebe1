package io.heliosdb.wire.mysql.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Golden bytes of the binary protocol's messages (from the protocol documentation's examples). */
class BinaryProtocolTest {
  private static String hex(Consumer<ByteBuf> encoder) {
    ByteBuf b = Unpooled.buffer();
    encoder.accept(b);
    return ByteBufUtil.hexDump(b);
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  @Test
  void prepareOk() {
    assertEquals("00" + "01000000" + "0200" + "0300" + "00" + "0000", hex(new StmtPrepareOk(1, 2, 3, 0)::encode));
    assertEquals(new StmtPrepareOk(1, 2, 3, 0), StmtPrepareOk.decode(bytes("00 01000000 0200 0300 00 0000")));
  }

  @Test
  void executeWithNewParamsBound() {
    // id 1, no cursor, 1 iteration, bitmap (param 2 NULL), bound, LONGLONG / unsigned TINY / NULL / VAR_STRING
    byte[] argument = bytes("01000000 00 01000000 04 01 0800 0180 0600 fd00 ffffffffffffffff fe 03616263");
    StmtExecute e = StmtExecute.decode(argument, 4, null, new BitSet());
    assertEquals(1, e.statementId());
    assertEquals(Arrays.asList(-1L, 254L, null), e.values().subList(0, 3));
    assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), (byte[]) e.values().get(3));
    assertEquals(hex(b -> b.writeBytes(argument)), hex(e::encode));
  }

  @Test
  void executeReusesEarlierTypesAndMarksLongData() {
    byte[] argument = bytes("07000000 00 01000000 00 00 2a000000");
    BitSet longData = new BitSet();
    longData.set(1);
    StmtExecute e = StmtExecute.decode(argument, 2, new int[] {FieldType.LONG, FieldType.BLOB}, longData);
    assertEquals(Arrays.asList(42L, StmtExecute.LONG_DATA), e.values());
    assertThrows(MalformedPacket.class, () -> StmtExecute.decode(argument, 2, null, new BitSet()),
        "types must have been bound once");
  }

  @Test
  void unsignedBigintPastLongMaxIsDecimal() {
    byte[] argument = bytes("01000000 00 01000000 00 01 0880 ffffffffffffffff");
    assertEquals(new BigDecimal("18446744073709551615"), StmtExecute.decode(argument, 1, null, new BitSet()).values().get(0));
  }

  @Test
  void temporalValuesUseTheShortestLength() {
    assertEquals("00", hex(MySqlTemporal.date(FieldType.DATE, 0, 0, 0, 0, 0, 0, 0)::write));
    assertEquals("04 e807 02 1d".replace(" ", ""), hex(MySqlTemporal.date(FieldType.DATE, 2024, 2, 29, 0, 0, 0, 0)::write));
    assertEquals("07 e807 02 1d 0d 05 07".replace(" ", ""),
        hex(MySqlTemporal.date(FieldType.DATETIME, 2024, 2, 29, 13, 5, 7, 0)::write));
    assertEquals("0b e807 02 1d 0d 05 07 40e20100".replace(" ", ""),
        hex(MySqlTemporal.date(FieldType.DATETIME, 2024, 2, 29, 13, 5, 7, 123456)::write));
    assertEquals("08 01 01000000 02 03 04".replace(" ", ""), hex(MySqlTemporal.time(true, 1, 2, 3, 4, 0)::write));
    assertEquals("0c 00 00000000 0d 05 07 40e20100".replace(" ", ""),
        hex(MySqlTemporal.time(false, 0, 13, 5, 7, 123456)::write));
    assertEquals("-26:03:04", MySqlTemporal.time(true, 1, 2, 3, 4, 0).toText());
    assertEquals("2024-02-29 13:05:07.123456", MySqlTemporal.date(FieldType.DATETIME, 2024, 2, 29, 13, 5, 7, 123456).toText());
  }

  @Test
  void binaryRowBitmapIsOffsetByTwo() {
    int[] types = {FieldType.LONGLONG, FieldType.VAR_STRING, FieldType.DOUBLE};
    Object[] values = {1L, null, 2.5};
    String encoded = hex(b -> BinaryRow.encode(b, types, values));
    assertEquals("00" + "08" + "0100000000000000" + "0000000000000440", encoded);
    assertEquals(Arrays.asList(1L, null, 2.5), BinaryRow.decode(bytes(encoded), types));
  }

  @Test
  void longDataCloseResetAndFieldListArguments() {
    StmtSendLongData chunk = StmtSendLongData.decode(bytes("05000000 0100 68656c6c6f"));
    assertEquals(5, chunk.statementId());
    assertEquals(1, chunk.parameterId());
    assertEquals("hello", new String(chunk.data(), StandardCharsets.US_ASCII));
    assertEquals(9, StmtReference.decode(bytes("09000000")).statementId());
    assertEquals(new FieldListRequest("t1", "a%"), FieldListRequest.decode(bytes("743100 6125")));
    assertThrows(MalformedPacket.class, () -> FieldListRequest.decode(bytes("00")));
    assertThrows(MalformedPacket.class, () -> StmtReference.decode(bytes("0900")));
    assertEquals(List.of(), StmtExecute.decode(bytes("01000000 00 01000000"), 0, null, new BitSet()).values());
  }
}
