package io.heliosdb.planner.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.planner.EngineHarness;
import io.heliosdb.planner.EngineTestBase;
import io.heliosdb.planner.api.Session;
import io.heliosdb.planner.api.StatementResult;
import org.junit.jupiter.api.Test;

/**
 * A point read Session.isPointRead approves runs from its bound plan without being lexed again; a
 * locking read is never approved (it takes row locks, which may wait).
 */
class PointReadApprovalTest extends EngineTestBase {
  @Override
  protected void setUp() {
    s.execute("CREATE TABLE pr (id INT PRIMARY KEY, v TEXT)");
    s.execute("INSERT INTO pr VALUES (1, 'one'), (2, 'two')");
  }

  private Session pg() {
    return h.session();
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
