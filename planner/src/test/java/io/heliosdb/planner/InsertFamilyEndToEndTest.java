package io.heliosdb.planner;

import static io.heliosdb.planner.EngineHarness.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.planner.api.Dialect;
import io.heliosdb.planner.api.PreparedStatement;
import io.heliosdb.planner.api.Session;
import io.heliosdb.planner.api.SessionOptions;
import io.heliosdb.planner.api.StatementResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** RETURNING, ON CONFLICT and MySQL's upsert forms against a real engine. */
class InsertFamilyEndToEndTest extends EngineTestBase {
  private ErrorCode codeOf(String sql) {
    HeliosException e = assertThrows(HeliosException.class, () -> rows(s.execute(sql)));
    if (e.code() == ErrorCode.INTERNAL_ERROR) {
      throw new AssertionError(e.getMessage(), e);
    }
    return e.code();
  }

  @Test
  void returningFromInsertUpdateDelete() {
    s.execute("CREATE TABLE r (id SERIAL PRIMARY KEY, name TEXT, n INT DEFAULT 7)");
    StatementResult ins = s.execute("INSERT INTO r (name) VALUES ('a'), ('b') RETURNING id, name, n * 2 AS doubled");
    assertEquals("INSERT", ins.command());
    assertEquals(List.of("id", "name", "doubled"), ins.columns().stream().map(c -> c.name()).toList());
    assertEquals(List.of(List.of(1, "a", 14), List.of(2, "b", 14)), rows(ins));
    assertEquals(List.of(List.of(3, "c", 7)), rows(s.execute("INSERT INTO r AS x (name) VALUES ('c') RETURNING *")));
    assertEquals(List.of(List.of(2, 8)), rows(s.execute("UPDATE r SET n = n + 1 WHERE id = 2 RETURNING r.id, n")));
    assertEquals(List.of(List.of("a")), rows(s.execute("DELETE FROM r WHERE id = 1 RETURNING name")));
    assertEquals(List.of(List.of(2L)), rows(s.execute("SELECT count(*) FROM r")));
    StatementResult none = s.execute("DELETE FROM r WHERE id = 99 RETURNING id");
    assertEquals(List.of(), rows(none));
    assertEquals(ErrorCode.UNDEFINED_COLUMN, codeOf("INSERT INTO r (name) VALUES ('z') RETURNING nope"));
  }

  @Test
  void returningThroughAPreparedStatement() {
    s.execute("CREATE TABLE rp (id BIGSERIAL PRIMARY KEY, v TEXT)");
    PreparedStatement p = s.prepare("INSERT INTO rp (v) VALUES ($1) RETURNING id", Arrays.asList((DataType) null));
    assertEquals(List.of("id"), p.resultColumns().stream().map(c -> c.name()).toList());
    assertEquals("INSERT", p.command());
    assertEquals(List.of(List.of(1L)), rows(s.execute(p, List.of("x"))));
    assertEquals(List.of(List.of(2L)), rows(s.execute(p, List.of("y"))));
  }

  @Test
  void preparedMultiRowInsertWithLiteralsFillsDefaults() {
    s.execute("CREATE TABLE pd (k INT PRIMARY KEY, v TEXT, n INT DEFAULT 0)");
    PreparedStatement p = s.prepare("INSERT INTO pd (k, v) VALUES (1, 'a'), (2, 'b')", List.of());
    assertEquals(2, s.execute(p, List.of()).rowCount());
    assertEquals(List.of(List.of(1, 0), List.of(2, 0)), rows(s.execute("SELECT k, n FROM pd ORDER BY k")));
  }

  @Test
  void onConflictDoNothingAndDoUpdate() {
    s.execute("CREATE TABLE kv (k INT PRIMARY KEY, v TEXT, hits INT DEFAULT 1)");
    s.execute("INSERT INTO kv (k, v) VALUES (1, 'one')");
    assertEquals(1, s.execute("INSERT INTO kv (k, v) VALUES (1, 'uno'), (2, 'two') ON CONFLICT DO NOTHING").rowCount());
    assertEquals(0, s.execute("INSERT INTO kv (k, v) VALUES (2, 'dos') ON CONFLICT (k) DO NOTHING").rowCount());
    StatementResult up = s.execute("INSERT INTO kv (k, v) VALUES (1, 'uno'), (3, 'three') ON CONFLICT (k) DO UPDATE "
        + "SET v = EXCLUDED.v, hits = kv.hits + 1 RETURNING k, v, hits");
    assertEquals(List.of(List.of(1, "uno", 2), List.of(3, "three", 1)), rows(up));
    assertEquals(0, s.execute("INSERT INTO kv AS t (k, v) VALUES (1, 'ignored') ON CONFLICT ON CONSTRAINT kv_pkey "
        + "DO UPDATE SET v = excluded.v WHERE t.hits > 5").rowCount());
    assertEquals(List.of(List.of("uno")), rows(s.execute("SELECT v FROM kv WHERE k = 1")));
    assertEquals(ErrorCode.CARDINALITY_VIOLATION,
        codeOf("INSERT INTO kv (k, v) VALUES (5, 'a'), (5, 'b') ON CONFLICT (k) DO UPDATE SET v = excluded.v"));
    assertEquals(ErrorCode.INVALID_COLUMN_REFERENCE,
        codeOf("INSERT INTO kv (k, v) VALUES (1, 'a') ON CONFLICT (v) DO NOTHING"));
    assertEquals(ErrorCode.UNDEFINED_OBJECT,
        codeOf("INSERT INTO kv (k, v) VALUES (1, 'a') ON CONFLICT ON CONSTRAINT nope DO NOTHING"));
    assertEquals(ErrorCode.SYNTAX_ERROR, codeOf("INSERT INTO kv (k, v) VALUES (1, 'a') ON CONFLICT DO UPDATE SET v = 'b'"));
    assertEquals(ErrorCode.AMBIGUOUS_COLUMN,
        codeOf("INSERT INTO kv (k, v) VALUES (1, 'a') ON CONFLICT (k) DO UPDATE SET hits = hits + 1"));
    // inside a block the upsert sees the block's own writes
    s.execute("BEGIN");
    s.execute("INSERT INTO kv (k, v) VALUES (10, 'ten')");
    s.execute("INSERT INTO kv (k, v) VALUES (10, 'TEN') ON CONFLICT (k) DO UPDATE SET v = excluded.v");
    s.execute("COMMIT");
    assertEquals(List.of(List.of("TEN")), rows(s.execute("SELECT v FROM kv WHERE k = 10")));
  }

  @Test
  void concurrentUpsertsOfOneKeyNeverDuplicate() throws Exception {
    s.execute("CREATE TABLE counter (k INT PRIMARY KEY, n INT)");
    int threads = 4;
    int each = 15;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<Integer> work = () -> {
          int ok = 0;
          try (Session mine = h.session()) {
            for (int i = 0; i < each; i++) {
              try {
                mine.execute("INSERT INTO counter VALUES (1, 1) ON CONFLICT (k) DO UPDATE SET n = counter.n + 1");
                ok++;
              } catch (HeliosException e) {
                assertEquals(ErrorCode.SERIALIZATION_FAILURE, e.code(), e.getMessage());
              }
            }
          }
          return ok;
        };
        done.add(pool.submit(work));
      }
      int succeeded = 0;
      for (Future<Integer> f : done) {
        succeeded += f.get();
      }
      List<List<Object>> got = rows(s.execute("SELECT k, n FROM counter"));
      assertEquals(1, got.size(), got.toString());
      assertEquals(succeeded, got.get(0).get(1), "every successful upsert counted exactly once");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void mysqlUpsertForms() {
    s.execute("CREATE TABLE my (id INT PRIMARY KEY, v TEXT, n INT)");
    try (Session m = h.engine.open(new SessionOptions("heliosdb", null, "test", Dialect.MYSQL, Map.of()))) {
      m.execute("USE public");
      assertEquals(1, m.execute("INSERT INTO my VALUES (1, 'a', 1)").rowCount());
      assertEquals(2, m.execute("INSERT INTO my VALUES (1, 'b', 1) ON DUPLICATE KEY UPDATE v = VALUES(v), n = n + 1")
          .rowCount());
      assertEquals(0, m.execute("INSERT INTO my VALUES (1, 'b', 2) ON DUPLICATE KEY UPDATE v = VALUES(v)").rowCount());
      assertEquals(2, m.execute("INSERT INTO my VALUES (1, 'c', 0) AS new ON DUPLICATE KEY UPDATE v = new.v").rowCount());
      assertEquals(List.of(List.of("c", 2)), rows(m.execute("SELECT v, n FROM my WHERE id = 1")));
      StatementResult ignored = m.execute("INSERT IGNORE INTO my VALUES (1, 'x', 0), (2, 'y', 0)");
      assertEquals(1, ignored.rowCount());
      assertEquals("1", ignored.changedSettings().get("warning_count"));
      assertEquals(2, m.execute("REPLACE INTO my VALUES (2, 'z', 9)").rowCount());
      assertEquals(1, m.execute("REPLACE INTO my (id, v, n) VALUES (3, 'w', 0)").rowCount());
      assertEquals(List.of(List.of(1, "c"), List.of(2, "z"), List.of(3, "w")),
          rows(m.execute("SELECT id, v FROM my ORDER BY id")));
    }
    assertEquals(ErrorCode.SYNTAX_ERROR, codeOf("REPLACE INTO my VALUES (2, 'z', 9)"));
  }

  @Test
  void mysqlAutoIncrement() {
    try (Session m = h.engine.open(new SessionOptions("heliosdb", null, "test", Dialect.MYSQL, Map.of()))) {
      m.execute("USE public");
      m.execute("CREATE TABLE ai (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10))");
      StatementResult first = m.execute("INSERT INTO ai (v) VALUES ('a')");
      assertEquals(1L, first.lastInsertId());
      assertEquals(2L, m.execute("INSERT INTO ai (v) VALUES ('b'), ('c')").lastInsertId());
      m.execute("INSERT INTO ai (id, v) VALUES (100, 'x')");
      assertEquals(101L, m.execute("INSERT INTO ai (id, v) VALUES (NULL, 'y')").lastInsertId());
      assertEquals(102L, m.execute("INSERT INTO ai (id, v) VALUES (0, 'z')").lastInsertId());
      assertEquals(List.of(List.of(1), List.of(2), List.of(3), List.of(100), List.of(101), List.of(102)),
          rows(m.execute("SELECT id FROM ai ORDER BY id")));
      assertEquals(List.of(List.of(102L)), rows(m.execute("SELECT LAST_INSERT_ID()")));
      String ddl = (String) rows(m.execute("SHOW CREATE TABLE ai")).get(0).get(1);
      org.junit.jupiter.api.Assertions.assertTrue(ddl.contains("`id` int NOT NULL AUTO_INCREMENT,"), ddl);
      assertEquals("auto_increment", rows(m.execute("DESCRIBE ai")).get(0).get(5));
    }
  }
}
