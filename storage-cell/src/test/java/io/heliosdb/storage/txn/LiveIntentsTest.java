package io.heliosdb.storage.txn;

import static io.heliosdb.storage.engine.TestTables.batch;
import static io.heliosdb.storage.engine.TestTables.key;
import static io.heliosdb.storage.engine.TestTables.mutation;
import static io.heliosdb.storage.engine.TestTables.shardOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.proto.Mutation;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.ResolveIntentsRequest;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.TxnMeta;
import io.heliosdb.hidb.proto.TxnState;
import io.heliosdb.hidb.proto.WriteResult;
import io.heliosdb.storage.engine.CellEngine;
import io.heliosdb.storage.engine.RowKeys;
import io.heliosdb.storage.engine.ServedTable;
import io.heliosdb.storage.engine.TestTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksIterator;

/**
 * The in-memory index of live intents (ADR 0021) against the intents column family it mirrors,
 * on a real RocksDB cell: after every kind of intent write and deletion the index holds exactly
 * the keys RocksDB holds intents under, each with the owning transaction, and a reopen after a
 * crash rebuilds it from the column family.
 */
class LiveIntentsTest {
  private static final String CELL = "live-intents-c0";

  @TempDir Path dir;
  private CellEngine engine;
  private ServedTable table;

  @BeforeEach
  void open() {
    engine = CellEngine.open(CELL, dir.resolve("c0"), 64, TxnConfig.defaults().withRecoverOnOpen(false));
    table = engine.tables().createShards(TestTables.layout(), List.of(0, 1, 2, 3));
  }

  @AfterEach
  void close() {
    shutDown(false);
  }

  private void shutDown(boolean crash) {
    if (engine == null) {
      return;
    }
    engine.gate().shut();
    engine.txns().close();
    if (crash) {
      engine.store().closeWithoutFlush(); // memtables lost; the WAL has every write, as after kill -9
    } else {
      engine.store().close();
    }
    engine = null;
  }

  private void reopenAfterCrash() {
    shutDown(true);
    engine = CellEngine.open(CELL, dir.resolve("c0"), 64, TxnConfig.defaults().withRecoverOnOpen(false));
    table = engine.tables().find(TestTables.TABLE_ID).orElseThrow();
  }

  private static TxnMeta txn(long id, long startTs, int seq) {
    return TxnMeta.newBuilder().setTxnId(id).setStartTs(startTs).setCoordinatorCell(CELL).setSeq(seq).build();
  }

  private WriteResult write(TxnMeta t, Mutation... mutations) {
    return engine.txns().writeIntents(table, batch(0, mutations).toBuilder().setTxn(t).build());
  }

  private void ok(WriteResult result) {
    assertEquals(StatusCode.OK, result.getStatus().getCode(), result.getStatus().getMessage());
  }

  private void begin(TxnMeta t) {
    assertEquals(StatusCode.OK, engine.txns().begin(t).getStatus().getCode());
  }

  private long commitAndResolve(long txnId, long commitTs) {
    long ts = engine.txns().commit(txnId, commitTs).getRecord().getCommitTs();
    resolve(txnId, TxnState.TXN_COMMITTED, ts);
    return ts;
  }

  private void resolve(long txnId, TxnState state, long commitTs) {
    assertEquals(StatusCode.OK, engine.txns().resolve(ResolveIntentsRequest.newBuilder()
        .setHeader(HidbProtocol.header()).setTxnId(txnId).setState(state).setCommitTs(commitTs).build())
        .getStatus().getCode());
  }

  private static String hex(byte[] key) {
    return HexFormat.of().formatHex(key);
  }

  private static String intentKey(long id) {
    return hex(RowKeys.keyPrefix(TestTables.TABLE_ID, shardOf(id), key(id)));
  }

  /** Key -> owning transaction, as the intents column family holds them. */
  private Map<String, Long> inRocksDb() {
    Map<String, Long> out = new TreeMap<>();
    IntentBytes.View view = new IntentBytes.View();
    try (RocksIterator it = engine.store().db().newIterator(engine.store().intents())) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.put(hex(it.key()), view.read(it.value()).txnId);
      }
    }
    return out;
  }

  /** Key -> owning transaction, as the index holds them. */
  private Map<String, Long> indexed() {
    Map<String, Long> out = new TreeMap<>();
    engine.txns().liveIntentIndex().forEach((key, owner) -> out.put(hex(key), owner));
    return out;
  }

  /** The index matches RocksDB, and holds exactly {@code expected} (key id -> owner). */
  private void assertIndexed(Map<Long, Long> expected) {
    Map<String, Long> want = new TreeMap<>();
    expected.forEach((id, owner) -> want.put(intentKey(id), owner));
    assertEquals(inRocksDb(), indexed(), "the index mirrors the intents column family");
    assertEquals(want, indexed());
    assertEquals(expected.size(), engine.txns().liveIntents());
  }

  @Test
  void writesOverwritesDeletesAndLocksAreIndexedWithTheirOwner() {
    TxnMeta t = txn(100, 10, 1);
    begin(t);
    ok(write(t, mutation(MutationKind.INSERT, 1, "one", 1), mutation(MutationKind.PUT, 2, "two", 2),
        mutation(MutationKind.PUT, 3, "three", 3)));
    assertIndexed(Map.of(1L, 100L, 2L, 100L, 3L, 100L));
    TxnMeta again = txn(100, 10, 2);
    ok(write(again, mutation(MutationKind.PUT, 2, "deux", 2), mutation(MutationKind.DELETE, 3, null, null),
        mutation(MutationKind.LOCK, 4, "four", 4), mutation(MutationKind.LOCK, 1, "one", 1)));
    assertIndexed(Map.of(1L, 100L, 2L, 100L, 3L, 100L, 4L, 100L));
    assertEquals(4, commitAndResolveCount(100, 20));
    assertIndexed(Map.of());
  }

  private long commitAndResolveCount(long txnId, long commitTs) {
    long before = engine.txns().liveIntents();
    commitAndResolve(txnId, commitTs);
    return before - engine.txns().liveIntents();
  }

  @Test
  void aFailedBatchLeavesTheIndexAsItWas() {
    TxnMeta holder = txn(200, 10, 1);
    begin(holder);
    ok(write(holder, mutation(MutationKind.PUT, 5, "held", 5)));
    TxnMeta other = txn(201, 10, 1);
    begin(other);
    WriteResult conflict = write(other, mutation(MutationKind.PUT, 6, "six", 6), mutation(MutationKind.PUT, 5, "five", 5));
    assertEquals(StatusCode.CONFLICT, conflict.getStatus().getCode());
    WriteResult duplicate = write(holder, mutation(MutationKind.PUT, 7, "seven", 7),
        mutation(MutationKind.INSERT, 5, "again", 5));
    assertEquals(StatusCode.UNIQUE_VIOLATION, duplicate.getStatus().getCode());
    assertIndexed(Map.of(5L, 200L));
  }

  @Test
  void savepointRollbackUnindexesOnlyTheIntentsItDeletes() {
    TxnMeta first = txn(300, 10, 1);
    begin(first);
    ok(write(first, mutation(MutationKind.PUT, 1, "one", 1)));
    TxnMeta second = txn(300, 10, 2);
    ok(write(second, mutation(MutationKind.PUT, 1, "uno", 1), mutation(MutationKind.PUT, 2, "two", 2),
        mutation(MutationKind.LOCK, 3, "three", 3)));
    assertIndexed(Map.of(1L, 300L, 2L, 300L, 3L, 300L));
    assertEquals(3, engine.txns().rollback(300, 2).getResolved());
    assertIndexed(Map.of(1L, 300L)); // key 1 back to its seq-1 intent, still live
    resolve(300, TxnState.TXN_ABORTED, 0);
    assertIndexed(Map.of());
  }

  @Test
  void abortResolutionEmptiesTheIndexAndAWriterTakesOverADecidedIntent() {
    TxnMeta aborted = txn(400, 10, 1);
    begin(aborted);
    ok(write(aborted, mutation(MutationKind.PUT, 1, "one", 1), mutation(MutationKind.PUT, 2, "two", 2)));
    engine.txns().abort(400);
    resolve(400, TxnState.TXN_ABORTED, 0);
    assertIndexed(Map.of());

    // Committed but not resolved: the next writer of the key resolves it in its own batch.
    TxnMeta committed = txn(401, 10, 1);
    begin(committed);
    ok(write(committed, mutation(MutationKind.PUT, 1, "one", 1), mutation(MutationKind.PUT, 2, "two", 2)));
    long commitTs = engine.txns().commit(401, 20).getRecord().getCommitTs();
    TxnMeta next = txn(402, commitTs + 5, 1);
    begin(next);
    ok(write(next, mutation(MutationKind.PUT, 1, "uno", 1)));
    assertIndexed(Map.of(1L, 402L, 2L, 401L));
    resolve(401, TxnState.TXN_COMMITTED, commitTs);
    assertIndexed(Map.of(1L, 402L));
    commitAndResolve(402, commitTs + 10);
    assertIndexed(Map.of());
    IntentOverlay reader = engine.txns().overlay(999, RowKeys.LATEST);
    assertNull(reader.decideKey(RowKeys.keyPrefix(TestTables.TABLE_ID, shardOf(1), key(1))));
  }

  @Test
  void aReopenAfterACrashRebuildsTheIndexFromTheIntentsColumnFamily() {
    TxnMeta pending = txn(500, 10, 1);
    begin(pending);
    List<Mutation> rows = new ArrayList<>();
    for (long id = 1; id <= 40; id++) {
      rows.add(mutation(MutationKind.PUT, id, "row" + id, (int) id));
    }
    ok(write(pending, rows.toArray(Mutation[]::new)));
    TxnMeta resolved = txn(501, 10, 1);
    begin(resolved);
    ok(write(resolved, mutation(MutationKind.PUT, 100, "gone", 1)));
    commitAndResolve(501, 20);
    ok(write(txn(500, 10, 2), mutation(MutationKind.LOCK, 101, "lock", 1)));

    reopenAfterCrash();
    Map<Long, Long> expected = new TreeMap<>();
    for (long id = 1; id <= 40; id++) {
      expected.put(id, 500L);
    }
    expected.put(101L, 500L);
    assertIndexed(expected);
    assertTrue(engine.txns().overlay(999, 30).mayHoldIntentsIn(RowKeys.tablePrefix(TestTables.TABLE_ID),
        RowKeys.successorOfPrefix(RowKeys.tablePrefix(TestTables.TABLE_ID))));

    // Pending intents stay for their coordinator; once it aborts, recovery resolves them away.
    assertEquals(0, engine.txns().recoverIntents());
    assertIndexed(expected);
    engine.txns().abort(500);
    assertEquals(1, engine.txns().recoverIntents());
    assertIndexed(Map.of());
    assertFalse(engine.txns().overlay(999, 30).mayHoldIntentsIn(RowKeys.tablePrefix(TestTables.TABLE_ID),
        RowKeys.successorOfPrefix(RowKeys.tablePrefix(TestTables.TABLE_ID))));
  }

  private StatusCode validate(long startTs, long id, boolean wholeTable) {
    io.heliosdb.hidb.proto.ReadSpan.Builder span = io.heliosdb.hidb.proto.ReadSpan.newBuilder()
        .setTableId(TestTables.TABLE_ID).setWholeTable(wholeTable);
    if (!wholeTable) {
      span.setShardId(shardOf(id)).setKey(com.google.protobuf.ByteString.copyFrom(key(id)));
    }
    return engine.txns().validateReads(io.heliosdb.hidb.proto.ValidateReadsRequest.newBuilder()
        .setHeader(HidbProtocol.header()).setTxnId(799).setStartTs(startTs).addSpans(span).build())
        .getStatus().getCode();
  }

  @Test
  void readValidationStillMeetsACommittedIntentNotResolvedYet() {
    // Above the cell's open time: a whole-table check counts every commit before it as a change.
    long base = java.util.concurrent.TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis()) + 60_000_000;
    assertEquals(StatusCode.OK, validate(base + 5, 1, false), "no intent, no version");
    assertEquals(StatusCode.OK, validate(base + 5, 1, true));
    TxnMeta t = txn(700, base, 1);
    begin(t);
    ok(write(t, mutation(MutationKind.PUT, 1, "one", 1)));
    long commitTs = engine.txns().commit(700, base + 10).getRecord().getCommitTs();
    assertEquals(StatusCode.CONFLICT, validate(commitTs - 1, 1, false), "the unresolved intent committed after the read");
    assertEquals(StatusCode.CONFLICT, validate(commitTs - 1, 1, true));
    assertEquals(StatusCode.OK, validate(commitTs - 1, 2, false), "another key");
    assertEquals(StatusCode.OK, validate(commitTs, 1, false), "committed at the snapshot: seen by the read");
    resolve(700, TxnState.TXN_COMMITTED, commitTs);
    assertIndexed(Map.of());
    assertEquals(StatusCode.CONFLICT, validate(commitTs - 1, 1, false), "now the version says so");
    assertEquals(StatusCode.CONFLICT, validate(commitTs - 1, 1, true));
    assertEquals(StatusCode.OK, validate(commitTs, 1, true));
  }

  @Test
  void droppingTheTableUnindexesItsIntents() {
    TxnMeta t = txn(600, 10, 1);
    begin(t);
    ok(write(t, mutation(MutationKind.PUT, 1, "one", 1), mutation(MutationKind.PUT, 2, "two", 2)));
    assertTrue(engine.tables().drop(TestTables.TABLE_ID));
    assertEquals(Map.of(), inRocksDb());
    assertEquals(2, engine.txns().liveIntents(), "until told, the index keeps them (a superset is safe)");
    engine.txns().tableDropped(TestTables.TABLE_ID);
    assertEquals(Map.of(), indexed());
  }
}
