package io.heliosdb.planner.dialect.mysql;

import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.dialect.mysql.MySqlLexer.Kind;
import io.heliosdb.planner.dialect.mysql.MySqlLexer.Token;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * MySQL's single-table {@code UPDATE ... [WHERE c] [ORDER BY o] LIMIT n} and
 * {@code DELETE FROM t [WHERE c] [ORDER BY o] LIMIT n} (batch clean-ups use them) as
 * {@code ... WHERE (key) IN (SELECT key FROM t [WHERE c] [ORDER BY o] LIMIT n)}: the statement's own
 * text rearranged around the table's primary key, which the planner then runs like any subquery.
 */
final class MySqlLimitedDml {
  private MySqlLimitedDml() {}

  /**
   * The rewritten text, or null when {@code sql} has no top-level LIMIT (or ORDER BY) to move;
   * {@code table} finds a table by (database or null, name).
   */
  static String rewrite(String sql, List<Token> t, BiFunction<String, String, TableDescriptor> table) {
    boolean delete = t.get(0).isWord("delete");
    int depth = 0;
    int where = -1;
    int order = -1;
    int limit = -1;
    for (int i = 1; i < t.size(); i++) {
      Token x = t.get(i);
      if (x.isPunct("(")) {
        depth++;
      } else if (x.isPunct(")")) {
        depth--;
      } else if (depth == 0 && x.isWord("where") && where < 0) {
        where = i;
      } else if (depth == 0 && x.isWord("order") && i + 1 < t.size() && t.get(i + 1).isWord("by")) {
        order = i;
      } else if (depth == 0 && x.isWord("limit")) {
        limit = i;
      }
    }
    if (limit < 0 && order < 0) {
      return null;
    }
    if (limit < 0) {
      return sql.substring(0, t.get(order).start()); // ORDER BY alone changes only the order of the writes
    }
    // the table: DELETE FROM [db.]t ... / UPDATE [db.]t ...
    int at = 1;
    while (at < t.size() && (t.get(at).isWord("low_priority") || t.get(at).isWord("quick") || t.get(at).isWord("ignore"))) {
      at++;
    }
    if (delete) {
      if (at >= t.size() || !t.get(at).isWord("from")) {
        return null; // multi-table DELETE: MySQL refuses ORDER BY / LIMIT there too
      }
      at++;
    }
    if (at >= t.size()) {
      return null;
    }
    String db = null;
    String name = name(t.get(at));
    int tableEnd = at + 1;
    if (at + 2 < t.size() && t.get(at + 1).isPunct(".")) {
      db = name;
      name = name(t.get(at + 2));
      tableEnd = at + 3;
    }
    if (name == null) {
      return null;
    }
    TableDescriptor d = table.apply(db, name);
    if (d.hasHiddenRowId() || d.primaryKey().isEmpty()) {
      throw HeliosException.notSupported("ORDER BY / LIMIT in " + (delete ? "DELETE" : "UPDATE")
          + " of a table without a primary key");
    }
    String key = d.primaryKey().stream().map(c -> "`" + d.columns().get(c).name().replace("`", "``") + "`")
        .collect(Collectors.joining(", "));
    String keyList = d.primaryKey().size() == 1 ? key : "(" + key + ")";
    int tail = order >= 0 ? order : limit;
    if (where > tail) {
      return null;
    }
    // the FROM part of the subquery: the table as written with its alias (up to SET / WHERE / ORDER)
    int fromEnd = tableEnd;
    while (fromEnd < t.size() && !t.get(fromEnd).isWord("set") && !t.get(fromEnd).isWord("where")
        && fromEnd != tail) {
      fromEnd++;
    }
    String from = sql.substring(t.get(at).start(), t.get(fromEnd - 1).end());
    String head = sql.substring(0, where >= 0 ? t.get(where).start() : t.get(tail).start());
    String condition = where >= 0 ? sql.substring(t.get(where + 1).start(), t.get(tail).start()).trim() : null;
    int last = t.size() - 1;
    while (last > tail && t.get(last).kind() == Kind.SEMICOLON) {
      last--;
    }
    String orderLimit = sql.substring(t.get(tail).start(), t.get(last).end());
    return head + " WHERE " + keyList + " IN (SELECT " + key + " FROM " + from
        + (condition == null ? "" : " WHERE " + condition) + " " + orderLimit + ")";
  }

  private static String name(Token x) {
    if (x.kind() == Kind.BACKTICK_IDENT) {
      return MySqlLexer.identifierValue(x.text());
    }
    return x.kind() == Kind.WORD ? x.text() : null;
  }
}
