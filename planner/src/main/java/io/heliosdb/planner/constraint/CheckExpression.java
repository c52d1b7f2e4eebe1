package io.heliosdb.planner.constraint;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.metadata.TableDescriptor;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;

/**
 * A CHECK condition compiled against a table's columns and evaluated on each written row in
 * compute. SQL's three-valued logic applies: the row passes unless the condition is FALSE. The
 * supported forms are the ones CHECK constraints are written with (comparisons, AND/OR/NOT,
 * IS [NOT] NULL, IN, BETWEEN, LIKE, arithmetic, length/lower/upper/abs/coalesce); anything else
 * is refused when the constraint is created, never skipped.
 */
public final class CheckExpression {
  private static final Map<String, CheckExpression> CACHE = new ConcurrentHashMap<>();

  private interface Node {
    Object eval(Object[] row);
  }

  private final Node root;

  private CheckExpression(Node root) {
    this.root = root;
  }

  /** Compiles (cached by table id, schema shape and text). */
  public static CheckExpression compile(TableDescriptor table, String expression) {
    String key = table.tableId() + "|" + table.columns().size() + "|" + expression;
    CheckExpression cached = CACHE.get(key);
    if (cached != null) {
      return cached;
    }
    CheckExpression compiled = compileUncached(table.columns().stream().map(c -> c.name()).toList(), expression);
    if (CACHE.size() > 10_000) {
      CACHE.clear();
    }
    CACHE.put(key, compiled);
    return compiled;
  }

  public static CheckExpression compileUncached(List<String> columns, String expression) {
    Expression parsed;
    try {
      parsed = CCJSqlParserUtil.parseCondExpression(expression);
    } catch (JSQLParserException e) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error in CHECK constraint: " + expression);
    }
    return new CheckExpression(new Compiler(columns).node(parsed));
  }

  /** False only when the condition is FALSE for the row (NULL passes, as in SQL). */
  public boolean passes(Object[] row) {
    Object v = root.eval(row);
    return !(v instanceof Boolean b) || b;
  }

  private static final class Compiler {
    private final List<String> columns;

    Compiler(List<String> columns) {
      this.columns = columns;
    }

    Node node(Expression e) {
      if (e instanceof Parenthesis p) {
        return node(p.getExpression());
      }
      if (e instanceof ExpressionList<?> list) {
        if (list.size() == 1) {
          return node((Expression) list.get(0));
        }
        throw unsupported(e);
      }
      if (e instanceof AndExpression a) {
        Node l = node(a.getLeftExpression());
        Node r = node(a.getRightExpression());
        return row -> and(l.eval(row), r.eval(row));
      }
      if (e instanceof OrExpression o) {
        Node l = node(o.getLeftExpression());
        Node r = node(o.getRightExpression());
        return row -> or(l.eval(row), r.eval(row));
      }
      if (e instanceof NotExpression n) {
        Node inner = node(n.getExpression());
        return row -> {
          Object v = inner.eval(row);
          return v == null ? null : !(Boolean) v;
        };
      }
      if (e instanceof IsNullExpression n) {
        Node inner = node(n.getLeftExpression());
        boolean not = n.isNot();
        return row -> (inner.eval(row) == null) != not;
      }
      if (e instanceof Between b) {
        Node v = node(b.getLeftExpression());
        Node lo = node(b.getBetweenExpressionStart());
        Node hi = node(b.getBetweenExpressionEnd());
        boolean not = b.isNot();
        return row -> {
          Object x = v.eval(row);
          Object r = and(compare(x, lo.eval(row), c -> c >= 0), compare(x, hi.eval(row), c -> c <= 0));
          return r == null ? null : ((Boolean) r) != not;
        };
      }
      if (e instanceof InExpression in) {
        Node v = node(in.getLeftExpression());
        if (!(in.getRightExpression() instanceof ExpressionList<?> list)) {
          throw unsupported(e);
        }
        List<Node> items = new ArrayList<>();
        for (Object item : list) {
          items.add(node((Expression) item));
        }
        boolean not = in.isNot();
        return row -> {
          Object x = v.eval(row);
          Object result = Boolean.FALSE;
          for (Node item : items) {
            result = or(result, compare(x, item.eval(row), c -> c == 0));
          }
          return result == null ? null : ((Boolean) result) != not;
        };
      }
      if (e instanceof LikeExpression like) {
        if (like.getEscape() != null) {
          throw unsupported(e);
        }
        Node v = node(like.getLeftExpression());
        Node p = node(like.getRightExpression());
        boolean ci = like.getLikeKeyWord() == LikeExpression.KeyWord.ILIKE;
        if (like.getLikeKeyWord() != LikeExpression.KeyWord.LIKE && !ci) {
          throw unsupported(e);
        }
        boolean not = like.isNot();
        return row -> {
          Object x = v.eval(row);
          Object pat = p.eval(row);
          if (x == null || pat == null) {
            return null;
          }
          return likePattern(pat.toString(), ci).matcher(x.toString()).matches() != not;
        };
      }
      if (e instanceof EqualsTo b) {
        return comparison(b, c -> c == 0);
      }
      if (e instanceof NotEqualsTo b) {
        return comparison(b, c -> c != 0);
      }
      if (e instanceof GreaterThan b) {
        return comparison(b, c -> c > 0);
      }
      if (e instanceof GreaterThanEquals b) {
        return comparison(b, c -> c >= 0);
      }
      if (e instanceof MinorThan b) {
        return comparison(b, c -> c < 0);
      }
      if (e instanceof MinorThanEquals b) {
        return comparison(b, c -> c <= 0);
      }
      if (e instanceof Concat c) {
        Node l = node(c.getLeftExpression());
        Node r = node(c.getRightExpression());
        return row -> {
          Object a = l.eval(row);
          Object b = r.eval(row);
          return a == null || b == null ? null : a.toString() + b;
        };
      }
      if (e instanceof Addition || e instanceof Subtraction || e instanceof Multiplication
          || e instanceof Division || e instanceof Modulo) {
        BinaryExpression b = (BinaryExpression) e;
        Node l = node(b.getLeftExpression());
        Node r = node(b.getRightExpression());
        return row -> arithmetic(e, l.eval(row), r.eval(row));
      }
      if (e instanceof SignedExpression s) {
        Node inner = node(s.getExpression());
        boolean negate = s.getSign() == '-';
        return row -> {
          BigDecimal v = number(inner.eval(row));
          return v == null ? null : negate ? v.negate() : v;
        };
      }
      if (e instanceof LongValue l) {
        BigDecimal v = new BigDecimal(l.getStringValue());
        return row -> v;
      }
      if (e instanceof DoubleValue d) {
        BigDecimal v = BigDecimal.valueOf(d.getValue());
        return row -> v;
      }
      if (e instanceof StringValue s) {
        String v = s.getValue().replace("''", "'");
        return row -> v;
      }
      if (e instanceof NullValue) {
        return row -> null;
      }
      if (e instanceof CastExpression c) {
        return node(c.getLeftExpression()); // comparisons below are type-tolerant
      }
      if (e instanceof Column c) {
        String name = c.getColumnName();
        if (name.equalsIgnoreCase("true") || name.equalsIgnoreCase("false")) {
          Boolean v = Boolean.valueOf(name.toLowerCase(Locale.ROOT));
          return row -> v;
        }
        String folded = io.heliosdb.planner.sql.DdlTranslator.ident(name);
        int at = columns.indexOf(folded);
        if (at < 0) {
          throw new HeliosException(ErrorCode.UNDEFINED_COLUMN, "column \"" + folded + "\" does not exist");
        }
        return row -> row[at];
      }
      if (e instanceof Function f) {
        return function(f);
      }
      throw unsupported(e);
    }

    private Node function(Function f) {
      String name = f.getName().toLowerCase(Locale.ROOT);
      List<Node> args = new ArrayList<>();
      if (f.getParameters() != null) {
        for (Object a : f.getParameters()) {
          args.add(node((Expression) a));
        }
      }
      switch (name) {
        case "length", "char_length", "character_length" -> {
          if (args.size() != 1) {
            throw unsupported(f);
          }
          Node a = args.get(0);
          return row -> {
            Object v = a.eval(row);
            return v == null ? null : BigDecimal.valueOf(v.toString().codePointCount(0, v.toString().length()));
          };
        }
        case "lower", "upper", "trim", "btrim" -> {
          if (args.size() != 1) {
            throw unsupported(f);
          }
          Node a = args.get(0);
          return row -> {
            Object v = a.eval(row);
            if (v == null) {
              return null;
            }
            return switch (name) {
              case "lower" -> v.toString().toLowerCase(Locale.ROOT);
              case "upper" -> v.toString().toUpperCase(Locale.ROOT);
              default -> v.toString().strip();
            };
          };
        }
        case "abs" -> {
          if (args.size() != 1) {
            throw unsupported(f);
          }
          Node a = args.get(0);
          return row -> {
            BigDecimal v = number(a.eval(row));
            return v == null ? null : v.abs();
          };
        }
        case "coalesce" -> {
          return row -> {
            for (Node a : args) {
              Object v = a.eval(row);
              if (v != null) {
                return v;
              }
            }
            return null;
          };
        }
        default -> throw unsupported(f);
      }
    }

    private Node comparison(BinaryExpression b, java.util.function.IntPredicate test) {
      Node l = node(b.getLeftExpression());
      Node r = node(b.getRightExpression());
      return row -> compare(l.eval(row), r.eval(row), test);
    }

    private static HeliosException unsupported(Expression e) {
      return HeliosException.notSupported("the expression \"" + e + "\" in a CHECK constraint");
    }
  }

  private static Object and(Object a, Object b) {
    if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
      return false;
    }
    return a == null || b == null ? null : true;
  }

  private static Object or(Object a, Object b) {
    if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
      return true;
    }
    return a == null || b == null ? null : false;
  }

  private static Object compare(Object a, Object b, java.util.function.IntPredicate test) {
    if (a == null || b == null) {
      return null;
    }
    return test.test(compareValues(a, b));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareValues(Object a, Object b) {
    BigDecimal na = number(a, false);
    BigDecimal nb = number(b, false);
    if (na != null && nb != null) {
      return na.compareTo(nb);
    }
    if (a.getClass() == b.getClass() && a instanceof Comparable ca) {
      return ca.compareTo(b);
    }
    if (a instanceof Boolean || b instanceof Boolean) {
      return Boolean.compare(truth(a), truth(b));
    }
    return a.toString().compareTo(b.toString());
  }

  private static boolean truth(Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v.toString().toLowerCase(Locale.ROOT);
    return s.equals("t") || s.equals("true") || s.equals("1") || s.equals("yes") || s.equals("on");
  }

  private static BigDecimal number(Object v) {
    return number(v, true);
  }

  private static BigDecimal number(Object v, boolean parseStrings) {
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof Double || v instanceof Float) {
      return BigDecimal.valueOf(((Number) v).doubleValue());
    }
    if (v instanceof Number n) {
      return BigDecimal.valueOf(n.longValue());
    }
    if (parseStrings && v instanceof String s) {
      try {
        return new BigDecimal(s.trim());
      } catch (NumberFormatException e) {
        throw new HeliosException(ErrorCode.INVALID_TEXT_REPRESENTATION,
            "invalid input syntax for type numeric: \"" + s + "\"");
      }
    }
    return null;
  }

  private static Object arithmetic(Expression op, Object a, Object b) {
    BigDecimal x = number(a);
    BigDecimal y = number(b);
    if (x == null || y == null) {
      return null;
    }
    if (op instanceof Addition) {
      return x.add(y);
    }
    if (op instanceof Subtraction) {
      return x.subtract(y);
    }
    if (op instanceof Multiplication) {
      return x.multiply(y);
    }
    if (y.signum() == 0) {
      throw new HeliosException(ErrorCode.DIVISION_BY_ZERO, "division by zero");
    }
    if (op instanceof Division) {
      return x.divide(y, MathContext.DECIMAL64);
    }
    return x.remainder(y);
  }

  private static Pattern likePattern(String pattern, boolean caseInsensitive) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '%') {
        re.append(".*");
      } else if (c == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL | (caseInsensitive ? Pattern.CASE_INSENSITIVE : 0));
  }
}
