package io.heliosdb.wire.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.wire.core.FrontEnd;
import io.heliosdb.wire.core.SniffResult;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PostgresFrontEndTest {
  private final PostgresFrontEnd frontEnd = new PostgresFrontEnd();

  private SniffResult sniff(String hex) {
    var buf = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    SniffResult result = frontEnd.sniff(buf);
    assertEquals(0, buf.readerIndex(), "sniff does not consume");
    return result;
  }

  @Test
  void sniffsThePostgresFirstMessages() {
    assertEquals(SniffResult.MATCH, sniff("0000000804d2162f"), "SSLRequest");
    assertEquals(SniffResult.MATCH, sniff("0000000804d21630"), "GSSENCRequest");
    assertEquals(SniffResult.MATCH, sniff("0000001004d2162e"), "CancelRequest");
    assertEquals(SniffResult.MATCH, sniff("0000002600030000"), "StartupMessage 3.0");
    assertEquals(SniffResult.NEED_MORE, sniff("00000026000300"));
    assertEquals(SniffResult.NEED_MORE, sniff(""));
    assertEquals(SniffResult.NO_MATCH, sniff("0000002600020000"), "protocol 2");
    assertEquals(SniffResult.NO_MATCH, sniff("474554202f20485454"), "HTTP GET");
    assertEquals(SniffResult.NO_MATCH, sniff("16030100a5010000a1"), "TLS ClientHello");
    assertEquals(SniffResult.NO_MATCH, sniff("1200003400000000"), "TDS prelogin");
  }

  @Test
  void isRegisteredForServiceLoader() {
    boolean found = false;
    for (FrontEnd f : ServiceLoader.load(FrontEnd.class)) {
      found |= f instanceof PostgresFrontEnd && f.name().equals("postgres") && f.defaultPort() == 5432;
    }
    assertTrue(found);
  }
}
