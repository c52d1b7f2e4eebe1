package io.heliosdb.wire.postgres.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.wire.postgres.message.ControlMessage;
import io.heliosdb.wire.postgres.message.Query;
import io.heliosdb.wire.postgres.testing.BackendFrames;
import io.heliosdb.wire.postgres.testing.BackendFrames.Frame;
import io.heliosdb.wire.postgres.testing.PgTestClient;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimpleQueryTest {
  private PgTestClient client;

  @BeforeEach
  void login() {
    client = new PgTestClient();
    client.login();
  }

  private List<Frame> query(String sql) {
    client.send(new Query(sql));
    return client.read();
  }

  private static String status(List<Frame> frames) {
    Frame z = frames.get(frames.size() - 1);
    assertEquals('Z', z.type());
    return new String(z.body(), StandardCharsets.US_ASCII);
  }

  @Test
  void selectSendsRowDescriptionRowsTagAndReady() {
    List<Frame> frames = query("select 1");
    assertEquals("TDCZ", BackendFrames.types(frames));
    ByteBuf t = frames.get(0).buf();
    assertEquals(1, t.readShort());
    assertEquals("?column?", t.readCharSequence(8, StandardCharsets.UTF_8).toString());
    t.skipBytes(1 + 4 + 2);
    assertEquals(23, t.readInt(), "int4 OID");
    assertEquals(4, t.readShort());
    assertEquals(-1, t.readInt());
    assertEquals(0, t.readShort(), "text format");
    ByteBuf d = frames.get(1).buf();
    assertEquals(1, d.readShort());
    assertEquals(1, d.readInt());
    assertEquals('1', d.readByte());
    assertEquals("SELECT 1", frames.get(2).strings().get(0));
    assertEquals("I", status(frames));
    assertEquals(1, client.statements.get());
  }

  @Test
  void textValuesAndNulls() {
    List<Frame> frames = query("select types");
    ByteBuf d = frames.get(1).buf();
    assertEquals(4, d.readShort());
    assertEquals("t", d.readCharSequence(d.readInt(), StandardCharsets.UTF_8).toString());
    assertEquals("héllo", d.readCharSequence(d.readInt(), StandardCharsets.UTF_8).toString());
    assertEquals("1.50", d.readCharSequence(d.readInt(), StandardCharsets.UTF_8).toString());
    assertEquals(-1, d.readInt());
  }

  @Test
  void severalStatementsAndTransactionStatus() {
    List<Frame> frames = query("begin; insert; commit");
    assertEquals("CCCZ", BackendFrames.types(frames));
    assertEquals("BEGIN", frames.get(0).strings().get(0));
    assertEquals("INSERT 0 3", frames.get(1).strings().get(0));
    assertEquals("COMMIT", frames.get(2).strings().get(0));
    assertEquals("I", status(frames));
    assertEquals("T", status(query("begin")));
    assertEquals("E", status(query("boom")));
  }

  @Test
  void errorStopsTheRestOfTheQueryString() {
    List<Frame> frames = query("select 1; boom; insert");
    assertEquals("TDCEZ", BackendFrames.types(frames));
    Frame e = frames.get(3);
    assertEquals("ERROR", e.field('S'));
    assertEquals("ERROR", e.field('V'));
    assertEquals("42P01", e.field('C'));
    assertEquals("relation \"boom\" does not exist", e.field('M'));
    assertFalse(client.session().executed.contains("insert"));
    assertEquals(1, client.failedStatements.get());
    assertEquals("TDCZ", BackendFrames.types(query("select 1")), "the connection goes on");
  }

  @Test
  void emptyQueryString() {
    assertEquals("IZ", BackendFrames.types(query("")));
    assertEquals("IZ", BackendFrames.types(query(" ; ")));
  }

  @Test
  void largeResultsAreStreamedInChunks() {
    client.send(new Query("select 20000"));
    client.channel.runPendingTasks();
    int writes = client.channel.outboundMessages().size();
    List<Frame> frames = client.read();
    assertEquals(20_003, frames.size());
    assertEquals("SELECT 20000", frames.get(20_001).strings().get(0));
    assertTrue(writes > 3, "rows written in several chunks, not one buffer: " + writes);
  }

  @Test
  void changedSettingsAreReported() {
    List<Frame> frames = query("set tz");
    assertEquals("CSZ", BackendFrames.types(frames));
    assertEquals(List.of("TimeZone", "Europe/Paris"), frames.get(1).strings());
  }

  @Test
  void terminateClosesSessionAndChannel() {
    client.send(ControlMessage.TERMINATE);
    client.channel.runPendingTasks();
    assertFalse(client.channel.isOpen());
    assertTrue(client.session().closed);
    assertEquals(1, client.closed.get());
  }
}
