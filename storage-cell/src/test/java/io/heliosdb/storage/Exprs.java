package io.heliosdb.storage;

import io.heliosdb.hidb.expr.Literals;
import io.heliosdb.hidb.proto.Call;
import io.heliosdb.hidb.proto.ColumnRef;
import io.heliosdb.hidb.proto.Expr;
import io.heliosdb.hidb.proto.Operator;
import io.heliosdb.hidb.types.DataType;
import java.util.List;

/** Builders of HIDB expression trees for tests. */
final class Exprs {
  private Exprs() {}

  static Expr column(int index) {
    return Expr.newBuilder().setColumn(ColumnRef.newBuilder().setIndex(index)).build();
  }

  static Expr literal(DataType type, Object value) {
    return Expr.newBuilder().setLiteral(Literals.of(type, value)).build();
  }

  static Expr call(Operator op, DataType type, Expr... operands) {
    return Expr.newBuilder().setCall(Call.newBuilder().setOp(op).setType(type.toSpec())
        .addAllOperands(List.of(operands))).build();
  }
}
