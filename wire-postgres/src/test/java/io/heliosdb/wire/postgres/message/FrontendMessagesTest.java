package io.heliosdb.wire.postgres.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heliosdb.wire.postgres.codec.PgFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden bytes for every frontend message: the decoder reads them and encode writes them back. */
class FrontendMessagesTest {
  private static final String STARTUP =
      "00000026" + "00030000" + "7573657200" + "616c69636500" + "646174616261736500" + "68656c696f73646200" + "00";

  /** Decodes the hex (after a startup message unless it is a startup-phase message) and checks encode. */
  private static FrontendMessage roundTrip(String hex, boolean startupPhase) {
    EmbeddedChannel channel = new EmbeddedChannel(new PgFrameDecoder());
    if (!startupPhase) {
      channel.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(STARTUP)));
      channel.readInbound();
    }
    channel.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex)));
    FrontendMessage message = channel.readInbound();
    ByteBuf out = Unpooled.buffer();
    message.encode(out);
    assertEquals(hex, ByteBufUtil.hexDump(out), "encode of " + message);
    return message;
  }

  @Test
  void startupPhaseMessages() {
    StartupMessage startup = (StartupMessage) roundTrip(STARTUP, true);
    assertEquals(3, startup.majorVersion());
    assertEquals(0, startup.minorVersion());
    assertEquals(Map.of("user", "alice", "database", "heliosdb"), startup.parameters());
    assertEquals(EncryptionRequest.SSL, roundTrip("0000000804d2162f", true));
    assertEquals(EncryptionRequest.GSSENC, roundTrip("0000000804d21630", true));
    assertEquals(new CancelRequest(7, 9), roundTrip("0000001004d2162e0000000700000009", true));
  }

  @Test
  void queryMessages() {
    assertEquals(new Query("select 1"), roundTrip("510000000d73656c656374203100", false));
    assertEquals(new Parse("s1", "select $1", List.of(23)),
        roundTrip("5000000017" + "733100" + "73656c656374202431" + "00" + "0001" + "00000017", false));
    Bind bind = (Bind) roundTrip("420000001a" + "00" + "733100" + "00010001" + "0001" + "000000040000002a" + "00010001",
        false);
    assertEquals("", bind.portalName());
    assertEquals("s1", bind.statementName());
    assertEquals(1, bind.parameterFormat(0));
    assertArrayEquals(new byte[] {0, 0, 0, 42}, bind.parameters().get(0));
    assertEquals(1, bind.resultFormat(3), "one format applies to all columns");
    assertEquals(new Describe('S', "s1"), roundTrip("440000000853733100", false));
    assertEquals(new Execute("", 0), roundTrip("45000000090000000000", false));
    assertEquals(new Close('P', ""), roundTrip("43000000065000", false));
    assertEquals(ControlMessage.SYNC, roundTrip("5300000004", false));
    assertEquals(ControlMessage.FLUSH, roundTrip("4800000004", false));
    assertEquals(ControlMessage.TERMINATE, roundTrip("5800000004", false));
    assertEquals(ControlMessage.COPY_DONE, roundTrip("6300000004", false));
    assertEquals(new CopyFail("x"), roundTrip("66000000067800", false));
    assertArrayEquals(new byte[] {1, 2}, ((CopyData) roundTrip("64000000060102", false)).data());
    assertArrayEquals("abc".getBytes(), ((PasswordMessage) roundTrip("7000000007616263", false)).body());
  }

  @Test
  void saslBodies() {
    PasswordMessage initial = new SaslInitialResponse("SCRAM-SHA-256", "n,,n=,r=a".getBytes()).toMessage();
    assertEquals("534352414d2d5348412d32353600" + "00000009" + "6e2c2c6e3d2c723d61", ByteBufUtil.hexDump(initial.body()));
    SaslInitialResponse decoded = SaslInitialResponse.decode(initial);
    assertEquals("SCRAM-SHA-256", decoded.mechanism());
    assertEquals("n,,n=,r=a", decoded.dataAsString());
    assertEquals("c=biws", SaslResponse.decode(new SaslResponse("c=biws").toMessage()).data());
  }
}
