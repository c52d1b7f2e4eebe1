package io.heliosdb.wire.postgres.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.wire.postgres.message.ControlMessage;
import io.heliosdb.wire.postgres.message.CopyData;
import io.heliosdb.wire.postgres.message.CopyFail;
import io.heliosdb.wire.postgres.message.Query;
import io.heliosdb.wire.postgres.testing.BackendFrames;
import io.heliosdb.wire.postgres.testing.BackendFrames.Frame;
import io.heliosdb.wire.postgres.testing.PgTestClient;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The COPY sub-protocol over an EmbeddedChannel against the scripted session's COPY statements. */
class CopyProtocolTest {
  private PgTestClient client;

  @BeforeEach
  void login() {
    client = new PgTestClient();
    client.login();
  }

  private static CopyData data(String s) {
    return new CopyData(s.getBytes(StandardCharsets.UTF_8));
  }

  private List<Frame> send(Object... messages) {
    for (Object m : messages) {
      client.send((io.heliosdb.wire.postgres.message.FrontendMessage) m);
    }
    return client.read();
  }

  @Test
  void copyInResponseListsTextFormatPerColumn() {
    List<Frame> frames = send(new Query("copy in"));
    assertEquals("G", BackendFrames.types(frames), "no ReadyForQuery while copy-in runs");
    ByteBuf g = frames.get(0).buf();
    assertEquals(0, g.readByte(), "overall text format");
    assertEquals(2, g.readShort());
    assertEquals(0, g.readShort());
    assertEquals(0, g.readShort());
    assertEquals(0, g.readableBytes());
  }

  @Test
  void rowsSpanningCopyDataMessagesAreLoadedWithTypes() {
    send(new Query("copy in"));
    List<Frame> frames = send(data("1\tone\n2\tt"), data("wo\n3\t\\N"), data("\n"), ControlMessage.COPY_DONE);
    assertEquals("CZ", BackendFrames.types(frames));
    assertEquals("COPY 3", frames.get(0).strings().get(0));
    List<Object[]> rows = client.session().loaded;
    assertEquals(3, rows.size());
    assertArrayEquals(new Object[] {1, "one"}, rows.get(0));
    assertArrayEquals(new Object[] {2, "two"}, rows.get(1));
    assertArrayEquals(new Object[] {3, null}, rows.get(2));
  }

  @Test
  void csvCopyIn() {
    send(new Query("copy in csv"));
    List<Frame> frames = send(data("1,\"a,\n\"\"b\"\"\"\n2,\n3,\"\"\n"), ControlMessage.COPY_DONE);
    assertEquals("COPY 3", frames.get(0).strings().get(0));
    List<Object[]> rows = client.session().loaded;
    assertArrayEquals(new Object[] {1, "a,\n\"b\""}, rows.get(0));
    assertArrayEquals(new Object[] {2, null}, rows.get(1));
    assertArrayEquals(new Object[] {3, ""}, rows.get(2));
  }

  @Test
  void copyFailIs57014AndAbortsTheLoad() {
    send(new Query("copy in"), data("1\ta\n"));
    List<Frame> frames = send(new CopyFail("client gave up"));
    assertEquals("EZ", BackendFrames.types(frames));
    assertEquals("57014", frames.get(0).field('C'));
    assertEquals("COPY from stdin failed: client gave up", frames.get(0).field('M'));
    assertEquals(1, client.session().copyAborts.get());
    assertTrue(client.session().loaded.isEmpty());
    assertEquals("TDCZ", BackendFrames.types(send(new Query("select 1"))), "the connection goes on");
  }

  @Test
  void badValueIs22P02WithLineAndColumnContext() {
    send(new Query("copy in"));
    List<Frame> frames = send(data("1\ta\nx\tb\n"));
    assertEquals("EZ", BackendFrames.types(frames), "the error is sent at once, not at CopyDone");
    Frame e = frames.get(0);
    assertEquals("22P02", e.field('C'));
    assertEquals("invalid input syntax for type integer: \"x\"", e.field('M'));
    assertEquals("COPY t, line 2, column id: \"x\"", e.field('W'));
    assertEquals(1, client.session().copyAborts.get());
    // What the client still sends for the failed COPY is dropped, as PostgreSQL does.
    assertEquals("", BackendFrames.types(send(data("3\tc\n"), ControlMessage.COPY_DONE)));
    assertEquals("TDCZ", BackendFrames.types(send(new Query("select 1"))));
  }

  @Test
  void loaderFailureKeepsItsSqlstateAndLine() {
    send(new Query("copy in"));
    List<Frame> frames = send(data("1\ta\n666\tb\n"));
    assertEquals("23505", frames.get(0).field('C'));
    assertEquals("COPY t, line 2", frames.get(0).field('W'));
  }

  @Test
  void wrongColumnCountIs22P04() {
    send(new Query("copy in"));
    List<Frame> frames = send(data("1\ta\textra\n"));
    assertEquals("22P04", frames.get(0).field('C'));
    assertEquals("extra data after last expected column", frames.get(0).field('M'));
    send(new Query("copy in"));
    frames = send(data("1\n"));
    assertEquals("missing data for column \"v\"", frames.get(0).field('M'));
  }

  @Test
  void statementsAfterTheCopyInTheSameQueryRunAfterCopyDone() {
    send(new Query("copy in; select 1"));
    List<Frame> frames = send(data("1\ta\n"), ControlMessage.SYNC, ControlMessage.COPY_DONE);
    assertEquals("CTDCZ", BackendFrames.types(frames), "Sync is ignored during copy-in");
    assertEquals("COPY 1", frames.get(0).strings().get(0));
  }

  @Test
  void unexpectedMessageDuringCopyInIsAProtocolViolation() {
    send(new Query("copy in"));
    List<Frame> frames = send(new Query("select 1"));
    assertEquals("EZ", BackendFrames.types(frames));
    assertEquals("08P01", frames.get(0).field('C'));
    assertEquals(1, client.session().copyAborts.get());
  }

  @Test
  void copyOutSendsOneCopyDataPerRowThenCopyDone() {
    List<Frame> frames = send(new Query("copy out"));
    assertEquals("HddcCZ", BackendFrames.types(frames));
    ByteBuf h = frames.get(0).buf();
    assertEquals(0, h.readByte());
    assertEquals(2, h.readShort());
    assertEquals("1\ta\\tb\n", new String(frames.get(1).body(), StandardCharsets.UTF_8));
    assertEquals("2\t\\N\n", new String(frames.get(2).body(), StandardCharsets.UTF_8));
    assertEquals("COPY 2", frames.get(4).strings().get(0));
  }

  @Test
  void copyOutCsvWithHeader() {
    List<Frame> frames = send(new Query("copy out csv"));
    assertEquals("HdddcCZ", BackendFrames.types(frames));
    assertEquals("id,v\n", new String(frames.get(1).body(), StandardCharsets.UTF_8));
    assertEquals("1,a\tb\n", new String(frames.get(2).body(), StandardCharsets.UTF_8));
    assertEquals("2,\n", new String(frames.get(3).body(), StandardCharsets.UTF_8));
  }

  @Test
  void closingTheConnectionDuringCopyInAbortsTheLoad() {
    send(new Query("copy in"), data("1\ta\n"));
    client.channel.close();
    client.channel.runPendingTasks();
    assertEquals(1, client.session().copyAborts.get());
  }
}
