package io.heliosdb.planner.dialect.mysql;

import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.planner.catalog.MySqlDateFormat;
import io.heliosdb.planner.dialect.mysql.MySqlLexer.Kind;
import io.heliosdb.planner.dialect.mysql.MySqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * MySQL expression forms the planner has no spelling for, rewritten token by token into the
 * {@code replacement} array {@link MySqlTranslator} emits (a null entry keeps the token):
 * {@code IF(c, a, b)}, {@code LOCATE(s, str[, pos])}, {@code UPPER}/{@code LOWER} of any type (MySQL
 * converts the argument to a string), {@code expr COLLATE name} (dropped: text compares as UTF-8
 * code points here), {@code HAVING} without {@code GROUP BY}, which MySQL evaluates per row
 * and lets name select aliases (Connector/J's metadata queries use all of these), and a query's
 * division by zero, which is NULL in MySQL.
 */
final class MySqlExpressionRewrites {
  private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "GROUP_CONCAT",
      "BIT_AND", "BIT_OR", "BIT_XOR", "STD", "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP",
      "VAR_SAMP", "JSON_ARRAYAGG", "JSON_OBJECTAGG", "ANY_VALUE");
  private static final Set<String> HAVING_END = Set.of("ORDER", "LIMIT", "UNION", "WINDOW", "FOR", "LOCK", "INTO",
      "EXCEPT", "INTERSECT");

  private MySqlExpressionRewrites() {}

  /** All rewrites of this class; {@code fragment} translates a piece of MySQL text on its own. */
  static void apply(String sql, List<Token> tokens, String[] replacement, UnaryOperator<String> fragment) {
    if (!tokens.isEmpty() && (tokens.get(0).isWord("create") || tokens.get(0).isWord("alter"))) {
      return; // DDL keeps its expressions (CHECK, DEFAULT) as written; CREATE TABLE's options are mapped apart
    }
    havingWithoutGroupBy(sql, tokens, replacement, fragment);
    if (!tokens.isEmpty() && (tokens.get(0).isWord("select") || tokens.get(0).isWord("with"))) {
      divisionByZeroIsNull(sql, tokens, replacement, fragment);
    }
    utcWithoutParentheses(tokens, replacement);
    for (int i = 0; i + 1 < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (replacement[i] != null) {
        continue;
      }
      if (t.kind() == Kind.WORD && t.isWord("collate") && i > 0 && replacement[i + 1] == null) {
        Token name = tokens.get(i + 1);
        if (name.kind() == Kind.WORD || name.kind() == Kind.STRING || name.kind() == Kind.BACKTICK_IDENT) {
          replacement[i] = "";
          replacement[i + 1] = "";
        }
        continue;
      }
      if (t.kind() != Kind.WORD || !tokens.get(i + 1).isPunct("(") || (i > 0 && tokens.get(i - 1).isPunct("."))) {
        continue;
      }
      String name = t.text().toUpperCase(Locale.ROOT);
      switch (name) {
        case "IF" -> call(tokens, replacement, i, 3, "(CASE WHEN (", List.of(") THEN (", ") ELSE ("), ") END)");
        case "LOCATE" -> call(tokens, replacement, i, -1, "POSITION(CAST((", List.of(") AS VARCHAR) IN (", ") FROM ("), "))");
        // MySQL's LENGTH counts bytes (PostgreSQL's characters); CHAR_LENGTH is the same in both
        case "LENGTH", "OCTET_LENGTH" -> call(tokens, replacement, i, 1, "octet_length(", List.of(), ")");
        // sessions run in UTC (time_zone accepts only UTC): UTC_DATE is CURDATE
        case "CURDATE", "UTC_DATE" -> noArguments(tokens, replacement, i, "CURRENT_DATE");
        // the statement's timestamp whatever the precision asked for (values carry milliseconds)
        case "NOW", "CURRENT_TIMESTAMP", "SYSDATE", "LOCALTIME", "LOCALTIMESTAMP", "UTC_TIMESTAMP" -> {
          if (!noArguments(tokens, replacement, i, "now()") && tokens.size() > i + 3
              && tokens.get(i + 2).kind() == Kind.NUMBER && tokens.get(i + 3).isPunct(")")
              && replacement[i + 1] == null && replacement[i + 2] == null && replacement[i + 3] == null) {
            replacement[i] = "now()";
            replacement[i + 1] = "";
            replacement[i + 2] = "";
            replacement[i + 3] = "";
          }
        }
        case "UNIX_TIMESTAMP" -> {
          if (!noArguments(tokens, replacement, i, "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) AS BIGINT)")) {
            call(tokens, replacement, i, 1, "CAST(EXTRACT(EPOCH FROM CAST((", List.of(), ") AS TIMESTAMP)) AS BIGINT)");
          }
        }
        case "UUID" -> noArguments(tokens, replacement, i, MYSQL_UUID + "()");
        case "HEX" -> call(tokens, replacement, i, 1, MYSQL_HEX + "(", List.of(), ")");
        case "SUBSTRING_INDEX" -> call(tokens, replacement, i, 3, MYSQL_SUBSTRING_INDEX + "(CAST((",
            List.of(") AS VARCHAR), CAST((", ") AS VARCHAR), "), ")");
        case "GROUP_CONCAT" -> groupConcat(sql, tokens, replacement, i, fragment);
        // dates: MySQL takes 'yyyy-mm-dd[ hh:mm:ss]' text wherever a date goes, hence the casts
        // a date written as a string literal is a DATE (or DATETIME with a time) first
        case "DATE_ADD", "ADDDATE", "DATE_SUB", "SUBDATE" -> {
          String sign = name.equals("DATE_ADD") || name.equals("ADDDATE") ? ") + " : ") - ";
          boolean literal = tokens.size() > i + 3 && tokens.get(i + 2).kind() == Kind.STRING && tokens.get(i + 3).isPunct(",");
          String target = literal && MySqlLexer.stringValue(tokens.get(i + 2)).trim().length() <= 10 ? "DATE" : "TIMESTAMP";
          call(tokens, replacement, i, 2, literal ? "(CAST((" : "((", List.of(literal ? ") AS " + target + sign : sign), ")");
        }
        case "POW" -> call(tokens, replacement, i, 2, "POWER(", List.of(", "), ")");
        case "LEFT" -> call(tokens, replacement, i, 2, MYSQL_LEFT + "(CAST((", List.of(") AS VARCHAR), "), ")");
        case "RIGHT" -> call(tokens, replacement, i, 2, MYSQL_RIGHT + "(CAST((", List.of(") AS VARCHAR), "), ")");
        case "REVERSE" -> call(tokens, replacement, i, 1, "reverse(CAST((", List.of(), ") AS VARCHAR))");
        case "MONTHNAME", "DAYNAME" -> call(tokens, replacement, i, 1, MYSQL_DATE_FORMAT + "(CAST(CAST((", List.of(),
            ") AS TIMESTAMP) AS VARCHAR), '" + (name.equals("MONTHNAME") ? "%M" : "%W") + "')");
        case "QUARTER", "DAYOFYEAR" -> call(tokens, replacement, i, 1,
            "EXTRACT(" + (name.equals("QUARTER") ? "QUARTER" : "DOY") + " FROM CAST((", List.of(), ") AS TIMESTAMP))");
        // MySQL: DAYOFWEEK 1 = Sunday ... 7 = Saturday; WEEKDAY 0 = Monday ... 6 = Sunday
        case "DAYOFWEEK" -> call(tokens, replacement, i, 1, "(EXTRACT(DOW FROM CAST((", List.of(), ") AS TIMESTAMP)) + 1)");
        case "WEEKDAY" -> call(tokens, replacement, i, 1, "(EXTRACT(ISODOW FROM CAST((", List.of(), ") AS TIMESTAMP)) - 1)");
        case "DATE" -> call(tokens, replacement, i, 1, "CAST(CAST((", List.of(), ") AS TIMESTAMP) AS DATE)");
        case "YEAR", "MONTH", "DAY", "DAYOFMONTH", "HOUR", "MINUTE", "SECOND" -> call(tokens, replacement, i, 1,
            "EXTRACT(" + (name.equals("DAYOFMONTH") ? "DAY" : name) + " FROM CAST((", List.of(), ") AS TIMESTAMP))");
        // DATEDIFF(a, b) is a - b in days; TIMESTAMPDIFF(DAY, a, b) is b - a
        case "DATEDIFF" -> call(tokens, replacement, i, 2, "(-TIMESTAMPDIFF(DAY, CAST(CAST((", List.of(
            ") AS TIMESTAMP) AS DATE), CAST(CAST(("), ") AS TIMESTAMP) AS DATE)))");
        case "TIMESTAMPDIFF" -> call(tokens, replacement, i, 3, "TIMESTAMPDIFF(", List.of(", CAST((",
            ") AS TIMESTAMP), CAST(("), ") AS TIMESTAMP))");
        case "LAST_DAY" -> call(tokens, replacement, i, 1, "LAST_DAY(CAST(CAST((", List.of(), ") AS TIMESTAMP) AS DATE))");
        case "FROM_UNIXTIME" -> call(tokens, replacement, i, 1, "(TIMESTAMP '1970-01-01 00:00:00' + (", List.of(),
            ") * INTERVAL '1' SECOND)");
        case "DATE_FORMAT" -> call(tokens, replacement, i, 2, MYSQL_DATE_FORMAT + "(CAST(CAST((",
            List.of(") AS TIMESTAMP) AS VARCHAR), CAST(("), ") AS VARCHAR))");
        case "STR_TO_DATE" -> {
          // DATE, TIME or DATETIME as a literal format says (as MySQL decides the type); with a
          // format that is not a literal, a DATETIME (a time-only format then gives NULL)
          int close = closing(tokens, i + 1);
          boolean literalFormat = close > i + 3 && tokens.get(close - 1).kind() == Kind.STRING
              && tokens.get(close - 2).isPunct(",");
          String type = literalFormat ? MySqlDateFormat.resultType(MySqlLexer.stringValue(tokens.get(close - 1))) : "TIMESTAMP";
          call(tokens, replacement, i, 2, "CAST(" + (literalFormat ? MYSQL_STR_TO_DATE : MYSQL_STR_TO_DATETIME)
              + "(CAST((", List.of(") AS VARCHAR), CAST(("), ") AS VARCHAR)) AS " + type + ")");
        }
        case "UPPER", "LOWER", "UCASE", "LCASE" -> call(tokens, replacement, i, 1,
            (name.equals("UPPER") || name.equals("UCASE") ? "UPPER" : "LOWER") + "(CAST((", List.of(), ") AS VARCHAR))");
        default -> { }
      }
    }
  }

  /** Planner names of MySQL functions HeliosDB implements itself (PgFunctions, internal). */
  static final String MYSQL_UUID = "heliosdb_mysql_uuid";
  static final String MYSQL_HEX = "heliosdb_mysql_hex";
  static final String MYSQL_SUBSTRING_INDEX = "heliosdb_mysql_substring_index";
  static final String MYSQL_DATE_FORMAT = "heliosdb_mysql_date_format";
  static final String MYSQL_STR_TO_DATE = "heliosdb_mysql_str_to_date";
  static final String MYSQL_LEFT = "heliosdb_mysql_left";
  static final String MYSQL_RIGHT = "heliosdb_mysql_right";
  static final String MYSQL_STR_TO_DATETIME = "heliosdb_mysql_str_to_datetime";


  /**
   * UTC_TIMESTAMP and UTC_DATE may be written without parentheses (reserved words in MySQL, so never
   * a column's name). Sessions run in UTC (time_zone accepts only UTC), so they are NOW() and
   * CURRENT_DATE.
   */
  private static void utcWithoutParentheses(List<Token> tokens, String[] replacement) {
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() != Kind.WORD || replacement[i] != null || (i > 0 && tokens.get(i - 1).isPunct("."))
          || (i + 1 < tokens.size() && tokens.get(i + 1).isPunct("("))) {
        continue;
      }
      if (t.isWord("utc_timestamp")) {
        replacement[i] = "now()";
      } else if (t.isWord("utc_date")) {
        replacement[i] = "CURRENT_DATE";
      }
    }
  }

  /** {@code NAME()} at {@code i} becomes {@code text}; false when it has arguments (nothing changed). */
  private static boolean noArguments(List<Token> tokens, String[] replacement, int i, String text) {
    if (tokens.size() > i + 2 && tokens.get(i + 2).isPunct(")") && replacement[i + 1] == null
        && replacement[i + 2] == null) {
      replacement[i] = text;
      replacement[i + 1] = "";
      replacement[i + 2] = "";
      return true;
    }
    return false;
  }

  /**
   * {@code GROUP_CONCAT(expr [ORDER BY ...] [SEPARATOR 's'])} becomes
   * {@code STRING_AGG(CAST((expr) AS VARCHAR), 's' [ORDER BY ...])}, MySQL's separator defaulting to
   * ','; {@code GROUP_CONCAT(DISTINCT expr [SEPARATOR 's'])} lists the distinct values sorted (as
   * text); several expressions are concatenated per row. DISTINCT with ORDER BY or several
   * expressions is refused (1235).
   */
  private static void groupConcat(String sql, List<Token> tokens, String[] replacement, int i,
      UnaryOperator<String> fragment) {
    CallTokens call = callTokens(tokens, i);
    int end = call.end();
    int order = -1;
    int separator = -1;
    boolean distinct = false;
    List<Integer> commas = new ArrayList<>();
    // Rewrites inside the argument (CONCAT, functions) are kept: only the tokens replaced below
    // must still be as written.
    for (int k : call.topLevel()) {
      Token t = tokens.get(k);
      if (k == i + 2 && t.isWord("distinct")) {
        distinct = true;
      } else if (t.isPunct(",") && order < 0 && separator < 0) {
        commas.add(k);
      } else if (t.isWord("order") && order < 0 && separator < 0) {
        order = k;
      } else if (t.isWord("separator") && separator < 0) {
        separator = k;
      }
    }
    int first = distinct ? i + 3 : i + 2;
    if (end < 0 || end == first || (order >= 0 && order == first) || (separator >= 0 && separator == first)) {
      return;
    }
    if (distinct && (order >= 0 || !commas.isEmpty())) {
      // PostgreSQL sorts a DISTINCT aggregate only by its argument (here cast to text, which would
      // order numbers as text), so an ORDER BY of its own cannot be kept
      throw HeliosException.notSupported("GROUP_CONCAT(DISTINCT ...) with ORDER BY or several expressions");
    }
    for (int k : new int[] {i + 1, distinct ? i + 2 : i + 1, order, separator, separator < 0 ? -1 : separator + 1, end}) {
      if (k >= 0 && replacement[k] != null) {
        return;
      }
    }
    for (int comma : commas) {
      if (replacement[comma] != null) {
        return;
      }
    }
    // several expressions are concatenated per row (NULL if any is NULL, as MySQL's CONCAT)
    for (int comma : commas) {
      replacement[comma] = ") AS VARCHAR) || CAST((";
    }
    String separatorText = "','";
    if (separator >= 0) {
      if (separator + 2 != end || tokens.get(separator + 1).kind() != Kind.STRING) {
        return;
      }
      Token s = tokens.get(separator + 1);
      separatorText = fragment.apply(sql.substring(s.start(), s.end()));
      replacement[separator] = "";
      replacement[separator + 1] = "";
    }
    replacement[i] = distinct ? "STRING_AGG(DISTINCT CAST((" : "STRING_AGG(CAST((";
    replacement[i + 1] = "";
    String close = ") AS VARCHAR), " + separatorText;
    if (distinct) {
      // MySQL keeps DISTINCT values in a sorted tree and lists them in that order; a DISTINCT
      // aggregate may sort only by its argument, so the argument is repeated in the ORDER BY
      replacement[i + 2] = "";
      Token last = tokens.get((separator >= 0 ? separator : end) - 1);
      String argument = fragment.apply(sql.substring(tokens.get(first).start(), last.end()));
      close = close + " ORDER BY CAST((" + argument + ") AS VARCHAR)";
    }
    if (order >= 0) {
      replacement[order] = close + " ORDER";
      replacement[end] = ")";
    } else if (separator >= 0) {
      replacement[separator] = close;
      replacement[end] = ")";
    } else {
      replacement[end] = close + ")";
    }
  }

  /**
   * In a query, MySQL's {@code x / 0} is NULL (with warning 1365), where the planner fails with
   * division by zero, and {@code /} of integers is a decimal division (3 / 2 = 1.5000) where the
   * planner divides integers as integers: the divisor becomes
   * {@code CAST(NULLIF(divisor, 0) AS DECIMAL(65, 4))}. The quotient is then always a DECIMAL (MySQL
   * gives a DOUBLE when an operand is a float; the value is the same). INSERT and UPDATE keep the
   * division as written and the error, as MySQL's strict mode does for the values they write.
   */
  private static void divisionByZeroIsNull(String sql, List<Token> tokens, String[] replacement,
      UnaryOperator<String> fragment) {
    for (int i = 0; i + 1 < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() != Kind.OPERATOR || !t.text().equals("/") || replacement[i] != null) {
        continue;
      }
      int last = operandEnd(tokens, i + 1);
      if (last < 0) {
        continue;
      }
      Token end = tokens.get(last);
      String endText = replacement[last];
      if (endText == null) {
        if (end.isPunct(")")) {
          endText = ")";
        } else if (end.kind() == Kind.WORD || end.kind() == Kind.NUMBER || end.kind() == Kind.BACKTICK_IDENT
            || end.kind() == Kind.STRING) {
          endText = fragment.apply(sql.substring(end.start(), end.end()));
        } else {
          continue;
        }
      }
      replacement[i] = "/ CAST(NULLIF(";
      replacement[last] = endText + ", 0) AS DECIMAL(65, 4))";
    }
  }

  /** The last token of the operand starting at {@code j} (signs, then a name, literal, call, CASE or parentheses), or -1. */
  private static int operandEnd(List<Token> tokens, int j) {
    while (j < tokens.size() && tokens.get(j).kind() == Kind.OPERATOR
        && (tokens.get(j).text().equals("-") || tokens.get(j).text().equals("+"))) {
      j++;
    }
    if (j >= tokens.size()) {
      return -1;
    }
    Token t = tokens.get(j);
    if (t.isPunct("(")) {
      return closing(tokens, j);
    }
    if (t.isWord("case")) {
      int depth = 0;
      for (int k = j; k < tokens.size(); k++) {
        if (tokens.get(k).isWord("case")) {
          depth++;
        } else if (tokens.get(k).isWord("end") && --depth == 0) {
          return k;
        }
      }
      return -1;
    }
    if (t.kind() == Kind.NUMBER || t.kind() == Kind.STRING) {
      return j;
    }
    if (t.kind() != Kind.WORD && t.kind() != Kind.BACKTICK_IDENT) {
      return -1;
    }
    int k = j;
    while (k + 2 < tokens.size() && tokens.get(k + 1).isPunct(".")
        && (tokens.get(k + 2).kind() == Kind.WORD || tokens.get(k + 2).kind() == Kind.BACKTICK_IDENT)) {
      k += 2;
    }
    if (k + 1 < tokens.size() && tokens.get(k + 1).isPunct("(")) {
      return closing(tokens, k + 1);
    }
    return k;
  }

  private static int closing(List<Token> tokens, int open) {
    int depth = 0;
    for (int k = open; k < tokens.size(); k++) {
      if (tokens.get(k).isPunct("(")) {
        depth++;
      } else if (tokens.get(k).isPunct(")") && --depth == 0) {
        return k;
      }
    }
    return -1;
  }

  /**
   * The call whose name is at {@code i}: the index of its closing ")" (-1 when it has none) and the
   * tokens directly inside its parentheses (commas, keywords such as ORDER / SEPARATOR), in order.
   */
  private record CallTokens(int end, List<Integer> topLevel) {}

  private static CallTokens callTokens(List<Token> tokens, int i) {
    int depth = 0;
    List<Integer> topLevel = new ArrayList<>();
    for (int k = i + 1; k < tokens.size(); k++) {
      Token t = tokens.get(k);
      if (t.isPunct("(")) {
        depth++;
      } else if (t.isPunct(")")) {
        if (--depth == 0) {
          return new CallTokens(k, topLevel);
        }
      } else if (depth == 1) {
        topLevel.add(k);
      }
    }
    return new CallTokens(-1, topLevel);
  }

  /**
   * Rewrites the call whose name is at {@code i}: the name and its "(" become {@code open}, the
   * n-th top-level comma {@code separators[n]} and the closing ")" {@code close}. Left alone
   * when the argument count differs from {@code arity} (-1: 2 or 3) or a token is already taken.
   */
  private static void call(List<Token> tokens, String[] replacement, int i, int arity, String open,
      List<String> separators, String close) {
    CallTokens call = callTokens(tokens, i);
    int end = call.end();
    List<Integer> commas = new ArrayList<>();
    for (int k : call.topLevel()) {
      if (tokens.get(k).isPunct(",")) {
        commas.add(k);
      }
    }
    int args = commas.size() + 1;
    if (end < 0 || end == i + 2 || (arity > 0 ? args != arity : args < 2 || args > 3)
        || replacement[i + 1] != null || replacement[end] != null) {
      return; // the planner reports what is wrong with it
    }
    for (int c : commas) {
      if (replacement[c] != null) {
        return;
      }
    }
    replacement[i] = open; // on the name, so the space before it stays
    replacement[i + 1] = "";
    for (int n = 0; n < commas.size(); n++) {
      replacement[commas.get(n)] = separators.get(n);
    }
    replacement[end] = close;
  }

  /**
   * {@code SELECT e AS a ... [WHERE w] HAVING c} without GROUP BY or aggregates: MySQL filters rows
   * by {@code c}, in which a select alias stands for its expression. Becomes
   * {@code WHERE (w) AND (c')} with each alias in {@code c} replaced by its expression.
   */
  private static void havingWithoutGroupBy(String sql, List<Token> tokens, String[] replacement,
      UnaryOperator<String> fragment) {
    if (tokens.isEmpty() || !tokens.get(0).isWord("select")) {
      return;
    }
    int from = -1;
    int where = -1;
    int having = -1;
    int havingEnd = tokens.size();
    int depth = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.isPunct("(")) {
        depth++;
      } else if (t.isPunct(")")) {
        depth--;
      } else if (t.kind() == Kind.PLACEHOLDER) {
        return; // the parameters would be numbered out of order
      } else if (t.kind() == Kind.SEMICOLON && depth == 0) {
        havingEnd = Math.min(havingEnd, i);
        break;
      } else if (depth == 0 && t.kind() == Kind.WORD) {
        String w = t.text().toUpperCase(Locale.ROOT);
        if (w.equals("GROUP")) {
          return;
        } else if (w.equals("FROM") && from < 0) {
          from = i;
        } else if (w.equals("WHERE") && where < 0) {
          where = i;
        } else if (w.equals("HAVING") && having < 0) {
          having = i;
        } else if (having >= 0 && HAVING_END.contains(w)) {
          havingEnd = Math.min(havingEnd, i);
        }
      }
      if (depth == 0 && (t.kind() == Kind.WORD) && AGGREGATES.contains(t.text().toUpperCase(Locale.ROOT))
          && i + 1 < tokens.size() && tokens.get(i + 1).isPunct("(")) {
        return;
      }
    }
    if (from < 0 || having < 0 || having + 1 >= havingEnd || (where > having)) {
      return;
    }
    // the select list's aliases and the token range of each one's expression
    List<String> aliases = new ArrayList<>();
    List<int[]> ranges = new ArrayList<>();
    int start = 1;
    depth = 0;
    for (int i = 1; i <= from; i++) {
      Token t = tokens.get(i);
      if (t.isPunct("(")) {
        depth++;
      } else if (t.isPunct(")")) {
        depth--;
      } else if (depth == 0 && (t.isPunct(",") || i == from)) {
        int last = i - 1;
        if (last - start >= 2 && tokens.get(last - 1).isWord("as")) {
          aliases.add(aliasText(tokens.get(last)));
          ranges.add(new int[] {start, last - 2});
        }
        start = i + 1;
      }
    }
    for (int i = having + 1; i < havingEnd; i++) {
      Token t = tokens.get(i);
      boolean name = t.kind() == Kind.WORD || t.kind() == Kind.BACKTICK_IDENT;
      if (!name || (i > 0 && tokens.get(i - 1).isPunct(".")) || (i + 1 < tokens.size()
          && (tokens.get(i + 1).isPunct(".") || tokens.get(i + 1).isPunct("(")))) {
        continue;
      }
      int a = indexOfIgnoreCase(aliases, aliasText(t));
      if (a >= 0) {
        int[] r = ranges.get(a);
        replacement[i] = "(" + fragment.apply(sql.substring(tokens.get(r[0]).start(), tokens.get(r[1]).end())) + ")";
      }
    }
    int last = havingEnd - 1;
    String lastText = replacement[last] != null ? replacement[last]
        : fragment.apply(sql.substring(tokens.get(last).start(), tokens.get(last).end()));
    replacement[last] = lastText + ")";
    if (where >= 0) {
      replacement[where] = "WHERE (";
      replacement[having] = ") AND (";
    } else {
      replacement[having] = "WHERE (";
    }
  }

  private static String aliasText(Token t) {
    return switch (t.kind()) {
      case BACKTICK_IDENT -> MySqlLexer.identifierValue(t.text());
      case STRING -> MySqlLexer.stringValue(t.text());
      default -> t.text();
    };
  }

  private static int indexOfIgnoreCase(List<String> names, String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }
}
