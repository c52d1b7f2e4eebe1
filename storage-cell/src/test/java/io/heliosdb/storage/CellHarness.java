package io.heliosdb.storage;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.proto.CreateTableShardsRequest;
import io.heliosdb.hidb.proto.FilteredResultSet;
import io.heliosdb.hidb.proto.PredicatePushdownRequest;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.StorageCellGrpc;
import io.heliosdb.hidb.proto.TableLayout;
import io.heliosdb.hidb.proto.WriteBatch;
import io.heliosdb.hidb.proto.WriteResult;
import io.heliosdb.storage.txn.TxnConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cell served the way the gateway serves it: an in-process gRPC server named by the cell id and
 * a channel to it. Reopening (cleanly or abruptly) keeps the data directory.
 */
final class CellHarness implements AutoCloseable {
  private final CellConfig config;
  private final TxnConfig txnConfig;
  private StorageCell cell;
  private Server server;
  private ManagedChannel channel;

  CellHarness(CellConfig config) {
    this(config, TxnConfig.defaults());
  }

  /**
   * A cell under {@code dir} without crash recovery on open (a test decides when it runs), serving
   * {@link io.heliosdb.storage.engine.TestTables#layout()} on shards 0-3.
   */
  static CellHarness withTestTable(String cellId, Path dir) {
    CellHarness cell = new CellHarness(CellConfig.defaults(cellId, dir), TxnConfig.defaults().withRecoverOnOpen(false));
    cell.createTable(io.heliosdb.storage.engine.TestTables.layout(), List.of(0, 1, 2, 3));
    return cell;
  }

  CellHarness(CellConfig config, TxnConfig txnConfig) {
    this.config = config;
    this.txnConfig = txnConfig;
    start();
  }

  static CellHarness open(String cellId, Path dir) {
    return new CellHarness(CellConfig.defaults(cellId, dir));
  }

  /** Opens the cell again (after {@link #stop(boolean)}) with a new server and channel. */
  void start() {
    cell = StorageCell.open(config, txnConfig);
    try {
      server = InProcessServerBuilder.forName(cell.cellId()).addService(cell.grpcService()).build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    channel = InProcessChannelBuilder.forName(cell.cellId()).build();
  }

  StorageCell cell() {
    return cell;
  }

  int recoverIntents() {
    return cell.recoverIntents();
  }

  int openCursors() {
    return cell.openScans();
  }

  ManagedChannel channel() {
    return channel;
  }

  StorageCellGrpc.StorageCellBlockingStub stub() {
    return StorageCellGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  StorageCellGrpc.StorageCellStub asyncStub() {
    return StorageCellGrpc.newStub(channel);
  }

  void createTable(TableLayout layout, List<Integer> shards) {
    StatusCode code = stub().createTableShards(CreateTableShardsRequest.newBuilder()
        .setHeader(HidbProtocol.header()).setLayout(layout).addAllShardIds(shards).build()).getStatus().getCode();
    if (code != StatusCode.OK) {
      throw new AssertionError("CreateTableShards answered " + code);
    }
  }

  WriteResult write(WriteBatch batch) {
    return stub().write(batch);
  }

  /** Every message of one scan, in order. */
  List<FilteredResultSet> scan(PredicatePushdownRequest request) {
    List<FilteredResultSet> out = new ArrayList<>();
    stub().executePredicatePushdown(request).forEachRemaining(out::add);
    return out;
  }

  /** Closes everything; abruptly means RocksDB is closed without flushing its memtables. */
  void stop(boolean abruptly) {
    channel.shutdownNow();
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (abruptly) {
      cell.closeAbruptly();
    } else {
      cell.close();
    }
  }

  void reopen(boolean abruptly) {
    stop(abruptly);
    start();
  }

  @Override
  public void close() {
    stop(false);
  }
}
