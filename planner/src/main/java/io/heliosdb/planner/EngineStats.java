package io.heliosdb.planner;

/**
 * Counters since the engine started.
 *
 * @param rowsScannedInCells rows the cells read to answer scans
 * @param bytesScannedInCells bytes the cells read
 * @param rowsReturnedByCells rows (or partial aggregates) the cells sent to compute
 * @param bytesReturnedByCells bytes the cells sent to compute
 * @param planCacheHits executions that reused a cached plan
 * @param planCacheMisses executions that had to plan
 */
public record EngineStats(long rowsScannedInCells, long bytesScannedInCells, long rowsReturnedByCells,
    long bytesReturnedByCells, long planCacheHits, long planCacheMisses) {}
