package io.heliosdb.storage;

import static io.heliosdb.storage.engine.TestTables.batch;
import static io.heliosdb.storage.engine.TestTables.key;
import static io.heliosdb.storage.engine.TestTables.mutation;
import static io.heliosdb.storage.engine.TestTables.shardOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.proto.BeginTxnRequest;
import io.heliosdb.hidb.proto.CommitTxnRequest;
import io.heliosdb.hidb.proto.GetRequest;
import io.heliosdb.hidb.proto.GetResponse;
import io.heliosdb.hidb.proto.GetTxnStatusRequest;
import io.heliosdb.hidb.proto.Mutation;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.ResolveIntentsRequest;
import io.heliosdb.hidb.proto.RollbackIntentsRequest;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.TxnMeta;
import io.heliosdb.hidb.proto.TxnRecordResult;
import io.heliosdb.hidb.proto.TxnState;
import io.heliosdb.hidb.proto.WriteBatch;
import io.heliosdb.hidb.proto.WriteResult;
import io.heliosdb.storage.engine.TestTables;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Savepoints (intents remember their value per statement seq), lock-only intents and lock waits
 * on the coordinator (ADR 0008), through the real gRPC service over real RocksDB.
 */
class SavepointsAndLocksTest {
  private static final String CELL = "savepoint-test-c0";

  @TempDir Path dir;
  private CellHarness cell;

  @BeforeEach
  void open() {
    cell = CellHarness.withTestTable(CELL, dir.resolve("c0"));
  }

  @AfterEach
  void close() {
    cell.close();
  }

  private static TxnMeta txn(long id, long startTs, int seq, int floor) {
    return TxnMeta.newBuilder().setTxnId(id).setStartTs(startTs).setCoordinatorCell(CELL).setSeq(seq)
        .setSavepointFloorSeq(floor).build();
  }

  private void begin(TxnMeta t) {
    assertEquals(StatusCode.OK, cell.stub().beginTxn(BeginTxnRequest.newBuilder().setHeader(HidbProtocol.header())
        .setTxn(t).build()).getStatus().getCode());
  }

  private WriteResult write(TxnMeta t, Mutation... mutations) {
    WriteBatch b = batch(0, mutations).toBuilder().setTxn(t).build();
    return cell.write(b);
  }

  private void ok(WriteResult r) {
    assertEquals(StatusCode.OK, r.getStatus().getCode(), r.getStatus().getMessage());
  }

  private long rollback(long txnId, int fromSeq) {
    var r = cell.stub().rollbackIntents(RollbackIntentsRequest.newBuilder().setHeader(HidbProtocol.header())
        .setTxnId(txnId).setFromSeq(fromSeq).build());
    assertEquals(StatusCode.OK, r.getStatus().getCode());
    return r.getResolved();
  }

  private String get(long id, long snapshotTs, long txnId) {
    return TxnCalls.get(cell, id, snapshotTs, txnId);
  }

  private void seed(long commitTs, long id) {
    ok(cell.write(batch(commitTs, mutation(MutationKind.PUT, id, "v" + id, 1))));
  }

  private TxnRecordResult commit(long txnId, long commitTs) {
    return cell.stub().commitTxn(CommitTxnRequest.newBuilder().setHeader(HidbProtocol.header()).setTxnId(txnId)
        .setCommitTs(commitTs).build());
  }

  private void resolveCommitted(long txnId, long commitTs) {
    cell.stub().resolveIntents(ResolveIntentsRequest.newBuilder().setHeader(HidbProtocol.header()).setTxnId(txnId)
        .setState(TxnState.TXN_COMMITTED).setCommitTs(commitTs).build());
  }

  @Test
  void rollbackFromASeqRestoresEachIntentToItsValueBeforeThatStatement() {
    seed(10, 1);
    begin(txn(100, 20, 1, 1));
    ok(write(txn(100, 20, 1, 1), mutation(MutationKind.PUT, 1, "a", 1)));
    // A savepoint after statement 1: statements 2 and 3 keep what each earlier value was.
    ok(write(txn(100, 20, 2, 2), mutation(MutationKind.PUT, 1, "b", 1), mutation(MutationKind.INSERT, 2, "new", 1)));
    ok(write(txn(100, 20, 3, 2), mutation(MutationKind.PUT, 1, "c", 1), mutation(MutationKind.DELETE, 2, null, null)));
    assertEquals("c", get(1, 20, 100));
    assertEquals(null, get(2, 20, 100));

    assertEquals(2, rollback(100, 3));
    assertEquals("b", get(1, 20, 100));
    assertEquals("new", get(2, 20, 100));
    assertEquals(2, rollback(100, 2));
    assertEquals("a", get(1, 20, 100));
    assertEquals(null, get(2, 20, 100), "the insert of statement 2 is gone");
    assertEquals(0, rollback(100, 2), "nothing left after the savepoint");

    // The key taken back is free: another transaction writes it without a conflict.
    begin(txn(200, 20, 1, 1));
    ok(write(txn(200, 20, 1, 1), mutation(MutationKind.INSERT, 2, "other", 1)));

    assertEquals(1, rollback(100, 1));
    assertEquals("v1", get(1, 20, 100), "back to the committed row");
    assertEquals(StatusCode.OK, commit(100, 30).getStatus().getCode());
    resolveCommitted(100, 30);
    assertEquals("v1", get(1, 40, 300), "the committed transaction wrote nothing");
  }

  @Test
  void historyKeepsOnlyTheValuesARollbackCanStillReturnTo() {
    seed(10, 1);
    begin(txn(101, 20, 1, 1));
    // No savepoints: each statement's floor is itself, so only the value before it is kept.
    for (int seq = 1; seq <= 50; seq++) {
      ok(write(txn(101, 20, seq, seq), mutation(MutationKind.PUT, 1, "s" + seq, 1)));
    }
    assertEquals(1, rollback(101, 50));
    assertEquals("s49", get(1, 20, 101));
    assertEquals(1, rollback(101, 10), "the older values are gone: rollback deletes the intent");
    assertEquals("v1", get(1, 20, 101));
  }

  @Test
  void aLockOnlyIntentHidesNothingButMakesOtherWritersWait() {
    seed(10, 1);
    seed(10, 3);
    TxnMeta locker = txn(110, 20, 1, 1);
    begin(locker);
    ok(write(locker, mutation(MutationKind.LOCK, 1, null, null), mutation(MutationKind.LOCK, 3, null, null)));
    assertEquals("v1", get(1, 20, 110), "the locker reads the committed row");
    assertEquals("v1", get(1, 25, 999), "other readers are not blocked");

    TxnMeta writer = txn(111, 25, 1, 1);
    begin(writer);
    WriteResult blocked = write(writer, mutation(MutationKind.PUT, 1, "w", 1));
    assertEquals(StatusCode.CONFLICT, blocked.getStatus().getCode());
    assertEquals(110, blocked.getBlockingTxn().getTxnId(), "the answer names the transaction to wait for");

    ok(write(txn(110, 20, 2, 2), mutation(MutationKind.PUT, 1, "locked-then-written", 1)));
    assertEquals(StatusCode.OK, commit(110, 30).getStatus().getCode());
    resolveCommitted(110, 30);
    assertEquals("locked-then-written", get(1, 40, 999));
    assertEquals("v3", get(3, 40, 999), "a lock leaves no version behind");
    // After the holder is decided the writer proceeds; its snapshot 25 is older than the commit.
    assertEquals(StatusCode.CONFLICT, write(writer, mutation(MutationKind.PUT, 1, "w", 1)).getStatus().getCode());
    ok(write(writer, mutation(MutationKind.PUT, 3, "w3", 1)));
  }

  @Test
  void aWaitOnThePendingTransactionEndsWhenItIsDecidedNotAfterTheWait() throws Exception {
    TxnMeta holder = txn(120, 20, 1, 1);
    begin(holder);
    long started = System.nanoTime();
    CompletableFuture<TxnRecordResult> waiter = CompletableFuture.supplyAsync(() -> cell.stub().getTxnStatus(
        GetTxnStatusRequest.newBuilder().setHeader(HidbProtocol.header()).setTxnId(120).setWaitMillis(10_000).build()));
    Thread.sleep(200);
    assertTrue(!waiter.isDone(), "a pending transaction keeps the waiter waiting");
    assertEquals(StatusCode.OK, commit(120, 30).getStatus().getCode());
    TxnRecordResult answer = waiter.get(5, TimeUnit.SECONDS);
    long waitedMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(TxnState.TXN_COMMITTED, answer.getRecord().getState());
    assertTrue(waitedMillis < 3_000, "woken by the commit, not by the 10 s bound: " + waitedMillis);

    begin(txn(121, 20, 1, 1));
    long t0 = System.nanoTime();
    TxnRecordResult pending = cell.stub().getTxnStatus(GetTxnStatusRequest.newBuilder()
        .setHeader(HidbProtocol.header()).setTxnId(121).setWaitMillis(150).build());
    assertEquals(TxnState.TXN_PENDING, pending.getRecord().getState());
    assertTrue((System.nanoTime() - t0) / 1_000_000 >= 140, "the bound is honoured");
  }
}
