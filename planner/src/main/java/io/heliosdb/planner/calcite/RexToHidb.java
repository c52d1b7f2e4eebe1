package io.heliosdb.planner.calcite;

import io.heliosdb.hidb.expr.Literals;
import io.heliosdb.hidb.proto.Call;
import io.heliosdb.hidb.proto.ColumnRef;
import io.heliosdb.hidb.proto.Expr;
import io.heliosdb.hidb.proto.Operator;
import io.heliosdb.hidb.proto.ParameterRef;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.TableDescriptor;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * Translates Calcite row expressions into HIDB expression trees for the cells. Returns null for
 * anything the cells cannot evaluate; the caller then keeps that part in compute (residual).
 */
public final class RexToHidb {
  private final TableDescriptor table;
  /** Scan output field -> table column index. */
  private final int[] fieldToColumn;

  public RexToHidb(TableDescriptor table, int[] fieldToColumn) {
    this.table = table;
    this.fieldToColumn = fieldToColumn;
  }

  public Expr translate(RexNode node) {
    if (node instanceof RexInputRef ref) {
      return Expr.newBuilder().setColumn(ColumnRef.newBuilder().setIndex(fieldToColumn[ref.getIndex()])).build();
    }
    if (node instanceof RexDynamicParam p) {
      return Expr.newBuilder().setParameter(ParameterRef.newBuilder().setIndex(p.getIndex())).build();
    }
    if (node instanceof RexLiteral lit) {
      Object v = literalValue(lit);
      if (v == Unsupported.INSTANCE) {
        return null;
      }
      return Expr.newBuilder().setLiteral(Literals.of(CalciteTypes.toDataType(lit.getType()), v)).build();
    }
    if (node instanceof RexCall call) {
      Operator op = operator(call);
      if (op == null) {
        return null;
      }
      Call.Builder b = Call.newBuilder().setOp(op);
      for (RexNode operand : call.getOperands()) {
        Expr e = translate(operand);
        if (e == null) {
          return null;
        }
        b.addOperands(e);
      }
      DataType type;
      try {
        type = CalciteTypes.toDataType(call.getType());
      } catch (RuntimeException e) {
        return null;
      }
      b.setType(type.toSpec());
      return Expr.newBuilder().setCall(b).build();
    }
    return null;
  }

  private static Operator operator(RexCall call) {
    SqlKind kind = call.getKind();
    switch (kind) {
      case EQUALS: return Operator.EQ;
      case NOT_EQUALS: return Operator.NE;
      case LESS_THAN: return Operator.LT;
      case LESS_THAN_OR_EQUAL: return Operator.LE;
      case GREATER_THAN: return Operator.GT;
      case GREATER_THAN_OR_EQUAL: return Operator.GE;
      case AND: return Operator.AND;
      case OR: return Operator.OR;
      case NOT: return Operator.NOT;
      case IS_NULL: return Operator.IS_NULL;
      case IS_NOT_NULL: return Operator.IS_NOT_NULL;
      case IS_TRUE: return Operator.IS_TRUE;
      case IS_FALSE: return Operator.IS_FALSE;
      case IS_NOT_TRUE: return Operator.IS_NOT_TRUE;
      case IS_NOT_FALSE: return Operator.IS_NOT_FALSE;
      case IS_DISTINCT_FROM: return Operator.IS_DISTINCT_FROM;
      case IS_NOT_DISTINCT_FROM: return Operator.IS_NOT_DISTINCT_FROM;
      // the checked kinds (QueryPlanner makes all arithmetic checked): cells check integer overflow too
      case PLUS, CHECKED_PLUS: return call.getOperands().size() == 2 && numeric(call) ? Operator.PLUS : null;
      case MINUS, CHECKED_MINUS: return call.getOperands().size() == 2 && numeric(call) ? Operator.MINUS : null;
      case TIMES, CHECKED_TIMES: return numeric(call) ? Operator.TIMES : null;
      case DIVIDE, CHECKED_DIVIDE: return numeric(call) ? Operator.DIVIDE : null;
      case MOD: return numeric(call) ? Operator.MOD : null;
      case MINUS_PREFIX, CHECKED_MINUS_PREFIX: return numeric(call) ? Operator.NEGATE : null;
      case CAST: return castable(call) ? Operator.CAST : null;
      case LIKE: {
        if (call.getOperator() instanceof SqlLikeOperator like) {
          if (!like.isCaseSensitive()) {
            return like.isNegated() ? null : Operator.ILIKE;
          }
          return like.isNegated() ? Operator.NOT_LIKE : Operator.LIKE;
        }
        return null;
      }
      default: return null;
    }
  }

  private static boolean numeric(RexCall call) {
    for (RexNode o : call.getOperands()) {
      if (!CalciteTypes.toDataType(o.getType()).isNumeric()) {
        return false;
      }
    }
    return CalciteTypes.toDataType(call.getType()).isNumeric();
  }

  private static boolean castable(RexCall call) {
    switch (call.getType().getSqlTypeName()) {
      case CHAR:
      case INTERVAL_DAY: case INTERVAL_YEAR_MONTH: case INTERVAL_SECOND:
        return false;
      default:
        break;
    }
    switch (call.getOperands().get(0).getType().getSqlTypeName()) {
      case CHAR:
        // CHAR(n) literals compare with blank padding in Calcite; only casts of them to text are safe.
        return call.getType().getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.VARCHAR;
      default:
        return true;
    }
  }

  private enum Unsupported { INSTANCE }

  /** Value-model value of a literal, or Unsupported. */
  static Object literalValue(RexLiteral lit) {
    if (lit.isNull()) {
      return null;
    }
    switch (lit.getType().getSqlTypeName()) {
      case BOOLEAN: return lit.getValueAs(Boolean.class);
      case TINYINT: case SMALLINT: return lit.getValueAs(Long.class).shortValue();
      case INTEGER: return lit.getValueAs(Long.class).intValue();
      case BIGINT: return lit.getValueAs(Long.class);
      case DECIMAL: return lit.getValueAs(BigDecimal.class);
      case REAL: case FLOAT: return lit.getValueAs(Double.class).floatValue();
      case DOUBLE: return lit.getValueAs(Double.class);
      case CHAR: case VARCHAR: return lit.getValueAs(String.class);
      case BINARY: case VARBINARY: return lit.getValueAs(ByteString.class).getBytes();
      case DATE: return lit.getValueAs(DateString.class).getDaysSinceEpoch();
      case TIME: {
        LocalTime t = LocalTime.parse(lit.getValueAs(TimeString.class).toString());
        return t.toNanoOfDay() / 1000L;
      }
      case TIMESTAMP: case TIMESTAMP_WITH_LOCAL_TIME_ZONE: {
        LocalDateTime t = LocalDateTime.parse(lit.getValueAs(TimestampString.class).toString().replace(' ', 'T'));
        return ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), t.atOffset(ZoneOffset.UTC).toLocalDateTime());
      }
      case UUID: {
        Object v = lit.getValue();
        return v instanceof java.util.UUID u ? u : Unsupported.INSTANCE;
      }
      default: return Unsupported.INSTANCE;
    }
  }
}
