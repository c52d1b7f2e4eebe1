package io.heliosdb.planner.constraint;

import static io.heliosdb.planner.EngineHarness.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.ConstraintViolation;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.planner.EngineTestBase;
import io.heliosdb.planner.api.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UNIQUE, CHECK, FOREIGN KEY and secondary indexes through a real engine (Raft metadata, RocksDB cells). */
class ConstraintsEndToEndTest extends EngineTestBase {
  private ConstraintViolation violation(String sql) {
    HeliosException e = assertThrows(HeliosException.class, () -> s.execute(sql));
    return assertInstanceOf(ConstraintViolation.class, e, e::getMessage);
  }

  @Test
  void uniqueColumnRefusesDuplicatesButAllowsManyNulls() {
    s.execute("CREATE TABLE u1 (id INT PRIMARY KEY, email VARCHAR(40) UNIQUE, n INT)");
    s.execute("INSERT INTO u1 VALUES (1, 'a@x', 1), (2, NULL, 2), (3, NULL, 3)");
    ConstraintViolation v = violation("INSERT INTO u1 VALUES (4, 'a@x', 4)");
    assertEquals(ErrorCode.UNIQUE_VIOLATION, v.code());
    assertEquals("duplicate key value violates unique constraint \"u1_email_key\"", v.getMessage());
    assertEquals("Key (email)=(a@x) already exists.", v.detail());
    assertEquals("Duplicate entry 'a@x' for key 'u1.u1_email_key'", v.mysqlMessage());
    // within one statement
    assertEquals(ErrorCode.UNIQUE_VIOLATION, violation("INSERT INTO u1 VALUES (5, 'b@x', 5), (6, 'b@x', 6)").code());
    // an update moving onto a taken value, then freeing and reusing one
    assertEquals(ErrorCode.UNIQUE_VIOLATION, violation("UPDATE u1 SET email = 'a@x' WHERE id = 2").code());
    s.execute("UPDATE u1 SET email = 'c@x' WHERE id = 1");
    s.execute("INSERT INTO u1 VALUES (7, 'a@x', 7)");
    s.execute("DELETE FROM u1 WHERE id = 7");
    s.execute("INSERT INTO u1 VALUES (8, 'a@x', 8)");
    assertEquals(List.of(List.of(8)), rows(s.execute("SELECT id FROM u1 WHERE email = 'a@x'")));
  }

  @Test
  void createUniqueIndexBackfillsAndRefusesExistingDuplicates() {
    s.execute("CREATE TABLE u2 (id INT PRIMARY KEY, code INT, tag TEXT)");
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      values.append(i == 0 ? "" : ", ").append("(").append(i).append(", ").append(i % 25).append(", 't").append(i)
          .append("')");
    }
    s.execute("INSERT INTO u2 VALUES " + values);
    ConstraintViolation v = violation("CREATE UNIQUE INDEX u2_code ON u2 (code)");
    assertTrue(v.getMessage().contains("could not create unique index \"u2_code\""), v.getMessage());
    assertTrue(v.detail().endsWith("is duplicated."), v.detail());
    // the failed index is gone, and a plain one on the same column builds
    s.execute("CREATE INDEX u2_code ON u2 (code)");
    s.execute("CREATE UNIQUE INDEX IF NOT EXISTS u2_code ON u2 (tag)");
    s.execute("CREATE UNIQUE INDEX u2_tag ON u2 (tag)");
    assertEquals(ErrorCode.UNIQUE_VIOLATION, violation("INSERT INTO u2 VALUES (100, 1, 't3')").code());
    s.execute("DROP INDEX u2_tag");
    s.execute("INSERT INTO u2 VALUES (100, 1, 't3')");
    HeliosException gone = assertThrows(HeliosException.class, () -> s.execute("DROP INDEX u2_tag"));
    assertEquals(ErrorCode.UNDEFINED_OBJECT, gone.code());
    s.execute("DROP INDEX IF EXISTS u2_tag");
  }

  @Test
  void checkConstraintsColumnAndTableLevel() {
    s.execute("CREATE TABLE c1 (id INT PRIMARY KEY, qty INT CHECK (qty >= 0), lo INT, hi INT, "
        + "CONSTRAINT c1_range CHECK (lo < hi))");
    s.execute("INSERT INTO c1 VALUES (1, 5, 1, 2), (2, NULL, NULL, 3)");
    ConstraintViolation v = violation("INSERT INTO c1 VALUES (3, -1, 1, 2)");
    assertEquals(ErrorCode.CHECK_VIOLATION, v.code());
    assertEquals("new row for relation \"c1\" violates check constraint \"c1_qty_check\"", v.getMessage());
    assertEquals("Failing row contains (3, -1, 1, 2).", v.detail());
    assertEquals("c1_range", violation("UPDATE c1 SET hi = 0 WHERE id = 1").constraint());
    s.execute("ALTER TABLE c1 ADD CONSTRAINT c1_small CHECK (qty < 100)");
    assertEquals("c1_small", violation("INSERT INTO c1 VALUES (4, 100, 1, 2)").constraint());
    ConstraintViolation existing = violation("ALTER TABLE c1 ADD CONSTRAINT c1_big CHECK (qty > 10)");
    assertTrue(existing.getMessage().contains("is violated by some row"), existing.getMessage());
    s.execute("INSERT INTO c1 VALUES (5, 1, 1, 2)"); // c1_big was not kept
    s.execute("ALTER TABLE c1 DROP CONSTRAINT c1_small");
    s.execute("INSERT INTO c1 VALUES (6, 100, 1, 2)");
  }

  @Test
  void foreignKeysRestrictCascadeAndSetNull() {
    s.execute("CREATE TABLE p1 (id INT PRIMARY KEY, name TEXT)");
    s.execute("CREATE TABLE k1 (id INT PRIMARY KEY, pid INT REFERENCES p1 (id))");
    s.execute("CREATE TABLE k2 (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES p1 (id) ON DELETE CASCADE)");
    s.execute("CREATE TABLE k3 (id INT PRIMARY KEY, pid INT, CONSTRAINT k3_p FOREIGN KEY (pid) REFERENCES p1 (id) ON DELETE SET NULL)");
    s.execute("INSERT INTO p1 VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    s.execute("INSERT INTO k1 VALUES (1, 1), (2, NULL)");
    ConstraintViolation missing = violation("INSERT INTO k1 VALUES (3, 9)");
    assertEquals(ErrorCode.FOREIGN_KEY_VIOLATION, missing.code());
    assertEquals("insert or update on table \"k1\" violates foreign key constraint \"k1_pid_fkey\"", missing.getMessage());
    assertEquals("Key (pid)=(9) is not present in table \"p1\".", missing.detail());
    assertEquals(1452, missing.mysqlErrno());
    ConstraintViolation referenced = violation("DELETE FROM p1 WHERE id = 1");
    assertEquals("update or delete on table \"p1\" violates foreign key constraint \"k1_pid_fkey\" on table \"k1\"",
        referenced.getMessage());
    assertEquals("Key (id)=(1) is still referenced from table \"k1\".", referenced.detail());
    assertEquals(1451, referenced.mysqlErrno());
    s.execute("INSERT INTO k2 VALUES (1, 2), (2, 2), (3, 3)");
    s.execute("INSERT INTO k3 VALUES (1, 2), (2, 3)");
    s.execute("DELETE FROM p1 WHERE id = 2");
    assertEquals(List.of(List.of(3)), rows(s.execute("SELECT id FROM k2 ORDER BY id")));
    assertEquals(List.of(List.of(1, "null"), List.of(2, "3")),
        rows(s.execute("SELECT id, COALESCE(CAST(pid AS TEXT), 'null') FROM k3 ORDER BY id")));
    HeliosException noKey = assertThrows(HeliosException.class,
        () -> s.execute("CREATE TABLE k4 (id INT PRIMARY KEY, pname TEXT REFERENCES p1 (name))"));
    assertEquals(ErrorCode.INVALID_FOREIGN_KEY, noKey.code());
    HeliosException dropParent = assertThrows(HeliosException.class, () -> s.execute("DROP TABLE p1"));
    assertEquals(ErrorCode.DEPENDENT_OBJECTS_STILL_EXIST, dropParent.code());
    // a foreign key added later checks the rows already there
    s.execute("CREATE TABLE k5 (id INT PRIMARY KEY, pid INT)");
    s.execute("INSERT INTO k5 VALUES (1, 42)");
    assertEquals(ErrorCode.FOREIGN_KEY_VIOLATION,
        violation("ALTER TABLE k5 ADD CONSTRAINT k5_fk FOREIGN KEY (pid) REFERENCES p1 (id)").code());
    s.execute("INSERT INTO k5 VALUES (2, 77)"); // the refused constraint was not kept
  }

  @Test
  void rollbackTakesIndexEntriesAlong() {
    s.execute("CREATE TABLE r1 (id INT PRIMARY KEY, v INT UNIQUE)");
    s.execute("BEGIN");
    s.execute("INSERT INTO r1 VALUES (1, 10)");
    assertEquals(ErrorCode.UNIQUE_VIOLATION, violation("INSERT INTO r1 VALUES (2, 10)").code());
    s.execute("ROLLBACK");
    s.execute("INSERT INTO r1 VALUES (2, 10)");
    assertEquals(List.of(List.of(2)), rows(s.execute("SELECT id FROM r1")));
  }

  @Test
  void indexScansReturnWhatAFullScanReturns() {
    s.execute("CREATE TABLE ix1 (id INT PRIMARY KEY, grp INT, name TEXT)");
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      values.append(i == 0 ? "" : ", ").append("(").append(i).append(", ").append(i % 30).append(", 'n").append(i)
          .append("')");
    }
    s.execute("INSERT INTO ix1 VALUES " + values);
    s.execute("CREATE INDEX ix1_grp ON ix1 (grp)");
    String plan = rows(s.execute("EXPLAIN SELECT id FROM ix1 WHERE grp = 7")).toString();
    assertTrue(plan.contains("HeliosIndexScan") && plan.contains("ix1_grp"), plan);
    List<List<Object>> viaIndex = rows(s.execute("SELECT id FROM ix1 WHERE grp = 7 ORDER BY id"));
    assertEquals(10, viaIndex.size());
    assertEquals(List.of(7), viaIndex.get(0));
    s.execute("UPDATE ix1 SET grp = 8 WHERE id = 7");
    s.execute("DELETE FROM ix1 WHERE id = 37");
    s.execute("INSERT INTO ix1 VALUES (1000, 7, 'new')");
    List<List<Object>> after = rows(s.execute("SELECT id FROM ix1 WHERE grp = 7 ORDER BY id"));
    List<List<Object>> full = rows(s.execute("SELECT id FROM ix1 WHERE grp + 0 = 7 ORDER BY id"));
    assertEquals(full, after);
    assertEquals(9, after.size());
    assertEquals(List.of(List.of(30L)), rows(s.execute("SELECT COUNT(*) FROM ix1 WHERE grp IN (1, 2) OR grp = 3")));
    assertEquals(rows(s.execute("SELECT COUNT(*) FROM ix1 WHERE grp + 0 BETWEEN 5 AND 9")),
        rows(s.execute("SELECT COUNT(*) FROM ix1 WHERE grp BETWEEN 5 AND 9")));
    // inside a transaction the index sees the transaction's own writes
    s.execute("BEGIN");
    s.execute("INSERT INTO ix1 VALUES (1001, 29, 'mine')");
    assertEquals(11, rows(s.execute("SELECT id FROM ix1 WHERE grp = 29")).size());
    s.execute("ROLLBACK");
    assertEquals(10, rows(s.execute("SELECT id FROM ix1 WHERE grp = 29")).size());
  }

  @Test
  void concurrentInsertsOfOneUniqueValueNeverBothCommit() {
    s.execute("CREATE TABLE cc1 (id INT PRIMARY KEY, v INT UNIQUE)");
    Session other = h.session();
    s.execute("BEGIN");
    s.execute("INSERT INTO cc1 VALUES (1, 5)");
    // the other transaction meets the pending entry and waits for it (as PostgreSQL does); the
    // first never ends here, so lock_timeout does: never a second copy
    other.execute("SET lock_timeout = '200ms'");
    HeliosException clash = assertThrows(HeliosException.class, () -> other.execute("INSERT INTO cc1 VALUES (2, 5)"));
    assertEquals(ErrorCode.LOCK_NOT_AVAILABLE, clash.code(), clash.getMessage());
    other.execute("SET lock_timeout = 0");
    s.execute("COMMIT");
    assertEquals(ErrorCode.UNIQUE_VIOLATION,
        assertThrows(HeliosException.class, () -> other.execute("INSERT INTO cc1 VALUES (2, 5)")).code());
    assertEquals(List.of(List.of(1)), rows(s.execute("SELECT id FROM cc1 WHERE v = 5")));
    other.close();
  }

  @Test
  void referencingRowsAreFoundThroughAnIndexOnTheForeignKey() {
    s.execute("CREATE TABLE p2 (id INT PRIMARY KEY)");
    s.execute("CREATE TABLE k6 (id INT PRIMARY KEY, pid INT REFERENCES p2 (id) ON DELETE CASCADE, note TEXT)");
    s.execute("CREATE INDEX k6_pid ON k6 (pid, note)");
    s.execute("CREATE TABLE k7 (id INT PRIMARY KEY, pid INT REFERENCES p2 (id))");
    s.execute("CREATE INDEX k7_pid ON k7 (pid)");
    s.execute("INSERT INTO p2 VALUES (1), (2), (3)");
    s.execute("INSERT INTO k6 VALUES (1, 1, 'a'), (2, 1, NULL), (3, 2, 'c'), (4, 3, 'd')");
    s.execute("INSERT INTO k7 VALUES (1, 3)");
    s.execute("DELETE FROM p2 WHERE id IN (1, 2)");
    assertEquals(List.of(List.of(4)), rows(s.execute("SELECT id FROM k6 ORDER BY id")));
    assertEquals(List.of(List.of(4)), rows(s.execute("SELECT id FROM k6 WHERE pid = 3")));
    ConstraintViolation v = violation("DELETE FROM p2 WHERE id = 3");
    assertEquals("Key (id)=(3) is still referenced from table \"k7\".", v.detail());
  }

  @Test
  void nullsInLaterColumnsOfAUniqueIndexNeverClashAndPrefixLookupsFindThem() {
    s.execute("CREATE TABLE u3 (id INT PRIMARY KEY, a INT, b INT, UNIQUE (a, b))");
    s.execute("INSERT INTO u3 VALUES (1, 1, NULL), (2, 1, NULL), (3, 1, 2), (4, NULL, NULL)");
    assertEquals("Key (a, b)=(1, 2) already exists.", violation("INSERT INTO u3 VALUES (5, 1, 2)").detail());
    String plan = rows(s.execute("EXPLAIN SELECT id FROM u3 WHERE a = 1")).toString();
    assertTrue(plan.contains("HeliosIndexScan"), plan);
    assertEquals(List.of(List.of(1), List.of(2), List.of(3)), rows(s.execute("SELECT id FROM u3 WHERE a = 1 ORDER BY id")));
    s.execute("UPDATE u3 SET b = 2 WHERE id = 3");
    s.execute("UPDATE u3 SET b = 3 WHERE id = 1");
    assertEquals(ErrorCode.UNIQUE_VIOLATION, violation("UPDATE u3 SET b = 3 WHERE id = 2").code());
  }
}
