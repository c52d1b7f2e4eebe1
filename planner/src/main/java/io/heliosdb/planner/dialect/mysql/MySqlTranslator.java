package io.heliosdb.planner.dialect.mysql;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.planner.dialect.mysql.MySqlLexer.Kind;
import io.heliosdb.planner.dialect.mysql.MySqlLexer.Token;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rewrites one MySQL statement into the planner's SQL, token by token (never by matching whole
 * statements): backtick identifiers become lower-case double-quoted ones (MySQL here behaves as
 * with lower_case_table_names=1), MySQL strings with backslash escapes become standard literals,
 * {@code LIMIT a, b} becomes {@code LIMIT b OFFSET a}, {@code @@variables} and the session
 * functions (DATABASE(), VERSION(), CONNECTION_ID() ...) become literals, and CREATE TABLE's
 * MySQL types and table options are mapped. What has no faithful translation is refused with
 * FEATURE_NOT_SUPPORTED.
 */
public final class MySqlTranslator {
  /** Words that start a table-level element of CREATE TABLE rather than a column. */
  private static final Set<String> TABLE_ELEMENT_WORDS =
      Set.of("PRIMARY", "KEY", "INDEX", "UNIQUE", "CONSTRAINT", "FOREIGN", "CHECK", "FULLTEXT", "SPATIAL");

  private final MySqlVariables variables;
  private final String database;
  private final long connectionId;
  private final String user;

  /**
   * @param database the current database, or null when none is selected
   */
  public MySqlTranslator(MySqlVariables variables, String database, long connectionId, String user) {
    this.variables = variables;
    this.database = database;
    this.connectionId = connectionId;
    this.user = user;
  }

  public String toPlanner(String sql) {
    return toPlanner(sql, MySqlLexer.tokenize(sql));
  }

  public String toPlanner(String sql, List<Token> tokens) {
    String[] replacement = new String[tokens.size()];
    if (isCreateTable(tokens)) {
      rewriteCreateTable(tokens, replacement);
    }
    StringBuilder out = new StringBuilder(sql.length() + 16);
    Deque<String> parenOwners = new ArrayDeque<>();
    int prevEnd = -1;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      String text;
      int consumedTo = i;
      if (replacement[i] != null) {
        text = replacement[i];
      } else {
        if (!t.terminated()) {
          throw new HeliosException(ErrorCode.SYNTAX_ERROR,
              "You have an error in your SQL syntax: unterminated " + (t.kind() == Kind.BACKTICK_IDENT
                  ? "identifier" : "string") + " near '" + abbreviate(t.text()) + "'");
        }
        switch (t.kind()) {
          case STRING -> text = literal(MySqlLexer.stringValue(t.text()));
          case HEX_STRING -> text = hexLiteral(t.text());
          case BACKTICK_IDENT -> text = quoteIdentifier(MySqlLexer.identifierValue(t.text()));
          case SYSTEM_VARIABLE -> text = valueLiteral(variables.get(variableName(t.text())));
          case USER_VARIABLE -> throw HeliosException.notSupported("user variables (" + t.text() + ")");
          case OPERATOR -> text = operator(t.text());
          case WORD -> {
            String upper = t.text().toUpperCase(Locale.ROOT);
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (next != null && next.kind() == Kind.STRING && next.start() == t.end()
                && (upper.startsWith("_") || upper.equals("N"))) {
              // charset introducer (_utf8mb4'x', _binary'x', N'x')
              String value = MySqlLexer.stringValue(next.text());
              text = upper.equals("_BINARY") ? byteaLiteral(value.getBytes(StandardCharsets.UTF_8)) : literal(value);
              consumedTo = i + 1;
            } else if (upper.equals("LIMIT") && limitWithOffset(tokens, i)) {
              text = "LIMIT " + tokens.get(i + 3).text() + " OFFSET " + tokens.get(i + 1).text();
              consumedTo = i + 3;
            } else if (upper.equals("FROM") && next != null && next.isWord("dual")) {
              text = "";
              consumedTo = i + 1;
            } else if (next != null && next.isPunct("(") && i + 2 < tokens.size() && tokens.get(i + 2).isPunct(")")
                && sessionFunction(upper) != null) {
              text = sessionFunction(upper);
              consumedTo = i + 2;
            } else if (upper.equals("IFNULL") && next != null && next.isPunct("(")) {
              text = "COALESCE";
            } else if (upper.equals("AS") && "CAST".equals(parenOwners.peek()) && next != null) {
              String target = castTarget(next.text().toUpperCase(Locale.ROOT));
              if (target != null) {
                text = "AS " + target;
                consumedTo = i + 1;
                if ((target.equals("BIGINT")) && i + 2 < tokens.size()
                    && (tokens.get(i + 2).isWord("integer") || tokens.get(i + 2).isWord("int"))) {
                  consumedTo = i + 2;
                }
              } else {
                text = t.text();
              }
            } else {
              text = t.text();
            }
          }
          default -> text = t.text();
        }
      }
      if (t.isPunct("(")) {
        parenOwners.push(i > 0 && tokens.get(i - 1).kind() == Kind.WORD
            ? tokens.get(i - 1).text().toUpperCase(Locale.ROOT) : "");
      } else if (t.isPunct(")") && !parenOwners.isEmpty()) {
        parenOwners.pop();
      }
      if (!text.isEmpty()) {
        appendGap(out, sql, prevEnd, t.start());
        out.append(text);
      }
      prevEnd = tokens.get(consumedTo).end();
      i = consumedTo;
    }
    return out.toString();
  }

  /** Keeps the original spacing when it is only whitespace; comments (# or -- ) become one space. */
  private static void appendGap(StringBuilder out, String sql, int prevEnd, int start) {
    if (prevEnd < 0 || out.length() == 0) {
      return;
    }
    String gap = sql.substring(prevEnd, start);
    if (gap.isBlank()) {
      out.append(gap);
    } else {
      out.append(' ');
    }
  }

  private static boolean limitWithOffset(List<Token> tokens, int i) {
    return i + 3 < tokens.size() && tokens.get(i + 1).kind() == Kind.NUMBER && tokens.get(i + 2).isPunct(",")
        && tokens.get(i + 3).kind() == Kind.NUMBER;
  }

  private static String operator(String op) {
    return switch (op) {
      case "&&" -> "AND";
      case "||" -> "OR"; // MySQL's default sql_mode has no PIPES_AS_CONCAT
      case "<=>" -> throw HeliosException.notSupported("the <=> operator");
      case ":=" -> throw HeliosException.notSupported("variable assignment (:=)");
      default -> op;
    };
  }

  private static String castTarget(String word) {
    return switch (word) {
      case "SIGNED", "UNSIGNED" -> "BIGINT";
      case "DATETIME" -> "TIMESTAMP";
      case "CHAR" -> "VARCHAR";
      case "BINARY" -> "BYTEA";
      default -> null;
    };
  }

  /** Literal for a session function called without arguments, or null when {@code upper} is none. */
  private String sessionFunction(String upper) {
    return switch (upper) {
      case "DATABASE", "SCHEMA" -> database == null ? "NULL" : literal(database);
      case "VERSION" -> literal(MySqlVariables.SERVER_VERSION);
      case "CONNECTION_ID" -> Long.toString(connectionId);
      case "LAST_INSERT_ID" -> "0";
      case "USER", "SESSION_USER", "SYSTEM_USER", "CURRENT_USER" -> literal(user + "@%");
      default -> null;
    };
  }

  /** Name of a system variable without {@code @@} and scope: {@code @@session.sql_mode} -> sql_mode. */
  static String variableName(String token) {
    String name = token.startsWith("@@") ? token.substring(2) : token;
    String lower = name.toLowerCase(Locale.ROOT);
    for (String scope : new String[] {"session.", "global.", "local.", "persist."}) {
      if (lower.startsWith(scope)) {
        return name.substring(scope.length());
      }
    }
    return name;
  }

  // ---- literals

  /** A standard SQL string literal (quotes doubled, backslashes literal). */
  public static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  static String valueLiteral(Object value) {
    if (value == null) {
      return "NULL";
    }
    return value instanceof Number ? value.toString() : literal(value.toString());
  }

  private static String byteaLiteral(byte[] bytes) {
    return "'\\x" + HexFormat.of().formatHex(bytes) + "'::bytea";
  }

  private static String hexLiteral(String token) {
    String hex;
    if (token.startsWith("0x") || token.startsWith("0X")) {
      hex = token.substring(2);
      if (hex.length() % 2 == 1) {
        hex = "0" + hex;
      }
    } else {
      hex = token.substring(2, token.length() - 1);
      if (hex.length() % 2 == 1 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        throw new HeliosException(ErrorCode.SYNTAX_ERROR,
            "You have an error in your SQL syntax near '" + abbreviate(token) + "'");
      }
    }
    return "'\\x" + hex.toLowerCase(Locale.ROOT) + "'::bytea";
  }

  /** A backtick identifier as the planner's quoted identifier, folded to lower case (see the class comment). */
  private static String identifierText(Token t) {
    return t.kind() == Kind.BACKTICK_IDENT ? MySqlLexer.identifierValue(t.text()) : t.text();
  }

  static String quoteIdentifier(String name) {
    return "\"" + name.toLowerCase(Locale.ROOT).replace("\"", "\"\"") + "\"";
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) : s;
  }

  // ---- CREATE TABLE

  private static boolean isCreateTable(List<Token> t) {
    return t.size() > 2 && t.get(0).isWord("create")
        && (t.get(1).isWord("table") || (t.get(1).isWord("temporary") && t.get(2).isWord("table")));
  }

  /** Marks replacements for MySQL column types, column options and table options of a CREATE TABLE. */
  private static void rewriteCreateTable(List<Token> t, String[] replacement) {
    int open = -1;
    for (int i = 2; i < t.size(); i++) {
      if (t.get(i).isPunct("(")) {
        open = i;
        break;
      }
      if (t.get(i).isWord("like") || t.get(i).isWord("as") || t.get(i).isWord("select")) {
        return; // CREATE TABLE ... LIKE / AS: left for the planner to refuse
      }
    }
    if (open < 0) {
      return;
    }
    int i = open + 1;
    int close = -1;
    while (i < t.size()) {
      int elementEnd = elementEnd(t, i);
      rewriteElement(t, i, elementEnd, replacement);
      if (elementEnd >= t.size()) {
        break;
      }
      if (t.get(elementEnd).isPunct(")")) {
        close = elementEnd;
        break;
      }
      i = elementEnd + 1;
    }
    if (close < 0) {
      return;
    }
    for (int k = close + 1; k < t.size(); k++) {
      Token opt = t.get(k);
      if (opt.isWord("partition") || opt.isWord("select") || opt.isWord("as") || opt.isWord("union")) {
        throw HeliosException.notSupported("CREATE TABLE ... " + opt.text().toUpperCase(Locale.ROOT));
      }
      if (opt.kind() != Kind.SEMICOLON) {
        replacement[k] = ""; // ENGINE=, DEFAULT CHARSET=, COLLATE=, COMMENT=, AUTO_INCREMENT=, ROW_FORMAT=: storage is HeliosDB's own
      }
    }
  }

  /** Index of the ',' or ')' that ends the element starting at {@code from} (depth 1 of the column list). */
  private static int elementEnd(List<Token> t, int from) {
    int depth = 0;
    for (int i = from; i < t.size(); i++) {
      Token tok = t.get(i);
      if (tok.isPunct("(")) {
        depth++;
      } else if (tok.isPunct(")")) {
        if (depth == 0) {
          return i;
        }
        depth--;
      } else if (tok.isPunct(",") && depth == 0) {
        return i;
      }
    }
    return t.size();
  }

  private static void rewriteElement(List<Token> t, int start, int end, String[] replacement) {
    if (start + 1 >= end) {
      return;
    }
    Token first = t.get(start);
    if (first.kind() == Kind.WORD && TABLE_ELEMENT_WORDS.contains(first.text().toUpperCase(Locale.ROOT))) {
      if (first.isWord("unique") && t.get(start + 1).isWord("index")) {
        replacement[start + 1] = "KEY"; // UNIQUE INDEX name (cols) is UNIQUE KEY to the DDL parser
      }
      if ((first.isWord("key") || first.isWord("index")) && t.get(start + 1).isPunct("(") && start + 2 < end
          && t.get(start + 2).kind() != Kind.PUNCT) {
        // an unnamed KEY (col, ...): MySQL names it after its first column
        replacement[start] = "KEY " + quoteIdentifier(identifierText(t.get(start + 2)));
      }
      return;
    }
    int typeAt = start + 1;
    Token type = t.get(typeAt);
    if (type.kind() != Kind.WORD) {
      return;
    }
    int i = typeAt + 1;
    List<String> args = new ArrayList<>();
    String typeName = type.text();
    if (i < end && t.get(i).isWord("precision") && type.isWord("double")) {
      replacement[i] = "";
      i++;
    }
    if (i < end && t.get(i).isPunct("(")) {
      int j = i + 1;
      while (j < end && !t.get(j).isPunct(")")) {
        if (t.get(j).kind() == Kind.NUMBER) {
          args.add(t.get(j).text());
        }
        j++;
      }
      for (int k = i; k <= Math.min(j, end - 1); k++) {
        replacement[k] = "";
      }
      i = j + 1;
    }
    boolean unsigned = false;
    while (i < end && (t.get(i).isWord("unsigned") || t.get(i).isWord("signed") || t.get(i).isWord("zerofill"))) {
      unsigned |= t.get(i).isWord("unsigned");
      replacement[i] = "";
      i++;
    }
    String mapped = MySqlTypeNames.toPlanner(typeName, args, unsigned);
    if (mapped == null) {
      // not a MySQL type word: keep the original spelling with its arguments (e.g. vector(3))
      for (int k = typeAt + 1; k < i; k++) {
        replacement[k] = null;
      }
    } else {
      replacement[typeAt] = mapped;
    }
    while (i < end) {
      Token opt = t.get(i);
      if (opt.isWord("auto_increment")) {
        throw HeliosException.notSupported("AUTO_INCREMENT (give key values explicitly)");
      }
      if (opt.isWord("on") && i + 1 < end && t.get(i + 1).isWord("update")) {
        throw HeliosException.notSupported("ON UPDATE column clauses");
      }
      if (opt.isWord("character") || opt.isWord("charset") || opt.isWord("collate") || opt.isWord("comment")) {
        // character set / collation / comment of a column: HeliosDB stores UTF-8 and compares binary
        int skip = opt.isWord("character") ? 3 : 2;
        for (int k = i; k < Math.min(i + skip, end); k++) {
          replacement[k] = "";
        }
        i += skip;
        continue;
      }
      i++;
    }
  }
}
