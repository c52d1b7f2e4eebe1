package io.heliosdb.planner.sql;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.planner.sql.SqlLexer.Kind;
import io.heliosdb.planner.sql.SqlLexer.Token;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/** Produces {@link NormalizedStatement}s from PostgreSQL statement text. */
public final class StatementNormalizer {
  private StatementNormalizer() {}

  /** Words after which a literal is a value (so it may become a parameter). */
  private static final Set<String> VALUE_CONTEXT_WORDS = Set.of(
      "like", "ilike", "in", "between", "and", "or", "values", "not", "is", "set", "when", "then", "else");

  /** Type names whose parenthesised numbers are type arguments, never values. */
  private static final Set<String> TYPE_WORDS = Set.of(
      "varchar", "char", "character", "varying", "numeric", "decimal", "timestamp", "time", "float",
      "bit", "vector", "interval", "timestamptz", "dec");

  /** Words after which a literal is part of syntax (typed literals, LIMIT counts). */
  private static final Set<String> NO_LIFT_WORDS = Set.of(
      "limit", "offset", "fetch", "first", "next", "interval", "date", "time", "timestamp", "timestamptz",
      "by", "uuid", "json", "jsonb", "bytea", "escape");

  /** Lifts literals in value positions into parameters. */
  public static NormalizedStatement liftLiterals(String sql) {
    List<Token> tokens = SqlLexer.tokenize(sql);
    StringBuilder out = new StringBuilder(sql.length());
    List<Object> values = new ArrayList<>();
    Deque<Boolean> typeParens = new ArrayDeque<>();
    int copied = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      Token prev = i > 0 ? tokens.get(i - 1) : null;
      if (t.kind() == Kind.PARAM) {
        throw new HeliosException(ErrorCode.SYNTAX_ERROR, "there is no parameter " + t.text());
      }
      if (t.kind() == Kind.PUNCT && t.text().equals("(")) {
        typeParens.push(prev != null && prev.kind() == Kind.WORD && TYPE_WORDS.contains(prev.text().toLowerCase()));
        continue;
      }
      if (t.kind() == Kind.PUNCT && t.text().equals(")")) {
        if (!typeParens.isEmpty()) {
          typeParens.pop();
        }
        continue;
      }
      boolean literal = t.kind() == Kind.STRING || t.kind() == Kind.NUMBER;
      if (!literal || prev == null) {
        continue;
      }
      boolean inTypeParens = !typeParens.isEmpty() && typeParens.peek();
      boolean valueContext = switch (prev.kind()) {
        case OPERATOR -> !prev.text().equals("::");
        case PUNCT -> prev.text().equals("(") || prev.text().equals(",");
        case WORD -> VALUE_CONTEXT_WORDS.contains(prev.text().toLowerCase())
            && !NO_LIFT_WORDS.contains(prev.text().toLowerCase());
        default -> false;
      };
      Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
      // "1 ROWS" in FETCH FIRST, or a literal followed by a type cast keyword stays literal text.
      if (next != null && next.kind() == Kind.WORD && (next.isWord("rows") || next.isWord("row"))) {
        valueContext = false;
      }
      if (!valueContext || inTypeParens) {
        continue;
      }
      Object value = t.kind() == Kind.STRING ? SqlLexer.stringValue(t.text()) : numberValue(t.text());
      out.append(sql, copied, t.start()).append('?');
      copied = t.end();
      values.add(value);
    }
    out.append(sql, copied, sql.length());
    return new NormalizedStatement(rewriteStrings(out.toString()), values, null, 0);
  }

  /** Replaces $n markers with '?' for a prepared statement; literals stay in the text. */
  public static NormalizedStatement markers(String sql) {
    List<Token> tokens = SqlLexer.tokenize(sql);
    StringBuilder out = new StringBuilder(sql.length());
    List<Integer> map = new ArrayList<>();
    int max = 0;
    int copied = 0;
    for (Token t : tokens) {
      if (t.kind() == Kind.PARAM) {
        int n = Integer.parseInt(t.text().substring(1));
        if (n < 1) {
          throw new HeliosException(ErrorCode.SYNTAX_ERROR, "there is no parameter " + t.text());
        }
        max = Math.max(max, n);
        map.add(n - 1);
        out.append(sql, copied, t.start()).append('?');
        copied = t.end();
      }
    }
    out.append(sql, copied, sql.length());
    int[] m = map.stream().mapToInt(Integer::intValue).toArray();
    return new NormalizedStatement(rewriteStrings(out.toString()), List.of(), m, max);
  }

  /** E'..' and $$..$$ strings become standard '..' literals, which Calcite's parser reads. */
  static String rewriteStrings(String sql) {
    List<Token> tokens = SqlLexer.tokenize(sql);
    StringBuilder out = null;
    int copied = 0;
    for (Token t : tokens) {
      if (t.kind() == Kind.STRING && (t.text().charAt(0) != '\'')) {
        if (out == null) {
          out = new StringBuilder(sql.length());
        }
        out.append(sql, copied, t.start()).append('\'')
            .append(SqlLexer.stringValue(t.text()).replace("'", "''")).append('\'');
        copied = t.end();
      }
    }
    if (out == null) {
      return sql;
    }
    out.append(sql, copied, sql.length());
    return out.toString();
  }

  static Object numberValue(String text) {
    if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
      return Double.parseDouble(text);
    }
    if (text.indexOf('.') >= 0) {
      return new BigDecimal(text);
    }
    java.math.BigInteger b = new java.math.BigInteger(text);
    if (b.bitLength() < 32) {
      return b.intValueExact();
    }
    if (b.bitLength() < 64) {
      return b.longValueExact();
    }
    return new BigDecimal(b);
  }
}
