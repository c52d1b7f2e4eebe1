package io.heliosdb.storage.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.proto.FilteredResultSet;
import io.heliosdb.hidb.proto.KeyRange;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.PredicatePushdownRequest;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.storage.engine.CellCounters;
import io.heliosdb.storage.engine.CellStore;
import io.heliosdb.storage.engine.RowWriter;
import io.heliosdb.storage.engine.ServedTable;
import io.heliosdb.storage.engine.TableRegistry;
import io.heliosdb.storage.engine.TestTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

/** Scans agree with a simple model of MVCC: per key, the newest version at or before the snapshot wins. */
class MvccScanPropertyTest {
  private static final AtomicLong NEXT_TABLE = new AtomicLong(1000);
  private static Path dir;
  private static CellStore store;
  private static TableRegistry tables;
  private static RowWriter writer;

  /** One write: PUT (qty = value) or DELETE of key id at commit timestamp ts. */
  record Op(long id, boolean delete, long ts, int value) {}

  @BeforeContainer
  static void open() throws IOException {
    dir = Files.createTempDirectory("mvcc-property");
    store = CellStore.open(dir);
    tables = TableRegistry.load(store);
    writer = new RowWriter(store, new CellCounters(), 8);
  }

  @AfterContainer
  static void close() throws IOException {
    store.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Provide
  Arbitrary<List<Op>> histories() {
    Arbitrary<Op> op = Combinators.combine(
        Arbitraries.longs().between(-3, 8),
        Arbitraries.of(true, false, false),
        Arbitraries.longs().between(1, 40),
        Arbitraries.integers().between(0, 1000)).as(Op::new);
    return op.list().ofMaxSize(30);
  }

  @Property(tries = 100)
  void scanSeesExactlyTheModelsVisibleRows(@ForAll("histories") List<Op> history,
      @ForAll @IntRange(min = 0, max = 45) int snapshot, @ForAll @IntRange(min = -4, max = 9) int rangeStart,
      @ForAll boolean startInclusive) {
    long tableId = NEXT_TABLE.incrementAndGet();
    ServedTable table = tables.createShards(TestTables.layout().toBuilder().setTableId(tableId).build(),
        List.of(0, 1, 2, 3));
    // model: id -> (ts -> qty, or null for a tombstone); a later write at the same ts replaces it
    Map<Long, TreeMap<Long, Integer>> model = new TreeMap<>();
    for (Op op : history) {
      var m = op.delete()
          ? TestTables.mutation(MutationKind.DELETE, op.id(), null, null)
          : TestTables.mutation(MutationKind.PUT, op.id(), "x", op.value());
      var result = writer.write(table, TestTables.batch(op.ts(), m).toBuilder().setTableId(tableId).build());
      assertEquals(StatusCode.OK, result.getStatus().getCode());
      model.computeIfAbsent(op.id(), k -> new TreeMap<>()).put(op.ts(), op.delete() ? null : op.value());
    }
    long snapshotTs = snapshot == 0 ? Long.MAX_VALUE : snapshot;
    Map<Long, Integer> expected = new TreeMap<>();
    model.forEach((id, versions) -> {
      var visible = versions.floorEntry(snapshotTs);
      boolean inRange = startInclusive ? id >= rangeStart : id > rangeStart;
      if (visible != null && visible.getValue() != null && inRange) {
        expected.put(id, visible.getValue());
      }
    });

    KeyRange range = KeyRange.newBuilder()
        .setStart(com.google.protobuf.ByteString.copyFrom(TestTables.key(rangeStart)))
        .setStartInclusive(startInclusive).build();
    PredicatePushdownRequest request = PredicatePushdownRequest.newBuilder().setTableId(tableId)
        .setSnapshotTs(snapshot).setBatchRows(3).addRanges(range).build();
    ScanPlan plan = ScanPlan.of(table, request, 1024, 1 << 20);
    Map<Long, Integer> actual = new TreeMap<>();
    try (ScanCursor cursor = ScanCursor.open(store, new CellCounters(), plan, List.of(0, 1, 2, 3),
        request.getRangesList())) {
      List<FilteredResultSet> batches = new ArrayList<>();
      while (!cursor.isFinished()) {
        batches.add(cursor.nextBatch());
      }
      for (FilteredResultSet batch : batches) {
        assertEquals(StatusCode.OK, batch.getStatus().getCode());
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
