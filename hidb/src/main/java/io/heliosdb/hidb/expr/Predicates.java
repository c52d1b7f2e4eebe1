package io.heliosdb.hidb.expr;

import io.heliosdb.hidb.proto.Operator;
import io.heliosdb.hidb.types.DataType;
import java.util.Arrays;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Boolean-valued nodes with SQL three-valued logic (NULL = unknown), plus CAST. */
final class Predicates {
  private Predicates() {}

  /** n-ary AND: FALSE if any operand is FALSE, else NULL if any is NULL, else TRUE. */
  static final class And extends Node {
    private final Node[] operands;

    And(Node[] operands) {
      super(DataType.BOOLEAN, operands);
      this.operands = operands;
    }

    @Override
    Object eval(Object[] row) {
      boolean sawNull = false;
      for (Node operand : operands) {
        Object v = operand.eval(row);
        if (v == null) {
          sawNull = true;
        } else if (!(Boolean) v) {
          return Boolean.FALSE;
        }
      }
      return sawNull ? null : Boolean.TRUE;
    }
  }

  /** n-ary OR: TRUE if any operand is TRUE, else NULL if any is NULL, else FALSE. */
  static final class Or extends Node {
    private final Node[] operands;

    Or(Node[] operands) {
      super(DataType.BOOLEAN, operands);
      this.operands = operands;
    }

    @Override
    Object eval(Object[] row) {
      boolean sawNull = false;
      for (Node operand : operands) {
        Object v = operand.eval(row);
        if (v == null) {
          sawNull = true;
        } else if ((Boolean) v) {
          return Boolean.TRUE;
        }
      }
      return sawNull ? null : Boolean.FALSE;
    }
  }

  static final class Not extends Node {
    private final Node operand;

    Not(Node operand) {
      super(DataType.BOOLEAN, operand);
      this.operand = operand;
    }

    @Override
    Object eval(Object[] row) {
      Object v = operand.eval(row);
      return v == null ? null : (Boolean) v ? Boolean.FALSE : Boolean.TRUE;
    }
  }

  /** IS [NOT] NULL and IS [NOT] TRUE/FALSE: never NULL. */
  static final class Is extends Node {
    private final Operator op;
    private final Node operand;

    Is(Operator op, Node operand) {
      super(DataType.BOOLEAN, operand);
      this.op = op;
      this.operand = operand;
    }

    @Override
    Object eval(Object[] row) {
      Object v = operand.eval(row);
      boolean result = switch (op) {
        case IS_NULL -> v == null;
        case IS_NOT_NULL -> v != null;
        case IS_TRUE -> Boolean.TRUE.equals(v);
        case IS_FALSE -> Boolean.FALSE.equals(v);
        case IS_NOT_TRUE -> !Boolean.TRUE.equals(v);
        case IS_NOT_FALSE -> !Boolean.FALSE.equals(v);
        default -> throw new IllegalStateException(op.name());
      };
      return result ? Boolean.TRUE : Boolean.FALSE;
    }
  }

  /** EQ NE LT LE GT GE; NULL when either side is NULL. */
  static final class Compare extends Node {
    private final Operator op;
    private final Node left;
    private final Node right;
    private final ValueComparator comparator;

    Compare(Operator op, Node left, Node right, ValueComparator comparator) {
      super(DataType.BOOLEAN, left, right);
      this.op = op;
      this.left = left;
      this.right = right;
      this.comparator = comparator;
    }

    @Override
    Object eval(Object[] row) {
      Object l = left.eval(row);
      if (l == null) {
        return null;
      }
      Object r = right.eval(row);
      if (r == null) {
        return null;
      }
      int c = comparator.compare(l, r);
      boolean result = switch (op) {
        case EQ -> c == 0;
        case NE -> c != 0;
        case LT -> c < 0;
        case LE -> c <= 0;
        case GT -> c > 0;
        case GE -> c >= 0;
        default -> throw new IllegalStateException(op.name());
      };
      return result ? Boolean.TRUE : Boolean.FALSE;
    }
  }

  /** IS [NOT] DISTINCT FROM: NULL-safe equality, never NULL. */
  static final class Distinct extends Node {
    private final boolean distinct;
    private final Node left;
    private final Node right;
    private final ValueComparator comparator;

    Distinct(boolean distinct, Node left, Node right, ValueComparator comparator) {
      super(DataType.BOOLEAN, left, right);
      this.distinct = distinct;
      this.left = left;
      this.right = right;
      this.comparator = comparator;
    }

    @Override
    Object eval(Object[] row) {
      Object l = left.eval(row);
      Object r = right.eval(row);
      boolean same = (l == null || r == null) ? l == r : comparator.compare(l, r) == 0;
      return same != distinct ? Boolean.TRUE : Boolean.FALSE;
    }
  }

  /** x IN (list) with arbitrary list expressions: TRUE on a match, else NULL if x or any item is NULL. */
  static final class In extends Node {
    private final Node value;
    private final Node[] items;
    private final ValueComparator[] comparators;

    In(Node value, Node[] items, ValueComparator[] comparators) {
      super(DataType.BOOLEAN, concat(value, items));
      this.value = value;
      this.items = items;
      this.comparators = comparators;
    }

    @Override
    Object eval(Object[] row) {
      Object v = value.eval(row);
      if (v == null) {
        return null;
      }
      boolean sawNull = false;
      for (int i = 0; i < items.length; i++) {
        Object item = items[i].eval(row);
        if (item == null) {
          sawNull = true;
        } else if (comparators[i].compare(v, item) == 0) {
          return Boolean.TRUE;
        }
      }
      return sawNull ? null : Boolean.FALSE;
    }
  }

  /** Integer IN over a constant list: binary search in a sorted long[]. */
  static final class InLongs extends Node {
    private final Node value;
    private final long[] sorted;
    private final boolean listHasNull;

    InLongs(Node value, long[] items, boolean listHasNull) {
      super(DataType.BOOLEAN, value);
      this.value = value;
      this.sorted = items.clone();
      Arrays.sort(this.sorted);
      this.listHasNull = listHasNull;
    }

    @Override
    Object eval(Object[] row) {
      Object v = value.eval(row);
      if (v == null) {
        return null;
      }
      if (Arrays.binarySearch(sorted, ((Number) v).longValue()) >= 0) {
        return Boolean.TRUE;
      }
      return listHasNull ? null : Boolean.FALSE;
    }
  }

  /** String IN over a constant list: hash lookup (String equality is code point equality). */
  static final class InStrings extends Node {
    private final Node value;
    private final Set<String> items;
    private final boolean listHasNull;

    InStrings(Node value, Set<String> items, boolean listHasNull) {
      super(DataType.BOOLEAN, value);
      this.value = value;
      this.items = Set.copyOf(items);
      this.listHasNull = listHasNull;
    }

    @Override
    Object eval(Object[] row) {
      Object v = value.eval(row);
      if (v == null) {
        return null;
      }
      if (items.contains(v)) {
        return Boolean.TRUE;
      }
      return listHasNull ? null : Boolean.FALSE;
    }
  }

  /** [NOT] LIKE / ILIKE with a pattern compiled once (constant pattern) or per row (computed pattern). */
  static final class Like extends Node {
    private final Node text;
    private final Node pattern;
    private final Node escape;
    private final LikePattern compiled;
    private final boolean negated;
    private final boolean caseInsensitive;

    Like(Node text, Node pattern, Node escape, boolean negated, boolean caseInsensitive) {
      super(DataType.BOOLEAN, escape == null ? new Node[] {text, pattern} : new Node[] {text, pattern, escape});
      this.text = text;
      this.pattern = pattern;
      this.escape = escape;
      this.negated = negated;
      this.caseInsensitive = caseInsensitive;
      boolean constantPattern = pattern.isConstant() && (escape == null || escape.isConstant());
      Object p = constantPattern ? pattern.eval(null) : null;
      Object e = escape == null ? null : constantPattern ? escape.eval(null) : null;
      this.compiled = p != null && (escape == null || e != null)
          ? LikePattern.compile((String) p, (String) e, caseInsensitive) : null;
    }

    @Override
    Object eval(Object[] row) {
      Object t = text.eval(row);
      if (t == null) {
        return null;
      }
      LikePattern matcher = compiled;
      if (matcher == null) {
        Object p = pattern.eval(row);
        Object e = escape == null ? null : escape.eval(row);
        if (p == null || (escape != null && e == null)) {
          return null;
        }
        matcher = LikePattern.compile((String) p, (String) e, caseInsensitive);
      }
      return matcher.matches((String) t) != negated ? Boolean.TRUE : Boolean.FALSE;
    }
  }

  /** CAST with the conversion resolved at compile time. */
  static final class Cast extends Node {
    private final Node operand;
    private final UnaryOperator<Object> converter;

    Cast(Node operand, DataType target, UnaryOperator<Object> converter) {
      super(target, operand);
      this.operand = operand;
      this.converter = converter;
    }

    @Override
    Object eval(Object[] row) {
      Object v = operand.eval(row);
      return v == null ? null : converter.apply(v);
    }
  }

  private static Node[] concat(Node first, Node[] rest) {
    Node[] all = new Node[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
