package io.heliosdb.planner.calcite;

import java.util.function.BiFunction;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

/** The walk the post-conversion expression rewrites share: a rewrite of calls over every node's expressions. */
final class EveryExpression {
  private EveryExpression() {}

  /** {@code rewrite} bottom-up on every call (its operands rewritten first); it returns the call itself to keep it. */
  static RelNode rewriteCalls(RelNode rel, BiFunction<RexBuilder, RexCall, RexNode> rewrite) {
    RexBuilder rex = rel.getCluster().getRexBuilder();
    RexShuttle shuttle = new RexShuttle() {
      @Override
      public RexNode visitCall(RexCall call) {
        RexNode visited = super.visitCall(call);
        return visited instanceof RexCall c ? rewrite.apply(rex, c) : visited;
      }
    };
    return rel.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        return super.visit(other).accept(shuttle);
      }
    });
  }
}
