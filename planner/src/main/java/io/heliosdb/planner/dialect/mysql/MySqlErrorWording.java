package io.heliosdb.planner.dialect.mysql;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.planner.dialect.mysql.MySqlLexer.Token;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewords the planner's errors (PostgreSQL's wording) the way MySQL prints the same error, so
 * MySQL users and tools that match on messages see what they know: {@code Table 'db.t' doesn't
 * exist}, {@code Unknown column 'c' in 'field list'}, {@code You have an error in your SQL syntax;
 * ... near '...' at line 1}. The neutral code may change where MySQL has a distinct number (an
 * unknown column Calcite reports as a validation error is UNDEFINED_COLUMN). Messages with no
 * known MySQL form are kept.
 */
final class MySqlErrorWording {
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
  private static final Pattern SYNTAX_AT = Pattern.compile("at or near \"([^\"]*)\"");
  private static final Pattern SYNTAX_COLUMN = Pattern.compile("at line (\\d+), column (\\d+)");
  private static final Pattern NOT_NULL = Pattern.compile("Column '([^']*)' has no default value and does not allow NULLs");
  private static final Pattern INVALID_INPUT = Pattern.compile("invalid input syntax for type ([a-z ]+): \"(.*)\"");
  private static final Pattern DUPLICATE_CELL = Pattern.compile("duplicate key value violates primary key of ([^:]+)");
  private static final Pattern UNKNOWN_TARGET = Pattern.compile("Unknown target column '([^']*)'");
  private static final Pattern AMBIGUOUS = Pattern.compile("Column '([^']*)' is ambiguous");
  private static final Pattern FUNCTION = Pattern.compile("function ([^ (]+)(\\(.*\\))? does not exist");

  private MySqlErrorWording() {}

  /**
   * @param sql the statement that failed (for the "near '...'" part of syntax errors)
   * @param database the current database, or null
   */
  static HeliosException reword(HeliosException e, String sql, String database) {
    if (e instanceof io.heliosdb.hidb.error.ConstraintViolation v && v.mysqlErrno() != 0) {
      return e; // carries MySQL's own number and wording (Duplicate entry '5' for key 't.PRIMARY')
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    String db = database == null ? "" : database + ".";
    String reworded = switch (e.code()) {
      case UNDEFINED_TABLE -> {
        if (message.startsWith("Table '") || message.startsWith("Unknown table")) {
          yield null;
        }
        String table = firstQuoted(message);
        if (table == null) {
          yield null;
        }
        String qualified = table.contains(".") ? table : db + table;
        yield isDrop(sql) ? "Unknown table '" + qualified + "'" : "Table '" + qualified + "' doesn't exist";
      }
      case UNDEFINED_COLUMN -> {
        String column = firstQuoted(message);
        yield column == null || message.startsWith("Unknown column") ? null
            : "Unknown column '" + column + "' in '" + clause(sql, column) + "'";
      }
      case DUPLICATE_TABLE -> {
        String table = firstQuoted(message);
        yield table == null || message.startsWith("Table '") ? null : "Table '" + table + "' already exists";
      }
      case UNIQUE_VIOLATION -> {
        Matcher cell = DUPLICATE_CELL.matcher(message);
        String table = cell.find() ? cell.group(1).trim() : null;
        if (table == null) {
          String constraint = firstQuoted(message);
          table = constraint != null && constraint.endsWith("_pkey") ? constraint.substring(0, constraint.length() - 5) : null;
        }
        yield table == null || message.startsWith("Duplicate entry") ? null
            : "Duplicate entry for key '" + table + ".PRIMARY'";
      }
      case NOT_NULL_VIOLATION -> {
        Matcher m = NOT_NULL.matcher(message);
        yield m.find() ? "Column '" + m.group(1) + "' cannot be null" : null;
      }
      case INVALID_TEXT_REPRESENTATION, DATATYPE_MISMATCH -> {
        Matcher m = INVALID_INPUT.matcher(message);
        yield m.find() ? "Incorrect " + mysqlTypeWord(m.group(1)) + " value: '" + m.group(2) + "'" : null;
      }
      case DIVISION_BY_ZERO -> "Division by 0";
      case STRING_DATA_RIGHT_TRUNCATION -> message.startsWith("value too long") ? "Data too long for column" : null;
      case UNDEFINED_FUNCTION -> {
        Matcher m = FUNCTION.matcher(message);
        yield m.find() ? "FUNCTION " + db + m.group(1) + " does not exist" : null;
      }
      case AMBIGUOUS_COLUMN -> {
        Matcher m = AMBIGUOUS.matcher(message);
        yield m.find() && !message.contains(" in ") ? "Column '" + m.group(1) + "' in field list is ambiguous" : null;
      }
      case SYNTAX_ERROR -> {
        Matcher target = UNKNOWN_TARGET.matcher(message);
        if (target.find()) {
          yield null; // handled below: a different code
        }
        yield message.startsWith("You have an error") ? null : syntax(message, sql);
      }
      default -> null;
    };
    if (e.code() == ErrorCode.SYNTAX_ERROR) {
      Matcher target = UNKNOWN_TARGET.matcher(message);
      if (target.find()) {
        return new HeliosException(ErrorCode.UNDEFINED_COLUMN, "Unknown column '" + target.group(1) + "' in 'field list'", e);
      }
    }
    return reworded == null ? e : new HeliosException(e.code(), reworded, e);
  }

  /** MySQL's 1064 text: the statement from where parsing stopped, cut at 80 characters as the server does. */
  static String syntax(String message, String sql) {
    String near = null;
    Matcher column = SYNTAX_COLUMN.matcher(message);
    if (column.find()) {
      int line = Integer.parseInt(column.group(1));
      int col = Integer.parseInt(column.group(2));
      near = fromLineColumn(sql, line, col);
    } else {
      Matcher token = SYNTAX_AT.matcher(message);
      if (token.find() && sql != null) {
        String t = token.group(1);
        int at = indexOfToken(sql, t);
        near = at >= 0 ? sql.substring(at) : t;
      }
    }
    if (near == null) {
      return null;
    }
    near = near.strip();
    if (near.length() > 80) {
      near = near.substring(0, 80);
    }
    return "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version "
        + "for the right syntax to use near '" + near + "' at line 1";
  }

  private static String fromLineColumn(String sql, int line, int col) {
    if (sql == null) {
      return null;
    }
    int pos = 0;
    for (int l = 1; l < line && pos >= 0; l++) {
      pos = sql.indexOf('\n', pos);
      pos = pos < 0 ? -1 : pos + 1;
    }
    if (pos < 0) {
      return null;
    }
    int at = Math.min(sql.length(), pos + Math.max(0, col - 1));
    return sql.substring(at);
  }

  private static int indexOfToken(String sql, String token) {
    for (Token t : MySqlLexer.tokenize(sql)) {
      if (t.text().equalsIgnoreCase(token)) {
        return t.start();
      }
    }
    return token.isEmpty() ? sql.length() : sql.toLowerCase(Locale.ROOT).indexOf(token.toLowerCase(Locale.ROOT));
  }

  private static String firstQuoted(String message) {
    Matcher m = QUOTED.matcher(message);
    return m.find() ? m.group(1) : null;
  }

  private static boolean isDrop(String sql) {
    List<Token> tokens = sql == null ? List.of() : MySqlLexer.tokenize(sql);
    return !tokens.isEmpty() && tokens.get(0).isWord("drop");
  }

  /** Which clause MySQL names for an unknown column: where it first appears after WHERE/ON/ORDER/GROUP, else the select list. */
  private static String clause(String sql, String column) {
    if (sql == null) {
      return "field list";
    }
    String current = "field list";
    for (Token t : MySqlLexer.tokenize(sql)) {
      if (t.isWord("where")) {
        current = "where clause";
      } else if (t.isWord("on")) {
        current = "on clause";
      } else if (t.isWord("order")) {
        current = "order clause";
      } else if (t.isWord("group")) {
        current = "group statement";
      } else if (t.isWord("having")) {
        current = "having clause";
      } else if (t.text().equalsIgnoreCase(column)
          || (t.kind() == MySqlLexer.Kind.BACKTICK_IDENT && MySqlLexer.identifierValue(t.text()).equalsIgnoreCase(column))) {
        return current;
      }
    }
    return "field list";
  }

  private static String mysqlTypeWord(String pgType) {
    return switch (pgType) {
      case "integer", "smallint", "bigint" -> "integer";
      case "numeric" -> "decimal";
      case "double precision", "real" -> "double";
      case "date" -> "date";
      case "timestamp without time zone", "timestamp" -> "datetime";
      case "time without time zone", "time" -> "time";
      default -> pgType;
    };
  }
}
