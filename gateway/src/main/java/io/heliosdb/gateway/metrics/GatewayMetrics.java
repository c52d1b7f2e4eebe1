package io.heliosdb.gateway.metrics;

import io.heliosdb.wire.core.ProtocolMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The process's metric registry, exposed by the admin endpoint in Prometheus text format. Front
 * ends report through the {@link ProtocolMetrics} methods; meters per protocol are created on first
 * use. Names as scraped: heliosdb_connections_active, heliosdb_connections_opened_total,
 * heliosdb_statements_total{protocol,outcome}, heliosdb_statement_latency_seconds (histogram),
 * heliosdb_cells_rows_scanned_total, heliosdb_cells_bytes_scanned_total,
 * heliosdb_cells_rows_returned_total, heliosdb_cells_bytes_returned_total,
 * heliosdb_plan_cache_hits_total, heliosdb_plan_cache_misses_total,
 * heliosdb_mvcc_gc_versions_removed_total, heliosdb_mvcc_gc_bytes_removed_total,
 * heliosdb_txn_commits_total, heliosdb_txn_prepares_total, heliosdb_cells_wal_syncs_total (their
 * ratio is the WAL syncs a commit costs, ADR 0013), heliosdb_txn_commit_rounds_total,
 * heliosdb_txn_staging_decided_committed_total / _aborted_total (ADR 0018), heliosdb_txn_commit_latency_seconds
 * (histogram), heliosdb_cells_live_intents (gauge, ADR 0021), heliosdb_cells_version_cache_hits_total /
 * _misses_total (ADR 0023), heliosdb_txn_commits_with_write_total / _refused_total (ADR 0027), jvm_* and
 * process_*.
 */
public final class GatewayMetrics implements ProtocolMetrics, AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, ProtocolMeters> byProtocol = new ConcurrentHashMap<>();
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final Timer commitLatency = Timer.builder("heliosdb.txn.commit.latency")
      .description("Commit round of a transaction with writes: prepares and STAGING record in parallel, as the"
          + " client waits for it (not the statements that commit in their write round, ADR 0027)")
      .publishPercentileHistogram()
      .minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(10))
      .register(registry);

  public GatewayMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
  }

  /** Micrometer's function counters hold their state object weakly: keep the supplier alive here. */
  private volatile Supplier<ComputeScanStats> computeStats;

  /** Publishes the engine's cumulative scan counters; read at scrape time, never cached. */
  public void bindComputeStats(Supplier<ComputeScanStats> stats) {
    this.computeStats = stats;
    scanCounter("heliosdb.cells.rows.scanned", "Rows the cells read while evaluating pushed-down scans",
        stats, ComputeScanStats::rowsScannedInCells);
    scanCounter("heliosdb.cells.bytes.scanned", "Bytes the cells read while evaluating pushed-down scans",
        stats, ComputeScanStats::bytesScannedInCells);
    scanCounter("heliosdb.cells.rows.returned", "Rows the cells returned to compute",
        stats, ComputeScanStats::rowsReturnedByCells);
    scanCounter("heliosdb.cells.bytes.returned", "Bytes the cells returned to compute",
        stats, ComputeScanStats::bytesReturnedByCells);
    scanCounter("heliosdb.plan.cache.hits", "Statements that reused a cached plan",
        stats, ComputeScanStats::planCacheHits);
    scanCounter("heliosdb.plan.cache.misses", "Statements that needed a fresh plan",
        stats, ComputeScanStats::planCacheMisses);
    scanCounter("heliosdb.mvcc.gc.versions.removed", "Old row versions the cells' garbage collection removed",
        stats, ComputeScanStats::mvccVersionsRemoved);
    scanCounter("heliosdb.mvcc.gc.bytes.removed", "Bytes of old row versions the cells' garbage collection removed",
        stats, ComputeScanStats::mvccBytesRemoved);
    scanCounter("heliosdb.txn.commits", "Transactions with writes committed",
        stats, ComputeScanStats::txnCommits);
    scanCounter("heliosdb.txn.prepares", "Participants made durable before a commit point (PrepareTxn)",
        stats, ComputeScanStats::txnPrepares);
    scanCounter("heliosdb.cells.wal.syncs", "WAL fsyncs of the cells (concurrent writers share one)",
        stats, ComputeScanStats::walSyncs);
    scanCounter("heliosdb.txn.commit.rounds",
        "Sequential rounds of synced requests commits waited for (one per commit with parallel commits)",
        stats, ComputeScanStats::txnCommitRounds);
    scanCounter("heliosdb.txn.staging.decided.committed",
        "STAGING records decided COMMITTED by asking the participants for their prepares (ADR 0018)",
        stats, ComputeScanStats::txnStagingCommitted);
    scanCounter("heliosdb.txn.staging.decided.aborted",
        "STAGING records decided ABORTED because a participant had not prepared (ADR 0018)",
        stats, ComputeScanStats::txnStagingAborted);
    Gauge.builder("heliosdb.cells.live.intents", stats, s -> s.get().cellLiveIntents())
        .description("Keys holding a write intent of an undecided or unresolved transaction, summed over the"
            + " cells (their in-memory intent index, ADR 0021)")
        .register(registry);
    scanCounter("heliosdb.cells.version.cache.hits",
        "Point reads the cells answered from their newest-version cache, without a RocksDB seek (ADR 0023)",
        stats, ComputeScanStats::cellVersionCacheHits);
    scanCounter("heliosdb.cells.version.cache.misses",
        "Point reads that missed the cells' newest-version cache and read RocksDB (ADR 0023)",
        stats, ComputeScanStats::cellVersionCacheMisses);
    scanCounter("heliosdb.txn.commits.with.write",
        "Statements outside a transaction block committed by their write round, without a commit round (ADR 0027)",
        stats, ComputeScanStats::txnCommitsWithWrite);
    scanCounter("heliosdb.txn.commits.with.write.refused",
        "Write rounds that were to commit but did not (a conflict, an error, a read above the proposed commit"
            + " timestamp); the transaction was aborted (ADR 0027)",
        stats, ComputeScanStats::txnCommitsWithWriteRefused);
  }

  /** Records one commit's duration; what the node calls for every committed transaction with writes. */
  public void commitLatency(long nanos) {
    commitLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void connectionOpened(String protocol) {
    ProtocolMeters meters = meters(protocol);
    meters.active.incrementAndGet();
    meters.opened.increment();
  }

  @Override
  public void connectionClosed(String protocol) {
    meters(protocol).active.decrementAndGet();
  }

  @Override
  public void statementExecuted(String protocol, long nanos, boolean failed) {
    ProtocolMeters meters = meters(protocol);
    (failed ? meters.failed : meters.succeeded).increment();
    meters.latency.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The current values of every meter in Prometheus text exposition format. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }

  private void scanCounter(String name, String description, Supplier<ComputeScanStats> stats,
      ToLongFunction<ComputeScanStats> field) {
    FunctionCounter.builder(name, stats, s -> field.applyAsLong(s.get())).description(description).register(registry);
  }

  private ProtocolMeters meters(String protocol) {
    return byProtocol.computeIfAbsent(protocol, this::newMeters);
  }

  private ProtocolMeters newMeters(String protocol) {
    AtomicLong active = new AtomicLong();
    Gauge.builder("heliosdb.connections.active", active, AtomicLong::get)
        .description("Client connections open now").tag("protocol", protocol).register(registry);
    Counter opened = Counter.builder("heliosdb.connections.opened")
        .description("Client connections accepted since start").tag("protocol", protocol).register(registry);
    Counter succeeded = statements(protocol, "ok");
    Counter failed = statements(protocol, "error");
    Timer latency = Timer.builder("heliosdb.statement.latency")
        .description("Statement execution time as the front end saw it").tag("protocol", protocol)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
    return new ProtocolMeters(active, opened, succeeded, failed, latency);
  }

  private Counter statements(String protocol, String outcome) {
    return Counter.builder("heliosdb.statements").description("Statements executed")
        .tag("protocol", protocol).tag("outcome", outcome).register(registry);
  }

  private record ProtocolMeters(AtomicLong active, Counter opened, Counter succeeded, Counter failed, Timer latency) {}
}
