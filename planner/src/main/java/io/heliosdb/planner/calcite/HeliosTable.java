package io.heliosdb.planner.calcite;

import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql2rel.InitializerContext;
import org.apache.calcite.sql2rel.InitializerExpressionFactory;
import org.apache.calcite.sql2rel.NullInitializerExpressionFactory;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A catalog table as Calcite sees it: its visible columns (a hidden row id is not part of the
 * row type) and a scan that starts with nothing pushed down.
 */
public final class HeliosTable extends AbstractTable implements TranslatableTable {
  private final TableDescriptor descriptor;

  public HeliosTable(TableDescriptor descriptor) {
    this.descriptor = descriptor;
  }

  public TableDescriptor descriptor() {
    return descriptor;
  }

  /** Number of columns users see (all but a hidden row id). */
  public int visibleColumnCount() {
    return descriptor.hasHiddenRowId() ? descriptor.columns().size() - 1 : descriptor.columns().size();
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    List<RelDataType> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < visibleColumnCount(); i++) {
      ColumnDescriptor c = descriptor.columns().get(i);
      names.add(c.name());
      types.add(CalciteTypes.toRelType(typeFactory, c.type(), c.nullable()));
    }
    return typeFactory.createStructType(types, names);
  }

  @Override
  public <C> C unwrap(Class<C> aClass) {
    if (aClass == InitializerExpressionFactory.class) {
      return aClass.cast(new ColumnDefaults());
    }
    return super.unwrap(aClass);
  }

  /** DEFAULT expressions from the catalog, so INSERT fills omitted columns as PostgreSQL does. */
  private final class ColumnDefaults extends NullInitializerExpressionFactory {
    @Override
    public ColumnStrategy generationStrategy(RelOptTable table, int iColumn) {
      ColumnDescriptor c = descriptor.columns().get(iColumn);
      if (c.defaultExpression() != null) {
        return ColumnStrategy.DEFAULT;
      }
      return c.nullable() ? ColumnStrategy.NULLABLE : ColumnStrategy.NOT_NULLABLE;
    }

    @Override
    public RexNode newColumnDefaultValue(RelOptTable table, int iColumn, InitializerContext context) {
      ColumnDescriptor c = descriptor.columns().get(iColumn);
      if (c.defaultExpression() == null) {
        return super.newColumnDefaultValue(table, iColumn, context);
      }
      try {
        SqlNode expr = SqlParser.create(c.defaultExpression(), QueryPlanner.PARSER_CONFIG).parseExpression();
        RexNode value = context.convertExpression(expr);
        RelDataType target = table.getRowType().getFieldList().get(iColumn).getType();
        return context.getRexBuilder().makeCast(target, value, true, false);
      } catch (SqlParseException e) {
        throw new HeliosException(ErrorCode.FEATURE_NOT_SUPPORTED,
            "DEFAULT expression of column \"" + c.name() + "\" cannot be evaluated: " + c.defaultExpression());
      }
    }
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    return HeliosTableScan.create(context.getCluster(), relOptTable, this);
  }
}
