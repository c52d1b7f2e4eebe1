package io.heliosdb.planner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.planner.EngineTestBase;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * A statement whose rows land on both in-JVM cells writes one cell's batch on the overlap pool while
 * the statement thread writes the other's: the statement must stay atomic and report the same
 * errors as when the batches were written one after the other.
 */
class OverlappedCellWritesTest extends EngineTestBase {
  @Override
  protected void setUp() {
    h.callCellsDirectly();
    s.execute("CREATE TABLE ow (id INT PRIMARY KEY, v TEXT)");
  }

  private static String insertOf(int from, int to) {
    StringJoiner values = new StringJoiner(", ", "INSERT INTO ow VALUES ", "");
    for (int i = from; i <= to; i++) {
      values.add("(" + i + ", 'row-" + i + "')");
    }
    return values.toString();
  }

  private long count() {
    return ((Number) q("SELECT COUNT(*) FROM ow").get(0).get(0)).longValue();
  }

  @Test
  void aLargeInsertOverBothCellsWritesEveryRowOnce() {
    long before = count();
    s.execute(insertOf(1, 1000));
    assertEquals(before + 1000, count());
    assertEquals(List.of(List.of(1000L)), q("SELECT COUNT(*) FROM ow WHERE id BETWEEN 1 AND 1000"));
    assertEquals(List.of(List.of(777, "row-777")), q("SELECT id, v FROM ow WHERE id = 777"));
    assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("heliosdb-cell-write-")),
        "one cell's batch ran on the overlap pool");
  }

  @Test
  void aDuplicateInEitherCellsBatchLeavesNothingBehind() {
    s.execute(insertOf(5001, 5001));
    long before = count();
    // 5001 sits in one of the two batches, whichever cell owns its shard; both orders are covered
    // because the second statement's rows put it at the other end of the batch order.
    assertEquals(ErrorCode.UNIQUE_VIOLATION, fails(insertOf(4001, 5500)).code());
    assertEquals(ErrorCode.UNIQUE_VIOLATION, fails(insertOf(5001, 6000)).code());
    assertEquals(before, count());
    assertEquals(List.of(), q("SELECT id FROM ow WHERE id = 4001 OR id = 5999"));
  }
}
