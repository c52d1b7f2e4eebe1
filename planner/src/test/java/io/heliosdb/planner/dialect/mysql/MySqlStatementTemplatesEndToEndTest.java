package io.heliosdb.planner.dialect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.planner.EngineHarness;
import io.heliosdb.planner.api.Dialect;
import io.heliosdb.planner.api.Session;
import io.heliosdb.planner.api.SessionOptions;
import io.heliosdb.planner.api.StatementResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MySQL statement whose shape the session has seen runs from the template (no translation) and
 * must answer exactly what the same statement answers in a fresh session, which translates it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlStatementTemplatesEndToEndTest {
  @TempDir
  static Path dir;
  EngineHarness h;

  @BeforeAll
  void start() throws Exception {
    h = new EngineHarness(dir);
    try (Session m = mysql()) {
      m.execute("CREATE TABLE tpl (id INT PRIMARY KEY, name VARCHAR(40), price DECIMAL(8,2), big BIGINT)");
      m.execute("INSERT INTO tpl (id, name, price, big) VALUES (1, 'one', 1.50, 10)");
      m.execute("INSERT INTO tpl (id, name, price, big) VALUES (2, 'it''s', 2.25, 20)");
      m.execute("INSERT INTO tpl (id, name, price, big) VALUES (3, 'back\\\\slash', 10, 30000000000)");
      m.execute("INSERT INTO tpl (id, name, price, big) VALUES (4, \"dq\", 0.5, 40), (5, 'five', 5, 50)");
    }
  }

  @AfterAll
  void stop() {
    h.close();
  }

  private Session mysql() {
    Session m = h.engine.open(new SessionOptions("heliosdb", null, "test", Dialect.MYSQL, Map.of()));
    m.execute("USE heliosdb");
    return m;
  }

  /** Columns, rows and error of one statement, comparable across sessions. */
  private static String outcome(Session s, String sql) {
    try {
      StatementResult r = s.execute(sql);
      return r.command() + " " + r.rowCount() + " " + r.columns().stream().map(c -> c.name()).toList() + " "
          + (r.returnsRows() ? EngineHarness.rows(r) : "");
    } catch (HeliosException e) {
      return "error " + e.code() + ": " + e.getMessage();
    }
  }

  /** After {@code warmUp} (same shape, other literals), {@code probe} answers as in a fresh session. */
  private void sameAsFresh(String warmUp, String probe) {
    String fresh;
    try (Session cold = mysql()) {
      h.engine.mysqlTemplates().clear(); // the server's sessions share templates: translate afresh
      fresh = outcome(cold, probe);
    }
    h.engine.mysqlTemplates().clear();
    try (Session warm = mysql()) {
      outcome(warm, warmUp);
      outcome(warm, warmUp); // a second run of the shape goes through the template
      assertEquals(fresh, outcome(warm, probe), "after " + warmUp);
    }
  }

  @Test
  void selectsOfTheSameShapeAnswerLikeAFreshSession() {
    sameAsFresh("SELECT id, name FROM tpl WHERE id = 1", "SELECT id, name FROM tpl WHERE id = 2");
    sameAsFresh("SELECT id, name FROM tpl WHERE id = 1", "SELECT id, name FROM tpl WHERE id = 99");
    sameAsFresh("SELECT id, name FROM tpl WHERE id = 1", "SELECT id, name FROM tpl WHERE id = 1.5");
    sameAsFresh("SELECT id, name FROM tpl WHERE id = 1", "SELECT id, name FROM tpl WHERE id = 3000000000");
    sameAsFresh("SELECT id FROM tpl WHERE name = 'one'", "SELECT id FROM tpl WHERE name = 'it''s'");
    sameAsFresh("SELECT id FROM tpl WHERE name = 'one'", "SELECT id FROM tpl WHERE name = 'back\\\\slash'");
    sameAsFresh("SELECT id FROM tpl WHERE name = 'one'", "SELECT id FROM tpl WHERE name = \"dq\"");
    sameAsFresh("SELECT id FROM tpl WHERE price > 1.5 ORDER BY id", "SELECT id FROM tpl WHERE price > 2 ORDER BY id");
    sameAsFresh("SELECT id FROM tpl WHERE big = 10", "SELECT id FROM tpl WHERE big = 30000000000");
    sameAsFresh("SELECT id FROM tpl ORDER BY id LIMIT 1", "SELECT id FROM tpl ORDER BY id LIMIT 3");
    sameAsFresh("SELECT id FROM tpl ORDER BY id LIMIT 1, 1", "SELECT id FROM tpl ORDER BY id LIMIT 2, 2");
    sameAsFresh("SELECT id + 1 FROM tpl WHERE id = 1", "SELECT id + 2 FROM tpl WHERE id = 1");
    sameAsFresh("SELECT 'a', id FROM tpl WHERE id = 1", "SELECT 'b', id FROM tpl WHERE id = 2");
    sameAsFresh("SELECT id FROM tpl WHERE id IN (1, 2) ORDER BY id", "SELECT id FROM tpl WHERE id IN (4, 5) ORDER BY id");
    sameAsFresh("SELECT id FROM tpl WHERE id = -1", "SELECT id FROM tpl WHERE id = -5");
    sameAsFresh("SELECT id FROM tpl WHERE id = 0x1", "SELECT id FROM tpl WHERE id = 0x2");
    sameAsFresh("SELECT id FROM tpl WHERE id = 1e0", "SELECT id FROM tpl WHERE id = 2e0");
    sameAsFresh("SELECT id FROM tpl WHERE name = _utf8mb4'one'", "SELECT id FROM tpl WHERE name = _utf8mb4'five'");
    sameAsFresh("SELECT id FROM tpl WHERE name LIKE 'o%' ORDER BY id", "SELECT id FROM tpl WHERE name LIKE 'f%' ORDER BY id");
    sameAsFresh("SELECT id FROM tpl WHERE id = 1", "SELECT id FROM tpl WHERE id = 'x'");
  }

  @Test
  void writesOfTheSameShapeAnswerLikeAFreshSession() {
    try (Session m = mysql()) {
      m.execute("CREATE TABLE tplw (id INT PRIMARY KEY, v VARCHAR(5))");
      assertEquals(2, m.execute("INSERT INTO tplw (id, v) VALUES (1, 'a'), (2, 'b')").rowCount());
      assertEquals(2, m.execute("INSERT INTO tplw (id, v) VALUES (3, 'c'), (4, 'd''')").rowCount());
      // a duplicate key and a value too long fail as they would at first sight
      assertTrue(outcome(m, "INSERT INTO tplw (id, v) VALUES (5, 'e'), (1, 'f')").startsWith("error UNIQUE_VIOLATION"));
      assertTrue(outcome(m, "INSERT INTO tplw (id, v) VALUES (6, 'toolong'), (7, 'g')").startsWith("error"));
      assertEquals(1, m.execute("UPDATE tplw SET v = 'x' WHERE id = 1").rowCount());
      assertEquals(1, m.execute("UPDATE tplw SET v = 'y' WHERE id = 2").rowCount());
      assertEquals(0, m.execute("UPDATE tplw SET v = 'z' WHERE id = 42").rowCount());
      assertEquals(1, m.execute("DELETE FROM tplw WHERE id = 3").rowCount());
      assertEquals(1, m.execute("DELETE FROM tplw WHERE id = 4").rowCount());
      assertEquals(List.of(List.of(1, "x"), List.of(2, "y")),
          EngineHarness.rows(m.execute("SELECT id, v FROM tplw ORDER BY id")));
    }
  }

  @Test
  void pointReadsApprovedOnTheEventLoopRunTheirOwnValues() {
    try (Session m = mysql()) {
      String first = "SELECT id, name FROM tpl WHERE id = 1";
      assertEquals(List.of(List.of(1, "one")), EngineHarness.rows(m.execute(first)));
      for (int id = 2; id <= 5; id++) {
        String sql = "SELECT id, name FROM tpl WHERE id = " + id;
        assertTrue(m.isPointRead(sql), sql);
        assertEquals(id, EngineHarness.rows(m.execute(sql)).get(0).get(0));
      }
      // approved, but another statement comes: it runs its own values
      assertTrue(m.isPointRead("SELECT id, name FROM tpl WHERE id = 2"));
      assertEquals(List.of(List.of(5, "five")), EngineHarness.rows(m.execute("SELECT id, name FROM tpl WHERE id = 5")));
    }
  }

  @Test
  void useOfAnotherDatabaseReadsItsOwnTable() {
    try (Session m = mysql()) {
      m.execute("CREATE DATABASE tplshop");
      m.execute("CREATE TABLE tplshop.tpl (id INT PRIMARY KEY, name VARCHAR(40))");
      m.execute("INSERT INTO tplshop.tpl (id, name) VALUES (1, 'shop-one')");
      assertEquals(List.of(List.of("one")), EngineHarness.rows(m.execute("SELECT name FROM tpl WHERE id = 1")));
      m.execute("USE tplshop");
      assertEquals(List.of(List.of("shop-one")), EngineHarness.rows(m.execute("SELECT name FROM tpl WHERE id = 1")));
      m.execute("USE heliosdb");
      assertEquals(List.of(List.of("one")), EngineHarness.rows(m.execute("SELECT name FROM tpl WHERE id = 1")));
    }
  }

  /**
   * A shape one connection has run is a template for every other: a new connection's first
   * statement of it is not translated (short-lived connections paid a translation of their 40 KB
   * multi-row INSERT each), and answers as translated afresh. A connection whose translation context
   * differs (another current database, changed session variables) does not use it.
   */
  @Test
  void aNewConnectionUsesTheTemplatesOfEarlierOnes() {
    MySqlTemplateStore store = h.engine.mysqlTemplates();
    store.clear();
    String probe = "SELECT id, name FROM tpl WHERE id IN (2, 5) ORDER BY id";
    String fresh;
    try (Session cold = mysql()) {
      fresh = outcome(cold, probe);
    }
    store.clear();
    try (Session first = mysql()) {
      outcome(first, "SELECT id, name FROM tpl WHERE id IN (1, 3) ORDER BY id");
    }
    assertEquals(1, store.size());
    long hits = store.hits();
    try (Session second = mysql()) {
      assertEquals(fresh, outcome(second, probe));
    }
    assertEquals(hits + 1, store.hits(), "the second connection's first statement used the template");
    assertEquals(1, store.size());

    try (Session other = mysql()) {
      other.execute("SET SESSION sql_mode = 'ANSI_QUOTES'");
      assertEquals(fresh, outcome(other, probe));
    }
    assertEquals(2, store.size(), "changed session variables: a template of its own");
    try (Session other = mysql()) {
      other.execute("USE tplctx");
      assertTrue(outcome(other, probe).startsWith("error"), "tplctx has no table tpl");
    }
    assertEquals(3, store.size(), "another database: a template of its own");
  }

  @BeforeAll
  void otherDatabase() {
    try (Session m = mysql()) {
      m.execute("CREATE DATABASE tplctx");
    }
  }
}
