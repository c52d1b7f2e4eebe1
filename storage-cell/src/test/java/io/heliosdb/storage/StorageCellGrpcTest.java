package io.heliosdb.storage;

import static io.heliosdb.storage.engine.TestTables.batch;
import static io.heliosdb.storage.engine.TestTables.key;
import static io.heliosdb.storage.engine.TestTables.mutation;
import static io.heliosdb.storage.engine.TestTables.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.proto.CellStats;
import io.heliosdb.hidb.proto.CellStatsRequest;
import io.heliosdb.hidb.proto.CreateTableShardsRequest;
import io.heliosdb.hidb.proto.DropTableShardsRequest;
import io.heliosdb.hidb.proto.FilteredResultSet;
import io.heliosdb.hidb.proto.GetRequest;
import io.heliosdb.hidb.proto.GetResponse;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.PredicatePushdownRequest;
import io.heliosdb.hidb.proto.ReplicationAck;
import io.heliosdb.hidb.proto.ReplicationDataStream;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.StorageCellGrpc;
import io.heliosdb.hidb.proto.VectorSearchRequest;
import io.heliosdb.hidb.proto.WriteResult;
import io.heliosdb.storage.engine.TestTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several cells in one JVM, each served in-process under its cell id, as the gateway does. */
class StorageCellGrpcTest {
  @TempDir Path dir;

  @Test
  void threeCellsInOneJvmAnswerEveryRpcThroughInProcessStubs() throws Exception {
    List<StorageCell> cells = new ArrayList<>();
    List<Server> servers = new ArrayList<>();
    List<ManagedChannel> channels = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        StorageCell cell = StorageCell.open(CellConfig.defaults("cell-" + i, dir.resolve("cell-" + i)));
        cells.add(cell);
        servers.add(InProcessServerBuilder.forName(cell.cellId()).addService(cell.grpcService()).build().start());
        channels.add(InProcessChannelBuilder.forName(cell.cellId()).build());
      }
      for (int i = 0; i < 3; i++) {
        exerciseEveryRpc(cells.get(i), StorageCellGrpc.newBlockingStub(channels.get(i)),
            StorageCellGrpc.newStub(channels.get(i)), i);
      }
      // Each cell kept its own data: cell i holds only the rows written through its own channel.
      for (int i = 0; i < 3; i++) {
        assertEquals("cell-" + i, cells.get(i).stats().getCellId());
        assertEquals(1, cells.get(i).stats().getTables());
      }
    } finally {
      channels.forEach(ManagedChannel::shutdownNow);
      servers.forEach(Server::shutdownNow);
      cells.forEach(StorageCell::close);
    }
    cells.forEach(c -> assertFalse(c.isHealthy(), "closed cells report unhealthy"));
  }

  private void exerciseEveryRpc(StorageCell cell, StorageCellGrpc.StorageCellBlockingStub stub,
      StorageCellGrpc.StorageCellStub async, int cellIndex) throws Exception {
    assertTrue(cell.isHealthy());
    assertEquals(StatusCode.OK, stub.createTableShards(CreateTableShardsRequest.newBuilder()
        .setHeader(HidbProtocol.header()).setLayout(TestTables.layout()).addAllShardIds(List.of(0, 1, 2, 3))
        .build()).getStatus().getCode());

    long id = 100 + cellIndex;
    WriteResult written = stub.write(batch(50, mutation(MutationKind.INSERT, id, "cell" + cellIndex, cellIndex)));
    assertEquals(StatusCode.OK, written.getStatus().getCode());
    assertEquals(50, written.getCommitTs());
    assertEquals(1, written.getApplied());

    GetResponse got = stub.get(GetRequest.newBuilder().setHeader(HidbProtocol.header())
        .setTableId(TestTables.TABLE_ID).setShardId(TestTables.shardOf(id))
        .addKeys(ByteString.copyFrom(key(id))).addKeys(ByteString.copyFrom(key(id + 10))).build());
    assertEquals(StatusCode.OK, got.getStatus().getCode());
    assertEquals(List.of(true, false), got.getFoundList());
    assertArrayEquals(row(id, "cell" + cellIndex, cellIndex), got.getRows(0).toByteArray());

    List<FilteredResultSet> scan = new ArrayList<>();
    stub.executePredicatePushdown(PredicatePushdownRequest.newBuilder().setHeader(HidbProtocol.header())
        .setTableId(TestTables.TABLE_ID).build()).forEachRemaining(scan::add);
    FilteredResultSet last = scan.get(scan.size() - 1);
    assertTrue(last.getLast());
    assertEquals(StatusCode.OK, last.getStatus().getCode());
    List<Object[]> rows = new ArrayList<>();
    scan.forEach(m -> m.getRowsList().forEach(r -> rows.add(RowCodec.decode(TestTables.TYPES, r.toByteArray()))));
    assertEquals(1, rows.size());
    assertArrayEquals(new Object[] {id, "cell" + cellIndex, cellIndex}, rows.get(0));

    CellStats stats = stub.stats(CellStatsRequest.newBuilder().setHeader(HidbProtocol.header()).build());
    assertEquals(StatusCode.OK, stats.getStatus().getCode());
    assertEquals(cell.cellId(), stats.getCellId());
    assertEquals(1, stats.getWrites());
    assertTrue(stats.getRowsReturned() >= 2, "the Get row and the scanned row were returned");

    StatusRuntimeException vector = assertThrows(StatusRuntimeException.class,
        () -> stub.executeVectorSearch(VectorSearchRequest.newBuilder().setHeader(HidbProtocol.header()).build())
            .hasNext());
    assertEquals(io.grpc.Status.Code.UNIMPLEMENTED, vector.getStatus().getCode());
    assertTrue(vector.getStatus().getDescription().contains("vector engine"));

    CompletableFuture<Throwable> replication = new CompletableFuture<>();
    StreamObserver<ReplicationDataStream> requests = async.replicate(new StreamObserver<ReplicationAck>() {
      @Override
      public void onNext(ReplicationAck value) {
        replication.completeExceptionally(new AssertionError("unexpected ack " + value));
      }

      @Override
      public void onError(Throwable t) {
        replication.complete(t);
      }

      @Override
      public void onCompleted() {
        replication.completeExceptionally(new AssertionError("completed without error"));
      }
    });
    requests.onNext(ReplicationDataStream.newBuilder().setHeader(HidbProtocol.header()).build());
    io.grpc.Status replicationStatus = io.grpc.Status.fromThrowable(replication.get(10, TimeUnit.SECONDS));
    assertEquals(io.grpc.Status.Code.UNIMPLEMENTED, replicationStatus.getCode());
    assertTrue(replicationStatus.getDescription().contains("mirror replication"));

    long otherTable = 7;
    assertEquals(StatusCode.OK, stub.createTableShards(CreateTableShardsRequest.newBuilder()
        .setHeader(HidbProtocol.header()).setLayout(TestTables.layout().toBuilder().setTableId(otherTable))
        .addShardIds(0).build()).getStatus().getCode());
    assertEquals(StatusCode.OK, stub.dropTableShards(DropTableShardsRequest.newBuilder()
        .setHeader(HidbProtocol.header()).setTableId(otherTable).build()).getStatus().getCode());
  }
}
