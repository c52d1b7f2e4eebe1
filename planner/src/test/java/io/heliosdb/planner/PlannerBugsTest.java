package io.heliosdb.planner;

import static io.heliosdb.planner.EngineHarness.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.planner.api.PreparedStatement;
import io.heliosdb.planner.api.Session;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Statements PostgreSQL clients send that the planner got wrong (issue 4, item 3); one test per bug. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlannerBugsTest {
  @TempDir
  static Path dir;
  EngineHarness h;
  Session s;

  @BeforeAll
  void start() throws Exception {
    h = new EngineHarness(dir);
    s = h.session();
    s.execute("CREATE TABLE ev (id INT PRIMARY KEY, ts TIMESTAMP, kind VARCHAR(10), n INT)");
    s.execute("INSERT INTO ev VALUES (1, '2024-01-02 03:04:05.123456', 'a', 1), (2, '2024-01-02 03:04:06.000001', NULL, 2),"
        + " (3, '2024-01-02 03:04:07.5', 'b', NULL)");
    s.execute("CREATE TABLE nothing (id INT PRIMARY KEY, v INT)");
    s.execute("CREATE TABLE nokey (a INT, b INT)");
    s.execute("INSERT INTO nokey VALUES (1, 1), (2, NULL)");
  }

  @AfterAll
  void stop() {
    h.close();
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
    assertEquals(1_704_164_646_000_001L, r.get(1).get(2));
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
