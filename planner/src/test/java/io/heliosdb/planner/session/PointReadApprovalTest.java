package io.heliosdb.planner.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.planner.EngineHarness;
import io.heliosdb.planner.api.Dialect;
import io.heliosdb.planner.api.Session;
import io.heliosdb.planner.api.SessionOptions;
import io.heliosdb.planner.api.StatementResult;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A point read Session.isPointRead approves runs from its bound plan without being lexed again; a
 * locking read is never approved (it takes row locks, which may wait).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PointReadApprovalTest {
  @TempDir
  static Path dir;
  EngineHarness h;

  @BeforeAll
  void start() throws Exception {
    h = new EngineHarness(dir);
    try (Session s = pg()) {
      s.execute("CREATE TABLE pr (id INT PRIMARY KEY, v TEXT)");
      s.execute("INSERT INTO pr VALUES (1, 'one'), (2, 'two')");
    }
  }

  @AfterAll
  void stop() {
    h.close();
  }

  private Session pg() {
    return h.engine.open(new SessionOptions("heliosdb", "heliosdb", "test", Dialect.POSTGRES, Map.of()));
  }

  @Test
  void anApprovedPointReadReturnsItsOwnRow() {
    try (Session s = pg()) {
      s.execute("SELECT v FROM pr WHERE id = 1"); // plans and caches the shape
      for (int id : new int[] {2, 1, 3}) {
        String sql = "SELECT v FROM pr WHERE id = " + id;
        assertTrue(s.isPointRead(sql), sql);
        StatementResult r = s.execute(s.splitStatements(sql).get(0));
        assertEquals(id == 3 ? "[]" : "[[" + (id == 1 ? "one" : "two") + "]]", EngineHarness.rows(r).toString());
      }
    }
  }

  @Test
  void aLockingReadIsNeverApproved() {
    try (Session s = pg()) {
      s.execute("BEGIN");
      s.execute("SELECT v FROM pr WHERE id = 1 FOR UPDATE");
      assertFalse(s.isPointRead("SELECT v FROM pr WHERE id = 1 FOR UPDATE"));
      assertFalse(s.isPointRead("SELECT v FROM pr WHERE id = 2 FOR SHARE"));
      s.execute("ROLLBACK");
      assertFalse(s.isPointRead("UPDATE pr SET v = 'x' WHERE id = 1"));
    }
  }
}
