package io.heliosdb.planner.catalog;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL catalog column types and the Calcite type each is planned as: oid and regproc as
 * integer, name and "char" as varchar, int2vector/oidvector and arrays as Calcite arrays (so
 * unnest() and subscripts work). Each keeps its PostgreSQL type OID, which clients are told.
 */
public enum ColumnType {
  OID(PgTypes.OID), NAME(PgTypes.NAME), TEXT(PgTypes.TEXT), CHAR(PgTypes.CHAR), BOOL(PgTypes.BOOL),
  INT2(PgTypes.INT2), INT4(PgTypes.INT4), INT8(PgTypes.INT8), FLOAT4(PgTypes.FLOAT4),
  INT2VECTOR(PgTypes.INT2VECTOR), OIDVECTOR(PgTypes.OIDVECTOR), INT2_ARRAY(1005), TEXT_ARRAY(1009);

  private final int pgOid;

  ColumnType(int pgOid) {
    this.pgOid = pgOid;
  }

  /** The PostgreSQL type OID of the column (pg_attribute.atttypid, RowDescription). */
  public int pgOid() {
    return pgOid;
  }

  /** int2vector and oidvector: arrays whose subscripts start at 0. */
  boolean isVector() {
    return this == INT2VECTOR || this == OIDVECTOR;
  }

  RelDataType toRelType(RelDataTypeFactory f) {
    RelDataType t = switch (this) {
      case OID, INT4 -> f.createSqlType(SqlTypeName.INTEGER);
      case NAME, TEXT, CHAR -> f.createSqlType(SqlTypeName.VARCHAR);
      case BOOL -> f.createSqlType(SqlTypeName.BOOLEAN);
      case INT2 -> f.createSqlType(SqlTypeName.SMALLINT);
      case INT8 -> f.createSqlType(SqlTypeName.BIGINT);
      case FLOAT4 -> f.createSqlType(SqlTypeName.REAL);
      case INT2VECTOR, INT2_ARRAY -> f.createArrayType(f.createSqlType(SqlTypeName.SMALLINT), -1);
      case OIDVECTOR -> f.createArrayType(f.createSqlType(SqlTypeName.INTEGER), -1);
      case TEXT_ARRAY -> f.createArrayType(f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true), -1);
    };
    return f.createTypeWithNullability(t, true);
  }
}
