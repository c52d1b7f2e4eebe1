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
import io.heliosdb.hidb.proto.CollectGarbageRequest;
import io.heliosdb.hidb.proto.CollectGarbageResult;
import io.heliosdb.hidb.proto.GetRequest;
import io.heliosdb.hidb.proto.GetResponse;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.storage.engine.TestTables;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cell's MVCC sweeper (ADR 0008): what a snapshot at or above the low-water mark reads is kept, nothing else. */
class GarbageCollectionTest {
  @TempDir Path dir;

  private static String get(CellHarness cell, long id, long snapshotTs) {
    GetResponse response = cell.stub().get(GetRequest.newBuilder().setHeader(HidbProtocol.header())
        .setTableId(TestTables.TABLE_ID).setShardId(shardOf(id)).addKeys(ByteString.copyFrom(key(id)))
        .setSnapshotTs(snapshotTs).build());
    assertEquals(StatusCode.OK, response.getStatus().getCode());
    return response.getFound(0) ? (String) RowCodec.decode(TestTables.TYPES, response.getRows(0).toByteArray())[1]
        : null;
  }

  private static void put(CellHarness cell, long ts, long id, String name) {
    assertEquals(StatusCode.OK, cell.write(batch(ts, mutation(MutationKind.PUT, id, name, 1))).getStatus().getCode());
  }

  private static CollectGarbageResult collect(CellHarness cell, long lowWater, long sweepsBefore) throws Exception {
    CollectGarbageRequest request = CollectGarbageRequest.newBuilder().setHeader(HidbProtocol.header())
        .setLowWaterTs(lowWater).build();
    CollectGarbageResult r = cell.stub().collectGarbage(request);
    for (int i = 0; i < 200 && r.getSweeps() <= sweepsBefore; i++) {
      Thread.sleep(20);
      r = cell.stub().collectGarbage(CollectGarbageRequest.newBuilder().setHeader(HidbProtocol.header()).build());
    }
    assertTrue(r.getSweeps() > sweepsBefore, "the background sweep ran");
    return r;
  }

  @Test
  void versionsOnlyOlderSnapshotsCouldSeeAreRemoved() throws Exception {
    try (CellHarness cell = CellHarness.withTestTable("gc-c0", dir.resolve("c0"))) {
      put(cell, 10, 1, "a10");
      put(cell, 20, 1, "a20");
      put(cell, 30, 1, "a30");
      put(cell, 15, 2, "b15");
      assertEquals(StatusCode.OK, cell.write(batch(25, mutation(MutationKind.DELETE, 2, null, null)))
          .getStatus().getCode());
      put(cell, 5, 3, "c5");

      CollectGarbageResult r = collect(cell, 27, 0);
      // 1@10 (hidden by 1@20), 2@15 and the tombstone 2@25 (nothing older is visible at 27).
      assertEquals(3, r.getVersionsRemoved());
      assertTrue(r.getBytesRemoved() > 0);
      assertEquals("a20", get(cell, 1, 27), "the version a snapshot at the mark reads stays");
      assertEquals("a30", get(cell, 1, 35));
      assertEquals(null, get(cell, 2, 27));
      assertEquals("c5", get(cell, 3, 27), "the only version of a key stays");

      CollectGarbageResult idle = cell.stub().collectGarbage(CollectGarbageRequest.newBuilder()
          .setHeader(HidbProtocol.header()).setLowWaterTs(27).build());
      assertEquals(r.getSweeps(), idle.getSweeps(), "nothing written since the last sweep: no new pass");

      put(cell, 40, 1, "a40");
      CollectGarbageResult later = collect(cell, 35, r.getSweeps());
      assertEquals(4, later.getVersionsRemoved(), "1@20 goes once 1@30 is what the mark 35 reads");
      assertEquals("a30", get(cell, 1, 35));
      assertEquals("a40", get(cell, 1, 45));
    }
  }
}
