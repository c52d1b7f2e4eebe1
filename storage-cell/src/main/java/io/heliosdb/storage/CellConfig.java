package io.heliosdb.storage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Typed configuration of one storage cell; every default lives in {@link #defaults(String, Path)}.
 *
 * @param cellId name of the cell; also the in-process gRPC server name the gateway serves it under
 * @param dataDir directory of the cell's RocksDB (created when missing)
 * @param defaultBatchRows rows per FilteredResultSet when a request leaves batch_rows at 0 (default 1024)
 * @param maxBatchBytes a result batch is closed early once its rows reach this many bytes, to stay
 *     well below gRPC's 4 MiB default message limit (default 1 MiB)
 * @param scanThreads threads of the cell executor that runs scans off the gRPC threads (default 2)
 * @param uniquenessLockStripes lock stripes guarding INSERT uniqueness checks, striped by key hash
 *     (default 1024)
 * @param versionCacheSlots slots of the newest-version cache for point reads (ADR 0023); default
 *     {@link io.heliosdb.storage.engine.CellStore#DEFAULT_VERSION_CACHE_SLOTS}, 0 = off
 */
public record CellConfig(
    String cellId,
    Path dataDir,
    int defaultBatchRows,
    int maxBatchBytes,
    int scanThreads,
    int uniquenessLockStripes,
    int versionCacheSlots) {

  public static final int DEFAULT_BATCH_ROWS = 1024;
  public static final int DEFAULT_MAX_BATCH_BYTES = 1 << 20;
  public static final int DEFAULT_SCAN_THREADS = 2;
  public static final int DEFAULT_UNIQUENESS_LOCK_STRIPES = 1024;

  public CellConfig {
    Objects.requireNonNull(cellId, "cellId");
    Objects.requireNonNull(dataDir, "dataDir");
    if (cellId.isBlank()) {
      throw new IllegalArgumentException("cellId must not be blank");
    }
    requirePositive(defaultBatchRows, "defaultBatchRows");
    requirePositive(maxBatchBytes, "maxBatchBytes");
    requirePositive(scanThreads, "scanThreads");
    requirePositive(uniquenessLockStripes, "uniquenessLockStripes");
    if (versionCacheSlots < 0) {
      throw new IllegalArgumentException("versionCacheSlots must not be negative, was " + versionCacheSlots);
    }
  }

  /** A configuration with every documented default. */
  public static CellConfig defaults(String cellId, Path dataDir) {
    return new CellConfig(cellId, dataDir, DEFAULT_BATCH_ROWS, DEFAULT_MAX_BATCH_BYTES,
        DEFAULT_SCAN_THREADS, DEFAULT_UNIQUENESS_LOCK_STRIPES,
        io.heliosdb.storage.engine.CellStore.DEFAULT_VERSION_CACHE_SLOTS);
  }

  public CellConfig withDefaultBatchRows(int rows) {
    return new CellConfig(cellId, dataDir, rows, maxBatchBytes, scanThreads, uniquenessLockStripes, versionCacheSlots);
  }

  public CellConfig withScanThreads(int threads) {
    return new CellConfig(cellId, dataDir, defaultBatchRows, maxBatchBytes, threads, uniquenessLockStripes,
        versionCacheSlots);
  }

  public CellConfig withVersionCacheSlots(int slots) {
    return new CellConfig(cellId, dataDir, defaultBatchRows, maxBatchBytes, scanThreads, uniquenessLockStripes, slots);
  }

  private static void requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
