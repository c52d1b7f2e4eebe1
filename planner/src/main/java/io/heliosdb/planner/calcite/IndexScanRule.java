package io.heliosdb.planner.calcite;

import io.heliosdb.hidb.proto.Expr;
import io.heliosdb.metadata.IndexDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Filter(scan) -> Filter(index scan) when a conjunct of the filter pins the leading columns of a
 * valid secondary index with "=", an IN list, or a range on its first column (ADR 0011). The
 * index finds the candidate rows; the whole filter stays above the scan, so the result is exact
 * whatever the lookup returns. A primary-key point lookup is left to {@link HeliosRules}: it is
 * one read instead of two.
 */
public final class IndexScanRule extends RelOptRule {
  public static final IndexScanRule INSTANCE = new IndexScanRule();

  private IndexScanRule() {
    super(operand(LogicalFilter.class, operand(HeliosTableScan.class, none())), "IndexScanRule");
  }

  /** What the conjuncts say about one column. */
  private static final class ColumnFacts {
    Expr equal;
    List<Expr> in;
    Expr lower;
    boolean lowerInclusive;
    Expr upper;
    boolean upperInclusive;
    final List<String> text = new ArrayList<>();
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    LogicalFilter filter = call.rel(0);
    HeliosTableScan scan = call.rel(1);
    ScanSpec spec = scan.spec();
    TableDescriptor table = scan.heliosTable().descriptor();
    if (spec.predicate() != null || spec.indexLookup() != null || spec.hasAggregate()
        || table.indexes().stream().noneMatch(IndexDescriptor::valid)) {
      return;
    }
    RexNode condition = RexUtil.expandSearch(filter.getCluster().getRexBuilder(), null, filter.getCondition());
    RexToHidb translator = new RexToHidb(table, spec.projection());
    Map<Integer, ColumnFacts> facts = new HashMap<>();
    for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
      collect(conjunct, spec.projection(), translator, facts);
    }
    if (!table.hasHiddenRowId() && table.primaryKey().stream().allMatch(k -> facts.containsKey(k)
        && facts.get(k).equal != null)) {
      return; // a primary-key point lookup is better
    }
    IndexLookup best = null;
    int bestScore = 0;
    for (IndexDescriptor index : table.indexes()) {
      if (!index.valid()) {
        continue;
      }
      List<Expr> equal = new ArrayList<>();
      List<String> text = new ArrayList<>();
      for (int c : index.columns()) {
        ColumnFacts f = facts.get(c);
        if (f == null || f.equal == null) {
          break;
        }
        equal.add(f.equal);
        text.addAll(f.text);
      }
      ColumnFacts lead = facts.get(index.columns().get(0));
      IndexLookup lookup;
      int score;
      if (!equal.isEmpty()) {
        score = equal.size() == index.columns().size() && index.unique() ? 1000 : 10 * equal.size();
        lookup = new IndexLookup(index.name(), List.of(IndexLookup.Probe.equal(equal)), String.join(", ", text));
      } else if (lead != null && lead.in != null) {
        score = 5;
        List<IndexLookup.Probe> probes = new ArrayList<>();
        lead.in.forEach(v -> probes.add(IndexLookup.Probe.equal(List.of(v))));
        lookup = new IndexLookup(index.name(), probes, String.join(", ", lead.text));
      } else if (lead != null && (lead.lower != null || lead.upper != null)) {
        score = 2;
        lookup = new IndexLookup(index.name(), List.of(new IndexLookup.Probe(List.of(), lead.lower,
            lead.lowerInclusive, lead.upper, lead.upperInclusive)), String.join(", ", lead.text));
      } else {
        continue;
      }
      if (score > bestScore) {
        best = lookup;
        bestScore = score;
      }
    }
    if (best == null) {
      return;
    }
    HeliosTableScan indexed = scan.withSpec(spec.withIndexLookup(best), scan.getRowType());
    call.transformTo(filter.copy(filter.getTraitSet(), indexed, filter.getCondition()));
  }

  private static void collect(RexNode conjunct, int[] fieldToColumn, RexToHidb translator,
      Map<Integer, ColumnFacts> facts) {
    if (conjunct.getKind() == SqlKind.OR) {
      Integer column = null;
      List<Expr> values = new ArrayList<>();
      for (RexNode d : ((RexCall) conjunct).getOperands()) {
        if (d.getKind() != SqlKind.EQUALS) {
          return;
        }
        Object[] cv = columnAndValue((RexCall) d, fieldToColumn, translator);
        if (cv == null || (column != null && !column.equals(cv[0]))) {
          return;
        }
        column = (Integer) cv[0];
        values.add((Expr) cv[1]);
      }
      if (column != null) {
        ColumnFacts f = facts.computeIfAbsent(column, k -> new ColumnFacts());
        if (f.in == null) {
          f.in = values;
          f.text.add(conjunct.toString());
        }
      }
      return;
    }
    SqlKind kind = conjunct.getKind();
    if (kind != SqlKind.EQUALS && kind != SqlKind.GREATER_THAN && kind != SqlKind.GREATER_THAN_OR_EQUAL
        && kind != SqlKind.LESS_THAN && kind != SqlKind.LESS_THAN_OR_EQUAL) {
      return;
    }
    RexCall c = (RexCall) conjunct;
    Object[] cv = columnAndValue(c, fieldToColumn, translator);
    if (cv == null) {
      return;
    }
    if (!(c.getOperands().get(0) instanceof RexInputRef)) {
      kind = kind.reverse(); // value < col is col > value
    }
    ColumnFacts f = facts.computeIfAbsent((Integer) cv[0], k -> new ColumnFacts());
    Expr v = (Expr) cv[1];
    switch (kind) {
      case EQUALS -> {
        if (f.equal == null) {
          f.equal = v;
          f.text.add(conjunct.toString());
        }
      }
      case GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
        if (f.lower == null) {
          f.lower = v;
          f.lowerInclusive = kind == SqlKind.GREATER_THAN_OR_EQUAL;
          f.text.add(conjunct.toString());
        }
      }
      default -> {
        if (f.upper == null) {
          f.upper = v;
          f.upperInclusive = kind == SqlKind.LESS_THAN_OR_EQUAL;
          f.text.add(conjunct.toString());
        }
      }
    }
  }

  /** {column index, value Expr} of "column op value" (either side), exact-typed; else null. */
  private static Object[] columnAndValue(RexCall c, int[] fieldToColumn, RexToHidb translator) {
    RexNode a = c.getOperands().get(0);
    RexNode b = c.getOperands().get(1);
    RexNode col = a instanceof RexInputRef ? a : b instanceof RexInputRef ? b : null;
    RexNode val = col == a ? b : a;
    if (col == null || !(val instanceof RexLiteral || val instanceof RexDynamicParam)) {
      return null;
    }
    if (val instanceof RexLiteral lit && lit.isNull()) {
      return null;
    }
    Expr e = translator.translate(val);
    if (e == null) {
      return null;
    }
    return new Object[] {fieldToColumn[((RexInputRef) col).getIndex()], e};
  }
}
