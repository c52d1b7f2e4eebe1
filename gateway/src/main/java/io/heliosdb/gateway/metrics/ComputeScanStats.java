package io.heliosdb.gateway.metrics;

/**
 * Cumulative scan volumes since start: what the cells read versus what they shipped to compute. The
 * ratio is the payoff of predicate and projection pushdown.
 */
public record ComputeScanStats(
    long rowsScannedInCells,
    long bytesScannedInCells,
    long rowsReturnedByCells,
    long bytesReturnedByCells,
    long planCacheHits,
    long planCacheMisses) {

  public static final ComputeScanStats ZERO = new ComputeScanStats(0, 0, 0, 0, 0, 0);
}
