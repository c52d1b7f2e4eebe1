package io.heliosdb.hidb.expr;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.Call;
import io.heliosdb.hidb.proto.Expr;
import io.heliosdb.hidb.proto.Literal;
import io.heliosdb.hidb.proto.Operator;
import io.heliosdb.hidb.proto.TypeId;
import io.heliosdb.hidb.types.DataType;
import java.math.BigDecimal;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Evaluates HIDB expression trees (proto Expr) over rows in the value model's Java form, with SQL
 * three-valued logic. Used by cells for pushed predicates/projections and by compute for overlays.
 *
 * <p>{@link #compile} type-checks the tree once, resolves every operator to a node specialised for its
 * operand types (comparison domain, arithmetic domain, cast conversion, LIKE matcher, IN lookup
 * structure) and folds constant subtrees, so {@link CompiledExpr#evaluate} does no type dispatch and
 * allocates nothing but result values. Implicit coercions follow PostgreSQL where cheap: numeric types
 * promote (integers &lt; NUMERIC &lt; REAL &lt; DOUBLE), a constant string compared with or added to
 * another type is cast to that type (PostgreSQL's unknown-literal rule), DATE compares with TIMESTAMP
 * at midnight, and TIMESTAMP with TIMESTAMPTZ as UTC.
 */
public final class ExprEvaluator {
  private ExprEvaluator() {}

  /**
   * Type-checks and prepares {@code expr} against the table's column types. ParameterRef nodes are
   * replaced by params.get(index) (value-model Java objects, whose type is inferred from their Java
   * class, or proto {@link Literal}s, which carry their type); if params is empty and a ParameterRef
   * is present -> HeliosException(INVALID_PARAMETER_VALUE). Malformed trees (bad column index, wrong
   * operand count, missing CAST type) throw INVALID_PARAMETER_VALUE; type errors DATATYPE_MISMATCH or
   * UNDEFINED_FUNCTION.
   */
  public static CompiledExpr compile(Expr expr, List<DataType> columnTypes, List<Object> params) {
    Node root = new Compiler(columnTypes, params == null ? List.of() : params).compile(expr);
    BitSet columns = new BitSet();
    root.collectColumns(columns);
    return new CompiledTree(root, columns.stream().toArray());
  }

  private record CompiledTree(Node root, int[] columns) implements CompiledExpr {
    @Override
    public Object evaluate(Object[] row) {
      return root.eval(row);
    }

    @Override
    public DataType type() {
      return root.type;
    }

    @Override
    public int[] referencedColumns() {
      return columns.clone();
    }
  }

  /** The value-model type of a Java value (null when it has none); DATE/TIME values need a typed Literal. */
  static DataType typeOfJavaValue(Object value) {
    if (value instanceof Boolean) {
      return DataType.BOOLEAN;
    } else if (value instanceof Short) {
      return DataType.SMALLINT;
    } else if (value instanceof Integer) {
      return DataType.INTEGER;
    } else if (value instanceof Long) {
      return DataType.BIGINT;
    } else if (value instanceof Float) {
      return DataType.REAL;
    } else if (value instanceof Double) {
      return DataType.DOUBLE;
    } else if (value instanceof BigDecimal) {
      return DataType.NUMERIC;
    } else if (value instanceof String) {
      return DataType.TEXT;
    } else if (value instanceof byte[]) {
      return DataType.BYTEA;
    } else if (value instanceof UUID) {
      return DataType.UUID;
    } else if (value instanceof float[] v) {
      return DataType.vector(v.length);
    }
    return null;
  }

  /** One compilation: the recursive walk with the table's column types and the bound parameters. */
  private static final class Compiler {
    private final List<DataType> columnTypes;
    private final List<Object> params;

    Compiler(List<DataType> columnTypes, List<Object> params) {
      this.columnTypes = columnTypes;
      this.params = params;
    }

    Node compile(Expr expr) {
      return switch (expr.getNodeCase()) {
        case COLUMN -> column(expr.getColumn().getIndex());
        case LITERAL -> literal(expr.getLiteral());
        case PARAMETER -> parameter(expr.getParameter().getIndex());
        case CALL -> fold(call(expr.getCall()));
        default -> throw malformed("expression node is empty");
      };
    }

    private Node column(int index) {
      if (index < 0 || index >= columnTypes.size()) {
        throw malformed("column index " + index + " out of range (table has " + columnTypes.size() + " columns)");
      }
      return new Node.Column(index, columnTypes.get(index));
    }

    private Node literal(Literal literal) {
      DataType type = Literals.type(literal);
      Object value = Literals.isUnspecified(type) ? null : Literals.value(literal);
      if (Literals.isUnspecified(type) && literal.getValueCase() != Literal.ValueCase.IS_NULL) {
        throw malformed("literal without a type");
      }
      return new Node.Constant(Literals.isUnspecified(type) ? Node.UNKNOWN : type, value);
    }

    private Node parameter(int index) {
      if (params.isEmpty()) {
        throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
            "expression has parameter $" + (index + 1) + " but no parameter values were bound");
      }
      if (index < 0 || index >= params.size()) {
        throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
            "parameter $" + (index + 1) + " is not bound (" + params.size() + " values given)");
      }
      Object value = params.get(index);
      if (value instanceof Literal literal) {
        return literal(literal);
      }
      if (value == null) {
        return new Node.Constant(Node.UNKNOWN, null);
      }
      DataType type = typeOfJavaValue(value);
      if (type == null) {
        throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
            "parameter $" + (index + 1) + " has unsupported Java class " + value.getClass().getName());
      }
      return new Node.Constant(type, value);
    }

    private Node call(Call call) {
      Operator op = call.getOp();
      List<Expr> operands = call.getOperandsList();
      switch (op) {
        case AND, OR -> {
          arity(op, operands, 1, Integer.MAX_VALUE);
          Node[] nodes = compileAll(operands);
          for (Node n : nodes) {
            requireBoolean(op, n);
          }
          return op == Operator.AND ? new Predicates.And(nodes) : new Predicates.Or(nodes);
        }
        case NOT -> {
          arity(op, operands, 1, 1);
          return new Predicates.Not(requireBoolean(op, compile(operands.get(0))));
        }
        case IS_NULL, IS_NOT_NULL -> {
          arity(op, operands, 1, 1);
          return new Predicates.Is(op, compile(operands.get(0)));
        }
        case IS_TRUE, IS_FALSE, IS_NOT_TRUE, IS_NOT_FALSE -> {
          arity(op, operands, 1, 1);
          return new Predicates.Is(op, requireBoolean(op, compile(operands.get(0))));
        }
        case EQ, NE, LT, LE, GT, GE -> {
          arity(op, operands, 2, 2);
          return comparison(op, compile(operands.get(0)), compile(operands.get(1)));
        }
        case IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM -> {
          arity(op, operands, 2, 2);
          Node[] pair = coerceForComparison(compile(operands.get(0)), compile(operands.get(1)));
          return new Predicates.Distinct(op == Operator.IS_DISTINCT_FROM, pair[0], pair[1],
              ValueComparator.of(pair[0].type, pair[1].type));
        }
        case IN -> {
          arity(op, operands, 2, Integer.MAX_VALUE);
          Node[] nodes = compileAll(operands);
          return in(nodes[0], java.util.Arrays.copyOfRange(nodes, 1, nodes.length));
        }
        case BETWEEN -> {
          arity(op, operands, 3, 3);
          Node value = compile(operands.get(0));
          Node low = fold(comparison(Operator.GE, value, compile(operands.get(1))));
          Node high = fold(comparison(Operator.LE, value, compile(operands.get(2))));
          return new Predicates.And(new Node[] {low, high});
        }
        case LIKE, NOT_LIKE, ILIKE -> {
          arity(op, operands, 2, 3);
          Node[] nodes = compileAll(operands);
          for (Node n : nodes) {
            if (!n.type.isString() && !Node.isUnknown(n.type)) {
              throw new HeliosException(ErrorCode.UNDEFINED_FUNCTION,
                  "operator does not exist: " + n.type.sqlName().toLowerCase() + " " + op.name() + " text");
            }
          }
          return new Predicates.Like(nodes[0], nodes[1], nodes.length == 3 ? nodes[2] : null,
              op == Operator.NOT_LIKE, op == Operator.ILIKE);
        }
        case PLUS, MINUS, TIMES, DIVIDE, MOD -> {
          arity(op, operands, 2, 2);
          return arithmetic(op, compile(operands.get(0)), compile(operands.get(1)), resultType(call));
        }
        case NEGATE -> {
          arity(op, operands, 1, 1);
          Node operand = compile(operands.get(0));
          if (Node.isUnknown(operand.type)) {
            return new Node.Constant(Node.UNKNOWN, null);
          }
          if (!operand.type.isNumeric()) {
            throw new HeliosException(ErrorCode.UNDEFINED_FUNCTION,
                "operator does not exist: - " + operand.type.sqlName().toLowerCase());
          }
          return new Arith.Negate(operand);
        }
        case CAST -> {
          arity(op, operands, 1, 1);
          DataType target = resultType(call);
          if (target == null) {
            throw malformed("CAST without a target type");
          }
          return cast(compile(operands.get(0)), target);
        }
        default -> throw malformed("unsupported operator " + op);
      }
    }

    private Node[] compileAll(List<Expr> operands) {
      Node[] nodes = new Node[operands.size()];
      for (int i = 0; i < nodes.length; i++) {
        nodes[i] = compile(operands.get(i));
      }
      return nodes;
    }

    private static DataType resultType(Call call) {
      if (!call.hasType()) {
        return null;
      }
      DataType type = DataType.fromSpec(call.getType());
      return Literals.isUnspecified(type) ? null : type;
    }

    private static void arity(Operator op, List<Expr> operands, int min, int max) {
      int n = operands.size();
      if (n < min || n > max) {
        String expected = min == max ? Integer.toString(min) : max == Integer.MAX_VALUE ? "at least " + min
            : min + " to " + max;
        throw malformed(op + " takes " + expected + " operands, not " + n);
      }
    }

    private static Node requireBoolean(Operator op, Node node) {
      if (node.type.id() != TypeId.BOOLEAN && !Node.isUnknown(node.type)) {
        throw new HeliosException(ErrorCode.DATATYPE_MISMATCH,
            "argument of " + op + " must be type boolean, not type " + node.type.sqlName().toLowerCase());
      }
      return node;
    }

    private Node comparison(Operator op, Node left, Node right) {
      Node[] pair = coerceForComparison(left, right);
      return new Predicates.Compare(op, pair[0], pair[1], ValueComparator.of(pair[0].type, pair[1].type));
    }

    /** Unknown-literal rule for constant strings, and DATE widened to TIMESTAMP against timestamps. */
    private static Node[] coerceForComparison(Node left, Node right) {
      left = castConstantString(left, right.type);
      right = castConstantString(right, left.type);
      if (left.type.id() == TypeId.DATE && isTimestamp(right.type)) {
        left = fold(cast(left, DataType.of(right.type.id())));
      } else if (right.type.id() == TypeId.DATE && isTimestamp(left.type)) {
        right = fold(cast(right, DataType.of(left.type.id())));
      }
      return new Node[] {left, right};
    }

    private static boolean isTimestamp(DataType t) {
      return t.id() == TypeId.TIMESTAMP || t.id() == TypeId.TIMESTAMPTZ;
    }

    private static Node castConstantString(Node node, DataType other) {
      if (node.isConstant() && node.type.isString() && !other.isString() && !Node.isUnknown(other)) {
        DataType target = other.id() == TypeId.VARCHAR ? DataType.TEXT : other;
        return new Node.Constant(target, Casts.cast(node.eval(null), node.type, target));
      }
      return node;
    }

    private Node in(Node value, Node[] items) {
      ValueComparator[] comparators = new ValueComparator[items.length];
      boolean allConstant = true;
      boolean allLongs = true;
      boolean allStrings = true;
      for (int i = 0; i < items.length; i++) {
        Node[] pair = coerceForComparison(value, items[i]);
        if (pair[0] != value) {
          return inAsDisjunction(value, items); // the tested value itself needs a conversion
        }
        items[i] = pair[1];
        comparators[i] = ValueComparator.of(value.type, items[i].type);
        allConstant &= items[i].isConstant();
        allLongs &= comparators[i] == ValueComparator.LONGS;
        allStrings &= comparators[i] == ValueComparator.STRINGS;
      }
      if (allConstant && (allLongs || allStrings)) {
        boolean listHasNull = false;
        long[] longs = new long[items.length];
        Set<String> strings = new HashSet<>();
        int n = 0;
        for (Node item : items) {
          Object v = item.eval(null);
          if (v == null) {
            listHasNull = true;
          } else if (allLongs) {
            longs[n++] = ((Number) v).longValue();
          } else {
            strings.add((String) v);
          }
        }
        return allLongs ? new Predicates.InLongs(value, java.util.Arrays.copyOf(longs, n), listHasNull)
            : new Predicates.InStrings(value, strings, listHasNull);
      }
      return new Predicates.In(value, items, comparators);
    }

    private Node inAsDisjunction(Node value, Node[] items) {
      Node[] equalities = new Node[items.length];
      for (int i = 0; i < items.length; i++) {
        equalities[i] = fold(comparison(Operator.EQ, value, items[i]));
      }
      return new Predicates.Or(equalities);
    }

    private static Node arithmetic(Operator op, Node left, Node right, DataType declared) {
      left = castConstantString(left, right.type);
      right = castConstantString(right, left.type);
      DataType lt = left.type;
      DataType rt = right.type;
      if (lt.id() == TypeId.DATE || rt.id() == TypeId.DATE) {
        return dateArithmetic(op, left, right);
      }
      if ((!lt.isNumeric() && !Node.isUnknown(lt)) || (!rt.isNumeric() && !Node.isUnknown(rt))) {
        throw new HeliosException(ErrorCode.UNDEFINED_FUNCTION, "operator does not exist: "
            + lt.sqlName().toLowerCase() + " " + op + " " + rt.sqlName().toLowerCase());
      }
      DataType domain = Arith.commonNumeric(lt, rt);
      DataType result = declared != null && declared.isNumeric() ? declared : domain;
      if (Node.isUnknown(domain)) {
        return new Node.Constant(declared != null ? declared : Node.UNKNOWN, null);
      }
      if (domain.isInteger() && result.isInteger() && Arith.rank(result) > Arith.rank(domain)) {
        domain = DataType.of(result.id()); // compute in the wider declared integer type
      }
      Node node = Arith.binary(op, left, right, domain);
      return result.id() == domain.id() ? node : cast(fold(node), result);
    }

    private static Node dateArithmetic(Operator op, Node left, Node right) {
      DataType lt = left.type;
      DataType rt = right.type;
      boolean leftDate = lt.id() == TypeId.DATE;
      boolean rightDate = rt.id() == TypeId.DATE;
      if (op == Operator.MINUS && leftDate && rightDate) {
        return new Arith.DateArith(op, left, right, DataType.INTEGER);
      }
      boolean dateAndInteger = (leftDate && (rt.isInteger() || Node.isUnknown(rt)))
          || (rightDate && (lt.isInteger() || Node.isUnknown(lt)));
      if (dateAndInteger && (op == Operator.PLUS || (op == Operator.MINUS && leftDate))) {
        return new Arith.DateArith(op, left, right, DataType.DATE);
      }
      throw new HeliosException(ErrorCode.UNDEFINED_FUNCTION, "operator does not exist: "
          + lt.sqlName().toLowerCase() + " " + op + " " + rt.sqlName().toLowerCase());
    }

    private static Node cast(Node operand, DataType target) {
      if (Node.isUnknown(operand.type)) {
        return new Node.Constant(target, null);
      }
      return new Predicates.Cast(operand, target, Casts.converter(operand.type, target));
    }

    /** Replaces a node whose inputs are all constants by its value; errors are kept for evaluation time. */
    private static Node fold(Node node) {
      if (node instanceof Node.Constant || node instanceof Node.Column || !node.childrenConstant()) {
        return node;
      }
      try {
        return new Node.Constant(node.type, node.eval(null));
      } catch (HeliosException e) {
        return node;
      }
    }

    private static HeliosException malformed(String message) {
      return new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE, "malformed expression: " + message);
    }
  }
}
