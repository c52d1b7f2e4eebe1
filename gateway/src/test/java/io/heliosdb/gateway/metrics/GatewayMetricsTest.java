package io.heliosdb.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

  private static void assertLine(String scrape, String regex) {
    assertTrue(Pattern.compile("(?m)^" + regex + "$").matcher(scrape).find(),
        () -> "no line matching " + regex + " in:\n" + scrape);
  }

  @Test
  void connectionsAndStatementsAreCountedPerProtocol() {
    try (GatewayMetrics metrics = new GatewayMetrics()) {
      metrics.connectionOpened("postgres");
      metrics.connectionOpened("postgres");
      metrics.connectionClosed("postgres");
      metrics.connectionOpened("mysql");
      metrics.statementExecuted("postgres", TimeUnit.MILLISECONDS.toNanos(3), false);
      metrics.statementExecuted("postgres", TimeUnit.MILLISECONDS.toNanos(5), true);
      metrics.statementExecuted("postgres", TimeUnit.MILLISECONDS.toNanos(7), false);

      String scrape = metrics.scrape();
      assertLine(scrape, "heliosdb_connections_active\\{protocol=\"postgres\"} 1(\\.0)?");
      assertLine(scrape, "heliosdb_connections_active\\{protocol=\"mysql\"} 1(\\.0)?");
      assertLine(scrape, "heliosdb_connections_opened_total\\{protocol=\"postgres\"} 2(\\.0)?");
      assertLine(scrape, "heliosdb_statements_total\\{outcome=\"ok\",protocol=\"postgres\"} 2(\\.0)?");
      assertLine(scrape, "heliosdb_statements_total\\{outcome=\"error\",protocol=\"postgres\"} 1(\\.0)?");
      assertLine(scrape, "heliosdb_statement_latency_seconds_count\\{protocol=\"postgres\"} 3");
      assertLine(scrape, "heliosdb_statement_latency_seconds_bucket\\{protocol=\"postgres\",le=\"\\+Inf\"} 3");
      assertLine(scrape, "jvm_memory_used_bytes\\{.*} .*");
    }
  }

  @Test
  void computeScanCountersAreReadAtScrapeTime() {
    AtomicReference<ComputeScanStats> stats = new AtomicReference<>(ComputeScanStats.ZERO);
    try (GatewayMetrics metrics = new GatewayMetrics()) {
      metrics.bindComputeStats(stats::get);
      stats.set(new ComputeScanStats(1000, 64_000, 10, 640, 7, 2));

      String scrape = metrics.scrape();
      assertLine(scrape, "heliosdb_cells_rows_scanned_total 1000(\\.0)?");
      assertLine(scrape, "heliosdb_cells_bytes_scanned_total 64000(\\.0)?");
      assertLine(scrape, "heliosdb_cells_rows_returned_total 10(\\.0)?");
      assertLine(scrape, "heliosdb_cells_bytes_returned_total 640(\\.0)?");
      assertLine(scrape, "heliosdb_plan_cache_hits_total 7(\\.0)?");
      assertLine(scrape, "heliosdb_plan_cache_misses_total 2(\\.0)?");
    }
  }

  @Test
  void commitCountersAndTheCommitLatencyHistogramArePublished() {
    AtomicReference<ComputeScanStats> stats = new AtomicReference<>(ComputeScanStats.ZERO);
    try (GatewayMetrics metrics = new GatewayMetrics()) {
      metrics.bindComputeStats(stats::get);
      stats.set(new ComputeScanStats(0, 0, 0, 0, 0, 0, 0, 0, 40, 35, 77));
      metrics.commitLatency(3_000_000);
      metrics.commitLatency(40_000_000);

      String scrape = metrics.scrape();
      assertLine(scrape, "heliosdb_txn_commits_total 40(\\.0)?");
      assertLine(scrape, "heliosdb_txn_prepares_total 35(\\.0)?");
      assertLine(scrape, "heliosdb_cells_wal_syncs_total 77(\\.0)?");
      assertLine(scrape, "heliosdb_txn_commit_latency_seconds_count 2");
      assertLine(scrape, "heliosdb_txn_commit_latency_seconds_bucket\\{le=\"0\\.00[0-9]*\"} 1");
      assertLine(scrape, "heliosdb_txn_commit_latency_seconds_bucket\\{le=\"\\+Inf\"} 2");
    }
  }

  @Test
  void theLiveIntentGaugeFollowsTheCells() {
    AtomicReference<ComputeScanStats> stats = new AtomicReference<>(ComputeScanStats.ZERO);
    try (GatewayMetrics metrics = new GatewayMetrics()) {
      metrics.bindComputeStats(stats::get);
      stats.set(new ComputeScanStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1200));
      assertLine(metrics.scrape(), "heliosdb_cells_live_intents 1200(\\.0)?");
      stats.set(ComputeScanStats.ZERO);
      assertLine(metrics.scrape(), "heliosdb_cells_live_intents 0(\\.0)?");
    }
  }

  @Test
  void theVersionCacheCountersAreScraped() {
    AtomicReference<ComputeScanStats> stats = new AtomicReference<>(ComputeScanStats.ZERO);
    try (GatewayMetrics metrics = new GatewayMetrics()) {
      metrics.bindComputeStats(stats::get);
      stats.set(new ComputeScanStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 900, 100));
      String scraped = metrics.scrape();
      assertLine(scraped, "heliosdb_cells_version_cache_hits_total 900(\\.0)?");
      assertLine(scraped, "heliosdb_cells_version_cache_misses_total 100(\\.0)?");
    }
  }

  @Test
  void theCommitWithWriteCountersAreScraped() {
    AtomicReference<ComputeScanStats> stats = new AtomicReference<>(ComputeScanStats.ZERO);
    try (GatewayMetrics metrics = new GatewayMetrics()) {
      metrics.bindComputeStats(stats::get);
      stats.set(new ComputeScanStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 70, 3));
      String scraped = metrics.scrape();
      assertLine(scraped, "heliosdb_txn_commits_with_write_total 70(\\.0)?");
      assertLine(scraped, "heliosdb_txn_commits_with_write_refused_total 3(\\.0)?");
    }
  }
}
