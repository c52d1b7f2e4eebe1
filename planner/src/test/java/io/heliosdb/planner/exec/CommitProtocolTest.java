package io.heliosdb.planner.exec;

import static io.heliosdb.planner.EngineHarness.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.planner.EngineHarness;
import io.heliosdb.planner.api.Session;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compute's commit protocol (ADR 0013) against two real cells: the order of the HIDB calls a
 * commit makes, the WAL syncs it costs, and that the reply does not wait for intent resolution
 * while the next statements still read the committed writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommitProtocolTest {
  @TempDir
  static Path dir;
  EngineHarness h;
  Session s;

  @BeforeAll
  void start() throws Exception {
    h = new EngineHarness(dir);
    s = h.session();
    s.execute("CREATE TABLE acct (id INT PRIMARY KEY, bal INT NOT NULL)");
    for (int i = 1; i <= 40; i++) {
      s.execute("INSERT INTO acct VALUES (" + i + ", 0)");
    }
  }

  @AfterAll
  void stop() {
    h.close();
  }

  @Test
  void everyParticipantIsDurableBeforeTheCommitRecordAndACommitCostsOneSyncPerCell() throws Exception {
    awaitQuiet();
    long commitsBefore = h.engine.transactions().commits();
    List<Long> syncsBefore = h.walSyncs();
    h.clearCalls();
    s.execute("BEGIN");
    s.execute("UPDATE acct SET bal = bal + 1 WHERE id = 1");
    s.execute("UPDATE acct SET bal = bal + 1");
    s.execute("COMMIT");
    awaitQuiet();
    List<EngineHarness.Call> calls = h.calls();

    int begin = indexOf(calls, "BeginTxn", -1);
    int coordinator = calls.get(begin).cell();
    int participant = 1 - coordinator;
    int commit = indexOf(calls, "CommitTxn", coordinator);
    int lastWrite = lastIndexBefore(calls, "Write", participant, commit);
    int prepare = indexOf(calls, "PrepareTxn", participant);
    assertTrue(begin < lastWrite && lastWrite < prepare && prepare < commit, "order: " + calls);
    assertEquals(-1, indexOf(calls, "PrepareTxn", coordinator), "the commit record's sync covers the coordinator");
    assertTrue(calls.get(commit).walSyncs().get(participant) > calls.get(lastWrite).walSyncs().get(participant),
        "the participant's WAL was synced after its last intent and before the commit record: " + calls);
    assertTrue(indexOf(calls, "ResolveIntents", -1) > commit);

    List<Long> syncsAfter = h.walSyncs();
    long syncs = (syncsAfter.get(0) - syncsBefore.get(0)) + (syncsAfter.get(1) - syncsBefore.get(1));
    assertEquals(2, syncs, "one prepare sync and one commit-record sync for a two-cell transaction");
    assertEquals(commitsBefore + 1, h.engine.transactions().commits());
    assertEquals(List.of(List.of(2)), rows(s.execute("SELECT bal FROM acct WHERE id = 1")));
  }

  @Test
  void aSingleCellTransactionCostsOneSyncAndNoPrepare() throws Exception {
    awaitQuiet();
    List<Long> syncsBefore = h.walSyncs();
    h.clearCalls();
    s.execute("UPDATE acct SET bal = bal + 5 WHERE id = 7");
    awaitQuiet();
    assertEquals(-1, indexOf(h.calls(), "PrepareTxn", -1), h.calls().toString());
    List<Long> syncsAfter = h.walSyncs();
    assertEquals(1, (syncsAfter.get(0) - syncsBefore.get(0)) + (syncsAfter.get(1) - syncsBefore.get(1)),
        "the COMMITTED record's sync is the only one");
  }

  @Test
  void aReadOnlyTransactionWritesNothing() throws Exception {
    awaitQuiet();
    List<Long> syncsBefore = h.walSyncs();
    h.clearCalls();
    s.execute("BEGIN");
    rows(s.execute("SELECT bal FROM acct WHERE id = 3"));
    rows(s.execute("SELECT count(*) FROM acct"));
    s.execute("COMMIT");
    for (EngineHarness.Call call : h.calls()) {
      assertTrue(!call.method().endsWith("Txn") && !call.method().equals("Write"), h.calls().toString());
    }
    assertEquals(syncsBefore, h.walSyncs());
  }

  @Test
  void theReplyDoesNotWaitForResolutionAndTheNextStatementsReadTheCommittedWrites() throws Exception {
    awaitQuiet();
    CountDownLatch release = new CountDownLatch(1);
    h.holdResolutions(release);
    try {
      h.clearCalls();
      CompletableFuture<Void> update = CompletableFuture.runAsync(
          () -> s.execute("UPDATE acct SET bal = 100 WHERE id = 3"));
      update.get(20, TimeUnit.SECONDS);
      assertTrue(indexOf(h.calls(), "ResolveIntents", -1) >= 0, "resolution was sent and is being held");

      assertEquals(List.of(List.of(100)), rows(s.execute("SELECT bal FROM acct WHERE id = 3")),
          "the session reads its own committed write before resolution");
      Session other = h.session();
      assertEquals(List.of(List.of(100)), rows(other.execute("SELECT bal FROM acct WHERE id = 3")));
      assertEquals(List.of(List.of(1L)), rows(other.execute("SELECT count(*) FROM acct WHERE bal = 100")),
          "a scan sees it too");
      other.execute("UPDATE acct SET bal = bal + 1 WHERE id = 3");
      assertEquals(List.of(List.of(101)), rows(s.execute("SELECT bal FROM acct WHERE id = 3")),
          "a writer builds on the committed, unresolved value");
      other.close();
    } finally {
      h.holdResolutions(null);
      release.countDown();
    }
  }

  /** Waits until compute's background resolution of earlier commits is done (no synced writes follow). */
  private void awaitQuiet() throws InterruptedException {
    List<Long> last = h.walSyncs();
    int callsSeen = h.calls().size();
    for (int i = 0; i < 20; i++) {
      Thread.sleep(50);
      int now = h.calls().size();
      if (now == callsSeen && h.walSyncs().equals(last)) {
        return;
      }
      callsSeen = now;
      last = h.walSyncs();
    }
  }

  private static int indexOf(List<EngineHarness.Call> calls, String method, int cell) {
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).method().equals(method) && (cell < 0 || calls.get(i).cell() == cell)) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexBefore(List<EngineHarness.Call> calls, String method, int cell, int before) {
    for (int i = before - 1; i >= 0; i--) {
      if (calls.get(i).method().equals(method) && calls.get(i).cell() == cell) {
        return i;
      }
    }
    return -1;
  }
}
