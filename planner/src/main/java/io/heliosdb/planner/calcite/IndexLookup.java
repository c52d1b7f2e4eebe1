package io.heliosdb.planner.calcite;

import io.heliosdb.hidb.proto.Expr;
import java.util.List;

/**
 * How a scan finds its rows through a secondary index (ADR 0011): a list of probes, each either
 * equal values for the leading index columns, or a range on the first index column. Values are
 * literals or parameter references, bound at run time.
 *
 * @param indexName the index
 * @param probes what to look up; the rows of all probes together (duplicates removed)
 * @param text the lookup as EXPLAIN shows it
 */
public record IndexLookup(String indexName, List<Probe> probes, String text) {

  /**
   * One probe.
   *
   * @param equal values of the first {@code equal.size()} index columns (empty for a range)
   * @param lower range lower bound on the first column, or null
   * @param lowerInclusive whether the lower bound itself matches
   * @param upper range upper bound on the first column, or null
   * @param upperInclusive whether the upper bound itself matches
   */
  public record Probe(List<Expr> equal, Expr lower, boolean lowerInclusive, Expr upper, boolean upperInclusive) {
    public static Probe equal(List<Expr> values) {
      return new Probe(List.copyOf(values), null, false, null, false);
    }
  }
}
