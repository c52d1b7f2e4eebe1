package io.heliosdb.planner.calcite;

import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * character(n) compared with a string literal: PostgreSQL ignores trailing blanks (bpchar
 * comparison), while Calcite casts the column to VARCHAR and compares exactly. Stored values are
 * padded to n, so padding the literal to n gives PostgreSQL's answer and keeps the comparison
 * pushable to cells (and usable as a key). Parameters are padded when bound (see
 * {@code HeliosSession.coerceParams}).
 */
final class BpcharComparisons {
  private BpcharComparisons() {}

  static RelNode rewrite(RelNode rel) {
    return EveryExpression.rewriteCalls(rel, BpcharComparisons::rewriteCall);
  }

  private static RexNode rewriteCall(RexBuilder rex, RexCall visited) {
    if (!visited.isA(SqlKind.BINARY_COMPARISON) || visited.getOperands().size() != 2) {
      return visited;
    }
    RexNode a = visited.getOperands().get(0);
    RexNode b = visited.getOperands().get(1);
    RexNode left = padded(rex, a, b);
    if (left != null) {
      return rex.makeCall(visited.getOperator(), List.of(bpcharSide(a), left));
    }
    RexNode right = padded(rex, b, a);
    if (right != null) {
      return rex.makeCall(visited.getOperator(), List.of(right, bpcharSide(b)));
    }
    return visited;
  }

  /** The operand under a cast to a character type, when it is character(n). */
  private static RexNode bpcharSide(RexNode e) {
    RexNode inner = e;
    while (inner.getKind() == SqlKind.CAST && isCharacter(inner.getType())) {
      inner = ((RexCall) inner).getOperands().get(0);
    }
    return inner;
  }

  private static boolean isCharacter(RelDataType t) {
    return t.getSqlTypeName() == SqlTypeName.CHAR || t.getSqlTypeName() == SqlTypeName.VARCHAR;
  }

  /** {@code literal} padded to the length of {@code column} when column is character(n) and literal a string. */
  private static RexNode padded(RexBuilder rex, RexNode column, RexNode literal) {
    RexNode side = bpcharSide(column);
    if (side.getType().getSqlTypeName() != SqlTypeName.CHAR || side instanceof RexLiteral) {
      return null;
    }
    RexNode lit = literal;
    while (lit.getKind() == SqlKind.CAST && isCharacter(lit.getType())) {
      lit = ((RexCall) lit).getOperands().get(0);
    }
    if (!(lit instanceof RexLiteral l) || !isCharacter(l.getType()) || l.isNull()) {
      return null;
    }
    int n = side.getType().getPrecision();
    String value = l.getValueAs(String.class);
    String stripped = value.replaceAll(" +$", "");
    if (stripped.codePointCount(0, stripped.length()) > n) {
      return null; // longer than any stored value: the plain comparison is already right
    }
    String pad = stripped + " ".repeat(n - stripped.codePointCount(0, stripped.length()));
    return rex.makeLiteral(pad, side.getType(), false);
  }
}
