package io.heliosdb.planner;

import static io.heliosdb.planner.EngineHarness.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.planner.api.PreparedStatement;
import io.heliosdb.planner.api.Session;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Statements PostgreSQL clients send that the planner got wrong (issue 4, item 3); one test per bug. */
class PlannerBugsTest extends EngineTestBase {
  @Override
  protected void setUp() throws Exception {
    s.execute("CREATE TABLE ev (id INT PRIMARY KEY, ts TIMESTAMP, kind VARCHAR(10), n INT)");
    s.execute("INSERT INTO ev VALUES (1, '2024-01-02 03:04:05.123456', 'a', 1), (2, '2024-01-02 03:04:06.000001', NULL, 2),"
        + " (3, '2024-01-02 03:04:07.5', 'b', NULL)");
    s.execute("CREATE TABLE nothing (id INT PRIMARY KEY, v INT)");
    s.execute("CREATE TABLE nokey (a INT, b INT)");
    s.execute("INSERT INTO nokey VALUES (1, 1), (2, NULL)");
  }

  @Test
  void onlyALiteralProjectedFromATable() {
    assertEquals(List.of(List.of(1)), rows(s.execute("SELECT 1 FROM nokey WHERE b IS NULL LIMIT 1")));
    assertEquals(List.of(List.of(1), List.of(1)), rows(s.execute("SELECT 1 FROM nokey")));
  }

  @Test
  void literalBesideATimestampKeepsMicroseconds() {
    List<List<Object>> r = rows(s.execute("SELECT 7, ts FROM ev WHERE id = 1"));
    assertEquals(List.of(Arrays.asList(7, 1_704_164_645_123_456L)), r);
    r = rows(s.execute("SELECT id, 'x', ts FROM ev ORDER BY id"));
    assertEquals(Arrays.asList(2, "x", 1_704_164_646_000_001L), r.get(1));
    r = rows(s.execute("SELECT ts, NULL, true, 2.5 FROM ev WHERE id = 3"));
    assertEquals(Arrays.asList(1_704_164_647_500_000L, null, true, new java.math.BigDecimal("2.5")), r.get(0));
    io.heliosdb.planner.api.PreparedStatement ps = s.prepare("SELECT $1::text, ts FROM ev WHERE id = $2", null);
    assertEquals(List.of(Arrays.asList("p", 1_704_164_645_123_456L)), rows(s.execute(ps, List.of("p", 1))));
  }

  @Test
  void preparedFunctionOfAParameter() {
    PreparedStatement upper = s.prepare("SELECT upper($1)", null);
    assertEquals(List.of(List.of("ABC")), rows(s.execute(upper, List.of("abc"))));
    PreparedStatement abs = s.prepare("SELECT abs($1)", List.of(DataType.INTEGER));
    assertEquals(List.of(List.of(5)), rows(s.execute(abs, List.of(-5))));
  }

  @Test
  void countAndALiteralOverAnEmptyTable() {
    assertEquals(List.of(List.of(0L, 1)), rows(s.execute("SELECT count(*), 1 FROM nothing")));
  }

  @Test
  void groupByCaseAndCoalesce() {
    assertEquals(List.of(List.of("a", 1L), List.of("b", 1L), List.of("none", 1L)),
        rows(s.execute("SELECT coalesce(kind, 'none'), count(*) FROM ev GROUP BY coalesce(kind, 'none') ORDER BY 1")));
    assertEquals(List.of(List.of("big", 1L), List.of("small", 2L)),
        rows(s.execute("SELECT CASE WHEN id > 2 THEN 'big' ELSE 'small' END AS size, count(*) FROM ev "
            + "GROUP BY CASE WHEN id > 2 THEN 'big' ELSE 'small' END ORDER BY 1")));
  }

  @Test
  void distinctOnKeepsTheFirstRowOfEachGroupInOrderByOrder() {
    s.execute("CREATE TABLE fruit (id INT PRIMARY KEY, name VARCHAR(20), color VARCHAR(10))");
    s.execute("INSERT INTO fruit VALUES (1, 'Apple', 'red'), (2, 'banana', NULL), (3, 'apple pie', 'brown'),"
        + " (4, 'Cherry', 'red'), (5, 'plum', NULL)");
    assertEquals(List.of(List.of("brown", "apple pie"), List.of("red", "Cherry"), Arrays.asList(null, "plum")),
        rows(s.execute("SELECT DISTINCT ON (color) color, name FROM fruit ORDER BY color, id DESC")));
    assertEquals(List.of(List.of("red", 1)),
        rows(s.execute("SELECT DISTINCT ON (color) color AS c, id FROM fruit WHERE color = 'red' ORDER BY c, id")));
    assertEquals(List.of(List.of("red", 4)),
        rows(s.execute("SELECT DISTINCT ON (1) color, id FROM fruit WHERE color IS NOT NULL ORDER BY 1 DESC, 2 DESC LIMIT 1")));
    assertEquals(3, rows(s.execute("SELECT DISTINCT ON (color) * FROM fruit")).size());
    assertEquals(List.of(List.of(2L)), rows(s.execute(
        "SELECT count(*) FROM (SELECT DISTINCT ON (color) id FROM fruit WHERE color IS NOT NULL ORDER BY color) x")));
    io.heliosdb.hidb.error.HeliosException e = org.junit.jupiter.api.Assertions.assertThrows(
        io.heliosdb.hidb.error.HeliosException.class,
        () -> s.execute("SELECT DISTINCT ON (color) color, name FROM fruit ORDER BY id"));
    assertEquals(io.heliosdb.hidb.error.ErrorCode.INVALID_COLUMN_REFERENCE, e.code());
    assertEquals("SELECT DISTINCT ON expressions must match initial ORDER BY expressions", e.getMessage());
  }

  @Test
  void columnsOfAGroupedPrimaryKeyStillPlan() {
    // PostgreSQL's functional dependency (Django groups by the primary key only)
    assertEquals(List.of(List.of(1, "a", 1L), Arrays.asList(2, null, 1L)),
        rows(s.execute("SELECT id, kind, count(*) FROM ev WHERE id < 3 GROUP BY id ORDER BY id")));
    assertEquals(List.of(List.of(1, "a", 1L)),
        rows(s.execute("SELECT e.id, e.kind, count(*) FROM ev e WHERE e.id = 1 GROUP BY e.id")));
  }

  @Test
  void nowIsFixedForTheTransaction() throws Exception {
    Session s = h.session();
    s.execute("BEGIN");
    Object first = rows(s.execute("SELECT now()")).get(0).get(0);
    Thread.sleep(5);
    Object again = rows(s.execute("SELECT now(), current_timestamp, transaction_timestamp()")).get(0).get(0);
    Object clock = rows(s.execute("SELECT clock_timestamp()")).get(0).get(0);
    Object statement = rows(s.execute("SELECT statement_timestamp()")).get(0).get(0);
    s.execute("COMMIT");
    assertNotNull(first);
    assertEquals(first, again);
    assertTrue(((Long) clock) > ((Long) first), clock + " after " + first);
    assertTrue(((Long) statement) > ((Long) first), statement + " after " + first);
    Object later = rows(s.execute("SELECT now()")).get(0).get(0);
    assertTrue(((Long) later) > ((Long) first));
  }
}
