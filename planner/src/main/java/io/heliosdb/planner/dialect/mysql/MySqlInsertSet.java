package io.heliosdb.planner.dialect.mysql;

import io.heliosdb.planner.dialect.mysql.MySqlLexer.Kind;
import io.heliosdb.planner.dialect.mysql.MySqlLexer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * MySQL's {@code INSERT [IGNORE] [INTO] t SET a = x, b = y [ON DUPLICATE KEY UPDATE ...]} (and the
 * same for REPLACE) as the equivalent {@code INSERT ... t (a, b) VALUES (x, y) ...}: the statement's
 * own text moved into the other form, which the rest of the dialect already translates.
 */
final class MySqlInsertSet {
  private MySqlInsertSet() {}

  /** The VALUES form of {@code sql}, or null when it is not an INSERT ... SET. */
  static String asValues(String sql, List<Token> t) {
    int set = -1;
    for (int i = 1; i < t.size(); i++) {
      Token x = t.get(i);
      if (x.isPunct("(") || x.isWord("values") || x.isWord("value") || x.isWord("select") || x.isWord("table")) {
        return null; // a column list or another source: not the SET form
      }
      if (x.isWord("set")) {
        set = i;
        break;
      }
    }
    if (set < 2) {
      return null;
    }
    List<String> columns = new ArrayList<>();
    List<String> values = new ArrayList<>();
    int i = set + 1;
    int suffixStart = sql.length();
    while (i < t.size()) {
      Token column = t.get(i);
      if ((column.kind() != Kind.WORD && column.kind() != Kind.BACKTICK_IDENT) || i + 2 >= t.size()
          || !t.get(i + 1).isPunct("=")) {
        return null;
      }
      int from = i + 2;
      int k = MySqlLexer.expressionEnd(t, from);
      if (k == from) {
        return null;
      }
      columns.add(sql.substring(column.start(), column.end()));
      values.add(sql.substring(t.get(from).start(), t.get(k - 1).end()));
      if (k < t.size() && t.get(k).isPunct(",")) {
        i = k + 1;
        continue;
      }
      suffixStart = k < t.size() ? t.get(k).start() : sql.length();
      break;
    }
    if (columns.isEmpty()) {
      return null;
    }
    return sql.substring(0, t.get(set).start()) + "(" + String.join(", ", columns) + ") VALUES ("
        + String.join(", ", values) + ") " + sql.substring(suffixStart);
  }
}
