package io.heliosdb.storage;

import io.grpc.BindableService;
import io.heliosdb.hidb.proto.StorageCellGrpc;
import io.heliosdb.hidb.proto.CellStats;
import io.heliosdb.storage.engine.CellEngine;
import io.heliosdb.storage.grpc.OpenCursors;
import io.heliosdb.storage.grpc.StorageCellService;
import io.heliosdb.storage.txn.TxnConfig;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One storage cell: a RocksDB under {@link CellConfig#dataDir()} and the HIDB StorageCell gRPC
 * service over it. The cell does not bind a server itself; the embedder serves
 * {@link #grpcService()} (in-process, named by the cell id, in the embedded default, or over TCP).
 *
 * <pre>
 * StorageCell cell = StorageCell.open(CellConfig.defaults("cell-0", dir));
 * Server server = InProcessServerBuilder.forName(cell.cellId()).addService(cell.grpcService()).build().start();
 * ...
 * server.shutdown(); cell.close();
 * </pre>
 */
public final class StorageCell implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StorageCell.class);
  private static final long SHUTDOWN_WAIT_SECONDS = 30;

  private final CellConfig config;
  private final CellEngine engine;
  private final ExecutorService scanExecutor;
  private final OpenCursors openCursors;
  private final StorageCellService service;

  private StorageCell(CellConfig config, CellEngine engine) {
    this.config = config;
    this.engine = engine;
    this.scanExecutor = Executors.newFixedThreadPool(config.scanThreads(), scanThreads(config.cellId()));
    this.openCursors = new OpenCursors();
    this.service = new StorageCellService(engine, scanExecutor, config.defaultBatchRows(), config.maxBatchBytes(),
        openCursors);
  }

  /** Opens (or creates) the cell's RocksDB and reloads the table layouts it serves. */
  public static StorageCell open(CellConfig config) {
    return open(config, TxnConfig.defaults());
  }

  /** Opens the cell with explicit transaction settings (timeouts, peers, recovery on open). */
  public static StorageCell open(CellConfig config, TxnConfig txnConfig) {
    CellEngine engine = CellEngine.open(config.cellId(), config.dataDir(), config.uniquenessLockStripes(),
        txnConfig, config.versionCacheSlots());
    LOG.info("storage cell {} opened in {} serving {} tables", config.cellId(), config.dataDir(),
        engine.tables().size());
    return new StorageCell(config, engine);
  }

  /** The engine under the gRPC service (benchmarks and tests of this package). */
  CellEngine engine() {
    return engine;
  }

  public String cellId() {
    return config.cellId();
  }

  public CellConfig config() {
    return config;
  }

  /** The HIDB StorageCell service; the same instance on every call. */
  public BindableService grpcService() {
    return service;
  }

  /** The same service as {@link #grpcService()}, for callers in this JVM that skip the channel. */
  public StorageCellGrpc.AsyncService localService() {
    return service;
  }

  /** Counters since open plus the table count and estimated live keys (same as the Stats RPC). */
  public CellStats stats() {
    return engine.stats();
  }

  /** Keys holding a live write intent here (the in-memory intent index, ADR 0021); a gauge. */
  public long liveIntents() {
    return engine.txns().liveIntents();
  }

  /** Point reads the newest-version cache answered (ADR 0023), since open. */
  public long versionCacheHits() {
    return engine.store().versionCache().hits();
  }

  /** Point reads that went to RocksDB past the newest-version cache, since open. */
  public long versionCacheMisses() {
    return engine.store().versionCache().misses();
  }

  /** Open, and RocksDB reports no background errors. */
  public boolean isHealthy() {
    if (!engine.gate().enter()) {
      return false;
    }
    try {
      return engine.store().isHealthy();
    } finally {
      engine.gate().exit();
    }
  }

  /**
   * Resolves the intents of every transaction with intents here whose coordinator has decided it
   * (what the cell does in the background after open); returns how many transactions. For tests
   * and operators.
   */
  public int recoverIntents() {
    if (!engine.gate().enter()) {
      throw new IllegalStateException("storage cell " + config.cellId() + " is closed");
    }
    try {
      return engine.txns().recoverIntents();
    } finally {
      engine.gate().exit();
    }
  }

  /** Scans whose cursor (RocksDB snapshot and iterators) is still open. */
  int openScans() {
    return openCursors.size();
  }

  /** Waits for requests in flight, stops scans, flushes memtables and closes RocksDB. */
  @Override
  public void close() {
    if (shutDown()) {
      engine.store().close();
      LOG.info("storage cell {} closed", config.cellId());
    }
  }

  /**
   * Closes RocksDB without flushing memtables, so the next open must recover acknowledged writes
   * from the WAL alone, as after a process crash. For recovery tests.
   */
  void closeAbruptly() {
    if (shutDown()) {
      engine.store().closeWithoutFlush();
    }
  }

  private boolean shutDown() {
    if (!engine.gate().shut()) {
      return false;
    }
    scanExecutor.shutdown();
    try {
      if (!scanExecutor.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("storage cell {}: scans still running after {} s, closing anyway", config.cellId(),
            SHUTDOWN_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    openCursors.closeAll();
    engine.txns().close();
    return true;
  }

  private static ThreadFactory scanThreads(String cellId) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "cell-" + cellId + "-scan-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
