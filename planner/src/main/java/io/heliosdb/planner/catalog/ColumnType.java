package io.heliosdb.planner.catalog;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL catalog column types and the Calcite type each is planned as: oid and regproc as
 * integer, name and "char" as varchar, int2vector/oidvector as arrays (so unnest() and subscripts
 * work).
 */
public enum ColumnType {
  OID, NAME, TEXT, CHAR, BOOL, INT2, INT4, INT8, FLOAT4, INT2VECTOR, OIDVECTOR, TEXT_ARRAY;

  RelDataType toRelType(RelDataTypeFactory f) {
    RelDataType t = switch (this) {
      case OID, INT4 -> f.createSqlType(SqlTypeName.INTEGER);
      case NAME, TEXT, CHAR -> f.createSqlType(SqlTypeName.VARCHAR);
      case BOOL -> f.createSqlType(SqlTypeName.BOOLEAN);
      case INT2 -> f.createSqlType(SqlTypeName.SMALLINT);
      case INT8 -> f.createSqlType(SqlTypeName.BIGINT);
      case FLOAT4 -> f.createSqlType(SqlTypeName.REAL);
      case INT2VECTOR -> f.createArrayType(f.createSqlType(SqlTypeName.SMALLINT), -1);
      case OIDVECTOR -> f.createArrayType(f.createSqlType(SqlTypeName.INTEGER), -1);
      case TEXT_ARRAY -> f.createArrayType(f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true), -1);
    };
    return f.createTypeWithNullability(t, true);
  }
}
