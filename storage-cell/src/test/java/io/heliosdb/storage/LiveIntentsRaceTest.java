package io.heliosdb.storage;

import static io.heliosdb.storage.TxnCalls.get;
import static io.heliosdb.storage.TxnCalls.write;
import static io.heliosdb.storage.engine.TestTables.mutation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.proto.BeginTxnRequest;
import io.heliosdb.hidb.proto.CommitTxnRequest;
import io.heliosdb.hidb.proto.FilteredResultSet;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.PredicatePushdownRequest;
import io.heliosdb.hidb.proto.ResolveIntentsRequest;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.TxnMeta;
import io.heliosdb.hidb.proto.TxnState;
import io.heliosdb.hidb.proto.WriteResult;
import io.heliosdb.storage.engine.TestTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers racing a writer that commits and resolves, through the real Get and scan RPCs: with the
 * in-memory intent index (ADR 0021) a read may skip RocksDB's intents only when no intent is
 * there, so a reader at a snapshot at or above a commit always sees that commit, whether it meets
 * the intent (decided committed) or the resolved version (the index entry is gone only after the
 * resolution is written).
 */
class LiveIntentsRaceTest {
  private static final String CELL = "live-intents-race-c0";
  private static final int COMMITS = 300;

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

  /** The last commit the writer made, once its record is COMMITTED: its number and commit_ts. */
  private record Committed(int number, long commitTs) {}

  @Test
  void readersAtOrAboveACommitNeverMissIt() throws Exception {
    AtomicReference<Committed> last = new AtomicReference<>(new Committed(0, 0));
    AtomicLong readsChecked = new AtomicLong();
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      Future<?> writer = threads.submit(() -> {
        long lastTs = 10;
        for (int i = 1; i <= COMMITS; i++) {
          long txnId = 1000 + i;
          TxnMeta t = TxnMeta.newBuilder().setTxnId(txnId).setStartTs(lastTs).setCoordinatorCell(CELL).build();
          assertEquals(StatusCode.OK, cell.stub().beginTxn(BeginTxnRequest.newBuilder()
              .setHeader(HidbProtocol.header()).setTxn(t).build()).getStatus().getCode());
          // id 1 and id 2 lie in different shards, so a scan reads two segments
          WriteResult written = write(cell, t, mutation(MutationKind.PUT, 1, "v" + i, i),
              mutation(MutationKind.PUT, 2, "v" + i, i));
          assertEquals(StatusCode.OK, written.getStatus().getCode(), written.getStatus().getMessage());
          long proposed = Math.max(lastTs + 1, written.getMinCommitTs());
          var committed = cell.stub().commitTxn(CommitTxnRequest.newBuilder().setHeader(HidbProtocol.header())
              .setTxnId(txnId).setCommitTs(proposed).build());
          assertEquals(TxnState.TXN_COMMITTED, committed.getRecord().getState());
          lastTs = committed.getRecord().getCommitTs();
          // Published before resolution: readers race the resolver over the committed intents.
          last.set(new Committed(i, lastTs));
          assertEquals(StatusCode.OK, cell.stub().resolveIntents(ResolveIntentsRequest.newBuilder()
              .setHeader(HidbProtocol.header()).setTxnId(txnId).setState(TxnState.TXN_COMMITTED)
              .setCommitTs(lastTs).build()).getStatus().getCode());
        }
        return null;
      });
      List<Future<?>> readers = new ArrayList<>();
      readers.add(threads.submit(() -> pointReads(writer, last, readsChecked)));
      readers.add(threads.submit(() -> scans(writer, last, readsChecked)));
      writer.get(120, TimeUnit.SECONDS);
      for (Future<?> reader : readers) {
        reader.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertTrue(readsChecked.get() > COMMITS / 10, "the readers ran during the commits: " + readsChecked.get());
    assertEquals("v" + COMMITS, get(cell, 1, last.get().commitTs(), 7));
  }

  private Void pointReads(Future<?> writer, AtomicReference<Committed> last, AtomicLong checked) {
    while (!writer.isDone()) {
      Committed seen = last.get();
      if (seen.number() == 0) {
        continue;
      }
      String name = get(cell, 1, seen.commitTs(), 5_000_001);
      assertNotNull(name, "row 1 exists from the first commit on");
      int number = Integer.parseInt(name.substring(1));
      assertTrue(number >= seen.number(), "a read at " + seen.commitTs() + " saw commit " + number
          + ", older than commit " + seen.number() + " at that timestamp");
      checked.incrementAndGet();
    }
    return null;
  }

  private Void scans(Future<?> writer, AtomicReference<Committed> last, AtomicLong checked) {
    while (!writer.isDone()) {
      Committed seen = last.get();
      if (seen.number() == 0) {
        continue;
      }
      List<Integer> numbers = new ArrayList<>();
      for (FilteredResultSet batch : cell.scan(PredicatePushdownRequest.newBuilder().setHeader(HidbProtocol.header())
          .setTableId(TestTables.TABLE_ID).setSnapshotTs(seen.commitTs()).setTxnId(5_000_002).build())) {
        assertEquals(StatusCode.OK, batch.getStatus().getCode(), batch.getStatus().getMessage());
        for (ByteString row : batch.getRowsList()) {
          numbers.add(Integer.parseInt(((String) RowCodec.decode(TestTables.TYPES, row.toByteArray())[1]).substring(1)));
        }
      }
      assertEquals(2, numbers.size(), "rows 1 and 2 exist from the first commit on");
      for (int number : numbers) {
        assertTrue(number >= seen.number(), "a scan at " + seen.commitTs() + " saw commit " + number
            + ", older than commit " + seen.number() + " at that timestamp");
      }
      checked.incrementAndGet();
    }
    return null;
  }
}
