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
  private final long lastInsertId;

  /**
   * @param database the current database, or null when none is selected
   */
  public MySqlTranslator(MySqlVariables variables, String database, long connectionId, String user) {
    this(variables, database, connectionId, user, 0);
  }

  /** @param lastInsertId what LAST_INSERT_ID() answers in this session */
  public MySqlTranslator(MySqlVariables variables, String database, long connectionId, String user,
      long lastInsertId) {
    this.variables = variables;
    this.database = database;
    this.connectionId = connectionId;
    this.user = user;
    this.lastInsertId = lastInsertId;
  }

  public String toPlanner(String sql) {
    return toPlanner(sql, MySqlLexer.tokenize(sql));
  }

  public String toPlanner(String sql, List<Token> tokens) {
    return translate(sql, tokens, false);
  }

  /**
   * The translation of a statement to prepare: its {@code ?} placeholders become the planner's
   * markers $1, $2 ... in order of appearance (the order MySQL binds parameters in).
   */
  public String toPlannerWithMarkers(String sql, List<Token> tokens) {
    return translate(sql, tokens, true);
  }

  /**
   * A translation and where each STRING or NUMBER token that was translated on its own landed in it.
   *
   * @param literalStarts per token, the offset in {@code text} where its translation starts; -1 for
   *     other tokens and for literals translated together with a neighbour (LIMIT a, b; _utf8'x')
   * @param labelled whether select-list labels were added (they copy literal text into the result)
   */
  record Traced(String text, int[] literalStarts, boolean labelled) {}

  /** As {@link #toPlanner(String, List)}, tracing where the literals went (see {@link MySqlStatementTemplates}). */
  Traced toPlannerTraced(String sql, List<Token> tokens) {
    int[] starts = new int[tokens.size()];
    java.util.Arrays.fill(starts, -1);
    boolean[] labelled = new boolean[1];
    String text = translate(sql, tokens, false, starts, labelled);
    return new Traced(text, starts, labelled[0]);
  }

  private String translate(String sql, List<Token> tokens, boolean numberPlaceholders) {
    return translate(sql, tokens, numberPlaceholders, null, null);
  }

  private String translate(String sql, List<Token> tokens, boolean numberPlaceholders, int[] literalStarts,
      boolean[] labelled) {
    int placeholders = 0;
    String[] replacement = new String[tokens.size()];
    String[] labels = selectListLabels(sql, tokens);
    if (labelled != null) {
      for (String label : labels) {
        labelled[0] |= label != null;
      }
    }
    if (isCreateTable(tokens)) {
      rewriteCreateTable(tokens, replacement);
    }
    rewriteConcat(tokens, replacement);
    MySqlExpressionRewrites.apply(sql, tokens, replacement,
        fragment -> translate(fragment, MySqlLexer.tokenize(fragment), numberPlaceholders));
    String[] nullOrder = nullOrdering(tokens);
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
          case PLACEHOLDER -> text = numberPlaceholders ? "$" + (++placeholders) : t.text();
          case HEX_STRING -> text = hexLiteral(t.text());
          case BACKTICK_IDENT -> text = isInformationSchemaQualifier(tokens, i)
              ? quoteIdentifier(MySqlInformationSchema.SCHEMA) : quoteIdentifier(MySqlLexer.identifierValue(t.text()));
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
            } else if (isInformationSchemaQualifier(tokens, i)) {
              text = quoteIdentifier(MySqlInformationSchema.SCHEMA);
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
        if (literalStarts != null && consumedTo == i && replacement[i] == null
            && (t.kind() == Kind.STRING || t.kind() == Kind.NUMBER)) {
          literalStarts[i] = out.length();
        }
        out.append(text);
      }
      for (int k = i; k <= consumedTo; k++) {
        if (nullOrder[k] != null) {
          out.append(nullOrder[k]);
        }
        if (labels[k] != null) {
          out.append(" AS ").append(quoteLabel(labels[k]));
        }
      }
      prevEnd = tokens.get(consumedTo).end();
      i = consumedTo;
    }
    return out.toString();
  }

  /** Words that end an ORDER BY list at its own depth. */
  private static final java.util.Set<String> ORDER_BY_END = java.util.Set.of("limit", "offset", "for", "lock",
      "separator", "union", "except", "intersect", "into", "rows", "range", "groups", "window", "procedure");

  /**
   * MySQL orders NULL below every value (first when ascending, last when descending), PostgreSQL and
   * the planner above it: each ORDER BY item without its own NULLS FIRST / LAST gets MySQL's,
   * appended after its last token (ORDER BY of queries, windows and GROUP_CONCAT alike).
   */
  private static String[] nullOrdering(List<Token> tokens) {
    String[] suffix = new String[tokens.size()];
    for (int i = 0; i + 1 < tokens.size(); i++) {
      if (!tokens.get(i).isWord("order") || !tokens.get(i + 1).isWord("by")) {
        continue;
      }
      int depth = 0;
      int from = i + 2;
      boolean explicit = false;
      for (int k = i + 2; k <= tokens.size(); k++) {
        Token t = k < tokens.size() ? tokens.get(k) : null;
        boolean itemEnds = t == null || (depth == 0 && (t.isPunct(",") || t.isPunct(")")
            || t.kind() == Kind.SEMICOLON || (t.kind() == Kind.WORD && ORDER_BY_END.contains(t.text().toLowerCase(Locale.ROOT)))));
        if (itemEnds) {
          if (k > from && !explicit) {
            suffix[k - 1] = tokens.get(k - 1).isWord("desc") ? " NULLS LAST" : " NULLS FIRST";
          }
          if (t == null || !t.isPunct(",")) {
            break;
          }
          from = k + 1;
          explicit = false;
          continue;
        }
        if (t.isPunct("(")) {
          depth++;
        } else if (t.isPunct(")")) {
          depth--;
        } else if (depth == 0 && t.isWord("nulls")) {
          explicit = true;
        }
      }
    }
    return suffix;
  }

  /**
   * MySQL's CONCAT(a, b, ...) becomes {@code (CAST((a) AS VARCHAR) || CAST((b) AS VARCHAR) ...)}:
   * NULL when any argument is NULL, as in MySQL, numbers as their text, and a placeholder
   * argument typed as text.
   */
  private static void rewriteConcat(List<Token> tokens, String[] replacement) {
    for (int i = 0; i + 2 < tokens.size(); i++) {
      if (!tokens.get(i).isWord("concat") || !tokens.get(i + 1).isPunct("(") || tokens.get(i + 2).isPunct(")")
          || replacement[i] != null) {
        continue;
      }
      int depth = 0;
      int close = -1;
      List<Integer> commas = new ArrayList<>();
      for (int k = i + 1; k < tokens.size() && close < 0; k++) {
        Token t = tokens.get(k);
        if (t.isPunct("(")) {
          depth++;
        } else if (t.isPunct(")")) {
          depth--;
          if (depth == 0) {
            close = k;
          }
        } else if (depth == 1 && t.isPunct(",")) {
          commas.add(k);
        }
      }
      if (close < 0) {
        continue; // unbalanced: the planner reports the syntax error
      }
      replacement[i] = "(CAST(";
      replacement[i + 1] = "(";
      for (int k : commas) {
        replacement[k] = ") AS VARCHAR) || CAST((";
      }
      replacement[close] = ") AS VARCHAR))";
    }
  }

  private static final Set<String> SELECT_MODIFIERS = Set.of("DISTINCT", "ALL", "DISTINCTROW", "HIGH_PRIORITY",
      "STRAIGHT_JOIN", "SQL_SMALL_RESULT", "SQL_BIG_RESULT", "SQL_BUFFER_RESULT", "SQL_NO_CACHE", "SQL_CALC_FOUND_ROWS");
  private static final Set<String> SELECT_LIST_END = Set.of("FROM", "INTO", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT",
      "UNION", "WINDOW", "FOR", "LOCK", "EXCEPT", "INTERSECT");
  private static final Set<String> NOT_AN_ALIAS = Set.of("END", "NULL", "TRUE", "FALSE", "UNKNOWN");

  /**
   * MySQL labels a select-list expression without an alias by its text as written ({@code
   * COUNT(*)}, {@code 1+1}); the planner would call it EXPR$n. For the outer SELECT's list, the
   * label to append after each such item's last token (null elsewhere); plain column references
   * and items with an alias keep theirs.
   */
  private static String[] selectListLabels(String sql, List<Token> tokens) {
    String[] labels = new String[tokens.size()];
    if (tokens.isEmpty() || !tokens.get(0).isWord("select")) {
      return labels;
    }
    int i = 1;
    while (i < tokens.size() && tokens.get(i).kind() == Kind.WORD
        && SELECT_MODIFIERS.contains(tokens.get(i).text().toUpperCase(Locale.ROOT))) {
      i++;
    }
    int start = i;
    int depth = 0;
    for (; i <= tokens.size(); i++) {
      Token t = i < tokens.size() ? tokens.get(i) : null;
      boolean end = t == null || t.kind() == Kind.SEMICOLON
          || (depth == 0 && t.kind() == Kind.WORD && SELECT_LIST_END.contains(t.text().toUpperCase(Locale.ROOT)));
      if (end || (depth == 0 && t.isPunct(","))) {
        if (i > start) {
          String label = labelFor(sql, tokens, start, i - 1);
          if (label != null) {
            labels[i - 1] = label;
          }
        }
        if (end) {
          break;
        }
        start = i + 1;
      } else if (t.isPunct("(")) {
        depth++;
      } else if (t.isPunct(")")) {
        depth--;
      }
    }
    return labels;
  }

  /** The label of the item {@code tokens[from..to]}, or null when it is a column reference, a star or has an alias. */
  private static String labelFor(String sql, List<Token> tokens, int from, int to) {
    boolean reference = true;
    for (int k = from; k <= to; k++) {
      Token t = tokens.get(k);
      boolean name = t.kind() == Kind.WORD || t.kind() == Kind.BACKTICK_IDENT || t.isPunct(".")
          || (t.kind() == Kind.OPERATOR && t.text().equals("*"));
      reference &= name && ((k - from) % 2 == 0) != t.isPunct(".");
    }
    if (reference) {
      return null;
    }
    Token last = tokens.get(to);
    Token before = to > from ? tokens.get(to - 1) : null;
    if (before != null && before.isWord("as")) {
      return null;
    }
    if (to == from + 1 && last.kind() == Kind.STRING && before.kind() == Kind.WORD && before.end() == last.start()
        && (before.text().startsWith("_") || before.text().equalsIgnoreCase("N"))) {
      return MySqlLexer.stringValue(last.text()); // _utf8mb4'x', N'x': labelled by the value
    }
    boolean aliasLike = last.kind() == Kind.BACKTICK_IDENT || last.kind() == Kind.STRING
        || (last.kind() == Kind.WORD && !NOT_AN_ALIAS.contains(last.text().toUpperCase(Locale.ROOT)));
    if (aliasLike && before != null && (before.kind() == Kind.WORD || before.kind() == Kind.NUMBER
        || before.kind() == Kind.STRING || before.kind() == Kind.BACKTICK_IDENT || before.isPunct(")"))
        && !(before.kind() == Kind.WORD && Set.of("IS", "NOT", "DISTINCT", "INTERVAL", "BINARY")
            .contains(before.text().toUpperCase(Locale.ROOT)))) {
      return null; // "expr alias"
    }
    if (from == to && last.kind() == Kind.STRING) {
      return MySqlLexer.stringValue(last.text()); // a string literal is labelled by its value
    }
    String text = sql.substring(tokens.get(from).start(), last.end());
    return text.length() > 256 ? text.substring(0, 256) : text;
  }

  /**
   * {@code information_schema.x}: MySQL's information_schema has other columns and names than
   * PostgreSQL's, so MySQL sessions read {@link MySqlInformationSchema}.
   */
  private static boolean isInformationSchemaQualifier(List<Token> tokens, int i) {
    Token t = tokens.get(i);
    return i + 1 < tokens.size() && tokens.get(i + 1).isPunct(".") && (i == 0 || !tokens.get(i - 1).isPunct("."))
        && identifierText(t).equalsIgnoreCase("information_schema");
  }

  /**
   * A label as a quoted identifier keeping its case and characters. The planner's identifiers stop
   * at 63 characters (PostgreSQL's limit), where MySQL names a
   * column after up to 256 characters of its expression: a longer label is cut to its first 63
   * characters rather than failing the statement (docs/compatibility.md).
   */
  private static String quoteLabel(String label) {
    int cut = label.length() <= MAX_LABEL ? label.length()
        : Character.isHighSurrogate(label.charAt(MAX_LABEL - 1)) ? MAX_LABEL - 1 : MAX_LABEL;
    String name = label.substring(0, cut);
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static final int MAX_LABEL = 63;

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
      case "LAST_INSERT_ID" -> Long.toString(lastInsertId);
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
      // AUTO_INCREMENT stays: the planner's DDL gives the column an owned sequence (ADR 0012).
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
