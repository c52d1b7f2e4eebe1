package io.heliosdb.wire.postgres.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heliosdb.wire.postgres.PostgresFrontEnd;
import io.heliosdb.wire.postgres.message.Bind;
import io.heliosdb.wire.postgres.message.ControlMessage;
import io.heliosdb.wire.postgres.message.Describe;
import io.heliosdb.wire.postgres.message.Execute;
import io.heliosdb.wire.postgres.message.Parse;
import io.heliosdb.wire.postgres.message.Query;
import io.heliosdb.wire.postgres.testing.BackendFrames;
import io.heliosdb.wire.postgres.testing.BackendFrames.Frame;
import io.heliosdb.wire.postgres.testing.HoldingExecutorService;
import io.heliosdb.wire.postgres.testing.PgTestClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commands that only touch the session's memory (BEGIN, SET, COMMIT of a block without writes) run
 * on the event loop, saving two thread hand-offs; everything else goes to the statement pool, and
 * nothing runs on the event loop while an earlier message of the connection waits for the pool.
 */
class InlineSessionCommandsTest {
  private final HoldingExecutorService pool = new HoldingExecutorService();
  private PgTestClient client;

  @BeforeEach
  void login() {
    client = new PgTestClient(new PostgresFrontEnd(), null, pool);
    client.login();
  }

  private static String tags(List<Frame> frames) {
    StringBuilder out = new StringBuilder();
    for (Frame f : frames) {
      if (f.type() == 'C') {
        out.append(f.strings().get(0)).append(' ');
      } else if (f.type() == 'Z') {
        out.append("Z:").append(new String(f.body(), StandardCharsets.US_ASCII)).append(' ');
      }
    }
    return out.toString().trim();
  }

  @Test
  void sessionCommandsAnswerWithoutTheStatementPool() {
    int before = pool.handedOff();
    int statements = client.statements.get();
    client.send(new Query("begin"));
    assertEquals("BEGIN Z:T", tags(client.read()));
    client.send(new Query("SET application_name = 'x'"));
    assertEquals("SET Z:T", tags(client.read()));
    client.send(new Query("commit"));
    assertEquals("COMMIT Z:I", tags(client.read()));
    assertEquals(before, pool.handedOff(), "BEGIN, SET and COMMIT ran on the event loop");
    assertEquals(3, client.statements.get() - statements, "each still counts as a statement");
  }

  @Test
  void otherStatementsStillGoToThePool() {
    int before = pool.handedOff();
    client.send(new Query("insert"));
    assertEquals("INSERT 0 3 Z:I", tags(client.read()));
    client.send(new Query("begin; insert; commit"));
    assertEquals("BEGIN INSERT 0 3 COMMIT Z:I", tags(client.read()));
    assertEquals(before + 2, pool.handedOff());
  }

  @Test
  void aSessionCommandNeverOvertakesAStatementWaitingForThePool() {
    pool.hold();
    client.send(new Query("insert"));
    client.send(new Query("begin"));
    client.send(new Query("set tz"));
    assertEquals("", tags(client.read()), "nothing answered while the INSERT waits for the pool");
    pool.release();
    assertEquals("INSERT 0 3 Z:I BEGIN Z:T SET Z:T", tags(client.read()));
    assertEquals(List.of("insert", "begin", "set tz"), client.session().executed);
    // The queue drained: the next command runs inline again.
    int handedOff = pool.handedOff();
    client.send(new Query("commit"));
    assertEquals("COMMIT Z:I", tags(client.read()));
    assertEquals(handedOff, pool.handedOff());
  }

  @Test
  void aFailingSessionCommandOnTheEventLoopAnswersWithItsError() {
    client.send(new Query("begin"));
    client.read();
    client.send(new Query("SET boom = 1"));
    List<Frame> frames = client.read();
    assertEquals("EZ", BackendFrames.types(frames));
    assertEquals("E", new String(frames.get(1).body(), StandardCharsets.US_ASCII));
  }

  private static Bind unnamedBind() {
    return new Bind("", "", List.of(), List.of(), List.of());
  }

  @Test
  void anUnnamedSessionCommandInTheExtendedProtocolRunsOnTheEventLoop() {
    int before = pool.handedOff();
    client.send(new Parse("", "SET application_name = 'y'", List.of()), unnamedBind(), new Describe('P', ""),
        new Execute("", 0), ControlMessage.SYNC);
    List<Frame> frames = client.read();
    assertEquals("12nCZ", BackendFrames.types(frames));
    assertEquals("SET Z:I", tags(frames));
    assertEquals(before, pool.handedOff());
    client.send(new Parse("", "insert", List.of()), unnamedBind(), new Execute("", 0), ControlMessage.SYNC);
    assertEquals("INSERT 0 3 Z:I", tags(client.read()));
    assertEquals(before + 1, pool.handedOff(), "a statement that is no session command goes to the pool");
  }

  @Test
  void anExtendedSessionCommandWaitsForAnEarlierBatchOnThePool() {
    pool.hold();
    client.send(new Parse("", "insert", List.of()), unnamedBind(), new Execute("", 0), ControlMessage.SYNC);
    client.send(new Parse("", "SET a = 1", List.of()), unnamedBind(), new Execute("", 0), ControlMessage.SYNC);
    assertEquals("", tags(client.read()));
    pool.release();
    assertEquals("INSERT 0 3 Z:I SET Z:I", tags(client.read()));
  }

  @Test
  void aServerPreparedSessionCommandRunsOnTheEventLoop() {
    client.send(new Parse("s_set", "SET a = 1", List.of()), ControlMessage.SYNC);
    assertEquals("1Z", BackendFrames.types(client.read()));
    int before = pool.handedOff();
    client.send(new Bind("", "s_set", List.of(), List.of(), List.of()), new Execute("", 0), ControlMessage.SYNC);
    assertEquals("SET Z:I", tags(client.read()));
    assertEquals(before, pool.handedOff(), "pgjdbc's server-prepared COMMIT takes this path");
  }
}
