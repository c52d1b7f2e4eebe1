package io.heliosdb.wire.postgres.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heliosdb.wire.postgres.message.Bind;
import io.heliosdb.wire.postgres.message.ControlMessage;
import io.heliosdb.wire.postgres.message.Execute;
import io.heliosdb.wire.postgres.message.Parse;
import io.heliosdb.wire.postgres.message.Query;
import io.heliosdb.wire.postgres.testing.BackendFrames;
import io.heliosdb.wire.postgres.testing.BackendFrames.Frame;
import io.heliosdb.wire.postgres.testing.PgTestClient;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DEALLOCATE drops the connection's named statements, as a simple Query and as a prepared statement. */
class DeallocateProtocolTest {
  private PgTestClient client;

  @BeforeEach
  void login() {
    client = new PgTestClient();
    client.login();
  }

  private static Bind bind(String statement) {
    return new Bind("", statement, List.of(), List.of(), List.of());
  }

  @Test
  void simpleQueryDeallocateDropsTheNamedStatement() {
    client.send(new Parse("s1", "select 1", List.of()), ControlMessage.SYNC);
    assertEquals("1Z", BackendFrames.types(client.read()));
    client.send(new Query("DEALLOCATE s1"));
    List<Frame> frames = client.read();
    assertEquals("CZ", BackendFrames.types(frames));
    assertEquals("DEALLOCATE", frames.get(0).strings().get(0));
    client.send(bind("s1"), ControlMessage.SYNC);
    assertEquals("26000", client.read().get(0).field('C'));
  }

  @Test
  void deallocateAllThroughTheExtendedProtocol() {
    client.send(new Parse("a", "select 1", List.of()), new Parse("b", "select 2", List.of()),
        new Parse("", "DEALLOCATE ALL", List.of()), bind(""), new Execute("", 0), ControlMessage.SYNC);
    List<Frame> frames = client.read();
    assertEquals("1112CZ", BackendFrames.types(frames));
    assertEquals("DEALLOCATE ALL", frames.get(4).strings().get(0));
    client.send(bind("a"), ControlMessage.SYNC);
    assertEquals("26000", client.read().get(0).field('C'));
  }

  @Test
  void unknownStatementIs26000() {
    client.send(new Query("DEALLOCATE nope"));
    List<Frame> frames = client.read();
    assertEquals("EZ", BackendFrames.types(frames));
    assertEquals("26000", frames.get(0).field('C'));
  }
}
