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

  /** PostgreSQL type names Calcite does not know, as Calcite spells the same type. */
  private static final java.util.Map<String, String> TYPE_SPELLINGS = java.util.Map.ofEntries(
      java.util.Map.entry("bytea", "VARBINARY"),
      java.util.Map.entry("text", "VARCHAR"),
      java.util.Map.entry("json", "VARCHAR"),
      java.util.Map.entry("jsonb", "VARCHAR"),
      java.util.Map.entry("timestamptz", "TIMESTAMP WITH LOCAL TIME ZONE"),
      java.util.Map.entry("int2", "SMALLINT"),
      java.util.Map.entry("int4", "INTEGER"),
      java.util.Map.entry("int", "INTEGER"),
      java.util.Map.entry("int8", "BIGINT"),
      java.util.Map.entry("float4", "REAL"),
      java.util.Map.entry("float8", "DOUBLE"),
      java.util.Map.entry("bool", "BOOLEAN"),
      java.util.Map.entry("numeric", "DECIMAL"),
      java.util.Map.entry("uuid", "UUID"),
      java.util.Map.entry("name", "VARCHAR"),
      java.util.Map.entry("bpchar", "VARCHAR"));

  /**
   * Rewrites PostgreSQL spellings Calcite's parser does not read: E'..' and $$..$$ strings become
   * standard literals, '\\x..'::bytea becomes a hex literal, and PostgreSQL type names after "::"
   * or in CAST(.. AS type) become Calcite's names.
   */
  static String rewriteStrings(String sql) {
    List<Token> tokens = SqlLexer.tokenize(sql);
    StringBuilder out = new StringBuilder(sql.length());
    Deque<Boolean> castParens = new ArrayDeque<>();
    int copied = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      Token prev = i > 0 ? tokens.get(i - 1) : null;
      Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
      Token next2 = i + 2 < tokens.size() ? tokens.get(i + 2) : null;
      if (t.kind() == Kind.PUNCT && t.text().equals("(")) {
        castParens.push(prev != null && prev.isWord("cast"));
      } else if (t.kind() == Kind.PUNCT && t.text().equals(")") && !castParens.isEmpty()) {
        castParens.pop();
      }
      String replacement = null;
      if (t.kind() == Kind.STRING && next != null && next.text().equals("::") && next2 != null
          && next2.isWord("bytea")) {
        String v = SqlLexer.stringValue(t.text());
        if (v.startsWith("\\x")) {
          replacement = "X'" + v.substring(2) + "'";
        }
      }
      if (replacement == null && t.kind() == Kind.STRING && t.text().charAt(0) != '\'') {
        replacement = "'" + SqlLexer.stringValue(t.text()).replace("'", "''") + "'";
      }
      if (replacement == null && t.kind() == Kind.WORD && prev != null
          && (prev.text().endsWith("::") || (prev.isWord("as") && !castParens.isEmpty() && castParens.peek()))) {
        String mapped = TYPE_SPELLINGS.get(t.text().toLowerCase(java.util.Locale.ROOT));
        if (mapped != null) {
          replacement = mapped;
        }
      }
      if (replacement != null) {
        out.append(sql, copied, t.start()).append(replacement);
        copied = t.end();
      }
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
