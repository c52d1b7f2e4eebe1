package io.heliosdb.planner.exec;

import static io.heliosdb.planner.EngineHarness.indexAfter;
import static io.heliosdb.planner.EngineHarness.indexOf;
import static io.heliosdb.planner.EngineHarness.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.planner.EngineHarness;
import io.heliosdb.planner.EngineTestBase;
import io.heliosdb.planner.api.Session;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ADR 0027 against two real cells: a statement outside a block commits in its write round, and a
 * round that cannot commit leaves nothing behind and runs the statement again the two-round way.
 * Every test starts from a fresh table of 40 rows with balance 0.
 */
class CommitWithWriteTest extends EngineTestBase {
  @BeforeEach
  void freshTable() throws Exception {
    s.execute("DROP TABLE IF EXISTS acct");
    s.execute("CREATE TABLE acct (id INT PRIMARY KEY, bal INT NOT NULL)");
    StringBuilder values = new StringBuilder();
    for (int i = 1; i <= 40; i++) {
      values.append(i == 1 ? "" : ", ").append("(").append(i).append(", 0)");
    }
    s.execute("INSERT INTO acct VALUES " + values);
    awaitQuiet();
  }

  /**
   * ADR 0027: a statement outside a block commits in its only write round. The coordinator's
   * write writes the STAGING record and the participant's its prepare marker, so no PrepareTxn
   * and no commit round follow; only the unsynced flip does. Still one sync per cell.
   */
  @Test
  void anAutocommitStatementCommitsInItsWriteRound() throws Exception {
    awaitQuiet();
    long withWriteBefore = h.engine.transactions().commitsWithWrite();
    long roundsBefore = h.engine.transactions().commitRounds();
    List<Long> syncsBefore = h.walSyncs();
    h.clearCalls();
    s.execute("UPDATE acct SET bal = bal + 1");
    awaitQuiet();
    List<EngineHarness.Call> calls = h.calls();
    int coordinator = calls.get(indexOf(calls, "BeginTxn", -1)).cell();
    int participant = 1 - coordinator;
    assertEquals(-1, indexOf(calls, "PrepareTxn", -1), "the participant prepared with its write: " + calls);
    int flip = indexOf(calls, "CommitTxn", coordinator);
    assertTrue(flip > indexOf(calls, "Write", coordinator) && flip > indexOf(calls, "Write", participant),
        "the writes first, then the flip: " + calls);
    assertEquals(-1, indexAfter(calls, "CommitTxn", coordinator, flip), "the flip is the only CommitTxn: " + calls);
    assertTrue(calls.get(flip).walSyncs().get(participant) > syncsBefore.get(participant),
        "the participant's write was synced before the flip: " + calls);
    List<Long> syncsAfter = h.walSyncs();
    assertEquals(2, (syncsAfter.get(0) - syncsBefore.get(0)) + (syncsAfter.get(1) - syncsBefore.get(1)),
        "one sync per cell, as with a commit round");
    assertEquals(withWriteBefore + 1, h.engine.transactions().commitsWithWrite());
    assertEquals(roundsBefore, h.engine.transactions().commitRounds(), "no commit round after the write");
    assertEquals(List.of(List.of(40L)), rows(s.execute("SELECT count(*) FROM acct WHERE bal = 1")));
  }

  @Test
  void anAutocommitStatementOnOneCellWritesItsCommittedRecordWithTheWrite() throws Exception {
    awaitQuiet();
    h.clearCalls();
    s.execute("UPDATE acct SET bal = bal + 3 WHERE id = 9");
    awaitQuiet();
    assertEquals(-1, indexOf(h.calls(), "CommitTxn", -1), "committed by the write itself: " + h.calls());
    assertEquals(List.of(List.of(3)), rows(h.session().execute("SELECT bal FROM acct WHERE id = 9")));
  }

  /**
   * A write round that meets a row another transaction holds does not commit: its transaction is
   * aborted and the statement runs again the two-round way, which waits for the holder and then
   * applies its change on top of the holder's.
   */
  @Test
  void aRoundThatMeetsAHeldRowRunsAgainAndWaitsForTheHolder() throws Exception {
    awaitQuiet();
    Session other = h.session();
    other.execute("BEGIN");
    other.execute("UPDATE acct SET bal = bal + 100 WHERE id = 5");
    long refusedBefore = h.engine.transactions().commitsWithWriteRefused();
    CompletableFuture<Void> all = CompletableFuture.runAsync(() -> s.execute("UPDATE acct SET bal = bal + 1"));
    for (int i = 0; i < 400 && h.engine.transactions().commitsWithWriteRefused() == refusedBefore; i++) {
      Thread.sleep(10);
    }
    assertEquals(refusedBefore + 1, h.engine.transactions().commitsWithWriteRefused(), "the first round was refused");
    Thread.sleep(100);
    assertTrue(!all.isDone(), "the second run waits for the holder");
    other.execute("COMMIT");
    all.get(20, TimeUnit.SECONDS);
    awaitQuiet();
    assertEquals(List.of(List.of(101)), rows(s.execute("SELECT bal FROM acct WHERE id = 5")));
    assertEquals(List.of(List.of(39L)), rows(s.execute("SELECT count(*) FROM acct WHERE bal = 1")));
  }

  /** A duplicate key on one cell: the error the client gets, and nothing of the statement on either cell. */
  @Test
  void aDuplicateKeyInARoundThatWouldCommitLeavesNothingBehind() throws Exception {
    awaitQuiet();
    int first = 41;
    int cellOfFirst = cellOfNewKey(first);
    int candidate = 1;
    while (cellOfExistingKey(candidate) == cellOfFirst) {
      candidate++;
    }
    int existing = candidate;
    List<List<Object>> before = rows(s.execute("SELECT id, bal FROM acct ORDER BY id"));
    long refusedBefore = h.engine.transactions().commitsWithWriteRefused();
    io.heliosdb.hidb.error.HeliosException e = org.junit.jupiter.api.Assertions.assertThrows(
        io.heliosdb.hidb.error.HeliosException.class,
        () -> s.execute("INSERT INTO acct VALUES (" + first + ", 1), (" + existing + ", 1)"));
    assertEquals(io.heliosdb.hidb.error.ErrorCode.UNIQUE_VIOLATION, e.code(), e.toString());
    assertTrue(h.engine.transactions().commitsWithWriteRefused() > refusedBefore);
    awaitQuiet();
    assertEquals(before, rows(h.session().execute("SELECT id, bal FROM acct ORDER BY id")));
  }

  /**
   * A read at a later snapshot reaches a participant before the round's write does: the
   * participant may not prepare at the proposed timestamp (the reader would see the insert appear
   * in its past), so the round is refused and the statement runs again; the reader saw nothing.
   */
  @Test
  void aReadAboveTheProposedTimestampOnAParticipantMakesTheStatementRunAgain() throws Exception {
    awaitQuiet();
    int first = 41;
    int coordinator = cellOfNewKey(first);
    int second = 42;
    while (cellOfNewKey(second) == coordinator) {
      second++;
    }
    int participant = 1 - coordinator;
    long refusedBefore = h.engine.transactions().commitsWithWriteRefused();
    CountDownLatch release = new CountDownLatch(1);
    h.holdCalls(participant, "Write", release);
    h.clearCalls();
    String insert = "INSERT INTO acct VALUES (" + first + ", 7), (" + second + ", 7)";
    CompletableFuture<Void> statement = CompletableFuture.runAsync(() -> s.execute(insert));
    List<List<Object>> seen;
    try {
      for (int i = 0; i < 400 && indexOf(h.calls(), "Write", participant) < 0; i++) {
        Thread.sleep(10);
      }
      assertTrue(indexOf(h.calls(), "Write", participant) >= 0, h.calls().toString());
      seen = rows(h.session().execute("SELECT bal FROM acct WHERE id = " + second));
    } finally {
      h.holdCalls(participant, "Write", null);
      release.countDown();
    }
    statement.get(20, TimeUnit.SECONDS);
    assertEquals(List.of(), seen, "the reader came first");
    assertEquals(refusedBefore + 1, h.engine.transactions().commitsWithWriteRefused());
    awaitQuiet();
    assertEquals(List.of(List.of(first, 7), List.of(second, 7)),
        rows(s.execute("SELECT id, bal FROM acct WHERE id >= 41 ORDER BY id")));
  }

  /** The cell a new key's row goes to: the coordinator of a one-row INSERT is that row's cell. */
  private int cellOfNewKey(int id) throws InterruptedException {
    awaitQuiet();
    h.clearCalls();
    s.execute("INSERT INTO acct VALUES (" + id + ", 0)");
    int cell = h.calls().get(indexOf(h.calls(), "BeginTxn", -1)).cell();
    s.execute("DELETE FROM acct WHERE id = " + id);
    awaitQuiet();
    return cell;
  }

  private int cellOfExistingKey(int id) throws InterruptedException {
    awaitQuiet();
    h.clearCalls();
    s.execute("UPDATE acct SET bal = bal WHERE id = " + id);
    int cell = h.calls().get(indexOf(h.calls(), "BeginTxn", -1)).cell();
    awaitQuiet();
    return cell;
  }

  private void awaitQuiet() throws InterruptedException {
    h.awaitQuiet();
  }
}
