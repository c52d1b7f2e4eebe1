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
 * system catalog keeps its PostgreSQL type (oid, name, "char", int2vector ...), and an array result
 * (a catalog array, array_agg) is sent in PostgreSQL's text form ({@code {a,b}}) described as the
 * matching array type, so drivers hand their users lists.
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
      ColumnType catalogType = catalogColumnType(mq, root.rel, index);
      if (catalogType != null) {
        out[i] = catalogType.pgOid();
      }
    }
    return out;
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

  /** Wraps the plan in a projection that turns array columns into their PostgreSQL text form. */
  public static RelRoot arraysAsText(RelRoot root, PgOperatorTable functions) {
    List<RelDataTypeField> fields = root.rel.getRowType().getFieldList();
    boolean any = false;
    for (var f : root.fields) {
      any |= fields.get(f.getKey()).getType().getSqlTypeName() == SqlTypeName.ARRAY;
    }
    if (!any) {
      return root;
    }
    RexBuilder rex = root.rel.getCluster().getRexBuilder();
    List<RexNode> exprs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (RelDataTypeField f : fields) {
      RexNode ref = rex.makeInputRef(root.rel, f.getIndex());
      exprs.add(f.getType().getSqlTypeName() == SqlTypeName.ARRAY
          ? rex.makeCall(functions.operator("array_out"), ref) : ref);
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
      out.add(i < pgTypes.length && pgTypes[i] != 0
          ? new ColumnMeta(c.name(), c.type(), c.nullable(), c.tableId(), c.columnIndex(), pgTypes[i]) : c);
    }
    return out;
  }
}
