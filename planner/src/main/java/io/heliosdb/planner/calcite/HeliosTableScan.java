package io.heliosdb.planner.calcite;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.DataContext;

/**
 * A scan of one HeliosDB table whose {@link ScanSpec} says what runs inside the cells: the pushed
 * predicate, the projected columns and the partial aggregate. It is already in the Enumerable
 * convention: at run time it hands the spec to {@link ScanRuntime}, which sends the HIDB requests.
 */
public final class HeliosTableScan extends TableScan implements EnumerableRel {
  private final HeliosTable heliosTable;
  private final ScanSpec spec;
  private final RelDataType outputType;

  HeliosTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table, HeliosTable heliosTable,
      ScanSpec spec, RelDataType outputType) {
    super(cluster, traits, List.of(), table);
    this.heliosTable = heliosTable;
    this.spec = spec;
    this.outputType = outputType;
  }

  static HeliosTableScan create(RelOptCluster cluster, RelOptTable table, HeliosTable heliosTable) {
    return new HeliosTableScan(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), table, heliosTable,
        ScanSpec.all(heliosTable.visibleColumnCount()), table.getRowType());
  }

  public HeliosTable heliosTable() {
    return heliosTable;
  }

  public ScanSpec spec() {
    return spec;
  }

  /** The same scan with another spec and output row type. */
  HeliosTableScan withSpec(ScanSpec newSpec, RelDataType newOutputType) {
    return new HeliosTableScan(getCluster(), getTraitSet(), getTable(), heliosTable, newSpec, newOutputType);
  }

  /** Row type of a projection-only spec: the table's fields at the projected indexes. */
  RelDataType projectedType(int[] projection) {
    List<RelDataTypeField> fields = getTable().getRowType().getFieldList();
    List<RelDataType> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int c : projection) {
      types.add(fields.get(c).getType());
      names.add(fields.get(c).getName());
    }
    return getCluster().getTypeFactory().createStructType(types, names);
  }

  @Override
  public RelDataType deriveRowType() {
    return outputType;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new HeliosTableScan(getCluster(), traitSet, getTable(), heliosTable, spec, outputType);
  }

  /** EXPLAIN names a scan through a secondary index HeliosIndexScan. */
  @Override
  public String getRelTypeName() {
    return spec.indexLookup() != null ? "HeliosIndexScan" : super.getRelTypeName();
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    List<String> columns = new ArrayList<>();
    for (int c : spec.projection()) {
      columns.add(heliosTable.descriptor().columns().get(c).name());
    }
    return super.explainTerms(pw)
        .itemIf("index", spec.indexLookup() == null ? null : spec.indexLookup().indexName(), spec.indexLookup() != null)
        .itemIf("lookup", spec.indexLookup() == null ? null : spec.indexLookup().text(), spec.indexLookup() != null)
        .itemIf("filter", spec.predicateText(), spec.predicateText() != null)
        .itemIf("pointLookup", "primary key", spec.pointKey() != null)
        .itemIf("projection", columns, !spec.hasAggregate())
        .itemIf("aggregate", spec.aggregateText(), spec.hasAggregate());
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    double rows = super.estimateRowCount(mq);
    if (spec.pointKey() != null) {
      return 1;
    }
    if (spec.indexLookup() != null) {
      return Math.max(1, rows * 0.01);
    }
    if (spec.predicate() != null) {
      rows *= 0.25;
    }
    if (spec.hasAggregate()) {
      rows = spec.aggregate().getGroupColumnsCount() == 0 ? 1 : Math.max(1, rows * 0.1);
    }
    return rows;
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Work done in cells is cheap for compute; fewer columns and rows returned is cheaper still.
    double rows = estimateRowCount(mq);
    double width = Math.max(1, outputType.getFieldCount());
    return planner.getCostFactory().makeCost(rows, rows * width * 0.01, 0);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    boolean oneColumn = getRowType().getFieldCount() == 1;
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        oneColumn ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY, false);
    ScanRuntime runtime = ScanRuntime.of(heliosTable.descriptor(), spec, getRowType());
    Expression stashed = implementor.stash(runtime, ScanRuntime.class);
    return implementor.result(physType,
        Blocks.toBlock(Expressions.call(stashed, oneColumn ? "executeScalar" : "execute", DataContext.ROOT)));
  }
}
