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
 * @param outputFields for each result column, the scan output field it shows, or -1 for a constant
 * @param constants for each result column that is a constant (a literal or a parameter, maybe under
 *     casts, as in {@code SELECT 1, ts FROM t}), that expression; null entries otherwise
 * @param constantTypes the value-model type of each constant result column
 * @param sortKeys ORDER BY keys over scan output fields (empty = scan order)
 * @param offset OFFSET as a literal or parameter, or null
 * @param fetch FETCH/LIMIT as a literal or parameter, or null
 */
public record DirectScanPlan(ScanRuntime scan, int[] outputFields, List<SortKey> sortKeys, RexNode offset,
    RexNode fetch, RexNode[] constants, io.heliosdb.hidb.types.DataType[] constantTypes) {

  /** The value of each constant result column for one execution (null entries for scanned ones). */
  public Object[] constantValues(ExecutionContext ctx) {
    Object[] out = new Object[outputFields.length];
    for (int i = 0; i < out.length; i++) {
      if (outputFields[i] < 0) {
        RexNode e = constants[i];
        while (e.getKind() == org.apache.calcite.sql.SqlKind.CAST) {
          e = ((org.apache.calcite.rex.RexCall) e).getOperands().get(0);
        }
        Object v = e instanceof org.apache.calcite.rex.RexDynamicParam p ? ctx.parameters().get(p.getIndex())
            : RexToHidb.literalValue((org.apache.calcite.rex.RexLiteral) e);
        out[i] = ValueCoercion.coerce(constantTypes[i], v);
      }
    }
    return out;
  }

  /**
   * One ORDER BY key.
   *
   * @param field scan output field
   * @param descending DESC
   * @param nullsFirst where NULLs go
   */
  public record SortKey(int field, boolean descending, boolean nullsFirst) {}
}
