package io.heliosdb.planner.calcite;

import java.util.List;
import org.apache.calcite.rex.RexNode;

/**
 * The hot path: a plan that is only a {@link HeliosTableScan}, optionally with a column
 * permutation, an ORDER BY on scanned columns and OFFSET/FETCH on top, runs without generated
 * code, straight from the cells' rows to the client, keeping every value exactly as stored
 * (Calcite's runtime would cut timestamps to milliseconds).
 *
 * @param scan the scan's runtime half
 * @param outputFields for each result column, the scan output field it shows
 * @param sortKeys ORDER BY keys over scan output fields (empty = scan order)
 * @param offset OFFSET as a literal or parameter, or null
 * @param fetch FETCH/LIMIT as a literal or parameter, or null
 */
public record DirectScanPlan(ScanRuntime scan, int[] outputFields, List<SortKey> sortKeys, RexNode offset,
    RexNode fetch) {

  /**
   * One ORDER BY key.
   *
   * @param field scan output field
   * @param descending DESC
   * @param nullsFirst where NULLs go
   */
  public record SortKey(int field, boolean descending, boolean nullsFirst) {}
}
