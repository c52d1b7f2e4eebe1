package io.heliosdb.planner.calcite;

import java.math.BigDecimal;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * EXTRACT(DOW ...) counts from 0 on Sunday in PostgreSQL (and date_part('dow', ...)), from 1 in
 * Calcite's runtime: one is taken off. (ISODOW, 1 on Monday, agrees already.)
 */
final class ExtractDayOfWeek {
  private ExtractDayOfWeek() {}

  /** EXTRACT's DOW symbol, or date_part's 'dow' text (which Calcite reads as EXTRACT). */
  private static boolean isDayOfWeek(RexLiteral unit) {
    if (unit.getTypeName() == org.apache.calcite.sql.type.SqlTypeName.SYMBOL) {
      return unit.getValue() instanceof TimeUnitRange range && range == TimeUnitRange.DOW;
    }
    return org.apache.calcite.sql.type.SqlTypeUtil.isCharacter(unit.getType())
        && "dow".equalsIgnoreCase(unit.getValueAs(String.class));
  }

  static RelNode rewrite(RelNode rel) {
    return EveryExpression.rewriteCalls(rel, ExtractDayOfWeek::rewriteCall);
  }

  private static RexNode rewriteCall(RexBuilder rex, RexCall visited) {
    if (visited.getKind() != SqlKind.EXTRACT || visited.getOperands().isEmpty()
        || !(visited.getOperands().get(0) instanceof RexLiteral unit) || !isDayOfWeek(unit)) {
      return visited;
    }
    return rex.makeCall(visited.getType(), SqlStdOperatorTable.MINUS,
        java.util.List.of(visited, rex.makeExactLiteral(BigDecimal.ONE, visited.getType())));
  }
}
