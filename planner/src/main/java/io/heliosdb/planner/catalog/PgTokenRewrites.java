package io.heliosdb.planner.catalog;

import io.heliosdb.planner.sql.SqlLexer;
import io.heliosdb.planner.sql.SqlLexer.Kind;
import io.heliosdb.planner.sql.SqlLexer.Token;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Token-level rewrites of the PostgreSQL spellings catalog queries of psql and SQLAlchemy use and
 * Calcite's parser does not read:
 * <ul>
 *   <li>{@code OPERATOR(pg_catalog.~)} becomes the bare operator {@code ~};
 *   <li>{@code COLLATE pg_catalog.default} / {@code "default"} / {@code "C"} / {@code "POSIX"} are
 *       dropped: every comparison here is already by code point, which is what those collations mean;
 *   <li>{@code unnest(} outside a FROM clause becomes {@code "unnest"(} (a plain function call,
 *       since UNNEST is a reserved word of Calcite's grammar), which {@link PgSyntax} then turns into
 *       a lateral {@code UNNEST ... WITH ORDINALITY};
 *   <li>{@code type[]} (an array type in a cast) becomes Calcite's {@code type ARRAY}.
 * </ul>
 */
public final class PgTokenRewrites {
  private PgTokenRewrites() {}

  /** Collations that compare by code point like every comparison here. */
  private static final Set<String> BINARY_COLLATIONS = Set.of("default", "c", "posix");

  /** Clause keywords that end a FROM clause at the same nesting level. */
  private static final Set<String> AFTER_FROM = Set.of("where", "group", "having", "order", "limit", "offset",
      "window", "union", "intersect", "except", "fetch", "on", "using");

  public static String rewrite(String sql) {
    if (!mayNeedRewrite(sql)) {
      return sql;
    }
    if (sql.contains("_pg_expandarray")) {
      sql = expandArray(sql);
    }
    List<Token> tokens = SqlLexer.tokenize(sql);
    StringBuilder out = new StringBuilder(sql.length());
    // Per parenthesis level: whether the tokens at that level are in a FROM clause.
    Deque<Boolean> inFrom = new ArrayDeque<>();
    inFrom.push(false);
    // Per parenthesis level: whether it is CAST( ... ), where AS is followed by a type.
    Deque<Boolean> inCast = new ArrayDeque<>();
    inCast.push(false);
    int copied = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.text().equals("[") && i > 0 && i + 1 < tokens.size() && tokens.get(i + 1).text().equals("]")
          && tokens.get(i - 1).kind() == Kind.WORD) {
        // type[] (an array type, as in x::int2[]) is Calcite's "type ARRAY"
        out.append(sql, copied, t.start()).append(" ARRAY");
        copied = tokens.get(i + 1).end();
        i++;
        continue;
      }
      if (t.kind() == Kind.PUNCT && t.text().equals("(")) {
        inFrom.push(false);
        inCast.push(i > 0 && tokens.get(i - 1).isWord("cast"));
        continue;
      }
      if (t.kind() == Kind.PUNCT && t.text().equals(")")) {
        if (inFrom.size() > 1) {
          inFrom.pop();
          inCast.pop();
        }
        continue;
      }
      if (t.kind() == Kind.WORD && i > 0 && tokens.get(i - 1).isWord("as") && !inCast.peek()
          && !(i + 1 < tokens.size() && tokens.get(i + 1).text().equals("(")) && isCalciteReserved(t.text())) {
        // PostgreSQL takes any keyword as a column label after AS (asyncpg's "AS new"); Calcite
        // reserves more words, so such a label is quoted (lower case, as unquoted names fold).
        out.append(sql, copied, t.start()).append('"').append(t.text().toLowerCase(java.util.Locale.ROOT))
            .append('"');
        copied = t.end();
        continue;
      }
      if (t.kind() != Kind.WORD) {
        continue;
      }
      if (t.isWord("from") || t.isWord("join")) {
        replaceTop(inFrom, true);
      } else if (t.isWord("select") || AFTER_FROM.contains(t.text().toLowerCase(java.util.Locale.ROOT))) {
        replaceTop(inFrom, false);
      }
      int operatorEnd = operatorEnd(tokens, i);
      if (operatorEnd > 0) {
        out.append(sql, copied, t.start()).append(' ').append(tokens.get(operatorEnd - 2).text()).append(' ');
        copied = tokens.get(operatorEnd - 1).end();
        i = operatorEnd - 1;
        continue;
      }
      int collateEnd = collateEnd(tokens, i);
      if (collateEnd > 0) {
        out.append(sql, copied, t.start());
        copied = tokens.get(collateEnd - 1).end();
        i = collateEnd - 1;
        continue;
      }
      boolean call = i + 1 < tokens.size() && tokens.get(i + 1).text().equals("(");
      Token prev = i > 0 ? tokens.get(i - 1) : null;
      boolean qualified = prev != null && prev.text().equals(".");
      if (t.isWord("unnest") && call && inFrom.peek() && qualified && i >= 2 && tokens.get(i - 2).isWord("pg_catalog")) {
        // FROM pg_catalog.unnest(a) x (psql's \d+): UNNEST is a reserved word of Calcite's grammar
        out.append(sql, copied, tokens.get(i - 2).start()).append("UNNEST");
        copied = t.end();
        continue;
      }
      if (t.isWord("unnest") && call && !inFrom.peek() && !qualified) {
        out.append(sql, copied, t.start()).append("\"unnest\"");
        copied = t.end();
      }
    }
    out.append(sql, copied, sql.length());
    return out.toString();
  }

  /** Internal set-returning function: the 1-based positions of an array's elements (_pg_expandarray's n). */
  public static final String EXPAND_POSITION = "helios_expandarray_n";

  /**
   * pgjdbc's {@code information_schema._pg_expandarray(a)}, a set-returning function of composite
   * rows (x = element, n = 1-based position), used in a select list as {@code (f(a)).n} and as a
   * column {@code f(a) AS keys} whose field {@code (keys).x} is read outside: the first becomes the
   * position function, the second {@code unnest(a)} (its value is the element, x), and
   * {@code (q.keys).x} the column itself. Both run in lock step like any select-list SRFs
   * (PgSyntax), so each row pairs an element with its position, as the composite did.
   */
  static String expandArray(String sql) {
    List<Token> tokens = SqlLexer.tokenize(sql);
    StringBuilder out = new StringBuilder(sql.length());
    int copied = 0;
    for (int i = 0; i < tokens.size(); i++) {
      int call = expandCallAt(tokens, i);
      if (call >= 0) {
        int close = closingParen(tokens, call + 4);
        if (close < 0) {
          break;
        }
        String args = sql.substring(tokens.get(call + 3).end(), tokens.get(close).start());
        if (call == i + 1 && close + 3 < tokens.size() && tokens.get(close + 1).text().equals(")")
            && tokens.get(close + 2).text().equals(".") && tokens.get(close + 3).isWord("n")) {
          out.append(sql, copied, tokens.get(i).start()).append('"').append(EXPAND_POSITION).append("\"(")
              .append(args).append(')');
          copied = tokens.get(close + 3).end();
          i = close + 3;
          continue;
        }
        if (call == i) {
          out.append(sql, copied, tokens.get(i).start()).append("\"unnest\"(").append(args).append(')');
          copied = tokens.get(close).end();
          i = close;
          continue;
        }
      }
      // (q.keys).x / (keys).x: the element column itself
      int fieldEnd = fieldAccessEnd(tokens, i);
      if (fieldEnd > 0) {
        out.append(sql, copied, tokens.get(i).start())
            .append(sql, tokens.get(i + 1).start(), tokens.get(fieldEnd - 4).end());
        copied = tokens.get(fieldEnd - 1).end();
        i = fieldEnd - 1;
      }
    }
    return out.append(sql, copied, sql.length()).toString();
  }

  /**
   * When {@code [(] information_schema . _pg_expandarray (} starts at {@code i}: the index of the
   * information_schema token (i, or i + 1 after a parenthesis), else -1.
   */
  private static int expandCallAt(List<Token> tokens, int i) {
    int at = tokens.get(i).text().equals("(") ? i + 1 : i;
    if (at + 3 < tokens.size() && tokens.get(at).isWord("information_schema") && tokens.get(at + 1).text().equals(".")
        && tokens.get(at + 2).isWord("_pg_expandarray") && tokens.get(at + 3).text().equals("(")) {
      return at;
    }
    return -1;
  }

  private static int closingParen(List<Token> tokens, int from) {
    int depth = 1;
    for (int j = from; j < tokens.size(); j++) {
      String t = tokens.get(j).text();
      if (t.equals("(")) {
        depth++;
      } else if (t.equals(")") && --depth == 0) {
        return j;
      }
    }
    return -1;
  }

  /** End (exclusive) of {@code ( name [. name] ) . x} at {@code i}, or -1. */
  private static int fieldAccessEnd(List<Token> tokens, int i) {
    if (!tokens.get(i).text().equals("(") || i + 1 >= tokens.size() || tokens.get(i + 1).kind() != Kind.WORD) {
      return -1;
    }
    int j = i + 2;
    if (j + 1 < tokens.size() && tokens.get(j).text().equals(".") && tokens.get(j + 1).kind() == Kind.WORD) {
      j += 2;
    }
    if (j + 2 < tokens.size() && tokens.get(j).text().equals(")") && tokens.get(j + 1).text().equals(".")
        && tokens.get(j + 2).isWord("x") && !(i > 0 && tokens.get(i - 1).kind() == Kind.WORD
            && !tokens.get(i - 1).isWord("and") && !tokens.get(i - 1).isWord("or")
            && !tokens.get(i - 1).isWord("where") && !tokens.get(i - 1).isWord("on"))) {
      return j + 3;
    }
    return -1;
  }

  /** Cheap pre-check so ordinary statements skip tokenizing. */
  private static boolean mayNeedRewrite(String sql) {
    String lower = sql.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("operator") || lower.contains("collate") || lower.contains("unnest")
        || lower.contains("[]") || lower.contains("as new") || lower.contains("as old")
        || lower.contains("_pg_expandarray");
  }

  private static final org.apache.calcite.sql.parser.SqlAbstractParserImpl.Metadata CALCITE_WORDS =
      org.apache.calcite.sql.parser.babel.SqlBabelParserImpl.FACTORY.getParser(new java.io.StringReader(""))
          .getMetadata();

  /** Whether Calcite's (Babel) grammar reserves this word, so it cannot be a bare column label. */
  private static boolean isCalciteReserved(String word) {
    return CALCITE_WORDS.isReservedWord(word.toUpperCase(java.util.Locale.ROOT));
  }

  private static void replaceTop(Deque<Boolean> stack, boolean value) {
    stack.pop();
    stack.push(value);
  }

  /** End (exclusive) of {@code OPERATOR ( [pg_catalog .] op )} at {@code i}, or -1. */
  private static int operatorEnd(List<Token> tokens, int i) {
    if (!tokens.get(i).isWord("operator") || i + 3 >= tokens.size() || !tokens.get(i + 1).text().equals("(")) {
      return -1;
    }
    int j = i + 2;
    if (tokens.get(j).isWord("pg_catalog") && j + 1 < tokens.size() && tokens.get(j + 1).text().equals(".")) {
      j += 2;
    }
    if (j + 1 < tokens.size() && tokens.get(j).kind() == Kind.OPERATOR && tokens.get(j + 1).text().equals(")")) {
      return j + 2;
    }
    return -1;
  }

  /** End (exclusive) of {@code COLLATE [pg_catalog .] default|"C"|"POSIX"} at {@code i}, or -1. */
  private static int collateEnd(List<Token> tokens, int i) {
    if (!tokens.get(i).isWord("collate") || i + 1 >= tokens.size()) {
      return -1;
    }
    int j = i + 1;
    if (tokens.get(j).isWord("pg_catalog") && j + 2 < tokens.size() && tokens.get(j + 1).text().equals(".")) {
      j += 2;
    }
    Token name = tokens.get(j);
    String collation = switch (name.kind()) {
      case WORD -> name.text().toLowerCase(java.util.Locale.ROOT);
      case QUOTED_IDENT -> name.text().substring(1, name.text().length() - 1).toLowerCase(java.util.Locale.ROOT);
      default -> null;
    };
    return collation != null && BINARY_COLLATIONS.contains(collation) ? j + 1 : -1;
  }
}
