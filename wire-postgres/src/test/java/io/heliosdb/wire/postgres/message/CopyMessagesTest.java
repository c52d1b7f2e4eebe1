package io.heliosdb.wire.postgres.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Golden bytes for the backend messages of the COPY sub-protocol. */
class CopyMessagesTest {

  private static String hex(BackendMessage m) {
    ByteBuf out = Unpooled.buffer();
    m.encode(out);
    return ByteBufUtil.hexDump(out);
  }

  @Test
  void copyInResponse() {
    // 'G', length 11, text, 2 columns, both text
    assertEquals("470000000b00000200000000", hex(new CopyResponse(true, 2)));
  }

  @Test
  void copyOutResponse() {
    assertEquals("480000000900000100" + "00", hex(new CopyResponse(false, 1)));
  }

  @Test
  void copyDone() {
    assertEquals("6300000004", hex(EmptyBackendMessage.COPY_DONE));
  }

  @Test
  void commandCompleteTagForCopy() {
    assertEquals("COPY 42", CommandComplete.of("COPY", 42).tag());
  }

  @Test
  void errorWithWhereCarriesTheWField() {
    String hex = hex(ErrorResponse.error("22P02", "m").withWhere("COPY t, line 2"));
    // ... C 22P02, M m, W "COPY t, line 2", terminator
    assertEquals(true, hex.endsWith("4d6d00" + "57" + ByteBufUtil.hexDump("COPY t, line 2".getBytes()) + "0000"), hex);
  }
}
