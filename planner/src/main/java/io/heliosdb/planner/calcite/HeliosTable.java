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
  /** MySQL AUTO_INCREMENT columns: NOT NULL, yet an explicit NULL asks for the next value. */
  private final java.util.Set<String> nullOnInsert;

  public HeliosTable(TableDescriptor descriptor) {
    this(descriptor, java.util.Set.of());
  }

  public HeliosTable(TableDescriptor descriptor, java.util.Set<String> nullOnInsert) {
    this.descriptor = descriptor;
    this.nullOnInsert = nullOnInsert;
  }

  /** The table's AUTO_INCREMENT columns in {@code catalog}. */
  static java.util.Set<String> autoIncrementColumns(io.heliosdb.metadata.Catalog catalog, TableDescriptor t) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (io.heliosdb.metadata.SequenceDescriptor s : catalog.sequences().values()) {
      if (s.ownedByTable() == t.tableId()
          && s.generation() == io.heliosdb.metadata.SequenceDescriptor.Generation.AUTO_INCREMENT) {
        out.add(s.ownedByColumn());
      }
    }
    return out;
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
      types.add(CalciteTypes.toRelType(typeFactory, c.type(), c.nullable() || nullOnInsert.contains(c.name())));
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
        // nextval('s'::regclass) as PostgreSQL shows it: nextval takes the name as text just as well.
        // now() is CURRENT_TIMESTAMP, which the unvalidated conversion knows.
        String text = c.defaultExpression().replace("'::regclass)", "')")
            .replaceAll("(?i)\\bnow\\s*\\(\\s*\\)", "CURRENT_TIMESTAMP");
        SqlNode expr = SqlParser.create(text, QueryPlanner.PARSER_CONFIG).parseExpression().accept(OUR_FUNCTIONS);
        RexNode value = context.convertExpression(expr);
        RelDataType target = table.getRowType().getFieldList().get(iColumn).getType();
        return context.getRexBuilder().makeCast(target, value, true, false);
      } catch (SqlParseException e) {
        throw new HeliosException(ErrorCode.FEATURE_NOT_SUPPORTED,
            "DEFAULT expression of column \"" + c.name() + "\" cannot be evaluated: " + c.defaultExpression());
      }
    }
  }

  /** PostgreSQL functions of ours (nextval ...) in a DEFAULT expression, which is converted unvalidated. */
  private static final org.apache.calcite.sql.util.SqlShuttle OUR_FUNCTIONS = new org.apache.calcite.sql.util.SqlShuttle() {
    private final org.apache.calcite.sql.SqlOperatorTable builtIns =
        org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(
            java.util.EnumSet.of(org.apache.calcite.sql.fun.SqlLibrary.STANDARD,
                org.apache.calcite.sql.fun.SqlLibrary.POSTGRESQL));
    private final io.heliosdb.planner.catalog.PgOperatorTable table =
        new io.heliosdb.planner.catalog.PgOperatorTable(builtIns);

    @Override
    public SqlNode visit(org.apache.calcite.sql.SqlCall call) {
      SqlNode visited = super.visit(call);
      if (visited instanceof org.apache.calcite.sql.SqlBasicCall basic
          && basic.getOperator() instanceof org.apache.calcite.sql.SqlUnresolvedFunction f) {
        org.apache.calcite.sql.SqlOperator ours = table.operator(f.getName().toLowerCase(java.util.Locale.ROOT));
        if (ours != null) {
          basic.setOperator(ours);
        } else {
          java.util.List<org.apache.calcite.sql.SqlOperator> found = new java.util.ArrayList<>();
          builtIns.lookupOperatorOverloads(f.getNameAsId(), org.apache.calcite.sql.SqlFunctionCategory.USER_DEFINED_FUNCTION,
              org.apache.calcite.sql.SqlSyntax.FUNCTION, found,
              org.apache.calcite.sql.validate.SqlNameMatchers.liberal());
          if (!found.isEmpty()) {
            basic.setOperator(found.get(0));
          }
        }
      }
      return visited;
    }
  };

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    return HeliosTableScan.create(context.getCluster(), relOptTable, this);
  }
}
