package io.heliosdb.planner.dialect.mysql;

import java.util.ArrayList;
import java.util.List;

/**
 * A MySQL tokenizer: backtick identifiers, single- and double-quoted strings with backslash
 * escapes, {@code #}, {@code -- } and block comments, {@code @@system} and {@code @user}
 * variables. It never interprets statements; it finds boundaries and hands tokens to the
 * translator. Unterminated strings or identifiers become a token ending at the end of input,
 * which the translator reports as a syntax error.
 */
public final class MySqlLexer {
  /** Token kinds. */
  public enum Kind { WORD, BACKTICK_IDENT, STRING, HEX_STRING, NUMBER, SYSTEM_VARIABLE, USER_VARIABLE, OPERATOR, PUNCT,
    SEMICOLON, PLACEHOLDER }

  /**
   * One token and its [start, end) span in the source. Its text is cut from the source only when
   * asked for: a 40 KB multi-row INSERT has thousands of literal tokens whose values the statement
   * templates read straight from the source ({@link MySqlStatementTemplates}).
   */
  public static final class Token {
    private final Kind kind;
    private final int start;
    private final int end;
    private final boolean terminated;
    private final String source;
    private String text;

    /** A token with its text given (tokens made outside the lexer). */
    public Token(Kind kind, int start, int end, String text, boolean terminated) {
      this(kind, start, end, text, terminated, null);
    }

    private Token(Kind kind, int start, int end, String text, boolean terminated, String source) {
      this.kind = kind;
      this.start = start;
      this.end = end;
      this.text = text;
      this.terminated = terminated;
      this.source = source;
    }

    /** A token whose text is {@code source[start, end)}, cut on first use. */
    static Token of(Kind kind, String source, int start, int end, boolean terminated) {
      return new Token(kind, start, end, null, terminated, source);
    }

    public Kind kind() {
      return kind;
    }

    public int start() {
      return start;
    }

    public int end() {
      return end;
    }

    public boolean terminated() {
      return terminated;
    }

    /** The source the token was lexed from, or null for a token made with its text. */
    String source() {
      return source;
    }

    public String text() {
      String t = text;
      if (t == null) {
        t = source.substring(start, end);
        text = t;
      }
      return t;
    }

    public boolean isWord(String word) {
      return kind == Kind.WORD && text().equalsIgnoreCase(word);
    }

    public boolean isPunct(String punct) {
      return (kind == Kind.PUNCT || kind == Kind.OPERATOR) && text().equals(punct);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Token t && t.kind == kind && t.start == start && t.end == end
          && t.terminated == terminated && t.text().equals(text());
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(kind, start, end, text(), terminated);
    }

    @Override
    public String toString() {
      return "Token[kind=" + kind + ", start=" + start + ", end=" + end + ", text=" + text() + ", terminated="
          + terminated + "]";
    }
  }

  private MySqlLexer() {}

  public static List<Token> tokenize(String sql) {
    // about one token per 4-5 characters: a 40 KB multi-row INSERT then never regrows the list
    List<Token> out = new ArrayList<>(Math.max(10, sql.length() / 4));
    int n = sql.length();
    int i = 0;
    while ((i = skipBlank(sql, i)) < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int end = skipQuoted(sql, i, c, true);
        out.add(Token.of(Kind.STRING, sql, i, end, closed(sql, i, end, c)));
        i = end;
      } else if (c == '`') {
        int end = skipQuoted(sql, i, '`', false);
        out.add(Token.of(Kind.BACKTICK_IDENT, sql, i, end, closed(sql, i, end, '`')));
        i = end;
      } else if ((c == 'x' || c == 'X') && i + 1 < n && sql.charAt(i + 1) == '\'') {
        int end = skipQuoted(sql, i + 1, '\'', false);
        out.add(Token.of(Kind.HEX_STRING, sql, i, end, closed(sql, i + 1, end, '\'')));
        i = end;
      } else if (c == '0' && i + 2 < n && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X')
          && isHex(sql.charAt(i + 2))) {
        int j = i + 2;
        while (j < n && isHex(sql.charAt(j))) {
          j++;
        }
        out.add(Token.of(Kind.HEX_STRING, sql, i, j, true));
        i = j;
      } else if (c == '@') {
        boolean system = i + 1 < n && sql.charAt(i + 1) == '@';
        int j = i + (system ? 2 : 1);
        while (j < n && (isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_' || sql.charAt(j) == '.'
            || sql.charAt(j) == '$')) {
          j++;
        }
        out.add(Token.of(system ? Kind.SYSTEM_VARIABLE : Kind.USER_VARIABLE, sql, i, j, true));
        i = j;
      } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)))) {
        int j = i;
        while (j < n && (isDigit(sql.charAt(j)) || sql.charAt(j) == '.')) {
          j++;
        }
        if (j < n && (sql.charAt(j) == 'e' || sql.charAt(j) == 'E')) {
          int k = j + 1;
          if (k < n && (sql.charAt(k) == '+' || sql.charAt(k) == '-')) {
            k++;
          }
          if (k < n && isDigit(sql.charAt(k))) {
            j = k;
            while (j < n && isDigit(sql.charAt(j))) {
              j++;
            }
          }
        }
        if (j < n && (isLetter(sql.charAt(j)) || sql.charAt(j) == '_')) {
          // MySQL allows identifiers that start with digits (1abc): a word, not a number
          while (j < n && (isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_' || sql.charAt(j) == '$')) {
            j++;
          }
          out.add(Token.of(Kind.WORD, sql, i, j, true));
        } else {
          out.add(Token.of(Kind.NUMBER, sql, i, j, true));
        }
        i = j;
      } else if (isLetter(c) || c == '_' || c == '$') {
        int j = i;
        while (j < n && (isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_' || sql.charAt(j) == '$')) {
          j++;
        }
        out.add(Token.of(Kind.WORD, sql, i, j, true));
        i = j;
      } else if (c == ';') {
        out.add(new Token(Kind.SEMICOLON, i, i + 1, ";", true));
        i++;
      } else if (c == '?') {
        out.add(new Token(Kind.PLACEHOLDER, i, i + 1, "?", true));
        i++;
      } else if (c == '(' || c == ')' || c == ',' || c == '.') {
        out.add(new Token(Kind.PUNCT, i, i + 1, c == '(' ? "(" : c == ')' ? ")" : c == ',' ? "," : ".", true));
        i++;
      } else {
        int j = i + 1;
        while (j < n && "+-*/<>=~!%^&|:".indexOf(sql.charAt(j)) >= 0 && "+-*/<>=~!%^&|:".indexOf(c) >= 0
            && !sql.startsWith("--", j) && !sql.startsWith("/*", j)) {
          j++;
        }
        out.add(Token.of(Kind.OPERATOR, sql, i, j, true));
        i = j;
      }
    }
    return out;
  }

  /**
   * Whether {@link #tokenize} would find no token: the text is only whitespace and comments. A
   * query's emptiness check then does not lex a 40 KB multi-row INSERT a second time.
   */
  public static boolean isBlank(String sql) {
    return skipBlank(sql, 0) >= sql.length();
  }

  /**
   * Whether the text holds a MySQL version comment ({@code /*!NNNNN ... *}{@code /} or
   * {@code /*M!...}) outside string literals: mysqld runs its text as part of the statement,
   * where this lexer skips every comment, so the dialect refuses such a statement rather than
   * answer it without that part (mysqldump writes its session settings this way).
   */
  public static boolean hasVersionComment(String sql) {
    int first = sql.indexOf("/*");
    while (first >= 0 && !sql.startsWith("/*!", first) && !sql.startsWith("/*M!", first)) {
      first = sql.indexOf("/*", first + 2);
    }
    if (first < 0) {
      return false; // one pass over the text, the usual answer
    }
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = skipQuoted(sql, i, c, c != '`');
      } else if (c == '#' || (c == '-' && sql.startsWith("--", i) && (i + 2 >= n || isWhitespace(sql.charAt(i + 2))))) {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && sql.startsWith("/*", i)) {
        if (sql.startsWith("/*!", i) || sql.startsWith("/*M!", i)) {
          return true;
        }
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else {
        i++;
      }
    }
    return false;
  }

  /** The index of the first char at or after {@code i} that is not whitespace or inside a comment. */
  private static int skipBlank(String sql, int i) {
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (isWhitespace(c)) {
        i++;
      } else if (c == '#' || (c == '-' && sql.startsWith("--", i) && (i + 2 >= n || isWhitespace(sql.charAt(i + 2))))) {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else {
        return i;
      }
    }
    return n;
  }

  // ASCII first: a 40 KB multi-row INSERT is mostly digits, quotes and commas, and the Character
  // methods look every char up in the Unicode tables. Non-ASCII chars keep their Unicode answer.
  static boolean isWhitespace(char c) {
    return c < 128 ? c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F) : Character.isWhitespace(c);
  }

  static boolean isDigit(char c) {
    return c < 128 ? c >= '0' && c <= '9' : Character.isDigit(c);
  }

  static boolean isLetter(char c) {
    return c < 128 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') : Character.isLetter(c);
  }

  static boolean isLetterOrDigit(char c) {
    return c < 128 ? isLetter(c) || isDigit(c) : Character.isLetterOrDigit(c);
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  private static boolean closed(String sql, int open, int end, char quote) {
    return end > open + 1 && sql.charAt(end - 1) == quote && end <= sql.length();
  }

  /** End (exclusive) of a quoted token starting at {@code open}; doubled quotes stay inside. */
  private static int skipQuoted(String sql, int open, char quote, boolean backslashEscapes) {
    int n = sql.length();
    int j = open + 1;
    while (j < n) {
      char ch = sql.charAt(j);
      if (backslashEscapes && ch == '\\') {
        j += 2;
        continue;
      }
      if (ch == quote) {
        if (j + 1 < n && sql.charAt(j + 1) == quote) {
          j += 2;
          continue;
        }
        return j + 1;
      }
      j++;
    }
    return n;
  }

  /**
   * The end (exclusive) of the expression starting at token {@code from}: the first ',' or ';' outside
   * parentheses, or {@code ON DUPLICATE} (an INSERT's clause), or the end of the tokens.
   */
  static int expressionEnd(List<Token> t, int from) {
    int depth = 0;
    int k = from;
    for (; k < t.size(); k++) {
      Token x = t.get(k);
      if (x.isPunct("(")) {
        depth++;
      } else if (x.isPunct(")")) {
        depth--;
      } else if (depth == 0 && (x.isPunct(",") || x.kind() == Kind.SEMICOLON
          || (x.isWord("on") && k + 1 < t.size() && t.get(k + 1).isWord("duplicate")))) {
        break;
      }
    }
    return k;
  }

  /** Splits a multi-statement string at top-level semicolons (never inside strings or comments). */
  public static List<String> split(String sql) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (Token t : tokenize(sql)) {
      if (t.kind() == Kind.SEMICOLON) {
        String s = sql.substring(start, t.start()).strip();
        if (!isBlank(s)) {
          out.add(s);
        }
        start = t.end();
      }
    }
    String tail = sql.substring(start).strip();
    if (!isBlank(tail)) {
      out.add(tail);
    }
    return out;
  }

  /** The value of a quoted string token with MySQL's backslash escapes and doubled quotes. */
  public static String stringValue(String token) {
    return stringValue(token, 0, token.length());
  }

  /** The value of the string token {@code t}, read from its source without cutting its text. */
  static String stringValue(Token t) {
    return t.source() == null ? stringValue(t.text()) : stringValue(t.source(), t.start(), t.end());
  }

  /** {@link #stringValue(String)} of the quoted string token at {@code token[from, to)}. */
  static String stringValue(String token, int from, int to) {
    char quote = token.charAt(from);
    int end = to - from > 1 && token.charAt(to - 1) == quote ? to - 1 : to;
    boolean plain = true;
    for (int i = from + 1; i < end && plain; i++) {
      char ch = token.charAt(i);
      plain = ch != '\\' && ch != quote;
    }
    if (plain) {
      return token.substring(from + 1, end); // nothing escaped (the common case)
    }
    StringBuilder sb = new StringBuilder(end - from);
    for (int i = from + 1; i < end; i++) {
      char ch = token.charAt(i);
      if (ch == '\\' && i + 1 < end) {
        char e = token.charAt(++i);
        switch (e) {
          case '0' -> sb.append('\0');
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'b' -> sb.append('\b');
          case 'Z' -> sb.append((char) 26);
          // \% and \_ keep their backslash (they escape LIKE wildcards), as MySQL does
          case '%', '_' -> sb.append('\\').append(e);
          default -> sb.append(e);
        }
      } else if (ch == quote && i + 1 < end && token.charAt(i + 1) == quote) {
        sb.append(quote);
        i++;
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  /** The name inside a backtick identifier, with doubled backticks undone. */
  public static String identifierValue(String token) {
    int end = token.length() > 1 && token.endsWith("`") ? token.length() - 1 : token.length();
    return token.substring(1, end).replace("``", "`");
  }
}
