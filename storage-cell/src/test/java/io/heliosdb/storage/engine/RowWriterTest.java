package io.heliosdb.storage.engine;

import static io.heliosdb.storage.engine.TestTables.batch;
import static io.heliosdb.storage.engine.TestTables.key;
import static io.heliosdb.storage.engine.TestTables.mutation;
import static io.heliosdb.storage.engine.TestTables.row;
import static io.heliosdb.storage.engine.TestTables.shardOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.WriteResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksIterator;

class RowWriterTest {
  @TempDir Path dir;
  private CellStore store;
  private TableRegistry tables;
  private RowWriter writer;
  private CellCounters counters;
  private ServedTable table;

  @BeforeEach
  void open() {
    openStore();
    table = tables.createShards(TestTables.layout(), List.of(0, 1, 2, 3));
  }

  private void openStore() {
    store = CellStore.open(dir);
    tables = TableRegistry.load(store);
    counters = new CellCounters();
    writer = new RowWriter(store, counters, 16);
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private byte[] read(long id, long snapshotTs) {
    try (RocksIterator it = store.db().newIterator(store.rows())) {
      return VersionReader.visibleRow(it, TestTables.TABLE_ID, shardOf(id), key(id), snapshotTs);
    }
  }

  @Test
  void readsSeeTheNewestVersionAtOrBeforeTheirSnapshot() {
    ok(writer.write(table, batch(10, mutation(MutationKind.INSERT, 1, "a", 1))));
    ok(writer.write(table, batch(20, mutation(MutationKind.PUT, 1, "b", 2))));
    ok(writer.write(table, batch(30, mutation(MutationKind.DELETE, 1, null, null))));
    ok(writer.write(table, batch(40, mutation(MutationKind.INSERT, 1, "d", 4))));

    assertNull(read(1, 9));
    assertArrayEquals(row(1, "a", 1), read(1, 10));
    assertArrayEquals(row(1, "a", 1), read(1, 19));
    assertArrayEquals(row(1, "b", 2), read(1, 20));
    assertNull(read(1, 30), "the tombstone hides older versions");
    assertNull(read(1, 39));
    assertArrayEquals(row(1, "d", 4), read(1, 40));
    assertArrayEquals(row(1, "d", 4), read(1, RowKeys.LATEST));
  }

  @Test
  void insertOfALiveKeyFailsTheWholeBatchAndWritesNothing() {
    ok(writer.write(table, batch(10, mutation(MutationKind.INSERT, 1, "a", 1))));

    WriteResult result = writer.write(table, batch(20,
        mutation(MutationKind.INSERT, 2, "new", 2),
        mutation(MutationKind.PUT, 3, "new", 3),
        mutation(MutationKind.INSERT, 1, "dup", 9)));

    assertEquals(StatusCode.UNIQUE_VIOLATION, result.getStatus().getCode());
    assertEquals("UNIQUE_VIOLATION", result.getStatus().getErrorCode());
    assertEquals(2, result.getFailedMutation());
    assertTrue(result.getStatus().getMessage().contains("public.items"), result.getStatus().getMessage());
    assertNull(read(2, RowKeys.LATEST), "earlier mutations of the failed batch must not be visible");
    assertNull(read(3, RowKeys.LATEST));
    assertArrayEquals(row(1, "a", 1), read(1, RowKeys.LATEST));
    assertEquals(1, counters.writes());
  }

  @Test
  void insertAfterDeleteSucceedsAndDuplicateInsertsInOneBatchFail() {
    ok(writer.write(table, batch(10, mutation(MutationKind.INSERT, 1, "a", 1))));
    ok(writer.write(table, batch(20, mutation(MutationKind.DELETE, 1, null, null),
        mutation(MutationKind.INSERT, 5, "x", 5))));
    ok(writer.write(table, batch(30, mutation(MutationKind.INSERT, 1, "again", 1))));

    WriteResult twice = writer.write(table, batch(40, mutation(MutationKind.INSERT, 7, "x", 1),
        mutation(MutationKind.INSERT, 7, "y", 2)));
    assertEquals(StatusCode.UNIQUE_VIOLATION, twice.getStatus().getCode());
    assertEquals(1, twice.getFailedMutation());
    assertNull(read(7, RowKeys.LATEST));
  }

  @Test
  void writeToAShardNotServedIsRefused() {
    ServedTable partial = tables.createShards(TestTables.layout().toBuilder().setTableId(43).build(), List.of(0));
    WriteResult result = writer.write(partial, batch(10, mutation(MutationKind.PUT, 1, "a", 1)));
    assertEquals(StatusCode.WRONG_SHARD, result.getStatus().getCode());
    assertEquals(0, result.getFailedMutation());
  }

  @Test
  void concurrentInsertsOfOneKeyLetExactlyOneWin() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<WriteResult>> results = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        long ts = 100 + i;
        results.add(pool.submit(() -> writer.write(table, batch(ts, mutation(MutationKind.INSERT, 9, "x", 1)))));
      }
      long winners = 0;
      for (Future<WriteResult> r : results) {
        winners += r.get().getStatus().getCode() == StatusCode.OK ? 1 : 0;
      }
      assertEquals(1, winners);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentWritersAllLandAndShareWalSyncs() throws Exception {
    long syncsBefore = store.walSyncs();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<WriteResult>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        long id = i;
        results.add(pool.submit(() -> writer.write(table, batch(10, mutation(MutationKind.INSERT, id, "r", 1)))));
      }
      for (Future<WriteResult> r : results) {
        ok(r.get());
      }
    } finally {
      pool.shutdownNow();
    }
    for (long id = 0; id < 200; id++) {
      assertArrayEquals(row(id, "r", 1), read(id, RowKeys.LATEST));
    }
    assertEquals(200, counters.writes());
    long syncs = store.walSyncs() - syncsBefore;
    assertTrue(syncs > 0 && syncs < 200, "200 concurrent synced writes took " + syncs + " WAL fsyncs");
  }

  @Test
  void acknowledgedWritesSurviveACloseWithoutFlushThroughTheWal() throws Exception {
    for (long id = 0; id < 50; id++) {
      ok(writer.write(table, batch(10 + id, mutation(MutationKind.PUT, id, "v" + id, (int) id))));
    }
    ok(writer.write(table, batch(100, mutation(MutationKind.DELETE, 3, null, null))));
    store.closeWithoutFlush();
    store = null;
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.toString().endsWith(".sst")), "nothing may have been flushed");
    }

    openStore();
    ServedTable reloaded = tables.find(TestTables.TABLE_ID).orElseThrow();
    assertEquals(TestTables.layout(), reloaded.layout());
    for (long id = 0; id < 50; id++) {
      if (id == 3) {
        assertNull(read(id, RowKeys.LATEST));
      } else {
        assertArrayEquals(row(id, "v" + id, (int) id), read(id, RowKeys.LATEST));
      }
    }
  }

  private static void ok(WriteResult result) {
    assertEquals(StatusCode.OK, result.getStatus().getCode(), result.getStatus().getMessage());
    assertEquals(-1, result.getFailedMutation());
  }
}
