package io.heliosdb.wire.postgres.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.wire.postgres.message.Bind;
import io.heliosdb.wire.postgres.message.Close;
import io.heliosdb.wire.postgres.message.Describe;
import io.heliosdb.wire.postgres.message.Execute;
import io.heliosdb.wire.postgres.message.FrontendMessage;
import io.heliosdb.wire.postgres.message.Parse;
import io.heliosdb.wire.postgres.message.Query;
import io.heliosdb.wire.postgres.testing.BackendFrames;
import io.heliosdb.wire.postgres.testing.BackendFrames.Frame;
import io.heliosdb.wire.postgres.testing.PgTestClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Bad bytes get a FATAL 08P01 (or 0A000 for an old protocol) and a closed connection, never an exception. */
class MalformedInputTest {

  private static PgTestClient loggedIn() {
    PgTestClient client = new PgTestClient();
    client.login();
    return client;
  }

  private static void assertFatal(PgTestClient client, String sqlState) {
    List<Frame> frames = client.read();
    Frame last = frames.get(frames.size() - 1);
    assertEquals('E', last.type(), BackendFrames.types(frames));
    assertEquals("FATAL", last.field('S'));
    assertEquals(sqlState, last.field('C'));
    client.channel.runPendingTasks();
    assertFalse(client.channel.isOpen());
    client.channel.checkException();
  }

  @Test
  void unknownMessageType() {
    PgTestClient client = loggedIn();
    client.sendRaw(ByteBufUtil.decodeHexDump("7a00000004"));
    assertFatal(client, "08P01");
  }

  @Test
  void lengthBelowFour() {
    PgTestClient client = loggedIn();
    client.sendRaw(ByteBufUtil.decodeHexDump("5100000003"));
    assertFatal(client, "08P01");
  }

  @Test
  void hugeLengthIsRefusedWithoutWaitingForTheBody() {
    PgTestClient client = loggedIn();
    client.sendRaw(ByteBufUtil.decodeHexDump("5140000001"));
    assertFatal(client, "08P01");
  }

  @Test
  void truncatedBodies() {
    FrontendMessage[] messages = {new Query("select 1"), new Parse("s", "select $1", List.of(23)),
        new Bind("", "s", List.of((short) 0), List.of(new byte[] {1, 2}), List.of((short) 1)),
        new Describe('S', "s"), new Execute("p", 5), new Close('P', "p")};
    for (FrontendMessage m : messages) {
      ByteBuf full = Unpooled.buffer();
      m.encode(full);
      for (int cut = 5; cut < full.readableBytes(); cut++) {
        PgTestClient client = loggedIn();
        ByteBuf truncated = full.copy(0, cut);
        truncated.setInt(1, cut - 1); // a consistent frame whose body is too short for its fields
        client.channel.writeInbound(truncated);
        assertFatal(client, "08P01");
      }
    }
  }

  @Test
  void extraBytesAfterFields() {
    PgTestClient client = loggedIn();
    client.sendRaw(ByteBufUtil.decodeHexDump("5300000005ff"));
    assertFatal(client, "08P01");
  }

  @Test
  void badStartupPackets() {
    PgTestClient tooLong = new PgTestClient();
    tooLong.sendRaw(ByteBufUtil.decodeHexDump("0001000000030000"));
    assertFatal(tooLong, "08P01");

    PgTestClient version2 = new PgTestClient();
    version2.sendRaw(ByteBufUtil.decodeHexDump("0000000900020000" + "00"));
    assertFatal(version2, "0A000");

    PgTestClient unterminated = new PgTestClient();
    unterminated.sendRaw(ByteBufUtil.decodeHexDump("0000000c00030000" + "75736572"));
    assertFatal(unterminated, "08P01");
  }

  @Test
  void queryBeforeAuthenticationEnds() {
    PgTestClient client = new PgTestClient();
    client.send(PgTestClient.startup("alice", "heliosdb"));
    client.read();
    client.send(new Query("select 1"));
    assertFatal(client, "08P01");
  }

  @Test
  void randomGarbageAfterLoginStartingWithAnInvalidType() {
    Random random = new Random(42);
    for (int i = 0; i < 200; i++) {
      PgTestClient client = loggedIn();
      byte[] garbage = new byte[1 + random.nextInt(64)];
      random.nextBytes(garbage);
      garbage[0] = (byte) ('a' + random.nextInt(3) * 10); // 'a', 'k', 'u': not frontend types
      client.sendRaw(garbage);
      assertFatal(client, "08P01");
    }
  }

  @Property(tries = 300)
  void arbitraryBytesNeverEscapeAsExceptions(@ForAll @Size(max = 80) byte[] bytes, @ForAll boolean afterLogin) {
    PgTestClient client = afterLogin ? loggedIn() : new PgTestClient();
    client.sendRaw(bytes);
    client.channel.runPendingTasks();
    client.channel.checkException();
    List<Frame> frames = BackendFrames.split(dropEncryptionAnswers(client.output(), afterLogin));
    for (Frame f : frames) {
      if (f.type() == 'E' && "FATAL".equals(f.field('S'))) {
        client.channel.runPendingTasks();
        assertFalse(client.channel.isOpen(), "FATAL closes the connection");
      }
    }
    assertTrue(frames.stream().noneMatch(f -> f.type() == 'D'), "garbage never yields rows");
  }

  /** Random bytes may form SSLRequests; their one-byte 'N' answers are not framed. */
  private static ByteBuf dropEncryptionAnswers(ByteBuf out, boolean afterLogin) {
    while (!afterLogin && out.isReadable() && out.getByte(out.readerIndex()) == 'N'
        && (out.readableBytes() == 1 || out.getByte(out.readerIndex() + 1) != 0)) {
      out.skipBytes(1);
    }
    return out;
  }
}
