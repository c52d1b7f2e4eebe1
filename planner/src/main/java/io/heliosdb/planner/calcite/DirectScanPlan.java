package io.heliosdb.planner.calcite;

/**
 * The hot path: a plan that is only a {@link HeliosTableScan} (optionally with a column
 * permutation on top) runs without generated code, straight from the cells' rows to the client,
 * keeping every value exactly as stored.
 *
 * @param scan the scan's runtime half
 * @param outputFields for each result column, the scan output field it shows
 */
public record DirectScanPlan(ScanRuntime scan, int[] outputFields) {}
