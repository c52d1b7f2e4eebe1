package io.heliosdb.planner.exec;

import static io.heliosdb.planner.EngineHarness.indexAfter;
import static io.heliosdb.planner.EngineHarness.indexOf;
import static io.heliosdb.planner.EngineHarness.lastIndexBefore;
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
import org.junit.jupiter.api.Test;

/**
 * Compute's commit protocol (ADR 0013, parallel commit ADR 0018) against two real cells: the order of the HIDB calls a
 * commit makes, the WAL syncs it costs, and that the reply does not wait for intent resolution
 * while the next statements still read the committed writes.
 */
class CommitProtocolTest extends EngineTestBase {
  @Override
  protected void setUp() throws Exception {
    s.execute("CREATE TABLE acct (id INT PRIMARY KEY, bal INT NOT NULL)");
    for (int i = 1; i <= 40; i++) {
      s.execute("INSERT INTO acct VALUES (" + i + ", 0)");
    }
  }

  @Test
  void theStagingRecordAndThePreparesAreOneRoundAndACommitCostsOneSyncPerCell() throws Exception {
    int balBefore = (Integer) rows(s.execute("SELECT bal FROM acct WHERE id = 1")).get(0).get(0);
    awaitQuiet();
    long commitsBefore = h.engine.transactions().commits();
    long roundsBefore = h.engine.transactions().commitRounds();
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
    int staging = indexOf(calls, "CommitTxn", coordinator);
    int flip = indexAfter(calls, "CommitTxn", coordinator, staging);
    int prepare = indexOf(calls, "PrepareTxn", participant);
    int lastWrite = lastIndexBefore(calls, "Write", participant, prepare);
    assertTrue(begin < lastWrite && lastWrite < prepare && prepare < flip && staging < flip, "order: " + calls);
    assertEquals(-1, indexOf(calls, "PrepareTxn", coordinator), "the STAGING record's sync covers the coordinator");
    assertTrue(calls.get(flip).walSyncs().get(participant) > calls.get(lastWrite).walSyncs().get(participant),
        "the participant's prepare was synced before the flip to COMMITTED: " + calls);
    int firstResolve = indexOf(calls, "ResolveIntents", -1);
    assertTrue(firstResolve > flip, "resolution after the flip: " + calls);

    List<Long> syncsAfter = h.walSyncs();
    long syncs = (syncsAfter.get(0) - syncsBefore.get(0)) + (syncsAfter.get(1) - syncsBefore.get(1));
    assertEquals(2, syncs, "one prepare sync and one STAGING-record sync for a two-cell transaction; the flip none");
    assertEquals(commitsBefore + 1, h.engine.transactions().commits());
    assertEquals(roundsBefore + 1, h.engine.transactions().commitRounds());
    assertEquals(List.of(List.of(balBefore + 2)), rows(s.execute("SELECT bal FROM acct WHERE id = 1")));
  }

  /**
   * The structure of a two-cell commit: the coordinator's STAGING record is written while the
   * participant's prepare has not even reached it (one parallel round, not prepare-then-record),
   * and the client's COMMIT still waits for that prepare.
   */
  @Test
  void aTwoCellCommitWaitsForOneParallelRoundOfSyncs() throws Exception {
    awaitQuiet();
    s.execute("BEGIN");
    s.execute("UPDATE acct SET bal = bal + 1");
    int coordinator = -1;
    for (EngineHarness.Call call : h.calls()) {
      if (call.method().equals("BeginTxn")) {
        coordinator = call.cell();
      }
    }
    assertTrue(coordinator >= 0, "the transaction began");
    int participant = 1 - coordinator;
    CountDownLatch release = new CountDownLatch(1);
    h.holdCalls(participant, "PrepareTxn", release);
    h.clearCalls();
    CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> s.execute("COMMIT"));
    try {
      List<Long> stagedSyncs = null;
      for (int i = 0; i < 400 && stagedSyncs == null; i++) {
        Thread.sleep(10);
        List<EngineHarness.Call> calls = h.calls();
        int staging = indexOf(calls, "CommitTxn", coordinator);
        if (staging >= 0 && h.walSyncs().get(coordinator) > calls.get(staging).walSyncs().get(coordinator)) {
          stagedSyncs = h.walSyncs();
        }
      }
      assertTrue(stagedSyncs != null, "the STAGING record was written and synced while the prepare was held: "
          + h.calls());
      assertTrue(indexOf(h.calls(), "PrepareTxn", participant) >= 0, "the prepare was sent at the same time");
      Thread.sleep(100);
      assertTrue(!commit.isDone(), "the client is answered only when the prepare is durable too");
    } finally {
      h.holdCalls(participant, "PrepareTxn", null);
      release.countDown();
    }
    commit.get(20, TimeUnit.SECONDS);
    awaitQuiet();
    assertEquals(List.of(List.of(40L)), rows(s.execute("SELECT count(*) FROM acct WHERE bal >= 1")));
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
      for (int i = 0; i < 200 && indexOf(h.calls(), "ResolveIntents", -1) < 0; i++) {
        Thread.sleep(25); // compute's resolver sends it right after the reply
      }
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

  /**
   * The failure path of a parallel commit: the participant was asked (as a decider does after a
   * compute crash) before compute's prepare reached it, so it refused durably; the prepare then
   * fails, compute has the coordinator decide the STAGING record from the participants, and the
   * client gets 40001 with nothing of the transaction left on either cell.
   */
  @Test
  void aParticipantThatRefusedBeforeItsPrepareArrivedAbortsTheCommitEverywhere() throws Exception {
    awaitQuiet();
    List<List<Object>> before = rows(s.execute("SELECT id, bal FROM acct ORDER BY id"));
    s.execute("BEGIN");
    s.execute("UPDATE acct SET bal = bal + 1000");
    long txnId = h.lastWriteTxnId();
    int coordinator = -1;
    for (EngineHarness.Call call : h.calls()) {
      if (call.method().equals("BeginTxn")) {
        coordinator = call.cell();
      }
    }
    int participant = 1 - coordinator;
    long abortedBefore = h.storageCells().get(coordinator).stats().getTxnStagingAborted();
    CountDownLatch release = new CountDownLatch(1);
    h.holdCalls(participant, "PrepareTxn", release);
    h.clearCalls();
    CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> s.execute("COMMIT"));
    try {
      for (int i = 0; i < 400 && indexOf(h.calls(), "PrepareTxn", participant) < 0; i++) {
        Thread.sleep(10);
      }
      CompletableFuture<io.heliosdb.hidb.proto.PrepareTxnResult> asked = new CompletableFuture<>();
      h.storageCells().get(participant).localService().prepareTxn(io.heliosdb.hidb.proto.PrepareTxnRequest
          .newBuilder().setHeader(io.heliosdb.hidb.HidbProtocol.header()).setTxnId(txnId).setStatusOnly(true).build(),
          new io.grpc.stub.StreamObserver<>() {
            @Override
            public void onNext(io.heliosdb.hidb.proto.PrepareTxnResult value) {
              asked.complete(value);
            }

            @Override
            public void onError(Throwable t) {
              asked.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {}
          });
      assertEquals(false, asked.get(10, TimeUnit.SECONDS).getPrepared(), "not prepared yet: refused");
    } finally {
      h.holdCalls(participant, "PrepareTxn", null);
      release.countDown();
    }
    java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
        java.util.concurrent.ExecutionException.class, () -> commit.get(20, TimeUnit.SECONDS));
    assertTrue(failed.getCause() instanceof io.heliosdb.hidb.error.HeliosException, failed.toString());
    assertEquals(io.heliosdb.hidb.error.ErrorCode.SERIALIZATION_FAILURE,
        ((io.heliosdb.hidb.error.HeliosException) failed.getCause()).code());
    assertEquals(abortedBefore + 1, h.storageCells().get(coordinator).stats().getTxnStagingAborted(),
        "the coordinator decided the STAGING record from the participants");
    assertEquals(before, rows(s.execute("SELECT id, bal FROM acct ORDER BY id")), "nothing of it on either cell");
    awaitQuiet();
    s.execute("UPDATE acct SET bal = bal + 0");
    assertEquals(before, rows(h.session().execute("SELECT id, bal FROM acct ORDER BY id")),
        "the rows are free for the next writer");
  }

  /**
   * pgbench's TPC-B transaction (three UPDATEs, a SELECT, an INSERT into a table without a key):
   * at most one WAL sync per cell it writes, i.e. two with two cells, whatever it touches.
   */
  @Test
  void aTpcbTransactionCostsAtMostOneSyncPerCell() throws Exception {
    s.execute("CREATE TABLE pgbench_branches (bid INT NOT NULL PRIMARY KEY, bbalance INT, filler VARCHAR(88))");
    s.execute("CREATE TABLE pgbench_tellers (tid INT NOT NULL PRIMARY KEY, bid INT, tbalance INT, filler VARCHAR(84))");
    s.execute("CREATE TABLE pgbench_accounts (aid INT NOT NULL PRIMARY KEY, bid INT, abalance INT, filler VARCHAR(84))");
    s.execute("CREATE TABLE pgbench_history (tid INT, bid INT, aid INT, delta INT, mtime TIMESTAMP, filler VARCHAR(22))");
    for (int b = 1; b <= 4; b++) {
      s.execute("INSERT INTO pgbench_branches VALUES (" + b + ", 0, '')");
    }
    for (int t = 1; t <= 40; t++) {
      s.execute("INSERT INTO pgbench_tellers VALUES (" + t + ", " + ((t - 1) / 10 + 1) + ", 0, '')");
    }
    for (int a = 1; a <= 200; a++) {
      s.execute("INSERT INTO pgbench_accounts VALUES (" + a + ", " + ((a - 1) / 50 + 1) + ", 0, '')");
    }
    awaitQuiet();
    java.util.Random random = new java.util.Random(6);
    List<Long> syncsBefore = h.walSyncs();
    long commitsBefore = h.engine.transactions().commits();
    long roundsBefore = h.engine.transactions().commitRounds();
    long preparesBefore = h.engine.transactions().prepares();
    int transactions = 50;
    for (int i = 0; i < transactions; i++) {
      int aid = 1 + random.nextInt(200);
      int tid = 1 + random.nextInt(40);
      int bid = 1 + random.nextInt(4);
      int delta = random.nextInt(10_001) - 5000;
      s.execute("BEGIN");
      s.execute("UPDATE pgbench_accounts SET abalance = abalance + " + delta + " WHERE aid = " + aid);
      rows(s.execute("SELECT abalance FROM pgbench_accounts WHERE aid = " + aid));
      s.execute("UPDATE pgbench_tellers SET tbalance = tbalance + " + delta + " WHERE tid = " + tid);
      s.execute("UPDATE pgbench_branches SET bbalance = bbalance + " + delta + " WHERE bid = " + bid);
      s.execute("INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (" + tid + ", " + bid + ", "
          + aid + ", " + delta + ", CURRENT_TIMESTAMP)");
      s.execute("END");
    }
    awaitQuiet();
    List<Long> syncsAfter = h.walSyncs();
    long syncs = (syncsAfter.get(0) - syncsBefore.get(0)) + (syncsAfter.get(1) - syncsBefore.get(1));
    assertEquals(commitsBefore + transactions, h.engine.transactions().commits());
    long prepares = h.engine.transactions().prepares() - preparesBefore;
    System.out.printf("TPC-B, one session: %d WAL syncs for %d transactions = %.2f per transaction"
        + " (%d of them on two cells)%n", syncs, transactions, syncs / (double) transactions, prepares);
    assertTrue(syncs <= transactions + prepares, "one sync per commit record and one per prepare at most: " + syncs);
    assertTrue(syncs <= 2L * transactions, syncs + " syncs for " + transactions + " transactions");
    assertEquals(roundsBefore + transactions, h.engine.transactions().commitRounds(),
        "every commit waited for one round of syncs, two-cell ones included");
    for (io.heliosdb.storage.StorageCell cell : h.storageCells()) {
      assertEquals(0, cell.stats().getTxnStagingCommitted() + cell.stats().getTxnStagingAborted(),
          "every STAGING record was flipped by compute; nobody had to ask the participants");
    }
    assertEquals(List.of(List.of(200L)), rows(s.execute("SELECT count(*) FROM pgbench_accounts")));
    assertEquals(List.of(List.of((long) transactions)), rows(s.execute("SELECT count(*) FROM pgbench_history")));
    assertEquals(rows(s.execute("SELECT sum(delta) FROM pgbench_history")),
        rows(s.execute("SELECT sum(bbalance) FROM pgbench_branches")));
  }

  @Test
  void recordsAreForgottenOnlyAfterEveryCellSyncedTheirResolution() throws Exception {
    io.heliosdb.metadata.Catalog catalog = h.engine.metadata().catalog();
    awaitQuiet();
    h.engine.transactions().collectGarbage(catalog); // earlier tests' records
    long before = h.engine.transactions().recordsForgotten();
    for (int i = 0; i < 3; i++) {
      s.execute("UPDATE acct SET bal = bal + 1 WHERE id = " + (20 + i));
    }
    s.execute("BEGIN");
    s.execute("UPDATE acct SET bal = bal + 1");
    s.execute("COMMIT");
    awaitQuiet();
    List<Long> syncsBefore = h.walSyncs();
    h.clearCalls();
    h.engine.transactions().collectGarbage(catalog);
    List<EngineHarness.Call> calls = h.calls();
    assertEquals(before + 4, h.engine.transactions().recordsForgotten(), calls.toString());
    List<Long> syncsAfter = h.walSyncs();
    assertTrue(syncsAfter.get(0) > syncsBefore.get(0) && syncsAfter.get(1) > syncsBefore.get(1),
        "both cells synced their WAL before any record went");
    long gcCalls = calls.stream().filter(c -> c.method().equals("CollectGarbage")).count();
    assertTrue(gcCalls == 3 || gcCalls == 4,
        "one sync pass to each cell, then the forget pass to each coordinator: " + calls);
    assertEquals(List.of(List.of(40L)), rows(s.execute("SELECT count(*) FROM acct WHERE bal >= 1")));
    for (io.heliosdb.storage.StorageCell cell : h.storageCells()) {
      assertEquals(0, cell.recoverIntents(), "nothing left that would need a record");
    }
  }

  /** Waits until compute's background resolution of earlier commits is done (no synced writes follow). */

  private void awaitQuiet() throws InterruptedException {
    h.awaitQuiet();
  }
}
