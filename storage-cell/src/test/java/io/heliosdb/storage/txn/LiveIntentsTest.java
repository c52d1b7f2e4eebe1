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
    assertEquals(byOwner(inRocksDb()), byTxn(engine), "each transaction's key set is its intents (ADR 0022)");
    assertEquals(0, legacyParticipantEntries(engine), "no participant entries are written (ADR 0022)");
  }

  /** Owner -> its keys in key order, as RocksDB's intents say. */
  static Map<Long, List<String>> byOwner(Map<String, Long> keysToOwner) {
    Map<Long, List<String>> out = new TreeMap<>();
    keysToOwner.forEach((key, owner) -> out.computeIfAbsent(owner, o -> new ArrayList<>()).add(key));
    return out;
  }

  /** Owner -> its keys in key order, as the in-memory key sets hold them. */
  static Map<Long, List<String>> byTxn(CellEngine engine) {
    Map<Long, List<String>> out = new TreeMap<>();
    engine.txns().liveIntentsByTxn().forEach((owner, keys) -> out.put(owner, keys.stream().map(LiveIntentsTest::hex).toList()));
    return out;
  }

  /** Keys of the txns column family in the old participant range. */
  static int legacyParticipantEntries(CellEngine engine) {
    int count = 0;
    try (RocksIterator it = engine.store().db().newIterator(engine.store().txns())) {
      for (it.seek(TxnKeys.legacyParticipantsStart()); it.isValid()
          && java.util.Arrays.compareUnsigned(it.key(), TxnKeys.legacyParticipantsEnd()) < 0; it.next()) {
        count++;
      }
    }
    return count;
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

  @Test
  void aBigTransactionIsRolledBackAndResolvedAcrossChunks() {
    // more keys than a resolver chunk (256), written by three statements
    TxnMeta first = txn(800, 10, 1);
    begin(first);
    List<Mutation> rows = new ArrayList<>();
    for (long id = 1; id <= 600; id++) {
      rows.add(mutation(MutationKind.PUT, id, "a" + id, (int) id));
    }
    ok(write(first, rows.toArray(Mutation[]::new)));
    rows.clear();
    for (long id = 301; id <= 900; id++) {
      rows.add(mutation(MutationKind.PUT, id, "b" + id, (int) id));
    }
    ok(write(txn(800, 10, 2), rows.toArray(Mutation[]::new)));
    ok(write(txn(800, 10, 3), mutation(MutationKind.LOCK, 901, "lock", 1), mutation(MutationKind.DELETE, 5, null, null)));
    Map<Long, Long> expected = new TreeMap<>();
    for (long id = 1; id <= 901; id++) {
      expected.put(id, 800L);
    }
    assertIndexed(expected);
    // back to statement 1: keys 601..901 go, 1..600 stay (301..600 and 5 restored)
    assertEquals(300 + 300 + 1 + 1, engine.txns().rollback(800, 2).getResolved());
    expected.keySet().removeIf(id -> id > 600);
    assertIndexed(expected);
    long commitTs = engine.txns().commit(800, 20).getRecord().getCommitTs();
    // another transaction takes over part of it before the resolution comes
    TxnMeta next = txn(801, commitTs + 5, 1);
    begin(next);
    ok(write(next, mutation(MutationKind.PUT, 7, "x", 1), mutation(MutationKind.PUT, 599, "y", 1),
        mutation(MutationKind.PUT, 1000, "z", 1)));
    expected.put(7L, 801L);
    expected.put(599L, 801L);
    expected.put(1000L, 801L);
    assertIndexed(expected);
    resolve(800, TxnState.TXN_COMMITTED, commitTs);
    assertIndexed(Map.of(7L, 801L, 599L, 801L, 1000L, 801L));
    IntentOverlay reader = engine.txns().overlay(999, RowKeys.LATEST);
    assertNull(reader.decideKey(RowKeys.keyPrefix(TestTables.TABLE_ID, shardOf(300), key(300))), "resolved");
    resolve(801, TxnState.TXN_ABORTED, 0);
    assertIndexed(Map.of());
  }

  @Test
  void aCrashReopenRebuildsEveryTransactionsKeySet() {
    for (long t = 1; t <= 3; t++) {
      TxnMeta meta = txn(900 + t, 10, 1);
      begin(meta);
      List<Mutation> rows = new ArrayList<>();
      for (long id = t; id <= 60; id += 3) {
        rows.add(mutation(t == 2 ? MutationKind.LOCK : MutationKind.PUT, id, "r" + id, (int) id));
      }
      ok(write(meta, rows.toArray(Mutation[]::new)));
    }
    Map<Long, Long> expected = new TreeMap<>();
    for (long id = 1; id <= 60; id++) {
      expected.put(id, 900 + ((id - 1) % 3) + 1);
    }
    assertIndexed(expected);
    reopenAfterCrash();
    assertIndexed(expected);
    engine.txns().abort(902);
    engine.txns().commit(903, 30);
    assertEquals(2, engine.txns().recoverIntents(), "the decided two, found from the rebuilt key sets");
    expected.values().removeIf(owner -> owner != 901);
    assertIndexed(expected);
  }

  @Test
  void aDataDirectoryWithParticipantEntriesOfTheOldFormatOpensAndResolves() throws Exception {
    TxnMeta pending = txn(950, 10, 1);
    begin(pending);
    ok(write(pending, mutation(MutationKind.PUT, 1, "one", 1), mutation(MutationKind.PUT, 2, "two", 2)));
    TxnMeta other = txn(951, 10, 1);
    begin(other);
    ok(write(other, mutation(MutationKind.PUT, 3, "three", 3)));
    // What a cell before ADR 0022 wrote beside each intent (and left behind for resolved ones).
    var db = engine.store().db();
    for (long id : new long[] {1, 2}) {
      db.put(engine.store().txns(), TxnKeys.legacyParticipant(950, RowKeys.keyPrefix(TestTables.TABLE_ID, shardOf(id), key(id))), new byte[0]);
    }
    db.put(engine.store().txns(), TxnKeys.legacyParticipant(951, RowKeys.keyPrefix(TestTables.TABLE_ID, shardOf(3), key(3))), new byte[0]);
    db.put(engine.store().txns(), TxnKeys.legacyParticipant(7, RowKeys.keyPrefix(TestTables.TABLE_ID, shardOf(4), key(4))), new byte[0]);
    assertEquals(4, legacyParticipantEntries(engine));
    engine.store().makeWalDurable();

    reopenAfterCrash();
    assertEquals(0, legacyParticipantEntries(engine), "deleted at open");
    assertNull(engine.store().db().get(engine.store().txns(), TxnKeys.prepareMarker(950)));
    assertEquals(StatusCode.OK, engine.txns().status(950, 0, false).getStatus().getCode(), "records are kept");
    assertIndexed(Map.of(1L, 950L, 2L, 950L, 3L, 951L));
    long commitTs = engine.txns().commit(950, 40).getRecord().getCommitTs();
    resolve(950, TxnState.TXN_COMMITTED, commitTs);
    assertIndexed(Map.of(3L, 951L));
    assertEquals(0, engine.txns().recoverIntents(), "951 is still pending");
    assertEquals(TxnState.TXN_ABORTED, engine.txns().abort(951).getRecord().getState());
    assertEquals(1, engine.txns().recoverIntents());
    assertIndexed(Map.of());
    // a second open finds nothing to delete
    reopenAfterCrash();
    assertEquals(0, legacyParticipantEntries(engine));
    assertEquals(false, TxnEngine.dropLegacyParticipantEntries(CELL, engine.store()));
  }

  @Test
  void aThousandRowInsertAndItsResolutionAreThreeRocksDbOperationsPerRow() throws Exception {
    // Each put or delete of a batch takes one RocksDB sequence number: the intent put, and at
    // resolution the intent delete and the version put; no participant entries (ADR 0022).
    TxnMeta t = txn(990, 10, 1);
    begin(t);
    List<Mutation> rows = new ArrayList<>();
    for (long id = 1; id <= 1000; id++) {
      rows.add(mutation(MutationKind.INSERT, id, "row" + id, (int) id));
    }
    long before = engine.store().db().getLatestSequenceNumber();
    ok(write(t, rows.toArray(Mutation[]::new)));
    long written = engine.store().db().getLatestSequenceNumber();
    assertEquals(1000, written - before, "one intent put per row");
    long commitTs = engine.txns().commit(990, 20).getRecord().getCommitTs();
    long committed = engine.store().db().getLatestSequenceNumber();
    resolve(990, TxnState.TXN_COMMITTED, commitTs);
    assertEquals(2000, engine.store().db().getLatestSequenceNumber() - committed, "intent delete + version put per row");
    assertIndexed(Map.of());
  }

  @Test
  void concurrentWritersTakingOverEachOthersCommittedIntentsLeaveNoIntentAndNoKeySetBehind() throws Exception {
    // Two threads of transactions on the same keys; a commit is resolved at once, later, or by the
    // other thread's take-over of its intents, racing that thread's own resolutions (ADR 0022).
    java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(10);
    java.util.Queue<io.heliosdb.hidb.proto.TxnRecord> unresolved = new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int thread = 0; thread < 2; thread++) {
        long base = 10_000L * (thread + 1);
        done.add(threads.submit(() -> {
          java.util.Random random = new java.util.Random(base);
          for (int i = 1; i <= 150; i++) {
            long txnId = base + i;
            TxnMeta t = txn(txnId, clock.get(), 1);
            begin(t);
            List<Mutation> rows = new ArrayList<>();
            for (long id = 1 + random.nextInt(3); id <= 40; id += 1 + random.nextInt(3)) {
              rows.add(mutation(random.nextInt(5) == 0 ? MutationKind.LOCK : MutationKind.PUT, id, "r" + txnId, 1));
            }
            WriteResult written = write(t, rows.toArray(Mutation[]::new));
            if (written.getStatus().getCode() != StatusCode.OK) {
              engine.txns().abort(txnId);
              resolve(txnId, TxnState.TXN_ABORTED, 0);
              continue;
            }
            var record = engine.txns().commit(txnId, Math.max(clock.get() + 1, written.getMinCommitTs())).getRecord();
            clock.accumulateAndGet(record.getCommitTs(), Math::max);
            commits.incrementAndGet();
            if (random.nextBoolean()) {
              resolve(txnId, TxnState.TXN_COMMITTED, record.getCommitTs());
            } else {
              unresolved.add(record);
            }
            io.heliosdb.hidb.proto.TxnRecord later = random.nextInt(3) == 0 ? unresolved.poll() : null;
            if (later != null) {
              resolve(later.getTxnId(), TxnState.TXN_COMMITTED, later.getCommitTs());
            }
          }
          return null;
        }));
      }
      for (var future : done) {
        future.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertTrue(commits.get() > 30, "enough commits: " + commits.get());
    assertIndexed(byOwnerIds(inRocksDb()));
    for (io.heliosdb.hidb.proto.TxnRecord record; (record = unresolved.poll()) != null; ) {
      resolve(record.getTxnId(), TxnState.TXN_COMMITTED, record.getCommitTs());
    }
    assertIndexed(Map.of());
  }

  /** The intents of RocksDB as key id -> owner, for assertIndexed. */
  private static Map<Long, Long> byOwnerIds(Map<String, Long> keysToOwner) {
    Map<Long, Long> out = new TreeMap<>();
    for (long id = 1; id <= 40; id++) {
      Long owner = keysToOwner.get(intentKey(id));
      if (owner != null) {
        out.put(id, owner);
      }
    }
    return out;
  }
}
