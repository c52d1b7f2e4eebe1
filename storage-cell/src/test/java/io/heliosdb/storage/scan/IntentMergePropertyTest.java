package io.heliosdb.storage.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.proto.FilteredResultSet;
import io.heliosdb.hidb.proto.KeyRange;
import io.heliosdb.hidb.proto.Mutation;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.PredicatePushdownRequest;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.TxnMeta;
import io.heliosdb.hidb.proto.TxnState;
import io.heliosdb.storage.engine.CellCounters;
import io.heliosdb.storage.engine.CellGate;
import io.heliosdb.storage.engine.CellStore;
import io.heliosdb.storage.engine.CommitClock;
import io.heliosdb.storage.engine.RowWriter;
import io.heliosdb.storage.engine.ServedTable;
import io.heliosdb.storage.engine.TableRegistry;
import io.heliosdb.storage.engine.TestTables;
import io.heliosdb.storage.txn.TxnConfig;
import io.heliosdb.storage.txn.TxnEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A transactional scan agrees with a model: per key, the reader's own intent wins, then an intent
 * of a transaction committed at or before the snapshot, then the newest committed version at or
 * before the snapshot; a pending transaction's intents are invisible.
 */
class IntentMergePropertyTest {
  private static final String CELL = "merge-property";
  private static final long READER_START = 41;
  private static final AtomicLong NEXT_TABLE = new AtomicLong(5000);
  private static final AtomicLong NEXT_TXN = new AtomicLong(1);
  private static Path dir;
  private static CellStore store;
  private static TableRegistry tables;
  private static RowWriter writer;
  private static TxnEngine txns;

  /** A committed version (ts <= 40) of key id: qty = value, or a tombstone. */
  record Op(long id, boolean delete, long ts, int value) {}

  /** Who holds an intent on a key: 0 nobody, 1 the reader, 2 a committed transaction, 3 a pending one. */
  record Intent(long id, int owner, boolean delete, int value) {}

  @BeforeContainer
  static void open() throws IOException {
    dir = Files.createTempDirectory("intent-merge-property");
    store = CellStore.open(dir);
    tables = TableRegistry.load(store);
    CellCounters counters = new CellCounters();
    writer = new RowWriter(store, counters, 8);
    txns = TxnEngine.open(CELL, store, counters, new CommitClock(), new CellGate(),
        TxnConfig.defaults().withRecoverOnOpen(false));
  }

  @AfterContainer
  static void close() throws IOException {
    txns.close();
    store.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Provide
  Arbitrary<List<Op>> histories() {
    return Combinators.combine(Arbitraries.longs().between(-3, 8), Arbitraries.of(true, false, false),
        Arbitraries.longs().between(1, 40), Arbitraries.integers().between(0, 1000)).as(Op::new).list().ofMaxSize(25);
  }

  @Provide
  Arbitrary<List<Intent>> intents() {
    return Combinators.combine(Arbitraries.longs().between(-3, 8), Arbitraries.integers().between(0, 3),
        Arbitraries.of(true, false), Arbitraries.integers().between(2000, 3000)).as(Intent::new)
        .list().ofMaxSize(12).uniqueElements(Intent::id);
  }

  @Property(tries = 80)
  void transactionalScanSeesExactlyTheModelsRows(@ForAll("histories") List<Op> history,
      @ForAll("intents") List<Intent> intents, @ForAll @IntRange(min = 42, max = 60) int foreignCommitTs,
      @ForAll @IntRange(min = 0, max = 65) int snapshot, @ForAll @IntRange(min = -4, max = 9) int rangeStart,
      @ForAll boolean startInclusive) {
    long tableId = NEXT_TABLE.incrementAndGet();
    ServedTable table = tables.createShards(TestTables.layout().toBuilder().setTableId(tableId).build(),
        List.of(0, 1, 2, 3));
    Map<Long, TreeMap<Long, Integer>> committed = new TreeMap<>();
    for (Op op : history) {
      Mutation m = op.delete() ? TestTables.mutation(MutationKind.DELETE, op.id(), null, null)
          : TestTables.mutation(MutationKind.PUT, op.id(), "x", op.value());
      assertEquals(StatusCode.OK, writer.write(table, TestTables.batch(op.ts(), m).toBuilder().setTableId(tableId)
          .build()).getStatus().getCode());
      committed.computeIfAbsent(op.id(), k -> new TreeMap<>()).put(op.ts(), op.delete() ? null : op.value());
    }
    long[] txnIds = {0, NEXT_TXN.incrementAndGet(), NEXT_TXN.incrementAndGet(), NEXT_TXN.incrementAndGet()};
    for (int owner = 1; owner <= 3; owner++) {
      TxnMeta meta = TxnMeta.newBuilder().setTxnId(txnIds[owner]).setStartTs(READER_START).setCoordinatorCell(CELL)
          .build();
      assertEquals(StatusCode.OK, txns.begin(meta).getStatus().getCode());
      for (Intent intent : intents) {
        if (intent.owner() == owner) {
          Mutation m = intent.delete() ? TestTables.mutation(MutationKind.DELETE, intent.id(), null, null)
              : TestTables.mutation(MutationKind.PUT, intent.id(), "i", intent.value());
          assertEquals(StatusCode.OK, txns.writeIntents(table, TestTables.batch(0, m).toBuilder().setTableId(tableId)
              .setTxn(meta).build()).getStatus().getCode());
        }
      }
    }
    assertEquals(TxnState.TXN_COMMITTED, txns.commit(txnIds[2], foreignCommitTs).getRecord().getState());

    long snapshotTs = snapshot == 0 ? Long.MAX_VALUE : snapshot;
    Map<Long, Integer> expected = new TreeMap<>();
    for (long id = -3; id <= 8; id++) {
      boolean inRange = startInclusive ? id >= rangeStart : id > rangeStart;
      Integer value = null;
      boolean decided = false;
      for (Intent intent : intents) {
        if (intent.id() == id && (intent.owner() == 1 || (intent.owner() == 2 && foreignCommitTs <= snapshotTs))) {
          value = intent.delete() ? null : intent.value();
          decided = true;
        }
      }
      if (!decided && committed.containsKey(id)) {
        var visible = committed.get(id).floorEntry(snapshotTs);
        value = visible == null ? null : visible.getValue();
      }
      if (value != null && inRange) {
        expected.put(id, value);
      }
    }

    PredicatePushdownRequest request = PredicatePushdownRequest.newBuilder().setTableId(tableId)
        .setSnapshotTs(snapshot).setBatchRows(3).setTxnId(txnIds[1])
        .addRanges(KeyRange.newBuilder().setStart(com.google.protobuf.ByteString.copyFrom(TestTables.key(rangeStart)))
            .setStartInclusive(startInclusive)).build();
    ScanPlan plan = ScanPlan.of(table, request, 1024, 1 << 20);
    Map<Long, Integer> actual = new TreeMap<>();
    try (ScanCursor cursor = ScanCursor.open(store, new CellCounters(), plan, List.of(0, 1, 2, 3),
        request.getRangesList(), txns.overlay(txnIds[1], plan.snapshotTs()))) {
      while (!cursor.isFinished()) {
        FilteredResultSet batch = cursor.nextBatch();
        assertEquals(StatusCode.OK, batch.getStatus().getCode(), batch.getStatus().getMessage());
        batch.getRowsList().forEach(r -> {
          Object[] row = RowCodec.decode(TestTables.TYPES, r.toByteArray());
          actual.put((Long) row[0], (Integer) row[2]);
        });
      }
    }
    assertEquals(expected, actual);
    tables.drop(tableId);
  }
}
