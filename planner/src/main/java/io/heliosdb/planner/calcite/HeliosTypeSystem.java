package io.heliosdb.planner.calcite;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Result types of aggregates as PostgreSQL derives them, so clients see the types they expect:
 * sum(int) is bigint, avg of integers is numeric, sum of floats is double.
 */
public final class HeliosTypeSystem extends RelDataTypeSystemImpl {
  public static final HeliosTypeSystem INSTANCE = new HeliosTypeSystem();

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    if (typeName == SqlTypeName.DECIMAL) {
      return 1000;
    }
    return super.getMaxPrecision(typeName);
  }

  @Override
  public int getMaxScale(SqlTypeName typeName) {
    if (typeName == SqlTypeName.DECIMAL) {
      return 1000;
    }
    return super.getMaxScale(typeName);
  }

  @Override
  public RelDataType deriveSumType(RelDataTypeFactory f, RelDataType argumentType) {
    RelDataType t = switch (argumentType.getSqlTypeName()) {
      case TINYINT, SMALLINT, INTEGER -> f.createSqlType(SqlTypeName.BIGINT);
      // PostgreSQL widens sum(bigint) to numeric; Calcite's generated SUM cannot change the Java
      // accumulator type, so compute keeps bigint (cells still sum bigints exactly as numeric).
      case BIGINT -> f.createSqlType(SqlTypeName.BIGINT);
      case REAL, FLOAT, DOUBLE -> f.createSqlType(SqlTypeName.DOUBLE);
      case DECIMAL -> f.createSqlType(SqlTypeName.DECIMAL, 1000, argumentType.getScale());
      default -> super.deriveSumType(f, argumentType);
    };
    return f.createTypeWithNullability(t, argumentType.isNullable());
  }

  @Override
  public RelDataType deriveAvgAggType(RelDataTypeFactory f, RelDataType argumentType) {
    RelDataType t = switch (argumentType.getSqlTypeName()) {
      case TINYINT, SMALLINT, INTEGER, BIGINT -> f.createSqlType(SqlTypeName.DECIMAL, 1000, 16);
      case DECIMAL -> f.createSqlType(SqlTypeName.DECIMAL, 1000, Math.max(16, argumentType.getScale()));
      case REAL, FLOAT, DOUBLE -> f.createSqlType(SqlTypeName.DOUBLE);
      default -> super.deriveAvgAggType(f, argumentType);
    };
    return f.createTypeWithNullability(t, argumentType.isNullable());
  }

  @Override
  public RelDataType deriveDecimalDivideType(RelDataTypeFactory f, RelDataType a, RelDataType b) {
    // PostgreSQL keeps at least 16 fractional digits in numeric division.
    int scale = Math.max(16, Math.max(a.getScale(), b.getScale()));
    return f.createTypeWithNullability(f.createSqlType(SqlTypeName.DECIMAL, 1000, scale),
        a.isNullable() || b.isNullable());
  }

  /** CASE / UNION over strings of different lengths is varchar, not blank-padded char (PostgreSQL: text). */
  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }
}
