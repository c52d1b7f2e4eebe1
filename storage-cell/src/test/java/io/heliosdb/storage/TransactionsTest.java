package io.heliosdb.storage;

import static io.heliosdb.storage.TxnCalls.get;
import static io.heliosdb.storage.TxnCalls.write;
import static io.heliosdb.storage.engine.TestTables.batch;
import static io.heliosdb.storage.engine.TestTables.key;
import static io.heliosdb.storage.engine.TestTables.mutation;
import static io.heliosdb.storage.engine.TestTables.shardOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.proto.AbortTxnRequest;
import io.heliosdb.hidb.proto.BeginTxnRequest;
import io.heliosdb.hidb.proto.CommitTxnRequest;
import io.heliosdb.hidb.proto.FilteredResultSet;
import io.heliosdb.hidb.proto.GetRequest;
import io.heliosdb.hidb.proto.GetResponse;
import io.heliosdb.hidb.proto.GetTxnStatusRequest;
import io.heliosdb.hidb.proto.KeyRange;
import io.heliosdb.hidb.proto.Mutation;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.PredicatePushdownRequest;
import io.heliosdb.hidb.proto.ResolveIntentsRequest;
import io.heliosdb.hidb.proto.ResolveIntentsResult;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.TxnMeta;
import io.heliosdb.hidb.proto.TxnRecordResult;
import io.heliosdb.hidb.proto.TxnState;
import io.heliosdb.hidb.proto.WriteBatch;
import io.heliosdb.hidb.proto.WriteResult;
import io.heliosdb.storage.engine.TestTables;
import io.heliosdb.storage.txn.TxnConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cell-side transactions (ADR 0007) through the real gRPC service, in-process, over real RocksDB:
 * intents, their visibility, conflicts, commit and abort, and recovery after a crash.
 */
class TransactionsTest {
  private static final List<Integer> SHARDS = List.of(0, 1, 2, 3);
  private static final String C0 = "txn-test-c0";
  private static final String C1 = "txn-test-c1";

  @TempDir Path dir;
  private CellHarness c0;
  private CellHarness c1;

  @AfterEach
  void closeCells() {
    if (c1 != null) {
      c1.close();
    }
    if (c0 != null) {
      c0.close();
    }
  }

  private void openCells(TxnConfig txnConfig) {
    c0 = new CellHarness(CellConfig.defaults(C0, dir.resolve("c0")), txnConfig);
    c1 = new CellHarness(CellConfig.defaults(C1, dir.resolve("c1")), txnConfig);
    c0.createTable(TestTables.layout(), SHARDS);
    c1.createTable(TestTables.layout(), SHARDS);
  }

  private void openCells() {
    openCells(TxnConfig.defaults().withRecoverOnOpen(false));
  }

  private static TxnMeta txn(long id, long startTs) {
    return TxnMeta.newBuilder().setTxnId(id).setStartTs(startTs).setCoordinatorCell(C0).build();
  }

  private TxnRecordResult begin(TxnMeta txn) {
    return c0.stub().beginTxn(BeginTxnRequest.newBuilder().setHeader(HidbProtocol.header()).setTxn(txn).build());
  }

  private static TxnRecordResult commit(long txnId, long commitTs, CellHarness coordinator) {
    return coordinator.stub().commitTxn(CommitTxnRequest.newBuilder().setHeader(HidbProtocol.header())
        .setTxnId(txnId).setCommitTs(commitTs).build());
  }

  private static ResolveIntentsResult resolve(CellHarness cell, long txnId, TxnState state, long commitTs) {
    return cell.stub().resolveIntents(ResolveIntentsRequest.newBuilder().setHeader(HidbProtocol.header())
        .setTxnId(txnId).setState(state).setCommitTs(commitTs).build());
  }

  /** The name of row {@code id} as a read sees it, or null when the row is absent. */
  /** id -> name of every row a scan sees, in key order per shard. */
  private static Map<Long, String> scan(CellHarness cell, long snapshotTs, long txnId) {
    Map<Long, String> rows = new TreeMap<>();
    for (FilteredResultSet batch : cell.scan(PredicatePushdownRequest.newBuilder().setHeader(HidbProtocol.header())
        .setTableId(TestTables.TABLE_ID).setSnapshotTs(snapshotTs).setTxnId(txnId).build())) {
      assertEquals(StatusCode.OK, batch.getStatus().getCode(), batch.getStatus().getMessage());
      for (ByteString row : batch.getRowsList()) {
        Object[] values = RowCodec.decode(TestTables.TYPES, row.toByteArray());
        rows.put((Long) values[0], (String) values[1]);
      }
    }
    return rows;
  }

  private static void seed(CellHarness cell, long commitTs, long... ids) {
    for (long id : ids) {
      assertEquals(StatusCode.OK, cell.write(batch(commitTs, mutation(MutationKind.PUT, id, "v" + id, 1)))
          .getStatus().getCode());
    }
  }

  @Test
  void ownIntentsAreVisibleToTheTransactionOnlyIncludingUpdatesAndDeletesOfTheSameKey() {
    openCells();
    seed(c0, 10, 1, 2, 3, 4);
    TxnMeta t = txn(100, 20);
    assertEquals(StatusCode.OK, begin(t).getStatus().getCode());
    assertEquals(StatusCode.OK, write(c0, t, mutation(MutationKind.PUT, 1, "t1", 1),
        mutation(MutationKind.DELETE, 2, null, null), mutation(MutationKind.INSERT, 5, "t5", 1))
        .getStatus().getCode());
    // Later statements of the same transaction change its own intents again.
    assertEquals(StatusCode.OK, write(c0, t, mutation(MutationKind.PUT, 5, "t5b", 1),
        mutation(MutationKind.DELETE, 3, null, null)).getStatus().getCode());
    assertEquals(StatusCode.OK, write(c0, t, mutation(MutationKind.INSERT, 3, "t3", 1),
        mutation(MutationKind.DELETE, 4, null, null)).getStatus().getCode());
    assertEquals(StatusCode.OK, write(c0, t, mutation(MutationKind.INSERT, 4, "t4", 1),
        mutation(MutationKind.DELETE, 4, null, null)).getStatus().getCode());

    assertEquals(Map.of(1L, "t1", 3L, "t3", 5L, "t5b"), scan(c0, 20, 100));
    assertEquals("t1", get(c0, 1, 20, 100));
    assertEquals(null, get(c0, 2, 20, 100));
    assertEquals("t5b", get(c0, 5, 20, 100));
    assertEquals(null, get(c0, 4, 20, 100));

    Map<Long, String> committed = Map.of(1L, "v1", 2L, "v2", 3L, "v3", 4L, "v4");
    assertEquals(committed, scan(c0, 25, 200), "another transaction sees only committed versions");
    assertEquals(committed, scan(c0, 0, 0), "a read outside transactions ignores intents");
    assertEquals(null, get(c0, 5, 25, 200));
    assertEquals("v2", get(c0, 2, 25, 200));
    assertEquals(null, get(c0, 5, 0, 0));
  }

  @Test
  void aRangeScanOfOneShardMergesIntentsWithinItsBoundsOnly() {
    openCells();
    // Shard 0 holds ids 0, 4, 8, 12, 16.
    seed(c0, 10, 0, 8, 16);
    TxnMeta t = txn(105, 20);
    begin(t);
    write(c0, t, mutation(MutationKind.INSERT, 4, "t4", 1), mutation(MutationKind.INSERT, 12, "t12", 1),
        mutation(MutationKind.DELETE, 8, null, null), mutation(MutationKind.INSERT, 20, "t20", 1));
    PredicatePushdownRequest.Builder ranged = PredicatePushdownRequest.newBuilder().setHeader(HidbProtocol.header())
        .setTableId(TestTables.TABLE_ID).addShardIds(0).setSnapshotTs(20).setTxnId(105).setIncludeKeys(true)
        .addRanges(KeyRange.newBuilder().setStart(ByteString.copyFrom(key(4))).setStartInclusive(false)
            .setEnd(ByteString.copyFrom(key(16))).setEndInclusive(true));
    List<Long> ids = new ArrayList<>();
    List<ByteString> keys = new ArrayList<>();
    for (FilteredResultSet batch : c0.scan(ranged.build())) {
      assertEquals(StatusCode.OK, batch.getStatus().getCode());
      batch.getRowsList().forEach(r -> ids.add((Long) RowCodec.decode(TestTables.TYPES, r.toByteArray())[0]));
      keys.addAll(batch.getKeysList());
    }
    assertEquals(List.of(12L, 16L), ids, "4 is excluded by the bound, 8 deleted in the transaction, 20 beyond");
    assertEquals(List.of(ByteString.copyFrom(key(12)), ByteString.copyFrom(key(16))), keys);

    List<Long> limited = new ArrayList<>();
    for (FilteredResultSet batch : c0.scan(ranged.clearRanges().setLimit(2).build())) {
      batch.getRowsList().forEach(r -> limited.add((Long) RowCodec.decode(TestTables.TYPES, r.toByteArray())[0]));
    }
    assertEquals(List.of(0L, 4L), limited);
  }

  @Test
  void aWriteMeetingALiveIntentOrANewerCommitConflicts() {
    openCells();
    seed(c0, 10, 1, 2);
    TxnMeta t1 = txn(101, 20);
    begin(t1);
    assertEquals(StatusCode.OK, write(c0, t1, mutation(MutationKind.PUT, 1, "t1", 1)).getStatus().getCode());

    TxnMeta t2 = txn(102, 20);
    begin(t2);
    WriteResult blocked = write(c0, t2, mutation(MutationKind.PUT, 3, "ok", 1), mutation(MutationKind.PUT, 1, "t2", 1));
    assertEquals(StatusCode.CONFLICT, blocked.getStatus().getCode());
    assertEquals("SERIALIZATION_FAILURE", blocked.getStatus().getErrorCode(), "compute maps it to 40001");
    assertEquals(1, blocked.getFailedMutation());
    assertEquals(null, get(c0, 3, 20, 102), "a failed batch writes no intent");

    // First committer wins: row 2 committed at 30, after the snapshots at 20.
    seed(c0, 30, 2);
    assertEquals(StatusCode.CONFLICT,
        write(c0, t2, mutation(MutationKind.DELETE, 2, null, null)).getStatus().getCode());
    TxnMeta t3 = txn(103, 40);
    begin(t3);
    assertEquals(StatusCode.OK, write(c0, t3, mutation(MutationKind.DELETE, 2, null, null)).getStatus().getCode());
  }

  @Test
  void commitMakesTheVersionsVisibleAtExactlyTheCommitTimestamp() {
    openCells();
    seed(c0, 10, 1);
    TxnMeta t = txn(110, 20);
    begin(t);
    WriteResult written = write(c0, t, mutation(MutationKind.PUT, 1, "new", 1), mutation(MutationKind.INSERT, 2, "two", 1));
    assertEquals(StatusCode.OK, written.getStatus().getCode());
    assertTrue(written.getMinCommitTs() > 20);

    TxnRecordResult committed = commit(110, 50, c0);
    assertEquals(StatusCode.OK, committed.getStatus().getCode());
    assertEquals(TxnState.TXN_COMMITTED, committed.getRecord().getState());
    assertEquals(50, committed.getRecord().getCommitTs());
    assertEquals(2, resolve(c0, 110, TxnState.TXN_COMMITTED, 50).getResolved());

    assertEquals(Map.of(1L, "v1"), scan(c0, 49, 0));
    assertEquals(Map.of(1L, "new", 2L, "two"), scan(c0, 50, 0));
    assertEquals("v1", get(c0, 1, 49, 0));
    assertEquals("new", get(c0, 1, 50, 0));
    assertEquals(0, resolve(c0, 110, TxnState.TXN_COMMITTED, 50).getResolved(), "resolution is idempotent");
    assertEquals(StatusCode.OK, commit(110, 50, c0).getStatus().getCode(), "a retried commit is harmless");
  }

  @Test
  void aReaderThatMetAPendingIntentPushesTheCommitAboveItsSnapshot() {
    openCells();
    TxnMeta t = txn(111, 20);
    begin(t);
    write(c0, t, mutation(MutationKind.PUT, 1, "new", 1));
    assertEquals(null, get(c0, 1, 60, 300));
    TxnRecordResult committed = commit(111, 50, c0);
    assertEquals(61, committed.getRecord().getCommitTs(), "committing at 50 would change what the read at 60 saw");
    resolve(c0, 111, TxnState.TXN_COMMITTED, 61);
    assertEquals(null, get(c0, 1, 60, 300));
    assertEquals("new", get(c0, 1, 61, 300));
  }

  @Test
  void intentsWrittenAfterAReadMustCommitAboveItsSnapshot() {
    openCells();
    assertEquals(null, get(c1, 1, 70, 0), "a read at 70 before any intent exists");
    TxnMeta t = txn(112, 20);
    begin(t);
    WriteResult written = write(c1, t, mutation(MutationKind.PUT, 1, "late", 1));
    assertEquals(71, written.getMinCommitTs(), "committing at or below 70 would change what that read saw");
    assertEquals(21, write(c0, t, mutation(MutationKind.PUT, 2, "x", 1)).getMinCommitTs(),
        "the other cell served no read, so only the start timestamp bounds it");
  }

  @Test
  void abortLeavesNothingAndACommitAfterItFails() {
    openCells();
    seed(c0, 10, 1);
    TxnMeta t = txn(120, 20);
    begin(t);
    write(c0, t, mutation(MutationKind.INSERT, 7, "seven", 1), mutation(MutationKind.PUT, 1, "t", 1));
    TxnRecordResult aborted = c0.stub().abortTxn(AbortTxnRequest.newBuilder().setHeader(HidbProtocol.header())
        .setTxnId(120).build());
    assertEquals(TxnState.TXN_ABORTED, aborted.getRecord().getState());
    assertEquals(2, resolve(c0, 120, TxnState.TXN_ABORTED, 0).getResolved());
    assertEquals(StatusCode.CONFLICT, commit(120, 50, c0).getStatus().getCode());

    assertEquals(Map.of(1L, "v1"), scan(c0, 100, 0));
    assertEquals(Map.of(1L, "v1"), scan(c0, 100, 120), "not even the aborted transaction's own reads");
    TxnMeta next = txn(121, 30);
    begin(next);
    assertEquals(StatusCode.OK, write(c0, next, mutation(MutationKind.INSERT, 7, "again", 1),
        mutation(MutationKind.PUT, 1, "free", 1)).getStatus().getCode(), "no intent is left to conflict with");
  }

  @Test
  void anAbortedResolutionOfACommittedTransactionKeepsItsWritesOnTheCoordinator() {
    openCells();
    seed(c0, 10, 1);
    TxnMeta t = txn(130, 20);
    begin(t);
    write(c0, t, mutation(MutationKind.PUT, 1, "committed", 1));
    assertEquals(StatusCode.OK, commit(130, 50, c0).getStatus().getCode());
    // Compute lost the commit answer and sent an abort: the record refuses it ...
    TxnRecordResult refused = c0.stub().abortTxn(AbortTxnRequest.newBuilder().setHeader(HidbProtocol.header())
        .setTxnId(130).build());
    assertEquals(StatusCode.CONFLICT, refused.getStatus().getCode());
    assertEquals(TxnState.TXN_COMMITTED, refused.getRecord().getState());
    // ... and an ABORTED resolution still resolves the intents as the record says.
    assertEquals(1, resolve(c0, 130, TxnState.TXN_ABORTED, 0).getResolved());
    assertEquals("committed", get(c0, 1, 60, 999));
    assertEquals("v1", get(c0, 1, 40, 999), "not visible below its commit timestamp");
    assertEquals(Map.of(1L, "committed"), scan(c0, 60, 0));
  }

  @Test
  void insertUniquenessCountsIntentsAndCommittedVersions() {
    openCells();
    seed(c0, 10, 1);
    TxnMeta t = txn(130, 20);
    begin(t);
    assertEquals(StatusCode.UNIQUE_VIOLATION,
        write(c0, t, mutation(MutationKind.INSERT, 1, "dup", 1)).getStatus().getCode());
    assertEquals(StatusCode.OK, write(c0, t, mutation(MutationKind.INSERT, 9, "nine", 1)).getStatus().getCode());
    assertEquals(StatusCode.UNIQUE_VIOLATION,
        write(c0, t, mutation(MutationKind.INSERT, 9, "again", 1)).getStatus().getCode(), "own intent is a live row");
    assertEquals(StatusCode.OK, write(c0, t, mutation(MutationKind.DELETE, 1, null, null),
        mutation(MutationKind.INSERT, 1, "reborn", 1)).getStatus().getCode());

    TxnMeta other = txn(131, 20);
    begin(other);
    assertEquals(StatusCode.CONFLICT, write(c0, other, mutation(MutationKind.INSERT, 9, "mine", 1))
        .getStatus().getCode(), "another transaction's pending INSERT blocks the key");
  }

  @Test
  void aTwoCellTransactionCommitsThroughTheCoordinatorRecord() {
    openCells();
    TxnMeta t = txn(140, 20);
    begin(t);
    assertEquals(StatusCode.OK, write(c0, t, mutation(MutationKind.PUT, 1, "on-c0", 1)).getStatus().getCode());
    assertEquals(StatusCode.OK, write(c1, t, mutation(MutationKind.PUT, 2, "on-c1", 1)).getStatus().getCode());
    assertEquals(null, get(c1, 2, 60, 400));
    assertEquals(61, commit(140, 55, c0).getRecord().getCommitTs(),
        "the participant's reader pushed the coordinator's record");

    // Before c1 hears the outcome, its readers ask the coordinator and see the commit.
    assertEquals("on-c1", get(c1, 2, 61, 401));
    assertEquals(Map.of(2L, "on-c1"), scan(c1, 70, 402));
    assertEquals(null, get(c1, 2, 60, 403));

    resolve(c0, 140, TxnState.TXN_COMMITTED, 61);
    resolve(c1, 140, TxnState.TXN_COMMITTED, 61);
    assertEquals("on-c0", get(c0, 1, 61, 0));
    assertEquals("on-c1", get(c1, 2, 61, 0));
    assertEquals(null, get(c1, 2, 60, 0));
  }

  @Test
  void aCrashAfterTheCommitPointResolvesToCommittedLazilyAndOnRestart() {
    openCells();
    TxnMeta t = txn(150, 20);
    begin(t);
    write(c0, t, mutation(MutationKind.PUT, 1, "one", 1));
    write(c1, t, mutation(MutationKind.PUT, 2, "two", 1), mutation(MutationKind.PUT, 6, "six", 1));
    assertEquals(StatusCode.OK, commit(150, 50, c0).getStatus().getCode());
    c1.reopen(true);
    c0.reopen(true);

    assertEquals("two", get(c1, 2, 60, 500), "a reader resolves the intent lazily from the record");
    assertEquals(Map.of(2L, "two", 6L, "six"), scan(c1, 60, 501));

    c0.recoverIntents();
    c1.recoverIntents();
    assertEquals("one", get(c0, 1, 50, 0), "recovery rewrote the intents as versions at commit_ts");
    assertEquals(Map.of(2L, "two", 6L, "six"), scan(c1, 50, 0));
    assertEquals(Map.of(), scan(c1, 49, 0));
    assertEquals(0, c1.recoverIntents(), "nothing left to recover");
  }

  @Test
  void aCrashBeforeTheCommitPointResolvesToAborted() {
    // Heartbeats that stop for no time at all count as expired, so the first question aborts.
    openCells(TxnConfig.defaults().withRecoverOnOpen(false).withHeartbeatTimeout(Duration.ZERO));
    seed(c1, 10, 2);
    TxnMeta t = txn(160, 20);
    begin(t);
    write(c0, t, mutation(MutationKind.PUT, 1, "one", 1));
    write(c1, t, mutation(MutationKind.PUT, 2, "two", 1));
    c1.reopen(true);
    c0.reopen(true);

    assertEquals(0, c1.recoverIntents(), "recovery does not guess: the record is still PENDING");
    TxnMeta next = txn(161, 30);
    begin(next);
    assertEquals(StatusCode.OK, write(c1, next, mutation(MutationKind.PUT, 2, "next", 1)).getStatus().getCode(),
        "the writer aborted the expired transaction instead of waiting for it");
    assertEquals(StatusCode.CONFLICT, commit(160, 50, c0).getStatus().getCode());
    assertEquals(1, c0.recoverIntents());
    assertEquals(Map.of(), scan(c0, 100, 0));
    assertEquals(Map.of(2L, "v2"), scan(c1, 100, 0));
  }

  @Test
  void aTransactionTheCoordinatorNeverBeganIsAborted() {
    openCells();
    TxnRecordResult status = c0.stub().getTxnStatus(GetTxnStatusRequest.newBuilder()
        .setHeader(HidbProtocol.header()).setTxnId(170).build());
    assertEquals(TxnState.TXN_ABORTED, status.getRecord().getState());
    assertEquals(StatusCode.CONFLICT, commit(170, 50, c0).getStatus().getCode());
    assertEquals(StatusCode.CONFLICT, begin(txn(170, 20)).getStatus().getCode());
    assertEquals(StatusCode.INVALID_REQUEST,
        c1.stub().beginTxn(BeginTxnRequest.newBuilder().setHeader(HidbProtocol.header()).setTxn(txn(171, 20)).build())
            .getStatus().getCode(), "a record lives only on the coordinator named in it");
    assertEquals(StatusCode.INVALID_REQUEST, write(c0, TxnMeta.newBuilder().setTxnId(172).build(),
        mutation(MutationKind.PUT, 1, "x", 1)).getStatus().getCode());
  }
}
