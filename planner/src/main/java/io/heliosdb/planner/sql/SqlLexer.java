package io.heliosdb.planner.sql;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import java.util.ArrayList;
import java.util.List;

/**
 * A small PostgreSQL-flavoured tokenizer. It never interprets statements: it finds statement
 * boundaries, literal tokens (for plan-cache normalization), parameter markers ($n) and the
 * leading keywords that route a statement. Strings ('..', E'..', $tag$..$tag$), quoted
 * identifiers and comments are skipped correctly so a ';' or '$1' inside them is left alone.
 */
public final class SqlLexer {
  /** Token kinds. */
  public enum Kind { WORD, QUOTED_IDENT, STRING, NUMBER, PARAM, OPERATOR, PUNCT, SEMICOLON }

  /** One token: its kind and [start, end) span in the source. */
  public record Token(Kind kind, int start, int end, String text) {
    public boolean isWord(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }
  }

  private SqlLexer() {}

  public static List<Token> tokenize(String sql) {
    List<Token> out = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int depth = 1;
        i += 2;
        while (i < n && depth > 0) {
          if (sql.startsWith("/*", i)) {
            depth++;
            i += 2;
          } else if (sql.startsWith("*/", i)) {
            depth--;
            i += 2;
          } else {
            i++;
          }
        }
      } else if (c == '\'') {
        int end = skipString(sql, i, false);
        out.add(new Token(Kind.STRING, i, end, sql.substring(i, end)));
        i = end;
      } else if ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'') {
        int end = skipString(sql, i + 1, true);
        out.add(new Token(Kind.STRING, i, end, sql.substring(i, end)));
        i = end;
      } else if (c == '"') {
        int j = i + 1;
        while (j < n) {
          if (sql.charAt(j) == '"') {
            if (j + 1 < n && sql.charAt(j + 1) == '"') {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        int end = Math.min(n, j + 1);
        out.add(new Token(Kind.QUOTED_IDENT, i, end, sql.substring(i, end)));
        i = end;
      } else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
        int j = i + 1;
        while (j < n && Character.isDigit(sql.charAt(j))) {
          j++;
        }
        out.add(new Token(Kind.PARAM, i, j, sql.substring(i, j)));
        i = j;
      } else if (c == '$') {
        // Dollar-quoted string: $tag$ ... $tag$
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
          j++;
        }
        if (j < n && sql.charAt(j) == '$') {
          String tag = sql.substring(i, j + 1);
          int close = sql.indexOf(tag, j + 1);
          int end = close < 0 ? n : close + tag.length();
          out.add(new Token(Kind.STRING, i, end, sql.substring(i, end)));
          i = end;
        } else {
          out.add(new Token(Kind.OPERATOR, i, i + 1, "$"));
          i++;
        }
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
        int j = i;
        while (j < n && (Character.isDigit(sql.charAt(j)) || sql.charAt(j) == '.')) {
          j++;
        }
        if (j < n && (sql.charAt(j) == 'e' || sql.charAt(j) == 'E')) {
          int k = j + 1;
          if (k < n && (sql.charAt(k) == '+' || sql.charAt(k) == '-')) {
            k++;
          }
          if (k < n && Character.isDigit(sql.charAt(k))) {
            j = k;
            while (j < n && Character.isDigit(sql.charAt(j))) {
              j++;
            }
          }
        }
        out.add(new Token(Kind.NUMBER, i, j, sql.substring(i, j)));
        i = j;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_' || sql.charAt(j) == '$')) {
          j++;
        }
        out.add(new Token(Kind.WORD, i, j, sql.substring(i, j)));
        i = j;
      } else if (c == ';') {
        out.add(new Token(Kind.SEMICOLON, i, i + 1, ";"));
        i++;
      } else if (c == '(' || c == ')' || c == ',' || c == '[' || c == ']' || c == '.') {
        out.add(new Token(Kind.PUNCT, i, i + 1, String.valueOf(c)));
        i++;
      } else {
        int j = i + 1;
        while (j < n && "+-*/<>=~!@#%^&|`?:".indexOf(sql.charAt(j)) >= 0
            && !sql.startsWith("--", j) && !sql.startsWith("/*", j)) {
          j++;
        }
        out.add(new Token(Kind.OPERATOR, i, j, sql.substring(i, j)));
        i = j;
      }
    }
    return out;
  }

  private static int skipString(String sql, int quote, boolean backslashEscapes) {
    int n = sql.length();
    int j = quote + 1;
    while (j < n) {
      char ch = sql.charAt(j);
      if (backslashEscapes && ch == '\\') {
        j += 2;
        continue;
      }
      if (ch == '\'') {
        if (j + 1 < n && sql.charAt(j + 1) == '\'') {
          j += 2;
          continue;
        }
        return j + 1;
      }
      j++;
    }
    return n;
  }

  /** Splits a simple-query string into statements (without the separating semicolons). */
  /**
   * A name, possibly schema-qualified, starting at token {@code at[0]}: one or two parts, quoted parts
   * unquoted and unquoted ones folded to lower case, as PostgreSQL reads identifiers; {@code at[0]}
   * is left after it.
   */
  public static List<String> qualifiedName(List<Token> t, int[] at) {
    List<String> parts = new ArrayList<>();
    int i = at[0];
    while (true) {
      if (i >= t.size()) {
        throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
      }
      Token tok = t.get(i);
      if (tok.kind() == Kind.QUOTED_IDENT) {
        parts.add(tok.text().substring(1, tok.text().length() - 1).replace("\"\"", "\""));
      } else if (tok.kind() == Kind.WORD) {
        parts.add(tok.text().toLowerCase(java.util.Locale.ROOT));
      } else {
        throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"" + tok.text() + "\"");
      }
      i++;
      if (i < t.size() && t.get(i).text().equals(".")) {
        i++;
        continue;
      }
      break;
    }
    at[0] = i;
    if (parts.size() > 2) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "improper qualified name (too many dotted names)");
    }
    return parts;
  }

  public static List<String> split(String sql) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (Token t : tokenize(sql)) {
      if (t.kind() == Kind.SEMICOLON) {
        String s = sql.substring(start, t.start()).strip();
        if (!s.isEmpty()) {
          out.add(s);
        }
        start = t.end();
      }
    }
    String tail = sql.substring(start).strip();
    if (!tail.isEmpty() && !tokenize(tail).isEmpty()) {
      out.add(tail);
    }
    return out;
  }

  /** The value of a plain or E'' string literal token. */
  public static String stringValue(String token) {
    if (token.startsWith("$")) {
      int tagEnd = token.indexOf('$', 1);
      String tag = token.substring(0, tagEnd + 1);
      return token.substring(tag.length(), token.length() - tag.length());
    }
    boolean escapes = token.charAt(0) == 'E' || token.charAt(0) == 'e';
    String body = token.substring(escapes ? 2 : 1, token.length() - 1);
    if (!escapes) {
      return body.replace("''", "'");
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char ch = body.charAt(i);
      if (ch == '\\' && i + 1 < body.length()) {
        char e = body.charAt(++i);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          default -> sb.append(e);
        }
      } else if (ch == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
        sb.append('\'');
        i++;
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }
}
