package io.heliosdb.planner.catalog;

import io.heliosdb.planner.api.ColumnMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * What clients are told about result columns of catalog queries: a column read straight from a
 * system catalog keeps its PostgreSQL type (oid, name, "char", int2vector ...), an array result
 * (a catalog array, array_agg) is sent in PostgreSQL's text form ({@code {a,b}}) described as the
 * matching array type, so drivers hand their users lists, and a regclass / regtype result prints
 * as a name, json_build_object's as json.
 */
public final class CatalogResultTypes {
  private CatalogResultTypes() {}

  /** PostgreSQL array type OIDs by element type. */
  private static final Map<SqlTypeName, Integer> ARRAY_TYPES = Map.of(
      SqlTypeName.BOOLEAN, 1000, SqlTypeName.SMALLINT, 1005, SqlTypeName.INTEGER, 1007,
      SqlTypeName.BIGINT, 1016, SqlTypeName.REAL, 1021, SqlTypeName.DOUBLE, 1022,
      SqlTypeName.VARCHAR, 1009, SqlTypeName.CHAR, 1009);

  /** Per result column (in {@code root.fields} order): the PostgreSQL type OID to describe it as, or 0. */
  public static int[] pgTypes(RelRoot root) {
    RelMetadataQuery mq = root.rel.getCluster().getMetadataQuery();
    List<RelDataTypeField> fields = root.rel.getRowType().getFieldList();
    int[] out = new int[root.fields.size()];
    for (int i = 0; i < out.length; i++) {
      int index = root.fields.get(i).getKey();
      RelDataType type = fields.get(index).getType();
      Integer array = type.getSqlTypeName() == SqlTypeName.ARRAY && type.getComponentType() != null
          ? ARRAY_TYPES.get(type.getComponentType().getSqlTypeName()) : null;
      out[i] = array != null ? array : type.getSqlTypeName() == SqlTypeName.ARRAY ? PgTypes.TEXT : 0;
      if (array != null && array == 1007 && fromOidColumn(mq, root.rel, index)) {
        // An integer array computed from a catalog oid column (array_agg(atttypid)) is oid[]:
        // asyncpg decodes oid[] without introspection, and must, since its own introspection
        // query returns one. Both print and send alike (4-byte integers), only the OID differs.
        out[i] = 1028;
      }
      ColumnType catalogType = catalogColumnType(mq, root.rel, index);
      if (catalogType != null) {
        out[i] = catalogType.pgOid();
      }
      Integer typed = OUTPUT_TYPES.get(topFunction(root.rel, index));
      if (typed != null) {
        out[i] = typed;
      }
    }
    return out;
  }

  /** Functions whose result column has a PostgreSQL type of its own: regclass, regtype, json. */
  private static final Map<String, Integer> OUTPUT_TYPES = Map.of(
      "regclass", PgTypes.REGCLASS, "regtype", PgTypes.REGTYPE, "json_build_object", PgTypes.JSON,
      PgSyntax.JSON_FUNCTION, PgTypes.JSON, PgSyntax.JSONB_FUNCTION, PgTypes.JSONB);

  /** Functions that print a regclass / regtype value as PostgreSQL does (a name, not the OID). */
  private static final Map<String, String> OUTPUT_FUNCTIONS = Map.of("regclass", "regclassout", "regtype",
      "format_type");

  /** Name of the function computing field {@code index} at the top of the plan (through a Sort), or "". */
  private static String topFunction(RelNode rel, int index) {
    RelNode node = rel;
    while (node instanceof org.apache.calcite.rel.core.Sort sort) {
      node = sort.getInput();
    }
    if (node instanceof org.apache.calcite.rel.core.Project project
        && project.getProjects().get(index) instanceof org.apache.calcite.rex.RexCall call
        && call.getOperator() instanceof org.apache.calcite.sql.SqlFunction) {
      return call.getOperator().getName().toLowerCase(java.util.Locale.ROOT);
    }
    return "";
  }

  /**
   * Whether an integer array result is computed from a catalog column of type oid: Calcite's column
   * origins, followed by hand through the nodes they stop at (a recursive CTE's RepeatUnion and
   * spools, as in asyncpg's type introspection).
   */
  private static boolean fromOidColumn(RelMetadataQuery mq, RelNode rel, int index) {
    return fromOidColumn(mq, rel, index, 0);
  }

  private static boolean fromOidColumn(RelMetadataQuery mq, RelNode rel, int index, int depth) {
    if (depth > 64) {
      return false;
    }
    if (rel instanceof org.apache.calcite.rel.core.RepeatUnion union) {
      return fromOidColumn(mq, union.getSeedRel(), index, depth + 1);
    }
    if (rel instanceof org.apache.calcite.rel.core.Spool || rel instanceof org.apache.calcite.rel.core.Sort
        || rel instanceof org.apache.calcite.rel.core.Filter) {
      return fromOidColumn(mq, rel.getInput(0), index, depth + 1);
    }
    if (rel instanceof org.apache.calcite.rel.core.Project project) {
      for (RexNode ref : inputRefs(project.getProjects().get(index))) {
        if (fromOidColumn(mq, project.getInput(), ((org.apache.calcite.rex.RexInputRef) ref).getIndex(), depth + 1)) {
          return true;
        }
      }
      return false;
    }
    if (rel instanceof org.apache.calcite.rel.core.Aggregate agg) {
      int groups = agg.getGroupCount();
      if (index < groups) {
        return fromOidColumn(mq, agg.getInput(), agg.getGroupSet().asList().get(index), depth + 1);
      }
      for (int arg : agg.getAggCallList().get(index - groups).getArgList()) {
        if (fromOidColumn(mq, agg.getInput(), arg, depth + 1)) {
          return true;
        }
      }
      return false;
    }
    if (rel instanceof org.apache.calcite.rel.core.Join || rel instanceof org.apache.calcite.rel.core.Correlate) {
      int left = rel.getInput(0).getRowType().getFieldCount();
      return index < left ? fromOidColumn(mq, rel.getInput(0), index, depth + 1)
          : rel.getInput(1).getRowType().getFieldCount() > index - left
              && fromOidColumn(mq, rel.getInput(1), index - left, depth + 1);
    }
    if (rel instanceof org.apache.calcite.rel.core.TableScan scan) {
      VirtualTable virtual = scan.getTable().unwrap(VirtualTable.class);
      return virtual != null && index < virtual.columns().size()
          && virtual.columns().get(index).type().pgOid() == PgTypes.OID;
    }
    return false;
  }

  private static List<RexNode> inputRefs(RexNode node) {
    List<RexNode> refs = new ArrayList<>();
    node.accept(new org.apache.calcite.rex.RexVisitorImpl<Void>(true) {
      @Override
      public Void visitInputRef(org.apache.calcite.rex.RexInputRef ref) {
        refs.add(ref);
        return null;
      }
    });
    return refs;
  }

  private static ColumnType catalogColumnType(RelMetadataQuery mq, RelNode rel, int index) {
    try {
      RelColumnOrigin origin = mq.getColumnOrigin(rel, index);
      if (origin == null || origin.isDerived()) {
        return null;
      }
      RelOptTable table = origin.getOriginTable();
      VirtualTable virtual = table.unwrap(VirtualTable.class);
      return virtual == null ? null : virtual.columns().get(origin.getOriginColumnOrdinal()).type();
    } catch (RuntimeException e) {
      return null; // origins are a nicety for descriptions; the value type stands
    }
  }

  /**
   * Wraps the plan in a projection that turns result columns into their PostgreSQL text form:
   * arrays ({@code {1,2}}), regclass (the relation's name) and regtype (the type's name) values.
   */
  public static RelRoot outputForms(RelRoot root, PgOperatorTable functions) {
    List<RelDataTypeField> fields = root.rel.getRowType().getFieldList();
    String[] wrap = new String[fields.size()];
    boolean any = false;
    for (var f : root.fields) {
      int index = f.getKey();
      if (fields.get(index).getType().getSqlTypeName() == SqlTypeName.ARRAY) {
        wrap[index] = "array_out";
      } else {
        wrap[index] = OUTPUT_FUNCTIONS.get(topFunction(root.rel, index));
      }
      any |= wrap[index] != null;
    }
    if (!any) {
      return root;
    }
    RexBuilder rex = root.rel.getCluster().getRexBuilder();
    List<RexNode> exprs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (RelDataTypeField f : fields) {
      RexNode ref = rex.makeInputRef(root.rel, f.getIndex());
      String function = wrap[f.getIndex()];
      if (function == null) {
        exprs.add(ref);
      } else if (function.equals("format_type")) {
        exprs.add(rex.makeCall(functions.operator(function), ref,
            rex.makeNullLiteral(rex.getTypeFactory().createSqlType(SqlTypeName.INTEGER))));
      } else {
        exprs.add(rex.makeCall(functions.operator(function), ref));
      }
      names.add(f.getName());
    }
    RelNode project = LogicalProject.create(root.rel, List.of(), exprs, names, java.util.Set.of());
    return root.withRel(project);
  }

  /** The columns with their PostgreSQL types set (see {@link #pgTypes}). */
  public static List<ColumnMeta> describe(List<ColumnMeta> columns, int[] pgTypes) {
    List<ColumnMeta> out = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      ColumnMeta c = columns.get(i);
      int pgType = i < pgTypes.length ? pgTypes[i] : 0;
      if (pgType == PgTypes.JSON || pgType == PgTypes.JSONB) {
        // json / jsonb are value-model types: the front end encodes them as it does for columns.
        out.add(new ColumnMeta(c.name(), pgType == PgTypes.JSON ? io.heliosdb.hidb.types.DataType.JSON
            : io.heliosdb.hidb.types.DataType.JSONB, c.nullable(), c.tableId(), c.columnIndex()));
        continue;
      }
      out.add(i < pgTypes.length && pgTypes[i] != 0
          ? new ColumnMeta(c.name(), c.type(), c.nullable(), c.tableId(), c.columnIndex(), pgTypes[i]) : c);
    }
    return out;
  }
}
