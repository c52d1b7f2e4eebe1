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
    long planCacheMisses,
    long mvccVersionsRemoved,
    long mvccBytesRemoved,
    long txnCommits,
    long txnPrepares,
    long walSyncs,
    long txnCommitRounds,
    long txnStagingCommitted,
    long txnStagingAborted,
    long cellLiveIntents,
    long cellVersionCacheHits,
    long cellVersionCacheMisses,
    long txnCommitsWithWrite,
    long txnCommitsWithWriteRefused) {

  public static final ComputeScanStats ZERO = new ComputeScanStats(0, 0, 0, 0, 0, 0);

  /** Without the commit-with-write counts (ADR 0027). */
  public ComputeScanStats(long rowsScannedInCells, long bytesScannedInCells, long rowsReturnedByCells,
      long bytesReturnedByCells, long planCacheHits, long planCacheMisses, long mvccVersionsRemoved,
      long mvccBytesRemoved, long txnCommits, long txnPrepares, long walSyncs, long txnCommitRounds,
      long txnStagingCommitted, long txnStagingAborted, long cellLiveIntents, long cellVersionCacheHits,
      long cellVersionCacheMisses) {
    this(rowsScannedInCells, bytesScannedInCells, rowsReturnedByCells, bytesReturnedByCells, planCacheHits,
        planCacheMisses, mvccVersionsRemoved, mvccBytesRemoved, txnCommits, txnPrepares, walSyncs, txnCommitRounds,
        txnStagingCommitted, txnStagingAborted, cellLiveIntents, cellVersionCacheHits, cellVersionCacheMisses, 0, 0);
  }

  /** Without the newest-version cache's counts (ADR 0023). */
  public ComputeScanStats(long rowsScannedInCells, long bytesScannedInCells, long rowsReturnedByCells,
      long bytesReturnedByCells, long planCacheHits, long planCacheMisses, long mvccVersionsRemoved,
      long mvccBytesRemoved, long txnCommits, long txnPrepares, long walSyncs, long txnCommitRounds,
      long txnStagingCommitted, long txnStagingAborted, long cellLiveIntents) {
    this(rowsScannedInCells, bytesScannedInCells, rowsReturnedByCells, bytesReturnedByCells, planCacheHits,
        planCacheMisses, mvccVersionsRemoved, mvccBytesRemoved, txnCommits, txnPrepares, walSyncs, txnCommitRounds,
        txnStagingCommitted, txnStagingAborted, cellLiveIntents, 0, 0, 0, 0);
  }

  /** Without the live-intent gauge (ADR 0021). */
  public ComputeScanStats(long rowsScannedInCells, long bytesScannedInCells, long rowsReturnedByCells,
      long bytesReturnedByCells, long planCacheHits, long planCacheMisses, long mvccVersionsRemoved,
      long mvccBytesRemoved, long txnCommits, long txnPrepares, long walSyncs, long txnCommitRounds,
      long txnStagingCommitted, long txnStagingAborted) {
    this(rowsScannedInCells, bytesScannedInCells, rowsReturnedByCells, bytesReturnedByCells, planCacheHits,
        planCacheMisses, mvccVersionsRemoved, mvccBytesRemoved, txnCommits, txnPrepares, walSyncs, txnCommitRounds,
        txnStagingCommitted, txnStagingAborted, 0, 0, 0);
  }

  /** Without the parallel-commit counts (ADR 0018). */
  public ComputeScanStats(long rowsScannedInCells, long bytesScannedInCells, long rowsReturnedByCells,
      long bytesReturnedByCells, long planCacheHits, long planCacheMisses, long mvccVersionsRemoved,
      long mvccBytesRemoved, long txnCommits, long txnPrepares, long walSyncs) {
    this(rowsScannedInCells, bytesScannedInCells, rowsReturnedByCells, bytesReturnedByCells, planCacheHits,
        planCacheMisses, mvccVersionsRemoved, mvccBytesRemoved, txnCommits, txnPrepares, walSyncs, 0, 0, 0);
  }

  /** Without commit counts (none reported yet). */
  public ComputeScanStats(long rowsScannedInCells, long bytesScannedInCells, long rowsReturnedByCells,
      long bytesReturnedByCells, long planCacheHits, long planCacheMisses, long mvccVersionsRemoved,
      long mvccBytesRemoved) {
    this(rowsScannedInCells, bytesScannedInCells, rowsReturnedByCells, bytesReturnedByCells, planCacheHits,
        planCacheMisses, mvccVersionsRemoved, mvccBytesRemoved, 0, 0, 0, 0, 0, 0);
  }

  /** Without garbage-collection counts (none reported yet). */
  public ComputeScanStats(long rowsScannedInCells, long bytesScannedInCells, long rowsReturnedByCells,
      long bytesReturnedByCells, long planCacheHits, long planCacheMisses) {
    this(rowsScannedInCells, bytesScannedInCells, rowsReturnedByCells, bytesReturnedByCells, planCacheHits,
        planCacheMisses, 0, 0, 0, 0, 0, 0, 0, 0);
  }
}
