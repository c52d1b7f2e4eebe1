package io.heliosdb.wire.postgres.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class PgArrayFormatTest {

  private static byte[] send(int arrayOid, String text) {
    ByteBuf out = Unpooled.buffer();
    PgArrayFormat.writeBinary(arrayOid, text, out);
    return ByteBufUtil.getBytes(out);
  }

  @Test
  void int4ArrayWithNullIsArraySendsLayout() {
    // ndim 1, has-null 1, element int4 (23), length 3, lower bound 1, then 1, NULL, 3
    byte[] golden = ByteBufUtil.decodeHexDump("00000001" + "00000001" + "00000017" + "00000003" + "00000001"
        + "00000004" + "00000001" + "ffffffff" + "00000004" + "00000003");
    assertArrayEquals(golden, send(1007, "{1,NULL,3}"));
    assertEquals("{1,NULL,3}", PgArrayFormat.readBinary(1007, Unpooled.wrappedBuffer(golden)));
  }

  @Test
  void emptyArrayHasNoDimensions() {
    byte[] golden = ByteBufUtil.decodeHexDump("00000000" + "00000000" + "00000019");
    assertArrayEquals(golden, send(1009, "{}"));
    assertEquals("{}", PgArrayFormat.readBinary(1009, Unpooled.wrappedBuffer(golden)));
  }

  @Test
  void int2vectorStartsAtZero() {
    byte[] golden = ByteBufUtil.decodeHexDump("00000001" + "00000000" + "00000015" + "00000002" + "00000000"
        + "00000002" + "0003" + "00000002" + "0001");
    assertArrayEquals(golden, send(22, "3 1"));
  }

  @Test
  void textAndBooleanElementsRoundTrip() {
    for (String text : new String[] {"{a,\"b c\",NULL,\"q\\\"z\",\"\"}", "{{1,2},{3,4}}"}) {
      int oid = text.startsWith("{{") ? 1016 : 1009;
      assertEquals(text, PgArrayFormat.readBinary(oid, Unpooled.wrappedBuffer(send(oid, text))));
    }
    assertEquals("{t,f}", PgArrayFormat.readBinary(1000, Unpooled.wrappedBuffer(send(1000, "{t,f}"))));
  }

  @Test
  void narrowerIntegerElementsAreAcceptedForAWiderArray() {
    assertEquals("{7}", PgArrayFormat.readBinary(1007, Unpooled.wrappedBuffer(send(1005, "{7}"))));
    HeliosException e = assertThrows(HeliosException.class,
        () -> PgArrayFormat.readBinary(1007, Unpooled.wrappedBuffer(send(1009, "{x}"))));
    assertEquals(ErrorCode.DATATYPE_MISMATCH, e.code());
  }

  @Test
  void truncatedInputIs08P01() {
    byte[] whole = send(1007, "{1,2}");
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 2);
    HeliosException e = assertThrows(HeliosException.class,
        () -> PgArrayFormat.readBinary(1007, Unpooled.wrappedBuffer(cut)));
    assertEquals(ErrorCode.PROTOCOL_VIOLATION, e.code());
  }
}
