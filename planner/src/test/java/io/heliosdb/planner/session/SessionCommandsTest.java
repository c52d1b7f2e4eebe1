package io.heliosdb.planner.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.planner.EngineTestBase;
import io.heliosdb.planner.api.Dialect;
import io.heliosdb.planner.api.Session;
import io.heliosdb.planner.api.SessionOptions;
import io.heliosdb.planner.api.TransactionState;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which statements Session.isSessionCommand lets a front end run on its I/O thread: only those that
 * touch nothing but the session's memory. Ending a block that wrote, or anything reaching a cell,
 * must be refused, since on the event loop a wait would stall every connection of that loop.
 */
class SessionCommandsTest extends EngineTestBase {
  @Override
  protected void setUp() {
    s.execute("CREATE TABLE sc (id INT PRIMARY KEY, v TEXT)");
    s.execute("INSERT INTO sc VALUES (1, 'a'), (2, 'b')");
  }

  private Session pg() {
    return h.session();
  }

  @Test
  void transactionStartAndSettingsAreSessionCommands() {
    try (Session s = pg()) {
      for (String sql : new String[] {"BEGIN", "begin;", "  BEGIN ISOLATION LEVEL REPEATABLE READ", "START TRANSACTION",
          "SET search_path TO public", "set statement_timeout = 0", "SHOW search_path", "RESET ALL", "SHOW ALL"}) {
        assertTrue(s.isSessionCommand(sql), sql);
      }
    }
  }

  @Test
  void statementsThatMayWaitAreNot() {
    try (Session s = pg()) {
      for (String sql : new String[] {"SELECT * FROM sc WHERE id = 1", "UPDATE sc SET v = 'x' WHERE id = 1",
          "INSERT INTO sc VALUES (9, 'z')", "BEGIN; UPDATE sc SET v = 'x' WHERE id = 1", "SET x = 1; SELECT 1",
          "/* hint */ BEGIN", "SAVEPOINT a", "START", "settings", "BEGIN_X", "SHOWx", "CREATE TABLE t2 (id INT PRIMARY KEY)",
          "", "   "}) {
        assertFalse(s.isSessionCommand(sql), sql);
      }
    }
  }

  @Test
  void endingABlockIsOneOnlyWhileItHasWrittenNothing() {
    try (Session s = pg()) {
      assertTrue(s.isSessionCommand("COMMIT"), "no block: COMMIT only warns");
      s.execute("BEGIN");
      s.execute("SELECT v FROM sc WHERE id = 2");
      assertTrue(s.isSessionCommand("COMMIT"), "a block that only read");
      assertTrue(s.isSessionCommand("ROLLBACK"));
      assertTrue(s.isSessionCommand("END"));
      s.execute("SAVEPOINT a");
      assertFalse(s.isSessionCommand("ROLLBACK TO SAVEPOINT a"), "takes writes back on the cells");
      s.execute("UPDATE sc SET v = 'w' WHERE id = 1");
      assertFalse(s.isSessionCommand("COMMIT"), "writes a commit record");
      assertFalse(s.isSessionCommand("ROLLBACK"), "aborts intents on the cells");
      assertFalse(s.isSessionCommand("abort"));
      s.execute("ROLLBACK");
      assertEquals(TransactionState.IDLE, s.transactionState());
      assertTrue(s.isSessionCommand("COMMIT"));
    }
  }

  @Test
  void aBlockWithAnOpenCursorIsNotEndedOnTheEventLoop() {
    try (Session s = pg()) {
      s.execute("BEGIN");
      s.execute("DECLARE c CURSOR FOR SELECT * FROM sc");
      assertFalse(s.isSessionCommand("COMMIT"), "closing the cursor closes its row stream");
      s.execute("CLOSE c");
      assertTrue(s.isSessionCommand("COMMIT"));
      s.execute("COMMIT");
    }
  }

  @Test
  void mysqlSessionsAnswerNo() {
    try (Session m = h.engine.open(new SessionOptions("heliosdb", null, "test", Dialect.MYSQL, Map.of()))) {
      assertFalse(m.isSessionCommand("BEGIN"));
    }
  }

  @Test
  void aPreparedCommitIsOneWhileTheBlockHasWrittenNothing() {
    try (Session s = pg()) {
      var commit = s.prepare("COMMIT", java.util.List.of());
      var select = s.prepare("SELECT v FROM sc WHERE id = $1", java.util.List.of());
      s.execute("BEGIN");
      assertTrue(commit.isSessionCommand());
      assertFalse(select.isSessionCommand());
      s.execute("UPDATE sc SET v = 'p' WHERE id = 2");
      assertFalse(commit.isSessionCommand(), "now it writes a commit record");
      s.execute(commit, java.util.List.of());
      assertEquals(TransactionState.IDLE, s.transactionState());
      assertTrue(commit.isSessionCommand());
    }
  }
}
