package io.heliosdb.storage;

import static io.heliosdb.storage.TxnCalls.get;
import static io.heliosdb.storage.TxnCalls.write;
import static io.heliosdb.storage.engine.TestTables.batch;
import static io.heliosdb.storage.engine.TestTables.key;
import static io.heliosdb.storage.engine.TestTables.mutation;
import static io.heliosdb.storage.engine.TestTables.shardOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.protobuf.ByteString;
import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.proto.BeginTxnRequest;
import io.heliosdb.hidb.proto.CommitTxnRequest;
import io.heliosdb.hidb.proto.GetRequest;
import io.heliosdb.hidb.proto.GetResponse;
import io.heliosdb.hidb.proto.Mutation;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.PrepareTxnRequest;
import io.heliosdb.hidb.proto.ResolveIntentsRequest;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.TxnMeta;
import io.heliosdb.hidb.proto.TxnRecordResult;
import io.heliosdb.hidb.proto.TxnState;
import io.heliosdb.hidb.proto.WriteBatch;
import io.heliosdb.hidb.proto.WriteResult;
import io.heliosdb.storage.engine.TestTables;
import io.heliosdb.storage.txn.TxnConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit ordering of ADR 0013 on real RocksDB cells: intents and PENDING records cost no WAL
 * sync, a participant is made durable by PrepareTxn before the synced COMMITTED record, and what a
 * machine crash can lose (anything not synced) never turns into a wrong outcome. A machine crash
 * is simulated by putting back a copy of a cell's directory taken right after its last sync: the
 * state a power cut leaves when every unsynced write is lost.
 */
class CommitDurabilityTest {
  private static final List<Integer> SHARDS = List.of(0, 1, 2, 3);
  private static final String C0 = "durability-c0";
  private static final String C1 = "durability-c1";

  @TempDir Path dir;
  private CellHarness c0;
  private CellHarness c1;

  @BeforeEach
  void openCells() {
    TxnConfig config = TxnConfig.defaults().withRecoverOnOpen(false);
    c0 = new CellHarness(CellConfig.defaults(C0, dir.resolve("c0")), config);
    c1 = new CellHarness(CellConfig.defaults(C1, dir.resolve("c1")), config);
    c0.createTable(TestTables.layout(), SHARDS);
    c1.createTable(TestTables.layout(), SHARDS);
  }

  @AfterEach
  void closeCells() {
    c1.close();
    c0.close();
  }

  @Test
  void intentsPendingRecordsAndResolutionCostNoSyncAndACommitOnePerCell() {
    long c0Before = syncs(c0);
    long c1Before = syncs(c1);
    TxnMeta t = txn(10, 20);
    TxnRecordResult begun = begin(t);
    WriteResult onC0 = write(c0, t, mutation(MutationKind.PUT, 1, "one", 1));
    WriteResult onC1 = write(c1, t, mutation(MutationKind.PUT, 2, "two", 1), mutation(MutationKind.PUT, 6, "six", 1));
    assertEquals(StatusCode.OK, onC1.getStatus().getCode());
    assertEquals(c0Before, syncs(c0), "BeginTxn and intents on the coordinator are not synced");
    assertEquals(c1Before, syncs(c1), "intents on a participant are not synced");
    assertEquals(begun.getCellEpoch(), onC0.getCellEpoch(), "one epoch per opening of a cell");
    assertNotEquals(onC0.getCellEpoch(), onC1.getCellEpoch());

    assertEquals(StatusCode.OK, prepare(c1, 10, onC1.getCellEpoch()).getStatus().getCode());
    assertEquals(c1Before + 1, syncs(c1), "PrepareTxn is one WAL sync");
    assertEquals(StatusCode.OK, commit(10, 50, onC0.getCellEpoch()).getStatus().getCode());
    assertEquals(c0Before + 1, syncs(c0), "the COMMITTED record is one WAL sync, covering the coordinator's intents");

    resolve(c0, 10, 50);
    resolve(c1, 10, 50);
    assertEquals(c0Before + 1, syncs(c0), "resolution is not synced");
    assertEquals(c1Before + 1, syncs(c1));
    assertEquals("two", get(c1, 2, 50, 0));
    assertEquals(1, c1.cell().stats().getTxnPrepares());
    assertEquals(1, c0.cell().stats().getTxnCommits());
  }

  @Test
  void aReaderPushingAPendingRecordCostsNoSyncAndTheCommitLandsAboveItsSnapshot() {
    TxnMeta t = txn(15, 20);
    begin(t);
    long c0Epoch = write(c0, t, mutation(MutationKind.PUT, 1, "one", 1)).getCellEpoch();
    long c0Before = syncs(c0);
    assertEquals(null, get(c0, 1, 70, 950), "the reader does not see the pending intent");
    assertEquals(c0Before, syncs(c0), "the push of min_commit_ts is not synced");
    TxnRecordResult committed = commit(15, 50, c0Epoch);
    assertEquals(71, committed.getRecord().getCommitTs(), "committed above the reader's snapshot");
  }

  @Test
  void aCellThatReopenedDuringTheTransactionRefusesItsPrepareAndCommit() {
    TxnMeta t = txn(20, 20);
    begin(t);
    long c0Epoch = write(c0, t, mutation(MutationKind.PUT, 1, "one", 1)).getCellEpoch();
    long c1Epoch = write(c1, t, mutation(MutationKind.PUT, 2, "two", 1)).getCellEpoch();

    c1.reopen(true);
    assertEquals(StatusCode.CONFLICT, prepare(c1, 20, c1Epoch).getStatus().getCode(),
        "intents written before the reopen may be lost: the participant cannot vouch for them");
    assertEquals(StatusCode.OK, prepare(c1, 20, 0).getStatus().getCode(),
        "epoch 0: compute never had an answer from the cell, nothing to vouch for");
    c0.reopen(true);
    TxnRecordResult refused = commit(20, 50, c0Epoch);
    assertEquals(StatusCode.CONFLICT, refused.getStatus().getCode());
    assertEquals(TxnState.TXN_ABORTED, refused.getRecord().getState(), "the coordinator decided it durably");
    assertEquals(1, c1.recoverIntents());
    assertEquals(null, get(c1, 2, 100, 0));
    assertEquals(1, c0.recoverIntents());
    assertEquals(null, get(c0, 1, 100, 0));
  }

  @Test
  void aRetriedCommitAfterTheCoordinatorReopenedKeepsTheCommit() {
    TxnMeta t = txn(25, 20);
    begin(t);
    long c0Epoch = write(c0, t, mutation(MutationKind.PUT, 1, "one", 1)).getCellEpoch();
    assertEquals(StatusCode.OK, commit(25, 50, c0Epoch).getStatus().getCode());
    c0.reopen(true);
    TxnRecordResult again = commit(25, 50, c0Epoch);
    assertEquals(StatusCode.OK, again.getStatus().getCode(), "the commit point was passed before the reopen");
    assertEquals(TxnState.TXN_COMMITTED, again.getRecord().getState());
  }

  @Test
  void aTransactionWhosePendingRecordWasLostInAMachineCrashIsAbortedEverywhere() {
    Path c0Image = image(c0, "c0-before-begin"); // everything on c0 so far is synced (CreateTableShards)
    TxnMeta t = txn(30, 20);
    begin(t);
    long c0Epoch = write(c0, t, mutation(MutationKind.PUT, 1, "one", 1)).getCellEpoch();
    long c1Epoch = write(c1, t, mutation(MutationKind.PUT, 2, "two", 1)).getCellEpoch();
    assertEquals(StatusCode.OK, prepare(c1, 30, c1Epoch).getStatus().getCode(), "c1's intent is durable");

    machineCrash(c0, c0Image, dir.resolve("c0")); // the PENDING record and c0's intent were never synced
    TxnRecordResult refused = commit(30, 50, c0Epoch);
    assertEquals(StatusCode.CONFLICT, refused.getStatus().getCode(), "no record: the transaction cannot commit");
    assertEquals(TxnState.TXN_ABORTED, refused.getRecord().getState());
    assertEquals(StatusCode.CONFLICT, commit(30, 50, 0).getStatus().getCode(), "also without the epoch check");

    assertEquals(1, c1.recoverIntents(), "recovery asks the coordinator and deletes the durable intent");
    assertEquals(0, c1.recoverIntents());
    assertEquals(null, get(c1, 2, 100, 900));
    assertEquals(null, get(c1, 2, 100, 0));
    assertEquals(null, get(c0, 1, 100, 0));
    TxnMeta next = txn(31, 60);
    begin(next);
    assertEquals(StatusCode.OK, write(c1, next, mutation(MutationKind.INSERT, 2, "again", 1)).getStatus().getCode(),
        "the key is free again");
  }

  @Test
  void committedIntentsWhoseResolutionWasLostInAMachineCrashAreResolvedByRecovery() {
    TxnMeta t = txn(40, 20);
    begin(t);
    write(c0, t, mutation(MutationKind.PUT, 1, "one", 1));
    long c1Epoch = write(c1, t, mutation(MutationKind.PUT, 2, "two", 1), mutation(MutationKind.PUT, 6, "six", 1))
        .getCellEpoch();
    prepare(c1, 40, c1Epoch);
    TxnRecordResult committed = commit(40, 50, 0);
    assertEquals(StatusCode.OK, committed.getStatus().getCode());
    // The last syncs: c1's prepare and c0's commit record. A power cut now loses nothing before them.
    Path c0Image = image(c0, "c0-at-commit");
    Path c1Image = image(c1, "c1-at-commit");
    resolve(c0, 40, 50);
    resolve(c1, 40, 50);
    assertEquals("two", get(c1, 2, 50, 0));

    machineCrash(c1, c1Image, dir.resolve("c1"));
    machineCrash(c0, c0Image, dir.resolve("c0"));
    assertEquals(null, get(c1, 2, 50, 0), "the unsynced resolution is gone, the intent is back");
    assertEquals(1, c1.recoverIntents());
    assertEquals(1, c0.recoverIntents());
    assertEquals(0, c1.recoverIntents());
    assertEquals("one", get(c0, 1, 50, 0), "recovery resolved from the durable record");
    assertEquals("two", get(c1, 2, 50, 0));
    assertEquals("six", get(c1, 6, 50, 0));
    assertEquals(null, get(c1, 6, 49, 0), "at the commit timestamp, not before");
  }

  @Test
  void recordGcSyncsOnRequestAndForgetsDecidedRecordsOnly() {
    TxnMeta done = txn(50, 20);
    begin(done);
    long epoch = write(c0, done, mutation(MutationKind.PUT, 1, "one", 1)).getCellEpoch();
    commit(50, 60, epoch);
    resolve(c0, 50, 60);
    TxnMeta running = txn(51, 70);
    begin(running);
    write(c0, running, mutation(MutationKind.PUT, 2, "two", 1));

    long before = syncs(c0);
    io.heliosdb.hidb.proto.CollectGarbageResult synced = c0.stub().collectGarbage(
        io.heliosdb.hidb.proto.CollectGarbageRequest.newBuilder().setHeader(HidbProtocol.header()).setSyncWal(true)
            .build());
    assertEquals(StatusCode.OK, synced.getStatus().getCode());
    assertEquals(before + 1, syncs(c0), "the first pass makes earlier resolutions durable");
    io.heliosdb.hidb.proto.CollectGarbageResult forgot = c0.stub().collectGarbage(
        io.heliosdb.hidb.proto.CollectGarbageRequest.newBuilder().setHeader(HidbProtocol.header())
            .addForgetTxnIds(50).addForgetTxnIds(51).build());
    assertEquals(1, forgot.getRecordsForgotten(), "the pending record is kept");
    TxnRecordResult status = c0.stub().getTxnStatus(io.heliosdb.hidb.proto.GetTxnStatusRequest.newBuilder()
        .setHeader(HidbProtocol.header()).setTxnId(51).build());
    assertEquals(TxnState.TXN_PENDING, status.getRecord().getState());
    assertEquals("one", get(c0, 1, 60, 0), "the resolved version stays");
    assertEquals(StatusCode.OK, commit(51, 80, epoch).getStatus().getCode());
  }

  // ------------------------------------------------------------------ parallel commit (ADR 0018)

  @Test
  void aStagingRecordAndAPrepareMarkerCostOneSyncEachAndTheFlipNone() {
    long c0Before = syncs(c0);
    long c1Before = syncs(c1);
    TxnMeta t = txn(60, 20);
    begin(t);
    long c0Epoch = write(c0, t, mutation(MutationKind.PUT, 1, "one", 1)).getCellEpoch();
    long c1Epoch = write(c1, t, mutation(MutationKind.PUT, 2, "two", 1)).getCellEpoch();
    TxnRecordResult staged = stage(60, 50, c0Epoch, C1);
    assertEquals(StatusCode.OK, staged.getStatus().getCode());
    assertEquals(TxnState.TXN_STAGING, staged.getRecord().getState());
    assertEquals(List.of(C1), staged.getRecord().getStagedParticipantsList());
    assertEquals(c0Before + 1, syncs(c0), "the STAGING record is one WAL sync, covering the coordinator's intents");
    io.heliosdb.hidb.proto.PrepareTxnResult prepared = prepare(c1, 60, c1Epoch);
    assertEquals(StatusCode.OK, prepared.getStatus().getCode());
    assertEquals(c1Before + 1, syncs(c1), "the prepare marker is one WAL sync, covering the participant's intents");
    TxnRecordResult flipped = commit(60, 999, 0);
    assertEquals(TxnState.TXN_COMMITTED, flipped.getRecord().getState());
    assertEquals(50, flipped.getRecord().getCommitTs(), "the flip keeps the STAGING record's commit_ts");
    assertEquals(c0Before + 1, syncs(c0), "the flip is not synced");
    assertEquals("one", get(c0, 1, 50, 900));
    assertEquals("two", get(c1, 2, 50, 900));
    assertEquals(0, c0.cell().stats().getTxnStagingCommitted(), "decided by compute's flip, nobody asked");
  }

  @Test
  void aParticipantThatLostItsPrepareInAMachineCrashMakesTheStagingRecordAbortedEverywhere() {
    Path c1Image = image(c1, "c1-before-writes"); // everything on c1 so far is synced (CreateTableShards)
    TxnMeta t = txn(61, 20);
    begin(t);
    long c0Epoch = write(c0, t, mutation(MutationKind.PUT, 1, "one", 1)).getCellEpoch();
    long c1Epoch = write(c1, t, mutation(MutationKind.PUT, 2, "two", 1)).getCellEpoch();
    assertEquals(TxnState.TXN_STAGING, stage(61, 50, c0Epoch, C1).getRecord().getState());
    // c1's machine dies while its prepare is being synced; compute dies too (no flip, no abort).
    machineCrash(c1, c1Image, dir.resolve("c1"));
    Path c0Image = image(c0, "c0-staging"); // c0's last sync was the STAGING record
    machineCrash(c0, c0Image, dir.resolve("c0"));

    assertEquals(null, get(c0, 1, 100, 900), "a reader at or above the commit_ts gets the decision: aborted");
    TxnRecordResult decided = status(61);
    assertEquals(TxnState.TXN_ABORTED, decided.getRecord().getState());
    assertEquals(1, c0.cell().stats().getTxnStagingAborted());
    assertEquals(StatusCode.CONFLICT, prepare(c1, 61, c1Epoch).getStatus().getCode(), "a late prepare: epoch");
    assertEquals(StatusCode.CONFLICT, prepare(c1, 61, 0).getStatus().getCode(),
        "even unchecked, the refusal written for the decision stands");
    c0.recoverIntents(); // the coordinator's durable intent goes (if the reader's lazy resolution has not yet)
    assertEquals(0, c0.recoverIntents());
    assertEquals(null, get(c0, 1, 100, 0));
    assertEquals(null, get(c1, 2, 100, 0));
    TxnMeta next = txn(62, 60);
    begin(next);
    assertEquals(StatusCode.OK, write(c0, next, mutation(MutationKind.INSERT, 1, "again", 1)).getStatus().getCode(),
        "the key is free again");
  }

  @Test
  void aRefusalIsDurableSoTheAnswerNeverChanges() {
    TxnMeta t = txn(63, 20);
    begin(t);
    write(c0, t, mutation(MutationKind.PUT, 1, "one", 1));
    long c1Epoch = write(c1, t, mutation(MutationKind.PUT, 2, "two", 1)).getCellEpoch();
    long before = syncs(c1);
    io.heliosdb.hidb.proto.PrepareTxnResult asked = c1.stub().prepareTxn(PrepareTxnRequest.newBuilder()
        .setHeader(HidbProtocol.header()).setTxnId(63).setStatusOnly(true).build());
    assertEquals(false, asked.getPrepared());
    assertEquals(before + 1, syncs(c1), "the refusal is synced before it is answered");
    Path c1Image = image(c1, "c1-refused");
    machineCrash(c1, c1Image, dir.resolve("c1"));
    assertEquals(StatusCode.CONFLICT, prepare(c1, 63, 0).getStatus().getCode(), "refused after a machine crash too");
    TxnMeta u = txn(64, 20);
    begin(u);
    long epoch = write(c1, u, mutation(MutationKind.PUT, 3, "three", 1)).getCellEpoch();
    assertEquals(StatusCode.OK, prepare(c1, 64, epoch).getStatus().getCode());
    asked = c1.stub().prepareTxn(PrepareTxnRequest.newBuilder().setHeader(HidbProtocol.header()).setTxnId(64)
        .setStatusOnly(true).build());
    assertEquals(true, asked.getPrepared(), "a durable prepare is reported as such");
    assertEquals(StatusCode.OK, prepare(c1, 64, epoch).getStatus().getCode(), "a retried prepare is harmless");
  }

  @Test
  void allPreparedButTheCoordinatorCrashedBeforeTheFlipIsCommittedEverywhereAfterRecovery() {
    TxnMeta t = txn(65, 20);
    begin(t);
    long c0Epoch = write(c0, t, mutation(MutationKind.PUT, 1, "one", 1)).getCellEpoch();
    long c1Epoch = write(c1, t, mutation(MutationKind.PUT, 2, "two", 1), mutation(MutationKind.PUT, 6, "six", 1))
        .getCellEpoch();
    assertEquals(TxnState.TXN_STAGING, stage(65, 50, c0Epoch, C1).getRecord().getState());
    assertEquals(StatusCode.OK, prepare(c1, 65, c1Epoch).getStatus().getCode());
    // Both syncs are done: the transaction is committed (the client was told). Power cut images:
    Path c0Image = image(c0, "c0-staged");
    Path c1Image = image(c1, "c1-prepared");
    assertEquals(TxnState.TXN_COMMITTED, commit(65, 50, 0).getRecord().getState(), "the flip (unsynced)");
    resolve(c1, 65, 50);
    machineCrash(c0, c0Image, dir.resolve("c0"));
    machineCrash(c1, c1Image, dir.resolve("c1"));
    assertEquals(TxnState.TXN_STAGING, status(65).getRecord().getState(), "the flip was lost");
    assertEquals(null, get(c1, 2, 50, 0), "so was the resolution");

    assertEquals(1, c0.recoverIntents(), "recovery decides the STAGING record, then resolves c0's intent");
    assertEquals(TxnState.TXN_COMMITTED, status(65).getRecord().getState());
    assertEquals(50, status(65).getRecord().getCommitTs());
    assertEquals(1, c0.cell().stats().getTxnStagingCommitted());
    assertEquals(1, c1.recoverIntents());
    assertEquals("one", get(c0, 1, 50, 0));
    assertEquals("two", get(c1, 2, 50, 0));
    assertEquals("six", get(c1, 6, 50, 0));
    assertEquals(null, get(c1, 6, 49, 0), "at the commit timestamp, not before");
  }

  @Test
  void aReaderMeetingAStagingIntentGetsTheRightAnswer() throws Exception {
    TxnMeta t = txn(66, 20);
    begin(t);
    long c0Epoch = write(c0, t, mutation(MutationKind.PUT, 1, "one", 1)).getCellEpoch();
    long c1Epoch = write(c1, t, mutation(MutationKind.PUT, 2, "two", 1)).getCellEpoch();
    stage(66, 50, c0Epoch, C1);
    long started = System.nanoTime();
    assertEquals(null, get(c1, 2, 49, 900), "below the commit_ts: invisible whatever the outcome, no waiting");
    assertEquals(TxnState.TXN_STAGING, status(66).getRecord().getState(), "and nothing was decided");
    assertEquals(true, System.nanoTime() - started < 900_000_000L, "answered without the grace wait");
    io.heliosdb.hidb.proto.WriteResult blocked = write(c1, txn(67, 60), mutation(MutationKind.PUT, 2, "w", 1));
    assertEquals(StatusCode.CONFLICT, blocked.getStatus().getCode(), "a writer waits for it as for a pending one");
    assertEquals(66, blocked.getBlockingTxn().getTxnId());
    assertEquals(StatusCode.OK, prepare(c1, 66, c1Epoch).getStatus().getCode());

    // A reader at or above the commit_ts waits for compute's flip within the grace time.
    java.util.concurrent.CompletableFuture<String> reader =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> get(c1, 2, 60, 900));
    Thread.sleep(100);
    assertEquals(false, reader.isDone(), "the reader waits for the decision");
    assertEquals(TxnState.TXN_COMMITTED, commit(66, 50, 0).getRecord().getState());
    assertEquals("two", reader.get(10, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(0, c0.cell().stats().getTxnStagingCommitted(), "the flip decided it, not the participants");
  }

  // ------------------------------------------------------------------ helpers

  /**
   * ADR 0027: a write that carries the commit writes the intents, then, in the same request, the
   * participant's prepare marker and the coordinator's STAGING record: one sync per cell, and the
   * flip and resolution as after a commit round.
   */
  @Test
  void aWriteCarryingTheCommitPreparesAndStagesWithOneSyncPerCell() {
    TxnMeta t = txn(30, 20);
    long c0Epoch = begin(t).getCellEpoch();
    long c0Before = syncs(c0);
    long c1Before = syncs(c1);
    WriteResult onC1 = writeCommitting(c1, t, io.heliosdb.hidb.proto.CommitWithWrite.newBuilder().setCommitTs(50),
        mutation(MutationKind.PUT, 2, "two", 1));
    assertEquals(StatusCode.OK, onC1.getStatus().getCode());
    assertEquals(true, onC1.getPrepared());
    assertEquals(c1Before + 1, syncs(c1), "the intents and the marker: one sync");
    WriteResult onC0 = writeCommitting(c0, t, io.heliosdb.hidb.proto.CommitWithWrite.newBuilder().setCommitTs(50)
        .setCoordinator(true).addStagedParticipants(C1).setCellEpoch(c0Epoch), mutation(MutationKind.PUT, 1, "one", 1));
    assertEquals(TxnState.TXN_STAGING, onC0.getCommitted().getRecord().getState());
    assertEquals(50, onC0.getCommitted().getRecord().getCommitTs());
    assertEquals(List.of(C1), onC0.getCommitted().getRecord().getStagedParticipantsList());
    assertEquals(c0Before + 1, syncs(c0), "the intents and the STAGING record: one sync");
    assertEquals(TxnState.TXN_COMMITTED, commit(30, 50, 0).getRecord().getState(), "the flip");
    resolve(c0, 30, 50);
    resolve(c1, 30, 50);
    assertEquals("one", get(c0, 1, 50, 0));
    assertEquals("two", get(c1, 2, 50, 0));
  }

  @Test
  void aSoleParticipantCommitsWithItsWrite() {
    TxnMeta t = txn(31, 20);
    long c0Epoch = begin(t).getCellEpoch();
    long c0Before = syncs(c0);
    WriteResult onC0 = writeCommitting(c0, t, io.heliosdb.hidb.proto.CommitWithWrite.newBuilder().setCommitTs(50)
        .setCoordinator(true).setCellEpoch(c0Epoch), mutation(MutationKind.PUT, 1, "one", 1));
    assertEquals(TxnState.TXN_COMMITTED, onC0.getCommitted().getRecord().getState());
    assertEquals(c0Before + 1, syncs(c0));
    assertEquals(TxnState.TXN_COMMITTED, status(31).getRecord().getState());
  }

  /**
   * A read at snapshot 90 reached the participant before the intents: the transaction may not
   * commit at the proposed 50 there, so no marker is written, and a decision of the STAGING
   * record then finds it unprepared.
   */
  @Test
  void aParticipantThatServedALaterReadDoesNotPrepareAtTheProposedTimestamp() {
    TxnMeta t = txn(32, 20);
    long c0Epoch = begin(t).getCellEpoch();
    assertEquals(null, get(c1, 2, 90, 0));
    WriteResult onC1 = writeCommitting(c1, t, io.heliosdb.hidb.proto.CommitWithWrite.newBuilder().setCommitTs(50),
        mutation(MutationKind.PUT, 2, "two", 1));
    assertEquals(StatusCode.OK, onC1.getStatus().getCode(), "the intents are written");
    assertEquals(false, onC1.getPrepared());
    assertEquals(91, onC1.getMinCommitTs());
    WriteResult onC0 = writeCommitting(c0, t, io.heliosdb.hidb.proto.CommitWithWrite.newBuilder().setCommitTs(50)
        .setCoordinator(true).addStagedParticipants(C1).setCellEpoch(c0Epoch), mutation(MutationKind.PUT, 1, "one", 1));
    assertEquals(TxnState.TXN_STAGING, onC0.getCommitted().getRecord().getState());
    TxnRecordResult decided = c0.stub().abortTxn(io.heliosdb.hidb.proto.AbortTxnRequest.newBuilder()
        .setHeader(HidbProtocol.header()).setTxnId(32).build());
    assertEquals(TxnState.TXN_ABORTED, decided.getRecord().getState(), "decided from the participants: refused");
  }

  /** A write refused for a conflict carries out no part of the commit: the record stays PENDING. */
  @Test
  void aRefusedWriteCommitsNothing() {
    TxnMeta holder = txn(33, 20);
    begin(holder);
    write(c0, holder, mutation(MutationKind.PUT, 1, "held", 1));
    TxnMeta t = txn(34, 20);
    long c0Epoch = begin(t).getCellEpoch();
    long c0Before = syncs(c0);
    WriteResult onC0 = writeCommitting(c0, t, io.heliosdb.hidb.proto.CommitWithWrite.newBuilder().setCommitTs(50)
        .setCoordinator(true).setCellEpoch(c0Epoch), mutation(MutationKind.PUT, 1, "one", 1));
    assertEquals(StatusCode.CONFLICT, onC0.getStatus().getCode());
    assertEquals(false, onC0.hasCommitted());
    assertEquals(c0Before, syncs(c0));
    assertEquals(TxnState.TXN_PENDING, status(34).getRecord().getState());
  }

  private static WriteResult writeCommitting(CellHarness cell, TxnMeta txn,
      io.heliosdb.hidb.proto.CommitWithWrite.Builder commit, Mutation... mutations) {
    return cell.write(batch(0, mutations).toBuilder().setTxn(txn).setCommitWithWrite(commit).build());
  }

  private static TxnMeta txn(long id, long startTs) {
    return TxnMeta.newBuilder().setTxnId(id).setStartTs(startTs).setCoordinatorCell(C0).build();
  }

  private TxnRecordResult begin(TxnMeta txn) {
    return c0.stub().beginTxn(BeginTxnRequest.newBuilder().setHeader(HidbProtocol.header()).setTxn(txn).build());
  }

  private static io.heliosdb.hidb.proto.PrepareTxnResult prepare(CellHarness cell, long txnId, long epoch) {
    return cell.stub().prepareTxn(PrepareTxnRequest.newBuilder().setHeader(HidbProtocol.header())
        .setTxnId(txnId).setCellEpoch(epoch).build());
  }

  private TxnRecordResult commit(long txnId, long commitTs, long epoch) {
    return c0.stub().commitTxn(CommitTxnRequest.newBuilder().setHeader(HidbProtocol.header())
        .setTxnId(txnId).setCommitTs(commitTs).setCellEpoch(epoch).build());
  }

  private TxnRecordResult stage(long txnId, long commitTs, long epoch, String... participants) {
    return c0.stub().commitTxn(CommitTxnRequest.newBuilder().setHeader(HidbProtocol.header())
        .setTxnId(txnId).setCommitTs(commitTs).setCellEpoch(epoch).addAllStagedParticipants(List.of(participants))
        .build());
  }

  private TxnRecordResult status(long txnId) {
    return c0.stub().getTxnStatus(io.heliosdb.hidb.proto.GetTxnStatusRequest.newBuilder()
        .setHeader(HidbProtocol.header()).setTxnId(txnId).build());
  }

  private static void resolve(CellHarness cell, long txnId, long commitTs) {
    assertEquals(StatusCode.OK, cell.stub().resolveIntents(ResolveIntentsRequest.newBuilder()
        .setHeader(HidbProtocol.header()).setTxnId(txnId).setState(TxnState.TXN_COMMITTED).setCommitTs(commitTs)
        .build()).getStatus().getCode());
  }

  private static long syncs(CellHarness cell) {
    return cell.cell().stats().getWalSyncs();
  }

  /** A copy of the cell's files now: its state after a power cut if nothing is written until then. */
  private Path image(CellHarness cell, String name) {
    Path target = dir.resolve("images").resolve(name);
    copyTree(cell.cell().config().dataDir(), target);
    return target;
  }

  /** The process dies and the machine loses every write after {@code image}; then the cell opens again. */
  private static void machineCrash(CellHarness cell, Path image, Path dataDir) {
    cell.stop(true);
    deleteTree(dataDir);
    copyTree(image, dataDir);
    cell.start();
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
