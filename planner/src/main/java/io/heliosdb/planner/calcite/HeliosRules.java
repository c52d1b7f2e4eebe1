package io.heliosdb.planner.calcite;

import io.heliosdb.hidb.proto.AggregateCall;
import io.heliosdb.hidb.proto.AggregateFunction;
import io.heliosdb.hidb.proto.AggregateSpec;
import io.heliosdb.hidb.proto.Call;
import io.heliosdb.hidb.proto.Expr;
import io.heliosdb.hidb.proto.Operator;
import io.heliosdb.metadata.TableDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The pushdown rules: a Filter, Project or Aggregate directly over a {@link HeliosTableScan} is
 * folded into the scan's {@link ScanSpec} as far as the cells can evaluate it; the rest stays in
 * compute above the scan (residual filter, computed projections, final aggregation).
 */
public final class HeliosRules {
  private HeliosRules() {}

  public static final List<RelOptRule> ALL = List.of(
      IndexScanRule.INSTANCE,
      FilterIntoScanRule.INSTANCE,
      ProjectIntoScanRule.INSTANCE,
      AggregateIntoScanRule.INSTANCE);

  /** Filter(scan) -> scan(filter=pushable conjuncts) + Filter(residual conjuncts). */
  public static final class FilterIntoScanRule extends RelOptRule {
    public static final FilterIntoScanRule INSTANCE = new FilterIntoScanRule();

    private FilterIntoScanRule() {
      super(operand(LogicalFilter.class, operand(HeliosTableScan.class, none())), "FilterIntoScanRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalFilter filter = call.rel(0);
      HeliosTableScan scan = call.rel(1);
      ScanSpec spec = scan.spec();
      TableDescriptor table = scan.heliosTable().descriptor();
      if (spec.hasAggregate() || spec.indexLookup() != null) {
        return;
      }
      RexBuilder rexBuilder = filter.getCluster().getRexBuilder();
      RexNode condition = RexUtil.expandSearch(rexBuilder, null, filter.getCondition());
      RexToHidb translator = new RexToHidb(table, spec.projection());
      List<RexNode> pushed = new ArrayList<>();
      List<Expr> pushedExprs = new ArrayList<>();
      List<RexNode> residual = new ArrayList<>();
      for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
        Expr e = translator.translate(conjunct);
        if (e != null) {
          pushed.add(conjunct);
          pushedExprs.add(e);
        } else {
          residual.add(conjunct);
        }
      }
      if (pushed.isEmpty()) {
        return;
      }
      Expr predicate = and(spec.predicate(), pushedExprs);
      String text = spec.predicateText() == null
          ? ScanSpec.conjunctionText(pushed)
          : "AND(" + spec.predicateText() + ", " + ScanSpec.conjunctionText(pushed) + ")";
      List<Expr> pointKey = spec.predicate() == null ? pointKey(table, spec.projection(), pushed, translator) : null;
      RelNode newScan = scan.withSpec(spec.withPredicate(predicate, text, pointKey), scan.getRowType());
      RelNode result = residual.isEmpty()
          ? newScan
          : filter.copy(filter.getTraitSet(), newScan, RexUtil.composeConjunction(rexBuilder, residual));
      call.transformTo(result);
    }

    private static Expr and(Expr existing, List<Expr> more) {
      List<Expr> all = new ArrayList<>();
      if (existing != null) {
        all.add(existing);
      }
      all.addAll(more);
      if (all.size() == 1) {
        return all.get(0);
      }
      return Expr.newBuilder().setCall(Call.newBuilder().setOp(Operator.AND).addAllOperands(all)
          .setType(io.heliosdb.hidb.types.DataType.BOOLEAN.toSpec())).build();
    }

    /** Key values when the conjuncts are exactly "pk column = literal or parameter" for every key column. */
    private static List<Expr> pointKey(TableDescriptor table, int[] fieldToColumn, List<RexNode> conjuncts,
        RexToHidb translator) {
      List<Integer> pk = table.primaryKey();
      if (table.hasHiddenRowId() || conjuncts.size() != pk.size()) {
        return null;
      }
      Expr[] values = new Expr[pk.size()];
      for (RexNode c : conjuncts) {
        if (c.getKind() != SqlKind.EQUALS) {
          return null;
        }
        List<RexNode> ops = ((RexCall) c).getOperands();
        RexNode col = stripCast(ops.get(0));
        RexNode val = ops.get(1);
        if (!(col instanceof RexInputRef)) {
          col = stripCast(ops.get(1));
          val = ops.get(0);
        }
        if (!(col instanceof RexInputRef ref) || !(val instanceof RexLiteral || val instanceof RexDynamicParam)) {
          return null;
        }
        int keyPos = pk.indexOf(fieldToColumn[ref.getIndex()]);
        if (keyPos < 0 || values[keyPos] != null) {
          return null;
        }
        // Only exact-typed comparisons: a widened column (CAST(int_col AS DECIMAL) = 1.5) is not a key lookup.
        if (col != ops.get(0) && col != ops.get(1)) {
          return null;
        }
        values[keyPos] = translator.translate(val);
        if (values[keyPos] == null) {
          return null;
        }
      }
      return List.of(values);
    }

    private static RexNode stripCast(RexNode n) {
      return n.getKind() == SqlKind.CAST ? ((RexCall) n).getOperands().get(0) : n;
    }

  }

  /** Project(scan) -> Project(scan(only the columns the project reads)). */
  public static final class ProjectIntoScanRule extends RelOptRule {
    public static final ProjectIntoScanRule INSTANCE = new ProjectIntoScanRule();

    private ProjectIntoScanRule() {
      super(operand(LogicalProject.class, operand(HeliosTableScan.class, none())), "ProjectIntoScanRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalProject project = call.rel(0);
      HeliosTableScan scan = call.rel(1);
      ScanSpec spec = scan.spec();
      if (spec.hasAggregate()) {
        return;
      }
      TreeSet<Integer> used = new TreeSet<>();
      for (RexNode e : project.getProjects()) {
        used.addAll(RelOptUtil.InputFinder.bits(e).asList());
      }
      int fields = scan.getRowType().getFieldCount();
      if (used.size() >= fields) {
        return;
      }
      int[] newProjection = new int[used.size()];
      int[] oldToNew = new int[fields];
      int i = 0;
      for (int f : used) {
        newProjection[i] = spec.projection()[f];
        oldToNew[f] = i++;
      }
      HeliosTableScan newScan = scan.withSpec(spec.withProjection(newProjection), scan.projectedType(newProjection));
      List<RexNode> rewritten = new ArrayList<>();
      RexShuttle remap = new RexShuttle() {
        @Override
        public RexNode visitInputRef(RexInputRef ref) {
          return new RexInputRef(oldToNew[ref.getIndex()], ref.getType());
        }
      };
      for (RexNode e : project.getProjects()) {
        rewritten.add(e.accept(remap));
      }
      RelNode result = project.copy(project.getTraitSet(), newScan, rewritten, project.getRowType());
      call.transformTo(result);
    }

  }

  /**
   * Aggregate(scan) -> final Aggregate(scan(partial aggregate)): each cell aggregates its rows,
   * compute merges the partials (COUNT by SUM0, SUM by SUM, MIN/MAX by MIN/MAX). All or nothing:
   * one call the cells cannot compute keeps the whole aggregate in compute.
   */
  public static final class AggregateIntoScanRule extends RelOptRule {
    public static final AggregateIntoScanRule INSTANCE = new AggregateIntoScanRule();

    private AggregateIntoScanRule() {
      super(operand(LogicalAggregate.class, operand(HeliosTableScan.class, none())), "AggregateIntoScanRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalAggregate agg = call.rel(0);
      HeliosTableScan scan = call.rel(1);
      ScanSpec spec = scan.spec();
      if (spec.hasAggregate() || spec.indexLookup() != null || agg.getGroupType() != Aggregate.Group.SIMPLE) {
        return;
      }
      RelDataTypeFactory tf = agg.getCluster().getTypeFactory();
      AggregateSpec.Builder aggSpec = AggregateSpec.newBuilder();
      List<RelDataType> partialTypes = new ArrayList<>();
      List<String> partialNames = new ArrayList<>();
      List<String> text = new ArrayList<>();
      List<Integer> groupFields = agg.getGroupSet().asList();
      for (int g : groupFields) {
        aggSpec.addGroupColumns(spec.projection()[g]);
        partialTypes.add(scan.getRowType().getFieldList().get(g).getType());
        partialNames.add(scan.getRowType().getFieldList().get(g).getName());
      }
      List<SqlKind> finalKinds = new ArrayList<>();
      for (org.apache.calcite.rel.core.AggregateCall ac : agg.getAggCallList()) {
        if (ac.isDistinct() || ac.hasFilter() || ac.isApproximate() || !ac.getCollation().getFieldCollations().isEmpty()) {
          return;
        }
        SqlKind kind = ac.getAggregation().getKind();
        AggregateFunction fn;
        int column = -1;
        RelDataType argType = ac.getArgList().isEmpty() ? null
            : scan.getRowType().getFieldList().get(ac.getArgList().get(0)).getType();
        if (ac.getArgList().size() > 1) {
          return;
        }
        if (argType != null) {
          column = spec.projection()[ac.getArgList().get(0)];
        }
        RelDataType partialType;
        switch (kind) {
          case COUNT -> {
            fn = argType == null ? AggregateFunction.COUNT_STAR : AggregateFunction.COUNT;
            partialType = tf.createSqlType(SqlTypeName.BIGINT);
            finalKinds.add(SqlKind.SUM0);
          }
          case SUM, SUM0 -> {
            fn = AggregateFunction.SUM;
            partialType = partialSumType(tf, argType);
            if (partialType == null) {
              return;
            }
            finalKinds.add(kind);
          }
          case MIN, MAX -> {
            fn = kind == SqlKind.MIN ? AggregateFunction.MIN : AggregateFunction.MAX;
            partialType = tf.createTypeWithNullability(argType, true);
            finalKinds.add(kind);
          }
          default -> {
            return;
          }
        }
        aggSpec.addCalls(AggregateCall.newBuilder().setFunction(fn).setColumn(column));
        partialTypes.add(partialType);
        partialNames.add("p" + partialNames.size());
        text.add(fn.name() + (column >= 0 ? "(" + scan.heliosTable().descriptor().columns().get(column).name() + ")" : "(*)"));
      }
      List<String> groupNames = new ArrayList<>();
      for (int c : aggSpec.getGroupColumnsList()) {
        groupNames.add(scan.heliosTable().descriptor().columns().get(c).name());
      }
      String aggText = "group=" + groupNames + ", calls=" + text;
      RelDataType partialRow = tf.createStructType(partialTypes, partialNames);
      HeliosTableScan newScan = scan.withSpec(spec.withAggregate(aggSpec.build(), aggText), partialRow);

      RelBuilder b = call.builder();
      b.push(newScan);
      int g = groupFields.size();
      List<RelBuilder.AggCall> finals = new ArrayList<>();
      for (int i = 0; i < finalKinds.size(); i++) {
        RexNode field = b.field(g + i);
        finals.add(switch (finalKinds.get(i)) {
          case SUM0 -> b.aggregateCall(SqlStdOperatorTable.SUM0, field);
          case SUM -> b.aggregateCall(SqlStdOperatorTable.SUM, field);
          case MIN -> b.aggregateCall(SqlStdOperatorTable.MIN, field);
          default -> b.aggregateCall(SqlStdOperatorTable.MAX, field);
        });
      }
      b.aggregate(b.groupKey(ImmutableBitSet.range(g)), finals);
      b.convert(agg.getRowType(), true);
      call.transformTo(b.build());
    }

    private static RelDataType partialSumType(RelDataTypeFactory tf, RelDataType argType) {
      RelDataType t = switch (argType.getSqlTypeName()) {
        case TINYINT, SMALLINT, INTEGER -> tf.createSqlType(SqlTypeName.BIGINT);
        case BIGINT -> tf.createSqlType(SqlTypeName.DECIMAL, 1000, 0);
        case DECIMAL -> tf.createSqlType(SqlTypeName.DECIMAL, 1000, argType.getScale());
        case REAL, FLOAT, DOUBLE -> tf.createSqlType(SqlTypeName.DOUBLE);
        default -> null;
      };
      return t == null ? null : tf.createTypeWithNullability(t, true);
    }

  }
}
