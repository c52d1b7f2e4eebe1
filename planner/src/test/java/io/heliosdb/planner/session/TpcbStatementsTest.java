package io.heliosdb.planner.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heliosdb.planner.EngineTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pgbench's TPC-B statements (simple protocol, literals inline) plan once per shape, not per text. */
class TpcbStatementsTest extends EngineTestBase {
  @Override
  protected void setUp() {
    q("CREATE TABLE pgbench_branches (bid INT NOT NULL, bbalance INT, filler CHAR(88)) WITH (fillfactor=100)");
    q("CREATE TABLE pgbench_tellers (tid INT NOT NULL, bid INT, tbalance INT, filler CHAR(84)) WITH (fillfactor=100)");
    q("CREATE TABLE pgbench_accounts (aid INT NOT NULL, bid INT, abalance INT, filler CHAR(84)) WITH (fillfactor=100)");
    q("CREATE TABLE pgbench_history (tid INT, bid INT, aid INT, delta INT, mtime TIMESTAMP, filler CHAR(22))");
    q("ALTER TABLE pgbench_branches ADD PRIMARY KEY (bid)");
    q("ALTER TABLE pgbench_tellers ADD PRIMARY KEY (tid)");
    q("ALTER TABLE pgbench_accounts ADD PRIMARY KEY (aid)");
    for (int i = 1; i <= 4; i++) {
      q("INSERT INTO pgbench_branches (bid, bbalance) VALUES (" + i + ", 0)");
      q("INSERT INTO pgbench_tellers (tid, bid, tbalance) VALUES (" + i + ", 1, 0)");
      q("INSERT INTO pgbench_accounts (aid, bid, abalance, filler) VALUES (" + i + ", 1, 0, '')");
    }
  }

  private final List<String> planned = new java.util.ArrayList<>();

  /** Runs a statement and notes it if it had to be planned. */
  private void run(String sql) {
    long before = h.engine.planCache().misses();
    q(sql);
    if (h.engine.planCache().misses() != before) {
      planned.add(sql);
    }
  }

  private void transaction(int aid, int tid, int bid, int delta) {
    run("BEGIN");
    run("UPDATE pgbench_accounts SET abalance = abalance + " + delta + " WHERE aid = " + aid);
    run("SELECT abalance FROM pgbench_accounts WHERE aid = " + aid);
    run("UPDATE pgbench_tellers SET tbalance = tbalance + " + delta + " WHERE tid = " + tid);
    run("UPDATE pgbench_branches SET bbalance = bbalance + " + delta + " WHERE bid = " + bid);
    run("INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (" + tid + ", " + bid + ", " + aid + ", "
        + delta + ", CURRENT_TIMESTAMP)");
    run("END");
  }

  @Test
  void repeatedShapesHitThePlanCache() {
    transaction(1, 1, 1, 5);
    transaction(2, 2, 2, -7);
    planned.clear();
    transaction(3, 3, 3, 1234);
    transaction(4, 4, 4, -4321);
    transaction(1, 2, 3, 0);
    assertEquals(List.of(), planned, "statements of a known shape planned again");
    assertEquals(List.of(List.of(5)), q("SELECT abalance FROM pgbench_accounts WHERE aid = 1"));
    assertEquals(List.of(List.of(5L)), q("SELECT count(*) FROM pgbench_history"));
  }

  @Test
  void aTableMadeAgainIsWrittenWithItsNewColumnsAndReferences() {
    q("CREATE TABLE ddl_t (id INT PRIMARY KEY, v INT)");
    q("INSERT INTO ddl_t VALUES (1, 10)");
    q("UPDATE ddl_t SET v = v + 1 WHERE id = 1");
    assertEquals(List.of(List.of(1, 11)), q("SELECT id, v FROM ddl_t"));
    // The same name, other columns and key types: the session must not write with the old ones.
    q("DROP TABLE ddl_t");
    q("CREATE TABLE ddl_t (w TEXT, id BIGINT PRIMARY KEY, v INT)");
    q("INSERT INTO ddl_t VALUES ('one', 1, 10), ('two', 2, 20)");
    q("UPDATE ddl_t SET v = v + 1 WHERE id = 2");
    assertEquals(List.of(List.of("one", 1L, 10), List.of("two", 2L, 21)), q("SELECT w, id, v FROM ddl_t ORDER BY id"));
    // A reference made after the session wrote the table: the parent's writes now check it.
    q("CREATE TABLE ddl_child (id INT PRIMARY KEY, parent INT REFERENCES ddl_t (id))");
    q("INSERT INTO ddl_child VALUES (1, 2)");
    assertEquals("23503", fails("DELETE FROM ddl_t WHERE id = 2").code().sqlState());
  }

  @Test
  void anUpdateByPrimaryKeyKeepsTheColumnsItDoesNotAssignAsStored() {
    q("CREATE TABLE keep_t (id INT PRIMARY KEY, n NUMERIC(10,3), c CHAR(5), ts TIMESTAMP, d DOUBLE PRECISION, v INT)");
    q("INSERT INTO keep_t VALUES (1, 1.500, 'ab', '2026-01-02 03:04:05.123456', 0.1, 1), (2, NULL, NULL, NULL, NULL, 2)");
    List<List<Object>> one = q("SELECT id, n, c, ts, d FROM keep_t WHERE id = 1");
    List<List<Object>> two = q("SELECT id, n, c, ts, d FROM keep_t WHERE id = 2");
    q("BEGIN");
    q("UPDATE keep_t SET v = v + 10 WHERE id = 1");
    q("UPDATE keep_t SET v = v + 10 WHERE id = 1");
    q("UPDATE keep_t SET v = v + 1 WHERE id = 2");
    q("COMMIT");
    assertEquals(one, q("SELECT id, n, c, ts, d FROM keep_t WHERE id = 1"));
    assertEquals(two, q("SELECT id, n, c, ts, d FROM keep_t WHERE id = 2"));
    assertEquals(List.of(List.of(21), List.of(3)), q("SELECT v FROM keep_t ORDER BY id"));
    q("DELETE FROM keep_t WHERE id = 2");
    q("UPDATE keep_t SET id = 2 WHERE id = 1");
    assertEquals(List.of(List.of(2, 21)), q("SELECT id, v FROM keep_t"));
  }

  @Test
  void anUpdateByPrimaryKeyReadsItsRowOnce() {
    q("CREATE TABLE once_t (id INT PRIMARY KEY, v INT, pad CHAR(10))");
    q("INSERT INTO once_t VALUES (1, 1, 'x')");
    q("BEGIN");
    q("UPDATE once_t SET v = v + 1 WHERE id = 1");
    h.clearCalls();
    q("UPDATE once_t SET v = v + 1 WHERE id = 1");
    long gets = h.calls().stream().filter(c -> c.method().equals("Get")).count();
    q("COMMIT");
    assertEquals(1, gets, "point reads of one UPDATE by primary key: " + h.calls());
    assertEquals(List.of(List.of(3)), q("SELECT v FROM once_t WHERE id = 1"));
  }
}
