package io.heliosdb.hidb.expr;

import io.heliosdb.hidb.proto.Call;
import io.heliosdb.hidb.proto.ColumnRef;
import io.heliosdb.hidb.proto.Expr;
import io.heliosdb.hidb.proto.Operator;
import io.heliosdb.hidb.proto.ParameterRef;
import io.heliosdb.hidb.types.DataType;

/** Terse builders of proto expression trees for tests. */
final class E {
  private E() {}

  static Expr col(int index) {
    return Expr.newBuilder().setColumn(ColumnRef.newBuilder().setIndex(index)).build();
  }

  static Expr lit(DataType type, Object value) {
    return Expr.newBuilder().setLiteral(Literals.of(type, value)).build();
  }

  static Expr i(int value) {
    return lit(DataType.INTEGER, value);
  }

  static Expr s(String value) {
    return lit(DataType.TEXT, value);
  }

  static Expr bool(Boolean value) {
    return lit(DataType.BOOLEAN, value);
  }

  static Expr param(int index) {
    return Expr.newBuilder().setParameter(ParameterRef.newBuilder().setIndex(index)).build();
  }

  static Expr call(Operator op, Expr... operands) {
    Call.Builder b = Call.newBuilder().setOp(op);
    for (Expr operand : operands) {
      b.addOperands(operand);
    }
    return Expr.newBuilder().setCall(b).build();
  }

  static Expr typed(Operator op, DataType type, Expr... operands) {
    Expr e = call(op, operands);
    return Expr.newBuilder().setCall(e.getCall().toBuilder().setType(type.toSpec())).build();
  }

  static Expr cast(Expr operand, DataType type) {
    return typed(Operator.CAST, type, operand);
  }
}
