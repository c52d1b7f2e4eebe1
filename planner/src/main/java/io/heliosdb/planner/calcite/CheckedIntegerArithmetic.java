package io.heliosdb.planner.calcite;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Integer +, -, * and unary minus that overflow fail, as in PostgreSQL ("integer out of range",
 * 22003; MySQL's 1264/1690 family), where the Java code Calcite generates wraps around
 * ({@code 2147483647 + 1} gave -2147483648). Calls whose type is an exact integer become Calcite's
 * checked operators with the same type; decimal and floating arithmetic, and division, keep their
 * operators (Calcite's own ConvertToChecked also retypes division). Cells evaluate pushed integer
 * arithmetic with overflow checks as well ({@code RexToHidb} maps the checked kinds).
 */
final class CheckedIntegerArithmetic {
  private CheckedIntegerArithmetic() {}

  static RelNode rewrite(RelNode rel) {
    return EveryExpression.rewriteCalls(rel, CheckedIntegerArithmetic::rewriteCall);
  }

  private static RexNode rewriteCall(RexBuilder rex, RexCall visited) {
    SqlOperator checked = checkedOf(visited);
    return checked == null ? visited : rex.makeCall(visited.getType(), checked, visited.getOperands());
  }

  private static SqlOperator checkedOf(RexCall call) {
    SqlTypeName type = call.getType().getSqlTypeName();
    if (type != SqlTypeName.TINYINT && type != SqlTypeName.SMALLINT && type != SqlTypeName.INTEGER
        && type != SqlTypeName.BIGINT) {
      return null;
    }
    for (RexNode operand : call.getOperands()) {
      if (!SqlTypeName.INT_TYPES.contains(operand.getType().getSqlTypeName())) {
        return null; // date/interval arithmetic and mixed operands keep their own operators
      }
    }
    return switch (call.getKind()) {
      case PLUS -> call.getOperands().size() == 2 ? SqlStdOperatorTable.CHECKED_PLUS : null;
      case MINUS -> call.getOperands().size() == 2 ? SqlStdOperatorTable.CHECKED_MINUS : null;
      case TIMES -> SqlStdOperatorTable.CHECKED_MULTIPLY;
      case MINUS_PREFIX -> SqlStdOperatorTable.CHECKED_UNARY_MINUS;
      default -> null;
    };
  }
}
