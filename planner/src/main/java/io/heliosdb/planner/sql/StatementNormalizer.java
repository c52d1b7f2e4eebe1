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

  /** Words that close an ORDER BY / GROUP BY list at its own nesting level. */
  private static final Set<String> BY_LIST_ENDS = Set.of(
      "limit", "offset", "fetch", "having", "window", "union", "intersect", "except", "for", "order");

  /** Lifts literals in value positions into parameters. */
  public static NormalizedStatement liftLiterals(String sql) {
    return liftLiterals(sql, SqlLexer.tokenize(sql));
  }

  /** As {@link #liftLiterals(String)}, for a caller that already has {@code sql}'s tokens. */
  public static NormalizedStatement liftLiterals(String sql, List<Token> tokens) {
    return liftLiterals(sql, tokens, null);
  }

  /**
   * As {@link #liftLiterals(String, List)}; also adds to {@code liftedStarts} (when not null) where
   * in {@code sql} each lifted literal started, in parameter order.
   */
  public static NormalizedStatement liftLiterals(String sql, List<Token> tokens, List<Integer> liftedStarts) {
    StringBuilder out = new StringBuilder(sql.length());
    List<Object> values = new ArrayList<>();
    Deque<Boolean> typeParens = new ArrayDeque<>();
    // Paren depths at which an ORDER BY / GROUP BY list is open: "ORDER BY 2, 3" are ordinals.
    Deque<Integer> byLists = new ArrayDeque<>();
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
        if (!byLists.isEmpty() && byLists.peek() == typeParens.size()) {
          byLists.pop();
        }
        if (!typeParens.isEmpty()) {
          typeParens.pop();
        }
        continue;
      }
      if (t.kind() == Kind.WORD) {
        if (t.isWord("by") && prev != null && (prev.isWord("order") || prev.isWord("group"))) {
          byLists.push(typeParens.size());
        } else if (!byLists.isEmpty() && byLists.peek() == typeParens.size() && BY_LIST_ENDS.contains(
            t.text().toLowerCase())) {
          byLists.pop();
        }
      }
      if (t.kind() == Kind.NUMBER && prev != null && prev.text().equals(",") && !byLists.isEmpty()
          && byLists.peek() == typeParens.size()) {
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
      if (liftedStarts != null) {
        liftedStarts.add(t.start());
      }
    }
    out.append(sql, copied, sql.length());
    return new NormalizedStatement(rewriteCached(out.toString()), values, null, 0);
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
    return new NormalizedStatement(rewriteCached(out.toString()), List.of(), m, max);
  }

  /** Rewrites of recently seen statement shapes: the hot path re-sends the same few shapes. */
  private static final java.util.concurrent.ConcurrentHashMap<String, String> REWRITES =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_REWRITES = 4096;

  static String rewriteCached(String sql) {
    String done = REWRITES.get(sql);
    if (done != null) {
      return done;
    }
    // psql's OPERATOR(pg_catalog.~), COLLATE pg_catalog.default, unnest() in a select list.
    done = rewriteStrings(io.heliosdb.planner.catalog.PgTokenRewrites.rewrite(sql));
    if (REWRITES.size() >= MAX_REWRITES) {
      REWRITES.clear();
    }
    REWRITES.put(sql, done);
    return done;
  }

  /** PostgreSQL type names Calcite does not know, as Calcite spells the same type. */
  private static final java.util.Map<String, String> TYPE_SPELLINGS = java.util.Map.ofEntries(
      java.util.Map.entry("bytea", "VARBINARY"),
      java.util.Map.entry("text", "VARCHAR"),
      // json / jsonb stay: PgSyntax turns the cast into a checked text value described as json/jsonb.
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
      java.util.Map.entry("oid", "INTEGER"),
      java.util.Map.entry("regproc", "INTEGER"),
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
      if (t.kind() == Kind.PUNCT && t.text().equals("(")) {
        castParens.push(prev != null && prev.isWord("cast"));
      } else if (t.kind() == Kind.PUNCT && t.text().equals(")") && !castParens.isEmpty()) {
        castParens.pop();
      }
      // operand::type with a one-token operand becomes CAST(operand AS type): Babel gives "::" a
      // lower precedence than comparison, PostgreSQL the highest.
      boolean paramCast = t.kind() == Kind.OPERATOR && t.text().equals("?::");
      boolean operandCast = (t.kind() == Kind.STRING || t.kind() == Kind.NUMBER || t.kind() == Kind.QUOTED_IDENT
          || (t.kind() == Kind.WORD && !(prev != null && prev.text().equals("."))))
          && next != null && next.kind() == Kind.OPERATOR && next.text().equals("::");
      if (paramCast || operandCast) {
        int typeStart = paramCast ? i + 1 : i + 2;
        int typeEnd = typeEnd(tokens, typeStart);
        int regclassEnd = regclassEnd(tokens, typeStart);
        if (regclassEnd > 0) {
          typeEnd = regclassEnd;
        }
        if (typeEnd > typeStart) {
          String operand = paramCast ? "?" : operandText(t, tokens, i);
          // x::regclass is a lookup of the relation's OID, not a type conversion Calcite knows.
          String expr = regclassEnd > 0 ? "pg_catalog.regclass(" + operand + ")"
              : "CAST(" + operand + " AS " + typeText(sql, tokens, typeStart, typeEnd) + ")";
          // Chained casts: 'x'::timestamptz::timestamptz
          while (typeEnd + 1 < tokens.size() && tokens.get(typeEnd).text().equals("::")) {
            int end = typeEnd(tokens, typeEnd + 1);
            if (end <= typeEnd + 1) {
              break;
            }
            expr = "CAST(" + expr + " AS " + typeText(sql, tokens, typeEnd + 1, end) + ")";
            typeEnd = end;
          }
          out.append(sql, copied, t.start()).append(expr);
          copied = tokens.get(typeEnd - 1).end();
          i = typeEnd - 1;
          continue;
        }
      }
      String replacement = null;
      if (t.kind() == Kind.STRING && t.text().charAt(0) != '\'') {
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

  /** End (exclusive) of "regclass" or "pg_catalog.regclass" starting at {@code from}, or -1. */
  private static int regclassEnd(List<Token> tokens, int from) {
    if (from < tokens.size() && tokens.get(from).isWord("regclass")) {
      return from + 1;
    }
    if (from + 2 < tokens.size() && tokens.get(from).isWord("pg_catalog") && tokens.get(from + 1).text().equals(".")
        && tokens.get(from + 2).isWord("regclass")) {
      return from + 3;
    }
    return -1;
  }

  private static final java.util.Set<String> TYPE_CONTINUATIONS = java.util.Set.of(
      "precision", "varying", "with", "without", "time", "zone");

  /** End (exclusive) of a type name starting at {@code from}: words, then an optional (args). */
  private static int typeEnd(List<Token> tokens, int from) {
    if (from >= tokens.size() || tokens.get(from).kind() != Kind.WORD) {
      return from;
    }
    int i = from + 1;
    while (i < tokens.size() && tokens.get(i).kind() == Kind.WORD
        && TYPE_CONTINUATIONS.contains(tokens.get(i).text().toLowerCase(java.util.Locale.ROOT))) {
      i++;
    }
    if (i < tokens.size() && tokens.get(i).text().equals("(")) {
      int j = i + 1;
      while (j < tokens.size() && !tokens.get(j).text().equals(")")) {
        j++;
      }
      if (j < tokens.size()) {
        i = j + 1;
      }
    }
    // Array types (PgTokenRewrites has made int[] Calcite's "int ARRAY")
    while (i < tokens.size() && tokens.get(i).isWord("array") && !(i + 1 < tokens.size()
        && (tokens.get(i + 1).text().equals("[") || tokens.get(i + 1).text().equals("(")))) {
      i++;
    }
    return i;
  }

  /** Where the element type ends when the type tokens [from, to) end with ARRAY words. */
  private static int elementEnd(List<Token> tokens, int from, int to) {
    int end = to;
    while (end - 1 > from && tokens.get(end - 1).isWord("array")) {
      end--;
    }
    return end;
  }

  private static String typeText(String sql, List<Token> tokens, int from, int to) {
    int elementEnd = elementEnd(tokens, from, to);
    if (elementEnd < to) {
      // T ARRAY: the element type in Calcite's spelling
      int dims = to - elementEnd;
      return elementTypeText(sql, tokens, from, elementEnd) + " ARRAY".repeat(dims);
    }
    return elementTypeText(sql, tokens, from, to);
  }

  private static String elementTypeText(String sql, List<Token> tokens, int from, int to) {
    String first = tokens.get(from).text().toLowerCase(java.util.Locale.ROOT);
    String mapped = TYPE_SPELLINGS.get(first);
    if (mapped != null && to == from + 1) {
      return mapped;
    }
    if (first.equals("timestamptz")) {
      return "TIMESTAMP WITH LOCAL TIME ZONE" + sql.substring(tokens.get(from).end(), tokens.get(to - 1).end());
    }
    String text = sql.substring(tokens.get(from).start(), tokens.get(to - 1).end());
    return text.toLowerCase(java.util.Locale.ROOT).startsWith("timestamp with time zone")
        ? "TIMESTAMP WITH LOCAL TIME ZONE" + text.substring("timestamp with time zone".length()) : text;
  }

  private static String operandText(Token t, List<Token> tokens, int i) {
    if (t.kind() == Kind.STRING) {
      Token type = i + 2 < tokens.size() ? tokens.get(i + 2) : null;
      String v = SqlLexer.stringValue(t.text());
      if (type != null && type.isWord("bytea") && v.startsWith("\\x")) {
        return "X'" + v.substring(2) + "'";
      }
      if (type != null && (type.isWord("timestamptz") || type.isWord("timestamp"))) {
        return canonicalTimestamp(v, type.isWord("timestamptz"));
      }
      return "'" + v.replace("'", "''") + "'";
    }
    return t.text();
  }

  /**
   * A timestamp literal in the form Calcite's parser reads ("yyyy-MM-dd HH:mm:ss.ffffff", UTC for
   * timestamptz), converted with PostgreSQL's input rules (ISO 'T', offsets); unchanged if invalid so
   * the error comes from the usual place.
   */
  static String canonicalTimestamp(String text, boolean withZone) {
    try {
      io.heliosdb.hidb.types.DataType type = withZone ? io.heliosdb.hidb.types.DataType.TIMESTAMPTZ
          : io.heliosdb.hidb.types.DataType.TIMESTAMP;
      long micros = (Long) io.heliosdb.hidb.types.Values.fromText(type, text);
      java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
          (int) Math.floorMod(micros, 1_000_000L) * 1000, java.time.ZoneOffset.UTC);
      String s = t.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"));
      return "'" + s + (withZone ? " UTC" : "") + "'";
    } catch (RuntimeException e) {
      return "'" + text.replace("'", "''") + "'";
    }
  }

  /** The value liftLiterals gives a numeric literal: Integer, Long, BigDecimal or Double. */
  public static Object numberValue(String text) {
    int n = text.length();
    if (n > 0 && n <= 9) {
      int v = 0;
      int i = 0;
      for (; i < n; i++) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        v = v * 10 + (c - '0');
      }
      if (i == n) {
        return v; // the common case without BigInteger: up to 9 digits always fit an int
      }
    }
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
