package io.heliosdb.planner;

import static io.heliosdb.planner.EngineHarness.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.planner.api.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlEndToEndTest extends EngineTestBase {
  @Override
  protected void setUp() throws Exception {
    s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, price NUMERIC(10,2), qty INT)");
    for (int i = 1; i <= 200; i++) {
      s.execute("INSERT INTO items VALUES (" + i + ", 'item" + i + "', " + (i % 10) + ".50, " + (i % 7) + ")");
    }
  }

  @Test
  void pointLookupByPrimaryKey() {
    List<List<Object>> r = rows(s.execute("SELECT name, qty FROM items WHERE id = 42"));
    assertEquals(List.of(List.of("item42", 0)), r);
  }

  @Test
  void filteredAggregateRunsInCells() {
    List<List<Object>> r = rows(s.execute("SELECT qty, COUNT(*), SUM(id), MIN(id), MAX(id) FROM items WHERE id > 100 GROUP BY qty ORDER BY qty"));
    assertEquals(7, r.size());
    long total = 0;
    for (List<Object> row : r) {
      total += (Long) row.get(1);
    }
    assertEquals(100, total);
    String plan = rows(s.execute("EXPLAIN SELECT qty, COUNT(*) FROM items WHERE id > 100 GROUP BY qty")).toString();
    assertTrue(plan.contains("HeliosTableScan"), plan);
    assertTrue(plan.contains("filter="), plan);
    assertTrue(plan.contains("aggregate="), plan);
  }

  @Test
  void orderByLimitOffsetOnTheDirectPath() {
    assertEquals(List.of(List.of(199), List.of(198), List.of(197)),
        rows(s.execute("SELECT id FROM items ORDER BY id DESC LIMIT 3 OFFSET 1")));
    assertEquals(List.of(List.of("item1", 1), List.of("item2", 2)),
        rows(s.execute("SELECT name, id FROM items WHERE id < 3 ORDER BY name")));
    assertEquals(2, rows(s.execute("SELECT id FROM items LIMIT 2")).size());
  }

  @Test
  void distinctAggregatesAndAggregatesOverPointLookups() {
    assertEquals(List.of(List.of(7L)), rows(s.execute("SELECT COUNT(DISTINCT qty) FROM items")));
    assertEquals(List.of(List.of(1L, 42)), rows(s.execute("SELECT COUNT(*), MAX(id) FROM items WHERE id = 42")));
    assertEquals(List.of(java.util.Arrays.asList(0L, null)),
        rows(s.execute("SELECT COUNT(*), MAX(id) FROM items WHERE id = 9999")));
  }

  @Test
  void literalsThatCannotBeParametersArePlannedAsWritten() {
    assertEquals(List.of(List.of(0L)), rows(s.execute("SELECT COUNT(*) FROM items WHERE 'x' = 'y'")));
    assertEquals(List.of(List.of(2L)), rows(s.execute("SELECT COUNT(*) FROM items WHERE 'a' = 'a' AND id <= 2")));
  }

  @Test
  void avgIsExact() {
    List<List<Object>> r = rows(s.execute("SELECT AVG(id) FROM items WHERE id <= 4"));
    assertEquals(0, new java.math.BigDecimal("2.5").compareTo((java.math.BigDecimal) r.get(0).get(0)), r.toString());
  }

  @Test
  void updateDeleteAndErrors() {
    s.execute("CREATE TABLE t2 (a INT PRIMARY KEY, b TEXT)");
    s.execute("INSERT INTO t2 VALUES (1, 'x'), (2, 'y'), (3, 'z')");
    assertEquals(1, s.execute("UPDATE t2 SET b = 'w' WHERE a = 2").rowCount());
    assertEquals(List.of(List.of("w")), rows(s.execute("SELECT b FROM t2 WHERE a = 2")));
    assertEquals(2, s.execute("DELETE FROM t2 WHERE a <> 2").rowCount());
    assertEquals(List.of(List.of(1L)), rows(s.execute("SELECT COUNT(*) FROM t2")));
    HeliosException dup = assertThrows(HeliosException.class, () -> s.execute("INSERT INTO t2 VALUES (2, 'again')"));
    assertEquals(ErrorCode.UNIQUE_VIOLATION, dup.code());
    assertEquals(ErrorCode.UNDEFINED_TABLE, assertThrows(HeliosException.class, () -> s.execute("SELECT * FROM nope")).code());
    HeliosException col = assertThrows(HeliosException.class, () -> s.execute("SELECT nope FROM t2"));
    assertEquals(ErrorCode.UNDEFINED_COLUMN, col.code(), col.getMessage());
    assertEquals(ErrorCode.SYNTAX_ERROR, assertThrows(HeliosException.class, () -> s.execute("SELEC 1")).code());
  }

  @Test
  void failedMultiRowInsertLeavesNothingOnAnyCell() {
    s.execute("CREATE TABLE atomic_ins (k INT PRIMARY KEY)");
    s.execute("INSERT INTO atomic_ins VALUES (500)");
    StringBuilder sql = new StringBuilder("INSERT INTO atomic_ins VALUES (1)");
    for (int i = 2; i <= 40; i++) {
      sql.append(", (").append(i).append(")");
    }
    sql.append(", (500)");
    HeliosException e = assertThrows(HeliosException.class, () -> s.execute(sql.toString()));
    assertEquals(ErrorCode.UNIQUE_VIOLATION, e.code());
    assertEquals(List.of(List.of(1L)), rows(s.execute("SELECT COUNT(*) FROM atomic_ins")));
    assertEquals(List.of(List.of(500)), rows(s.execute("SELECT k FROM atomic_ins")));
  }

  @Test
  void updateMovingPrimaryKeys() {
    s.execute("CREATE TABLE moves (k INT PRIMARY KEY, v TEXT)");
    s.execute("INSERT INTO moves VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    assertEquals(3, s.execute("UPDATE moves SET k = k + 1").rowCount());
    assertEquals(List.of(List.of(2, "a"), List.of(3, "b"), List.of(4, "c")),
        rows(s.execute("SELECT k, v FROM moves ORDER BY k")));
    HeliosException e = assertThrows(HeliosException.class, () -> s.execute("UPDATE moves SET k = 4 WHERE k = 2"));
    assertEquals(ErrorCode.UNIQUE_VIOLATION, e.code());
  }

  @Test
  void uncommittedWritesAreInvisibleToOtherSessionsUntilCommit() {
    s.execute("CREATE TABLE iso (k INT PRIMARY KEY, v INT)");
    Session other = h.session();
    s.execute("BEGIN");
    // 40 rows land on both cells: the commit is atomic across them.
    StringBuilder sql = new StringBuilder("INSERT INTO iso VALUES (0, 0)");
    for (int i = 1; i < 40; i++) {
      sql.append(", (").append(i).append(", ").append(i).append(")");
    }
    s.execute(sql.toString());
    assertEquals(List.of(List.of(40L)), rows(s.execute("SELECT COUNT(*) FROM iso")));
    assertEquals(List.of(List.of(0L)), rows(other.execute("SELECT COUNT(*) FROM iso")));
    assertEquals(List.of(), rows(other.execute("SELECT v FROM iso WHERE k = 7")));
    s.execute("COMMIT");
    assertEquals(List.of(List.of(40L)), rows(other.execute("SELECT COUNT(*) FROM iso")));
    assertEquals(List.of(List.of(7)), rows(other.execute("SELECT v FROM iso WHERE k = 7")));
  }

  @Test
  void concurrentUpdatesOfOneRowWaitThenConflictWith40001UnderRepeatableRead() {
    s.execute("CREATE TABLE acct (k INT PRIMARY KEY, balance INT)");
    s.execute("INSERT INTO acct VALUES (1, 100)");
    Session other = h.session();
    s.execute("BEGIN");
    s.execute("UPDATE acct SET balance = balance - 10 WHERE k = 1");
    other.execute("BEGIN");
    other.execute("SET lock_timeout = '200ms'");
    // The second writer waits for the first (ADR 0008); here the first never ends, so lock_timeout does.
    HeliosException e = assertThrows(HeliosException.class,
        () -> other.execute("UPDATE acct SET balance = balance - 20 WHERE k = 1"));
    assertEquals(ErrorCode.LOCK_NOT_AVAILABLE, e.code());
    other.execute("ROLLBACK");
    other.execute("SET lock_timeout = 0");
    s.execute("COMMIT");
    assertEquals(List.of(List.of(90)), rows(other.execute("SELECT balance FROM acct WHERE k = 1")));
    // A transaction that started before that commit and writes the row loses (first committer wins).
    // (SET TRANSACTION outside a block has no effect in PostgreSQL: the level goes with BEGIN.)
    other.execute("BEGIN ISOLATION LEVEL REPEATABLE READ");
    assertEquals(List.of(List.of(90)), rows(other.execute("SELECT balance FROM acct WHERE k = 1")));
    s.execute("UPDATE acct SET balance = 50 WHERE k = 1");
    assertEquals(List.of(List.of(90)), rows(other.execute("SELECT balance FROM acct WHERE k = 1")));
    assertEquals(ErrorCode.SERIALIZATION_FAILURE, assertThrows(HeliosException.class,
        () -> other.execute("UPDATE acct SET balance = 0 WHERE k = 1")).code());
    other.execute("ROLLBACK");
    assertEquals(List.of(List.of(50)), rows(other.execute("SELECT balance FROM acct WHERE k = 1")));
  }

  @Test
  void declaredCursorsStreamInWindows() {
    assertEquals(ErrorCode.NO_ACTIVE_TRANSACTION, assertThrows(HeliosException.class,
        () -> s.execute("DECLARE c CURSOR FOR SELECT id FROM items")).code());
    s.execute("BEGIN");
    s.execute("DECLARE \"Big\" NO SCROLL CURSOR WITHOUT HOLD FOR SELECT id FROM items WHERE id <= 25 ORDER BY id");
    assertEquals(10, rows(s.execute("FETCH FORWARD 10 FROM \"Big\"")).size());
    assertEquals(5, s.execute("MOVE 5 IN \"Big\"").rowCount());
    assertEquals(List.of(List.of(16)), rows(s.execute("FETCH NEXT FROM \"Big\"")));
    assertEquals(9, rows(s.execute("FETCH ALL FROM \"Big\"")).size());
    assertEquals(0, rows(s.execute("FETCH 5 FROM \"Big\"")).size());
    assertEquals(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE, assertThrows(HeliosException.class,
        () -> s.execute("FETCH PRIOR FROM \"Big\"")).code());
    s.execute("ROLLBACK");
    s.execute("BEGIN");
    assertEquals(ErrorCode.INVALID_CURSOR_NAME, assertThrows(HeliosException.class,
        () -> s.execute("FETCH 1 FROM \"Big\"")).code());
    s.execute("ROLLBACK");
  }

  @Test
  void statementTimeoutCancelsWith57014() {
    Session t = h.session();
    t.execute("SET statement_timeout = '1ms'");
    // A cross join of the 200-row table with itself three times: far longer than 1 ms.
    HeliosException e = assertThrows(HeliosException.class, () -> {
      var r = t.execute("SELECT COUNT(*) FROM items a, items b, items c WHERE a.qty + b.qty + c.qty = -1");
      while (r.rows().next()) {
        // drain
      }
    });
    assertEquals(ErrorCode.QUERY_CANCELED, e.code());
    t.execute("RESET statement_timeout");
    assertEquals(List.of(List.of(1L)), rows(t.execute("SELECT COUNT(*) FROM items WHERE id = 1")));
    assertEquals(90_000, io.heliosdb.planner.session.HeliosSession.timeoutMillis("90s"));
  }

  @Test
  void tableWithoutPrimaryKeyAndRollback() {
    s.execute("CREATE TABLE nopk (a INT, b TEXT)");
    s.execute("INSERT INTO nopk VALUES (1, 'a'), (1, 'a'), (2, 'b')");
    assertEquals(List.of(List.of(1, "a"), List.of(1, "a"), List.of(2, "b")),
        rows(s.execute("SELECT * FROM nopk ORDER BY a")));
    s.execute("BEGIN");
    assertEquals(2, s.execute("DELETE FROM nopk WHERE a = 1").rowCount());
    assertEquals(List.of(List.of(1L)), rows(s.execute("SELECT COUNT(*) FROM nopk")));
    s.execute("ROLLBACK");
    assertEquals(List.of(List.of(3L)), rows(s.execute("SELECT COUNT(*) FROM nopk")));
  }

  @Test
  void joinAndSubquery() {
    s.execute("CREATE TABLE cats (qty INT PRIMARY KEY, label TEXT)");
    s.execute("INSERT INTO cats VALUES (0, 'zero'), (1, 'one')");
    List<List<Object>> r = rows(s.execute(
        "SELECT c.label, COUNT(*) FROM items i JOIN cats c ON i.qty = c.qty GROUP BY c.label ORDER BY c.label"));
    assertEquals(2, r.size());
    List<List<Object>> sub = rows(s.execute("SELECT COUNT(*) FROM items WHERE qty IN (SELECT qty FROM cats)"));
    assertEquals(List.of(List.of((Long) r.get(0).get(1) + (Long) r.get(1).get(1))), sub);
  }

  @Test
  void preparedStatementsReusePlans() {
    var ps = s.prepare("SELECT name FROM items WHERE id = $1", null);
    assertEquals(List.of(List.of("item7")), rows(s.execute(ps, List.of(7))));
    assertEquals(List.of(List.of("item8")), rows(s.execute(ps, List.of(8))));
    long hits = h.engine.stats().planCacheHits();
    s.execute("SELECT qty FROM items WHERE id = 11");
    s.execute("SELECT qty FROM items WHERE id = 12");
    assertTrue(h.engine.stats().planCacheHits() > hits);
  }
}
