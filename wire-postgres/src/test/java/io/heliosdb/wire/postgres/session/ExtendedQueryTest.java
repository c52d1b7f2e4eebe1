package io.heliosdb.wire.postgres.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.wire.postgres.message.Bind;
import io.heliosdb.wire.postgres.message.Close;
import io.heliosdb.wire.postgres.message.ControlMessage;
import io.heliosdb.wire.postgres.message.Describe;
import io.heliosdb.wire.postgres.message.Execute;
import io.heliosdb.wire.postgres.message.Parse;
import io.heliosdb.wire.postgres.testing.BackendFrames;
import io.heliosdb.wire.postgres.testing.BackendFrames.Frame;
import io.heliosdb.wire.postgres.testing.PgTestClient;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExtendedQueryTest {
  private static final short TEXT = 0;
  private static final short BINARY = 1;

  private PgTestClient client;

  @BeforeEach
  void login() {
    client = new PgTestClient();
    client.login();
  }

  private static Bind bind(String portal, String statement, List<Short> formats, List<byte[]> values,
      List<Short> resultFormats) {
    return new Bind(portal, statement, formats, values, resultFormats);
  }

  @Test
  void binaryParameterAndBinaryResult() {
    client.send(new Parse("s1", "select $1", List.of(20)), new Describe('S', "s1"),
        bind("", "s1", List.of(BINARY), List.of(new byte[] {0, 0, 0, 0, 0, 0, 0, 42}), List.of(BINARY)),
        new Execute("", 0), ControlMessage.SYNC);
    List<Frame> frames = client.read();
    assertEquals("1tT2DCZ", BackendFrames.types(frames));
    ByteBuf t = frames.get(1).buf();
    assertEquals(1, t.readShort());
    assertEquals(20, t.readInt(), "int8 parameter");
    ByteBuf d = frames.get(4).buf();
    assertEquals(1, d.readShort());
    assertEquals(8, d.readInt());
    assertEquals(42L, d.readLong());
    assertEquals("SELECT 1", frames.get(5).strings().get(0));
    assertEquals(List.of(42L), client.session().boundParameters.get(0));
  }

  @Test
  void textParameterWithInferredType() {
    client.send(new Parse("", "select $1", List.of()),
        bind("", "", List.of(), List.of("7".getBytes(StandardCharsets.UTF_8)), List.of()),
        new Describe('P', ""), new Execute("", 0), ControlMessage.SYNC);
    List<Frame> frames = client.read();
    assertEquals("12TDCZ", BackendFrames.types(frames));
    ByteBuf d = frames.get(3).buf();
    d.skipBytes(2 + 4);
    assertEquals('7', d.readByte());
    assertEquals(List.of(7), client.session().boundParameters.get(0), "decoded to the value model's Integer");
  }

  @Test
  void executeWithRowLimitSuspendsAndContinues() {
    client.send(new Parse("", "select 5", List.of()), bind("", "", List.of(), List.of(), List.of()),
        new Execute("", 2), new Execute("", 2), new Execute("", 2), ControlMessage.SYNC);
    List<Frame> frames = client.read();
    assertEquals("12DDsDDsDCZ", BackendFrames.types(frames));
    assertEquals("SELECT 1", frames.get(9).strings().get(0));
    assertEquals(1, client.session().executed.size(), "the statement runs once across Executes");
  }

  @Test
  void commandWithoutRows() {
    client.send(new Parse("ins", "insert", List.of()), new Describe('S', "ins"),
        bind("p", "ins", List.of(), List.of(), List.of()), new Execute("p", 0), ControlMessage.SYNC);
    List<Frame> frames = client.read();
    assertEquals("1tn2CZ", BackendFrames.types(frames));
    assertEquals("INSERT 0 3", frames.get(4).strings().get(0));
  }

  @Test
  void errorSkipsUntilSync() {
    client.send(new Parse("", "boom", List.of()), bind("", "", List.of(), List.of(), List.of()),
        new Execute("", 0), ControlMessage.SYNC);
    List<Frame> frames = client.read();
    assertEquals("EZ", BackendFrames.types(frames));
    assertEquals("42P01", frames.get(0).field('C'));
    client.send(new Parse("", "select 1", List.of()), bind("", "", List.of(), List.of(), List.of()),
        new Execute("", 0), ControlMessage.SYNC);
    assertEquals("12DCZ", BackendFrames.types(client.read()));
  }

  @Test
  void errorIsSentBeforeSync() {
    client.send(new Parse("", "boom", List.of()), ControlMessage.FLUSH);
    assertEquals("E", BackendFrames.types(client.read()));
  }

  @Test
  void flushSendsWithoutReadyForQuery() {
    client.send(new Parse("a", "select $1", List.of(23)), new Describe('S', "a"), ControlMessage.FLUSH);
    assertEquals("1tT", BackendFrames.types(client.read()));
  }

  @Test
  void protocolLevelErrors() {
    client.send(bind("", "nope", List.of(), List.of(), List.of()), ControlMessage.SYNC);
    List<Frame> frames = client.read();
    assertEquals("26000", frames.get(0).field('C'));

    client.send(new Parse("dup", "select 1", List.of()), new Parse("dup", "select 1", List.of()), ControlMessage.SYNC);
    frames = client.read();
    assertEquals("1EZ", BackendFrames.types(frames));
    assertEquals("42P05", frames.get(1).field('C'));

    client.send(new Describe('P', "missing"), ControlMessage.SYNC);
    assertEquals("34000", client.read().get(0).field('C'));

    client.send(bind("", "dup", List.of(), List.of(new byte[] {1}), List.of()), ControlMessage.SYNC);
    frames = client.read();
    assertEquals("EZ", BackendFrames.types(frames));
    assertEquals("08P01", frames.get(0).field('C'));
    assertEquals("ERROR", frames.get(0).field('S'));
    assertTrue(client.channel.isOpen());
  }

  @Test
  void badTextParameterIs22P02() {
    client.send(new Parse("", "select $1", List.of(23)),
        bind("", "", List.of(), List.of("x1".getBytes(StandardCharsets.UTF_8)), List.of()), ControlMessage.SYNC);
    List<Frame> frames = client.read();
    assertEquals("1EZ", BackendFrames.types(frames));
    assertEquals("22P02", frames.get(1).field('C'));
  }

  @Test
  void closeAndEmptyQuery() {
    client.send(new Parse("s", "select 1", List.of()), new Close('S', "s"), new Close('P', "none"),
        new Parse("", "", List.of()), bind("", "", List.of(), List.of(), List.of()), new Execute("", 0),
        ControlMessage.SYNC);
    assertEquals("1331" + "2IZ", BackendFrames.types(client.read()));
    client.send(bind("", "s", List.of(), List.of(), List.of()), ControlMessage.SYNC);
    assertEquals("26000", client.read().get(0).field('C'), "closed statement is gone");
  }

  @Test
  void binaryNullParameter() {
    client.send(new Parse("", "select $1", List.of(25)),
        bind("", "", List.of(BINARY), java.util.Arrays.asList((byte[]) null), List.of(TEXT)),
        new Execute("", 0), ControlMessage.SYNC);
    List<Frame> frames = client.read();
    assertEquals("12DCZ", BackendFrames.types(frames));
    ByteBuf d = frames.get(2).buf();
    d.skipBytes(2);
    assertEquals(-1, d.readInt());
    assertArrayEquals(new Object[] {null}, client.session().boundParameters.get(0).toArray());
  }
}
