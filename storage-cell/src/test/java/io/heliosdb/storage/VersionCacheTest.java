package io.heliosdb.storage;

import static io.heliosdb.storage.TxnCalls.get;
import static io.heliosdb.storage.engine.TestTables.batch;
import static io.heliosdb.storage.engine.TestTables.mutation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.proto.BeginTxnRequest;
import io.heliosdb.hidb.proto.CommitTxnRequest;
import io.heliosdb.hidb.proto.DropTableShardsRequest;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.ResolveIntentsRequest;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.TxnMeta;
import io.heliosdb.hidb.proto.TxnState;
import io.heliosdb.storage.engine.NewestVersionCache;
import io.heliosdb.storage.engine.TestTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The newest-version cache in front of point reads (ADR 0023), through the real Get RPC: a hit
 * answers what RocksDB would, and no write path (plain batches, resolved commits, intents of
 * another transaction resolved by a writer, dropped tables) leaves a stale version behind.
 */
class VersionCacheTest {
  private static final String CELL = "version-cache-c0";
  private static final long NO_TXN = 0;
  private static final long LATEST = 0; // snapshot_ts 0: the newest

  @TempDir Path dir;
  private CellHarness cell;

  @BeforeEach
  void open() {
    cell = CellHarness.withTestTable(CELL, dir.resolve("c0"));
    cell.write(batch(10, mutation(MutationKind.INSERT, 4, "old", 1)));
    cell.write(batch(20, mutation(MutationKind.PUT, 4, "new", 2)));
  }

  @AfterEach
  void close() {
    cell.close();
  }

  @Test
  void theSecondReadOfAKeyIsAHitWithTheSameAnswer() {
    long hits = cell.cell().versionCacheHits();
    assertEquals("new", get(cell, 4, LATEST, NO_TXN));
    assertEquals(hits, cell.cell().versionCacheHits(), "the first read fills the slot");
    assertEquals("new", get(cell, 4, LATEST, NO_TXN));
    assertEquals("new", get(cell, 4, 25, NO_TXN));
    assertEquals(hits + 2, cell.cell().versionCacheHits());
    // An absent key is cached as absent.
    assertNull(get(cell, 99, LATEST, NO_TXN));
    assertNull(get(cell, 99, LATEST, NO_TXN));
    assertEquals(hits + 3, cell.cell().versionCacheHits());
  }

  @Test
  void aSnapshotBelowTheNewestVersionReadsTheOlderOne() {
    assertEquals("new", get(cell, 4, LATEST, NO_TXN)); // fills the slot with the version at 20
    assertEquals("old", get(cell, 4, 15, NO_TXN));
    assertNull(get(cell, 4, 5, NO_TXN));
    assertEquals("new", get(cell, 4, 20, NO_TXN));
  }

  @Test
  void aBatchWriteReplacesTheCachedVersion() {
    assertEquals("new", get(cell, 4, LATEST, NO_TXN));
    cell.write(batch(30, mutation(MutationKind.PUT, 4, "newer", 3)));
    assertEquals("newer", get(cell, 4, LATEST, NO_TXN));
    assertEquals("new", get(cell, 4, 25, NO_TXN));
    cell.write(batch(40, mutation(MutationKind.DELETE, 4, null, null)));
    assertNull(get(cell, 4, LATEST, NO_TXN));
    assertEquals("newer", get(cell, 4, 35, NO_TXN));
  }

  @Test
  void aResolvedCommitReplacesTheCachedVersion() {
    assertEquals("new", get(cell, 4, LATEST, NO_TXN));
    long commitTs = commit(1001, 30, "committed");
    resolve(1001, commitTs);
    assertEquals("committed", get(cell, 4, LATEST, NO_TXN));
    assertEquals("committed", get(cell, 4, commitTs, 77));
  }

  @Test
  void anIntentResolvedByTheNextWriterReplacesTheCachedVersion() {
    long first = commit(1001, 30, "first"); // committed, not resolved
    assertEquals("new", get(cell, 4, LATEST, NO_TXN), "outside a transaction the intent is not read");
    // The next writer meets the decided intent, resolves it into its own batch, then commits.
    long second = commit(1002, first + 1, "second");
    assertEquals("first", get(cell, 4, LATEST, NO_TXN), "the first commit is a version now");
    resolve(1002, second);
    assertEquals("second", get(cell, 4, LATEST, NO_TXN));
  }

  @Test
  void aDroppedTableRecreatedWithTheSameIdHasNoRows() {
    assertEquals("new", get(cell, 4, LATEST, NO_TXN));
    assertEquals("new", get(cell, 4, LATEST, NO_TXN)); // a hit: the slot holds the row
    assertEquals(StatusCode.OK, cell.stub().dropTableShards(DropTableShardsRequest.newBuilder()
        .setHeader(HidbProtocol.header()).setTableId(TestTables.TABLE_ID).build()).getStatus().getCode());
    cell.createTable(TestTables.layout(), List.of(0, 1, 2, 3));
    assertNull(get(cell, 4, LATEST, NO_TXN));
  }

  @Test
  void versionsLargerThanTheLimitAreNotKept() {
    String big = "x".repeat(NewestVersionCache.MAX_VALUE_BYTES + 10);
    cell.write(batch(30, mutation(MutationKind.PUT, 4, big, 3)));
    long hits = cell.cell().versionCacheHits();
    assertEquals(big, get(cell, 4, LATEST, NO_TXN));
    assertEquals(big, get(cell, 4, LATEST, NO_TXN));
    assertEquals(hits, cell.cell().versionCacheHits());
  }

  /**
   * A writer that reads its own key after every write must always see that write, while readers
   * keep missing and refilling the same slot: a reader that read the row before a write and
   * filled the slot after it would hand the writer its previous value.
   */
  @Test
  void aWriterAlwaysReadsItsOwnWriteWhileReadersRefillTheSlot() throws Exception {
    int writes = 2_000;
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong reads = new AtomicLong();
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(threads.submit(() -> {
          int last = -1;
          while (!done.get()) {
            String name = get(cell, 7, LATEST, NO_TXN);
            if (name != null) {
              int number = Integer.parseInt(name.substring(1));
              assertTrue(number >= last, "a reader went back from " + last + " to " + number);
              last = number;
            }
            reads.incrementAndGet();
          }
          return null;
        }));
      }
      Future<?> writer = threads.submit(() -> {
        long lastTs = 100;
        for (int i = 0; i < writes; i++) {
          // A plain batch write and a resolved transaction, alternately: both write paths.
          if (i % 2 == 0) {
            lastTs++;
            assertEquals(StatusCode.OK, cell.write(batch(lastTs, mutation(MutationKind.PUT, 7, "v" + i, i)))
                .getStatus().getCode());
          } else {
            lastTs = commitKey(7, 100_000 + i, lastTs, "v" + i);
            resolve(100_000 + i, lastTs);
          }
          assertEquals("v" + i, get(cell, 7, LATEST, NO_TXN), "the writer's read after write " + i);
        }
        return null;
      });
      writer.get(120, TimeUnit.SECONDS);
      done.set(true);
      for (Future<?> reader : readers) {
        reader.get(30, TimeUnit.SECONDS);
      }
    } finally {
      done.set(true);
      threads.shutdownNow();
    }
    assertTrue(reads.get() > writes / 10, "the readers ran during the writes: " + reads.get());
    assertTrue(cell.cell().versionCacheHits() > 0, "some reads hit");
  }

  private long commit(long txnId, long startTs, String name) {
    return commitKey(4, txnId, startTs, name);
  }

  /** Writes {@code name} to row {@code id} in a new transaction and commits it (unresolved). */
  private long commitKey(long id, long txnId, long startTs, String name) {
    TxnMeta t = TxnMeta.newBuilder().setTxnId(txnId).setStartTs(startTs).setCoordinatorCell(CELL).build();
    assertEquals(StatusCode.OK, cell.stub().beginTxn(BeginTxnRequest.newBuilder()
        .setHeader(HidbProtocol.header()).setTxn(t).build()).getStatus().getCode());
    var written = TxnCalls.write(cell, t, mutation(MutationKind.PUT, id, name, 0));
    assertEquals(StatusCode.OK, written.getStatus().getCode(), written.getStatus().getMessage());
    var committed = cell.stub().commitTxn(CommitTxnRequest.newBuilder().setHeader(HidbProtocol.header())
        .setTxnId(txnId).setCommitTs(Math.max(startTs + 1, written.getMinCommitTs())).build());
    assertEquals(TxnState.TXN_COMMITTED, committed.getRecord().getState());
    return committed.getRecord().getCommitTs();
  }

  private void resolve(long txnId, long commitTs) {
    assertEquals(StatusCode.OK, cell.stub().resolveIntents(ResolveIntentsRequest.newBuilder()
        .setHeader(HidbProtocol.header()).setTxnId(txnId).setState(TxnState.TXN_COMMITTED)
        .setCommitTs(commitTs).build()).getStatus().getCode());
  }
}
