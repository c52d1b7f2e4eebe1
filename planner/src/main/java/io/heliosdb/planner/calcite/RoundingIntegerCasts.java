package io.heliosdb.planner.calcite;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A cast of a fractional number to an integer type rounds in PostgreSQL ({@code 3.7::int} is 4,
 * {@code -3.5::int} is -4) and in MySQL ({@code CAST(3.7 AS SIGNED)} is 4), where Calcite's runtime
 * truncates: the operand is rounded first. (PostgreSQL rounds a float's halves to even, 2.5::float8::int
 * is 2; this rounds them away from zero, as it does numerics.)
 */
final class RoundingIntegerCasts {
  private RoundingIntegerCasts() {}

  /**
   * A RexBuilder whose casts of fractional literals to integer types round: SqlToRelConverter folds
   * {@code CAST(3.7 AS INTEGER)} into a literal while it converts, before {@link #rewrite} sees a
   * cast.
   */
  static RexBuilder rexBuilder(org.apache.calcite.rel.type.RelDataTypeFactory typeFactory) {
    return new RexBuilder(typeFactory) {
      @Override
      public RexNode makeCast(org.apache.calcite.sql.parser.SqlParserPos pos,
          org.apache.calcite.rel.type.RelDataType type, RexNode exp, boolean matchNullability, boolean safe,
          org.apache.calcite.rex.RexLiteral format) {
        if (exp instanceof org.apache.calcite.rex.RexLiteral literal
            && SqlTypeName.INT_TYPES.contains(type.getSqlTypeName())
            && (literal.getTypeName() == SqlTypeName.DECIMAL || SqlTypeName.APPROX_TYPES.contains(literal.getTypeName()))) {
          java.math.BigDecimal value = literal.getValueAs(java.math.BigDecimal.class);
          if (value != null && value.scale() > 0) {
            exp = makeExactLiteral(value.setScale(0, java.math.RoundingMode.HALF_UP));
          }
        }
        return super.makeCast(pos, type, exp, matchNullability, safe, format);
      }
    };
  }

  static RelNode rewrite(RelNode rel) {
    return EveryExpression.rewriteCalls(rel, RoundingIntegerCasts::rewriteCall);
  }

  private static RexNode rewriteCall(RexBuilder rex, RexCall visited) {
    if (visited.getKind() != SqlKind.CAST || visited.getOperands().size() != 1
        || !SqlTypeName.INT_TYPES.contains(visited.getType().getSqlTypeName())) {
      return visited;
    }
    RexNode operand = visited.getOperands().get(0);
    SqlTypeName from = operand.getType().getSqlTypeName();
    boolean fractional = (from == SqlTypeName.DECIMAL && operand.getType().getScale() > 0)
        || SqlTypeName.APPROX_TYPES.contains(from);
    if (!fractional) {
      return visited;
    }
    RexNode rounded = rex.makeCall(operand.getType(), SqlStdOperatorTable.ROUND, java.util.List.of(operand));
    return rex.makeCast(visited.getType(), rounded, false, false);
  }
}
