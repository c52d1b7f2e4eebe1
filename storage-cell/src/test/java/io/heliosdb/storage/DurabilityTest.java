package io.heliosdb.storage;

import static io.heliosdb.storage.engine.TestTables.batch;
import static io.heliosdb.storage.engine.TestTables.key;
import static io.heliosdb.storage.engine.TestTables.mutation;
import static io.heliosdb.storage.engine.TestTables.row;
import static io.heliosdb.storage.engine.TestTables.shardOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.proto.GetRequest;
import io.heliosdb.hidb.proto.GetResponse;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.WriteResult;
import io.heliosdb.storage.engine.TestTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurabilityTest {
  @TempDir Path dir;

  private static GetResponse get(CellHarness harness, long id) {
    return harness.stub().get(GetRequest.newBuilder().setHeader(HidbProtocol.header())
        .setTableId(TestTables.TABLE_ID).setShardId(shardOf(id)).addKeys(ByteString.copyFrom(key(id))).build());
  }

  @Test
  void acknowledgedWritesSurviveAnAbruptCloseThroughTheWalAlone() throws Exception {
    try (CellHarness harness = CellHarness.open("durable", dir)) {
      harness.createTable(TestTables.layout(), List.of(0, 1, 2, 3));
      // Concurrent writers, as many sessions would send them: all share WAL fsyncs.
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<WriteResult>> acks = new ArrayList<>();
        for (long id = 0; id < 64; id++) {
          long rowId = id;
          acks.add(pool.submit(() -> harness.write(batch(100 + rowId, mutation(MutationKind.INSERT, rowId, "w", 1)))));
        }
        for (Future<WriteResult> ack : acks) {
          assertEquals(StatusCode.OK, ack.get().getStatus().getCode());
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(StatusCode.OK, harness.write(batch(500, mutation(MutationKind.DELETE, 5, null, null)))
          .getStatus().getCode());

      harness.stop(true);
      try (Stream<Path> files = Files.list(dir)) {
        assertTrue(files.noneMatch(f -> f.toString().endsWith(".sst")),
            "no memtable was flushed, so the data below can only come from the WAL");
      }
      harness.start();
      for (long id = 0; id < 64; id++) {
        GetResponse response = get(harness, id);
        assertEquals(StatusCode.OK, response.getStatus().getCode(), "the table layout was recovered");
        if (id == 5) {
          assertFalse(response.getFound(0));
        } else {
          assertTrue(response.getFound(0), "row " + id);
          assertArrayEquals(row(id, "w", 1), response.getRows(0).toByteArray());
        }
      }
    }
  }

  @Test
  void aFailedBatchLeavesNothingBehindEvenAfterRestart() {
    try (CellHarness harness = CellHarness.open("atomic", dir)) {
      harness.createTable(TestTables.layout(), List.of(0, 1, 2, 3));
      assertEquals(StatusCode.OK, harness.write(batch(10, mutation(MutationKind.INSERT, 1, "a", 1))).getStatus().getCode());

      WriteResult failed = harness.write(batch(20, mutation(MutationKind.PUT, 2, "b", 2),
          mutation(MutationKind.DELETE, 1, null, null), mutation(MutationKind.INSERT, 3, "c", 3),
          mutation(MutationKind.INSERT, 3, "again", 3)));
      assertEquals(StatusCode.UNIQUE_VIOLATION, failed.getStatus().getCode());
      assertEquals("UNIQUE_VIOLATION", failed.getStatus().getErrorCode());
      assertEquals(3, failed.getFailedMutation());
      assertEquals(0, failed.getApplied());

      harness.reopen(true);
      assertTrue(get(harness, 1).getFound(0), "the DELETE of the failed batch was not applied");
      assertFalse(get(harness, 2).getFound(0));
      assertFalse(get(harness, 3).getFound(0));
      assertEquals(1, harness.cell().stats().getEstimatedLiveKeys());
    }
  }
}
