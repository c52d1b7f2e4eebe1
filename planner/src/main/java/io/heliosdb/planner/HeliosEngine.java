package io.heliosdb.planner;

import io.grpc.Channel;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.MetadataClient;
import io.heliosdb.planner.api.Session;
import io.heliosdb.planner.api.SessionFactory;
import io.heliosdb.planner.api.SessionOptions;
import io.heliosdb.planner.calcite.QueryPlanner;
import io.heliosdb.planner.exec.CellClients;
import io.heliosdb.planner.exec.CellScanner;
import io.heliosdb.planner.exec.CellTransactions;
import io.heliosdb.planner.exec.CellWriter;
import io.heliosdb.planner.exec.ScanStatsSink;
import io.heliosdb.planner.exec.ShardManager;
import io.heliosdb.planner.exec.TimestampOracle;
import io.heliosdb.planner.session.HeliosSession;
import io.heliosdb.planner.session.PlanCache;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The compute layer of one gateway: opens sessions, owns the plan cache and the HIDB clients.
 * Reads the catalog from the metadata cache only; a catalog change swaps the planner and drops
 * cached plans (told by CacheInvalidationNotice).
 */
public final class HeliosEngine implements SessionFactory, AutoCloseable {
  private final MetadataClient metadata;
  private final PlannerConfig config;
  private final CellClients cells;
  private final ShardManager shards;
  private final CellScanner scanner;
  private final CellWriter writer;
  private final TimestampOracle clock = new TimestampOracle();
  private final CellTransactions transactions;
  /** Statement timeouts; one daemon thread is plenty since the tasks only set a flag. */
  private final java.util.concurrent.ScheduledExecutorService timers =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heliosdb-statement-timers");
        t.setDaemon(true);
        return t;
      });
  private final PlanCache planCache;
  /** MySQL statement templates shared by the MySQL sessions (translation skipped per known shape). */
  private final io.heliosdb.planner.dialect.mysql.MySqlTemplateStore mysqlTemplates =
      new io.heliosdb.planner.dialect.mysql.MySqlTemplateStore();
  private final io.heliosdb.planner.sequence.SequenceCache sequences;
  private final AtomicReference<QueryPlanner> planner = new AtomicReference<>();
  private final LongAdder rowsScanned = new LongAdder();
  private final LongAdder bytesScanned = new LongAdder();
  private final LongAdder rowsReturned = new LongAdder();
  private final LongAdder bytesReturned = new LongAdder();
  private final ScanStatsSink statsSink;

  private HeliosEngine(MetadataClient metadata, Function<String, Channel> channelForCellAddress, PlannerConfig config) {
    this.metadata = metadata;
    this.config = config;
    this.cells = new CellClients(channelForCellAddress);
    this.shards = new ShardManager(cells);
    this.scanner = new CellScanner(cells, shards);
    this.writer = new CellWriter(cells, shards);
    this.transactions = new CellTransactions(cells, clock);
    this.scanner.trackReads(transactions::recordRead);
    this.transactions.startGarbageCollection(() -> metadata().catalog(),
        java.time.Duration.ofSeconds(Long.getLong("heliosdb.gc.interval.seconds", 60)));
    this.planCache = new PlanCache(config.planCacheSize());
    this.sequences = new io.heliosdb.planner.sequence.SequenceCache(metadata);
    this.statsSink = (rs, bs, rr, br) -> {
      rowsScanned.add(rs);
      bytesScanned.add(bs);
      rowsReturned.add(rr);
      bytesReturned.add(br);
    };
    metadata.addInvalidationListener(notice -> planCache.clear());
  }

  public static HeliosEngine create(MetadataClient metadata, Function<String, Channel> channelForCellAddress,
      PlannerConfig config) {
    return new HeliosEngine(metadata, channelForCellAddress, config);
  }

  @Override
  public Session open(SessionOptions options) {
    return new HeliosSession(this, options);
  }

  /** The planner for the newest catalog (rebuilt when the catalog version moved). */
  public QueryPlanner planner() {
    Catalog catalog = metadata.catalog();
    QueryPlanner p = planner.get();
    if (p == null || p.catalog().version() != catalog.version()) {
      p = new QueryPlanner(catalog);
      planner.set(p);
      planCache.clearIfOlder(catalog.version());
    }
    return p;
  }

  public MetadataClient metadata() {
    return metadata;
  }

  public PlannerConfig config() {
    return config;
  }

  public ShardManager shards() {
    return shards;
  }

  /** A cell in this JVM: point reads call its service directly instead of through a gRPC channel. */
  public void registerLocalCell(String address, io.heliosdb.hidb.proto.StorageCellGrpc.AsyncService service) {
    cells.registerLocal(address, service);
  }

  public CellScanner scanner() {
    return scanner;
  }

  public CellWriter writer() {
    return writer;
  }

  public java.util.concurrent.ScheduledExecutorService timers() {
    return timers;
  }

  public CellTransactions transactions() {
    return transactions;
  }

  public TimestampOracle clock() {
    return clock;
  }

  /** This gateway's reserved sequence values (ADR 0012). */
  public io.heliosdb.planner.sequence.SequenceCache sequences() {
    return sequences;
  }

  public PlanCache planCache() {
    return planCache;
  }

  public io.heliosdb.planner.dialect.mysql.MySqlTemplateStore mysqlTemplates() {
    return mysqlTemplates;
  }

  public ScanStatsSink statsSink() {
    return statsSink;
  }

  public EngineStats stats() {
    return new EngineStats(rowsScanned.sum(), bytesScanned.sum(), rowsReturned.sum(), bytesReturned.sum(),
        planCache.hits(), planCache.misses());
  }

  public boolean isReady() {
    return metadata.isReady();
  }

  @Override
  public void close() {
    timers.shutdownNow();
    transactions.close();
    planCache.clear();
  }
}
