package io.heliosdb.storage;

import static io.heliosdb.storage.engine.TestTables.batch;
import static io.heliosdb.storage.engine.TestTables.key;
import static io.heliosdb.storage.engine.TestTables.mutation;
import static io.heliosdb.storage.engine.TestTables.shardOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.proto.GetRequest;
import io.heliosdb.hidb.proto.GetResponse;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.RequestHeader;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.storage.engine.TestTables;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointReadTest {
  @TempDir Path dir;
  private CellHarness harness;

  @BeforeEach
  void open() {
    harness = CellHarness.open("get-cell", dir);
    harness.createTable(TestTables.layout(), List.of(0, 1, 2, 3));
    harness.write(batch(10, mutation(MutationKind.INSERT, 4, "old", 1), mutation(MutationKind.INSERT, 8, "x", 8)));
    harness.write(batch(20, mutation(MutationKind.PUT, 4, "new", 2)));
    harness.write(batch(30, mutation(MutationKind.DELETE, 8, null, null)));
  }

  @AfterEach
  void close() {
    harness.close();
  }

  private GetResponse get(GetRequest.Builder request) {
    return harness.stub().get(request.setHeader(request.hasHeader() ? request.getHeader() : HidbProtocol.header())
        .setTableId(request.getTableId() == 0 ? TestTables.TABLE_ID : request.getTableId()).build());
  }

  private static GetRequest.Builder keys(long... ids) {
    GetRequest.Builder request = GetRequest.newBuilder().setShardId(shardOf(ids[0]));
    for (long id : ids) {
      request.addKeys(ByteString.copyFrom(key(id)));
    }
    return request;
  }

  @Test
  void getReturnsTheVersionVisibleAtTheSnapshotProjected() {
    GetResponse at15 = get(keys(4, 8).setSnapshotTs(15).addProjection(1).addProjection(2));
    assertEquals(List.of(true, true), at15.getFoundList());
    assertArrayEquals(new Object[] {"old", 1},
        RowCodec.decode(List.of(DataType.TEXT, DataType.INTEGER), at15.getRows(0).toByteArray()));

    GetResponse latest = get(keys(4, 8, 12).addProjection(1));
    assertEquals(List.of(true, false, false), latest.getFoundList());
    assertArrayEquals(new Object[] {"new"}, RowCodec.decode(List.of(DataType.TEXT), latest.getRows(0).toByteArray()));
    assertEquals(ByteString.EMPTY, latest.getRows(1));

    assertEquals(List.of(false, false), get(keys(4, 8).setSnapshotTs(5)).getFoundList());
  }

  @Test
  void everyColumnInOrderIsTheStoredRowAndOtherProjectionsAreReencoded() {
    GetResponse whole = get(keys(4));
    assertEquals(whole.getRows(0), get(keys(4).addProjection(0).addProjection(1).addProjection(2)).getRows(0));
    GetResponse reordered = get(keys(4).addProjection(2).addProjection(0).addProjection(1).addProjection(1));
    assertArrayEquals(new Object[] {2, 4L, "new", "new"},
        RowCodec.decode(List.of(DataType.INTEGER, DataType.BIGINT, DataType.TEXT, DataType.TEXT),
            reordered.getRows(0).toByteArray()));
  }

  @Test
  void getRefusesWhatTheCellCannotAnswer() {
    assertEquals(StatusCode.PROTOCOL_VERSION_MISMATCH,
        get(keys(4).setHeader(RequestHeader.newBuilder().setProtocolMajor(0))).getStatus().getCode());
    assertEquals(StatusCode.UNKNOWN_TABLE, get(keys(4).setTableId(77)).getStatus().getCode());
    assertEquals(StatusCode.WRONG_SHARD, get(keys(4).setShardId(11)).getStatus().getCode());
    GetResponse badColumn = get(keys(4).addProjection(3));
    assertEquals(StatusCode.INVALID_REQUEST, badColumn.getStatus().getCode());
    assertEquals("UNDEFINED_COLUMN", badColumn.getStatus().getErrorCode());
  }

  @Test
  void writesWithAnotherSchemaVersionAreRefusedAsStale() {
    var stale = harness.write(batch(40, mutation(MutationKind.PUT, 4, "z", 3)).toBuilder().setSchemaVersion(2).build());
    assertEquals(StatusCode.STALE_SCHEMA, stale.getStatus().getCode());
    assertEquals(List.of(true), get(keys(4).setSnapshotTs(40)).getFoundList());
    assertArrayEquals(new Object[] {4L, "new", 2},
        RowCodec.decode(TestTables.TYPES, get(keys(4)).getRows(0).toByteArray()));
  }
}
