package io.heliosdb.storage.txn;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.heliosdb.hidb.proto.GetTxnStatusRequest;
import io.heliosdb.hidb.proto.StorageCellGrpc;
import io.heliosdb.hidb.proto.TxnRecordResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** Peers served in this JVM by in-process gRPC servers named by their cell ids (the embedded default). */
public final class InProcessPeerCells implements PeerCells {
  private static final long DEADLINE_SECONDS = 5;

  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final UnaryOperator<String> serverName;

  /** Each cell's in-process server is named by its cell id. */
  public InProcessPeerCells() {
    this(UnaryOperator.identity());
  }

  /** {@code serverName} maps a cell id to its in-process server's name (tests run several harnesses). */
  public InProcessPeerCells(UnaryOperator<String> serverName) {
    this.serverName = serverName;
  }

  @Override
  public TxnRecordResult getTxnStatus(String cellId, GetTxnStatusRequest request) {
    try {
      return StorageCellGrpc.newBlockingStub(channel(cellId)).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .getTxnStatus(request);
    } catch (StatusRuntimeException e) {
      throw new PeerUnavailableException("cell " + cellId + " did not answer GetTxnStatus: " + e.getStatus(), e);
    }
  }

  @Override
  public io.heliosdb.hidb.proto.PrepareTxnResult prepareTxn(String cellId,
      io.heliosdb.hidb.proto.PrepareTxnRequest request) {
    try {
      return StorageCellGrpc.newBlockingStub(channel(cellId)).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
          .prepareTxn(request);
    } catch (StatusRuntimeException e) {
      throw new PeerUnavailableException("cell " + cellId + " did not answer PrepareTxn: " + e.getStatus(), e);
    }
  }

  private ManagedChannel channel(String cellId) {
    return channels.computeIfAbsent(cellId,
        id -> InProcessChannelBuilder.forName(serverName.apply(id)).directExecutor().build());
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    channels.clear();
  }
}
