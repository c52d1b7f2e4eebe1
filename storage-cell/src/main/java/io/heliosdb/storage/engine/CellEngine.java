package io.heliosdb.storage.engine;

import io.heliosdb.hidb.proto.CellStats;
import io.heliosdb.hidb.proto.Status;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.storage.txn.TxnConfig;
import io.heliosdb.storage.txn.TxnEngine;

/**
 * The engine parts of one cell, opened together: store, served tables, writer, counters and the
 * gate that keeps the native handles alive while requests use them, and the transaction side.
 */
public record CellEngine(
    String cellId, CellStore store, TableRegistry tables, RowWriter writer, CellCounters counters,
    CellGate gate, TxnEngine txns) {

  public static CellEngine open(String cellId, java.nio.file.Path dataDir, int lockStripes) {
    return open(cellId, dataDir, lockStripes, TxnConfig.defaults());
  }

  public static CellEngine open(String cellId, java.nio.file.Path dataDir, int lockStripes, TxnConfig txnConfig) {
    return open(cellId, dataDir, lockStripes, txnConfig, CellStore.DEFAULT_VERSION_CACHE_SLOTS);
  }

  public static CellEngine open(String cellId, java.nio.file.Path dataDir, int lockStripes, TxnConfig txnConfig,
      int versionCacheSlots) {
    CellStore store = CellStore.open(dataDir, versionCacheSlots);
    try {
      CellCounters counters = new CellCounters();
      RowWriter writer = new RowWriter(store, counters, lockStripes);
      CellGate gate = new CellGate();
      TxnEngine txns = TxnEngine.open(cellId, store, counters, writer.clock(), gate, txnConfig);
      return new CellEngine(cellId, store, TableRegistry.load(store), writer, counters, gate, txns);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Counters and sizes of the cell, as the Stats RPC answers them. */
  public CellStats stats() {
    CellStats.Builder stats = CellStats.newBuilder()
        .setStatus(Status.newBuilder().setCode(StatusCode.OK))
        .setCellId(cellId)
        .setTables(tables.size())
        .setRowsScanned(counters.rowsScanned())
        .setBytesScanned(counters.bytesScanned())
        .setRowsReturned(counters.rowsReturned())
        .setBytesReturned(counters.bytesReturned())
        .setWrites(counters.writes())
        .setTxnPrepares(txns.prepares())
        .setTxnCommits(txns.commits())
        .setTxnStagingCommitted(txns.stagingCommitted())
        .setTxnStagingAborted(txns.stagingAborted());
    if (gate.enter()) {
      try {
        stats.setEstimatedLiveKeys(store.estimatedLiveKeys());
        stats.setWalSyncs(store.walSyncs());
      } finally {
        gate.exit();
      }
    }
    return stats.build();
  }
}
