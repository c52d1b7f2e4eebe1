package io.heliosdb.planner.calcite;

import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.proto.AggregateSpec;
import io.heliosdb.hidb.proto.Expr;
import java.util.List;
import org.apache.calcite.rex.RexNode;

/**
 * What a {@link HeliosTableScan} asks the cells to do, built up by the pushdown rules. Immutable:
 * each rule makes a new spec. Column numbers are table column indexes.
 *
 * @param predicate pushed predicate as a HIDB expression (may hold parameter references), or null
 * @param predicateText the same predicate as Calcite printed it, for EXPLAIN
 * @param projection table columns the scan outputs, in order (when no aggregate)
 * @param aggregate partial aggregation the cells run, or null
 * @param aggregateText the aggregate for EXPLAIN
 * @param pointKey when the predicate pins every primary-key column with "=", the expression of
 *     each key column's value (literal or parameter), in key order; else null
 * @param indexLookup when set, rows are found through this secondary index (ADR 0011) and the
 *     filter stays above the scan in compute; else null
 */
public record ScanSpec(Expr predicate, String predicateText, int[] projection, AggregateSpec aggregate,
    String aggregateText, List<Expr> pointKey, IndexLookup indexLookup) {

  public ScanSpec(Expr predicate, String predicateText, int[] projection, AggregateSpec aggregate,
      String aggregateText, List<Expr> pointKey) {
    this(predicate, predicateText, projection, aggregate, aggregateText, pointKey, null);
  }

  public ScanSpec withIndexLookup(IndexLookup lookup) {
    return new ScanSpec(predicate, predicateText, projection, aggregate, aggregateText, pointKey, lookup);
  }

  public static ScanSpec all(int columns) {
    int[] p = new int[columns];
    for (int i = 0; i < columns; i++) {
      p[i] = i;
    }
    return new ScanSpec(null, null, p, null, null, null);
  }

  public ScanSpec withPredicate(Expr newPredicate, String text, List<Expr> newPointKey) {
    return new ScanSpec(newPredicate, text, projection, aggregate, aggregateText, newPointKey, indexLookup);
  }

  public ScanSpec withProjection(int[] newProjection) {
    return new ScanSpec(predicate, predicateText, newProjection, aggregate, aggregateText, pointKey, indexLookup);
  }

  public ScanSpec withAggregate(AggregateSpec spec, String text) {
    return new ScanSpec(predicate, predicateText, projection, spec, text, pointKey, indexLookup);
  }

  public boolean hasAggregate() {
    return aggregate != null;
  }

  /** Used by rule conditions: a spec is "fresh" when neither projection nor aggregate was pushed. */
  public boolean isIdentityProjection(int tableColumns) {
    return RowCodec.isIdentityProjection(projection, tableColumns);
  }

  static String conjunctionText(List<RexNode> nodes) {
    return nodes.size() == 1 ? nodes.get(0).toString() : "AND" + nodes;
  }
}
