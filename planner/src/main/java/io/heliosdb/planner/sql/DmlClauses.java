package io.heliosdb.planner.sql;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.planner.sql.SqlLexer.Kind;
import io.heliosdb.planner.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits the clauses Calcite's grammar has no place for off an INSERT / UPDATE / DELETE (by
 * tokens at parenthesis depth 0, never by matching text): RETURNING, ON CONFLICT ... DO NOTHING /
 * DO UPDATE, MySQL's ON DUPLICATE KEY UPDATE (with VALUES(col) and the 8.0 row alias), INSERT
 * IGNORE and REPLACE. What remains is a plain statement Calcite plans; each part keeps its own '?'
 * markers, counted so the caller can hand each part its slice of the parameters.
 *
 * @param base the plain INSERT / UPDATE / DELETE text
 * @param kind INSERT, UPDATE or DELETE
 * @param targetAlias the name the target table goes by in RETURNING and DO UPDATE (its alias, else its name)
 * @param conflict the conflict clause, or null
 * @param returning the RETURNING list text, or null
 * @param baseMarkers '?' markers in {@code base}
 * @param conflictMarkers '?' markers in the conflict clause
 * @param returningMarkers '?' markers in the RETURNING list
 */
public record DmlClauses(String base, String kind, String targetAlias, Conflict conflict, String returning,
    int baseMarkers, int conflictMarkers, int returningMarkers) {

  /**
   * MySQL reads unqualified names in ON DUPLICATE KEY UPDATE as the existing row; the proposed row
   * (VALUES(col), alias.col) is then offered under these prefixed names so nothing is ambiguous.
   */
  public static final String MYSQL_PROPOSED_PREFIX = "excluded$";

  /** What a conflicting row leads to. */
  public enum Action { NOTHING, UPDATE, MYSQL_UPDATE, MYSQL_IGNORE, MYSQL_REPLACE }

  /**
   * @param action what to do
   * @param targetColumns ON CONFLICT (cols), empty when not given
   * @param constraint ON CONFLICT ON CONSTRAINT name, or null
   * @param assignedColumns DO UPDATE SET column names, in order
   * @param assignedExpressions their expressions (SQL text; excluded.col / the MySQL alias / VALUES(col) read the proposed row)
   * @param where DO UPDATE ... WHERE condition text, or null
   * @param excludedAlias the name of the proposed row ("excluded", or MySQL's row alias)
   */
  public record Conflict(Action action, List<String> targetColumns, String constraint, List<String> assignedColumns,
      List<String> assignedExpressions, String where, String excludedAlias) {}

  /** The clauses of {@code sql}, or null when it has none of them (the common case: no allocation). */
  public static DmlClauses split(String sql) {
    String lower = sql.toLowerCase(Locale.ROOT);
    if (!(lower.contains("returning") || lower.contains("conflict") || lower.contains("duplicate")
        || lower.contains("ignore") || lower.stripLeading().startsWith("replace"))) {
      return null;
    }
    List<Token> t = SqlLexer.tokenize(sql);
    if (t.isEmpty()) {
      return null;
    }
    String kind = t.get(0).text().toUpperCase(Locale.ROOT);
    boolean replace = kind.equals("REPLACE");
    if (!(kind.equals("INSERT") || kind.equals("UPDATE") || kind.equals("DELETE") || replace)) {
      return null;
    }
    boolean ignore = (kind.equals("INSERT") || replace) && t.size() > 1 && t.get(1).isWord("ignore");
    int returningAt = -1;
    int conflictAt = -1;
    int duplicateAt = -1;
    int depth = 0;
    int end = t.size();
    for (int i = 0; i < t.size(); i++) {
      Token tok = t.get(i);
      String x = tok.text();
      if (x.equals("(")) {
        depth++;
      } else if (x.equals(")")) {
        depth--;
      } else if (depth == 0 && tok.kind() == Kind.SEMICOLON) {
        end = i;
        break;
      } else if (depth == 0 && tok.isWord("returning") && returningAt < 0) {
        returningAt = i;
      } else if (depth == 0 && tok.isWord("on") && i + 1 < t.size() && t.get(i + 1).isWord("conflict")) {
        conflictAt = i;
      } else if (depth == 0 && tok.isWord("on") && i + 3 < t.size() && t.get(i + 1).isWord("duplicate")
          && t.get(i + 2).isWord("key") && t.get(i + 3).isWord("update")) {
        duplicateAt = i;
      }
    }
    if (returningAt < 0 && conflictAt < 0 && duplicateAt < 0 && !ignore && !replace) {
      return null;
    }
    String kindOut = replace ? "INSERT" : kind;
    int clauseStart = conflictAt >= 0 ? conflictAt : duplicateAt >= 0 ? duplicateAt : returningAt >= 0 ? returningAt : end;
    // base text: the statement up to the first clause, INSERT IGNORE / REPLACE spelled as INSERT
    StringBuilder base = new StringBuilder();
    int from = 0;
    if (replace || ignore) {
      base.append("INSERT");
      from = ignore ? t.get(1).end() : t.get(0).end();
      if (replace && ignore) {
        from = t.get(1).end();
      }
    }
    int baseEnd = clauseStart < t.size() ? t.get(clauseStart).start() : sql.length();
    if (clauseStart == end && end < t.size()) {
      baseEnd = t.get(end).start();
    }
    String excludedAlias = "excluded";
    // MySQL 8.0: INSERT ... VALUES (...) AS new [(a, b)] ON DUPLICATE KEY UPDATE b = new.b
    if (duplicateAt > 0) {
      int k = duplicateAt - 1;
      if (t.get(k).text().equals(")") ) {
        int d = 0;
        int j = k;
        for (; j >= 0; j--) {
          if (t.get(j).text().equals(")")) {
            d++;
          } else if (t.get(j).text().equals("(")) {
            d--;
            if (d == 0) {
              break;
            }
          }
        }
        if (j >= 2 && isName(t.get(j - 1)) && t.get(j - 2).isWord("as")) {
          excludedAlias = name(t.get(j - 1));
          baseEnd = t.get(j - 2).start();
        }
      } else if (k >= 1 && isName(t.get(k)) && t.get(k - 1).isWord("as")) {
        excludedAlias = name(t.get(k));
        baseEnd = t.get(k - 1).start();
      }
    }
    base.append(sql, from, baseEnd);
    String targetAlias = targetAlias(t, kindOut);
    String baseText = stripTargetAlias(base.toString(), kindOut);

    Conflict conflict = null;
    int conflictEnd = returningAt >= 0 ? returningAt : end;
    if (conflictAt >= 0) {
      if (!kindOut.equals("INSERT")) {
        throw syntax("ON");
      }
      conflict = pgConflict(sql, t, conflictAt + 2, conflictEnd);
    } else if (duplicateAt >= 0) {
      conflict = assignments(sql, t, duplicateAt + 4, conflictEnd, Action.MYSQL_UPDATE, List.of(), null,
          excludedAlias, true);
    } else if (ignore) {
      conflict = new Conflict(Action.MYSQL_IGNORE, List.of(), null, List.of(), List.of(), null, excludedAlias);
    } else if (replace) {
      conflict = new Conflict(Action.MYSQL_REPLACE, List.of(), null, List.of(), List.of(), null, excludedAlias);
    }
    String returning = null;
    if (returningAt >= 0) {
      if (returningAt + 1 >= end) {
        throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
      }
      returning = sql.substring(t.get(returningAt + 1).start(), end < t.size() ? t.get(end).start() : sql.length()).trim();
    }
    int conflictMarkers = clauseStart < conflictEnd ? markers(t, clauseStart, conflictEnd) : 0;
    int returningMarkers = returningAt >= 0 ? markers(t, returningAt, end) : 0;
    return new DmlClauses(baseText, kindOut, targetAlias, conflict, returning, markers(SqlLexer.tokenize(baseText), 0,
        Integer.MAX_VALUE), conflictMarkers, returningMarkers);
  }

  /** ON CONFLICT [(cols) [WHERE ...] | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET ... [WHERE ...]. */
  private static Conflict pgConflict(String sql, List<Token> t, int i, int end) {
    List<String> columns = new ArrayList<>();
    String constraint = null;
    if (i < end && t.get(i).text().equals("(")) {
      i++;
      while (i < end && !t.get(i).text().equals(")")) {
        if (isName(t.get(i))) {
          columns.add(name(t.get(i)));
        } else if (!t.get(i).text().equals(",")) {
          throw HeliosException.notSupported("ON CONFLICT with expressions or opclasses in the conflict target");
        }
        i++;
      }
      i++;
      if (i < end && t.get(i).isWord("where")) {
        throw HeliosException.notSupported("ON CONFLICT with a partial-index WHERE");
      }
    } else if (i + 2 < end && t.get(i).isWord("on") && t.get(i + 1).isWord("constraint")) {
      constraint = name(t.get(i + 2));
      i += 3;
    }
    if (i + 1 >= end || !t.get(i).isWord("do")) {
      throw syntax(i < t.size() ? t.get(i).text() : "end of input");
    }
    if (t.get(i + 1).isWord("nothing")) {
      if (i + 2 < end) {
        throw syntax(t.get(i + 2).text());
      }
      return new Conflict(Action.NOTHING, columns, constraint, List.of(), List.of(), null, "excluded");
    }
    if (!t.get(i + 1).isWord("update") || i + 2 >= end || !t.get(i + 2).isWord("set")) {
      throw syntax(t.get(i + 1).text());
    }
    if (columns.isEmpty() && constraint == null) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR,
          "ON CONFLICT DO UPDATE requires inference specification or constraint name");
    }
    return assignments(sql, t, i + 3, end, Action.UPDATE, columns, constraint, "excluded", false);
  }

  /** col = expr [, ...] [WHERE cond]; MySQL's VALUES(col) becomes alias.col. */
  private static Conflict assignments(String sql, List<Token> t, int i, int end, Action action, List<String> columns,
      String constraint, String excludedAlias, boolean mysql) {
    List<String> names = new ArrayList<>();
    List<String> exprs = new ArrayList<>();
    String where = null;
    while (i < end) {
      // target column, optionally qualified (MySQL allows t.col)
      if (!isName(t.get(i))) {
        throw syntax(t.get(i).text());
      }
      String col = name(t.get(i));
      i++;
      while (i + 1 < end && t.get(i).text().equals(".") && isName(t.get(i + 1))) {
        col = name(t.get(i + 1));
        i += 2;
      }
      if (i >= end || !t.get(i).text().equals("=")) {
        throw syntax(i < t.size() ? t.get(i).text() : "end of input");
      }
      i++;
      int start = i;
      int depth = 0;
      StringBuilder expr = new StringBuilder();
      int copied = start < t.size() ? t.get(start).start() : sql.length();
      while (i < end) {
        Token tok = t.get(i);
        if (tok.text().equals("(")) {
          depth++;
        } else if (tok.text().equals(")")) {
          depth--;
        } else if (depth == 0 && (tok.text().equals(",") || tok.isWord("where"))) {
          break;
        }
        if (mysql && tok.isWord("values") && i + 3 < end && t.get(i + 1).text().equals("(") && isName(t.get(i + 2))
            && t.get(i + 3).text().equals(")")) {
          expr.append(sql, copied, tok.start()).append(quote(MYSQL_PROPOSED_PREFIX + name(t.get(i + 2))));
          copied = t.get(i + 3).end();
          i += 4;
          continue;
        }
        if (mysql && isName(tok) && name(tok).equals(excludedAlias) && i + 2 < end && t.get(i + 1).text().equals(".")
            && isName(t.get(i + 2))) {
          expr.append(sql, copied, tok.start()).append(quote(MYSQL_PROPOSED_PREFIX + name(t.get(i + 2))));
          copied = t.get(i + 2).end();
          i += 3;
          continue;
        }
        i++;
      }
      int exprEnd = i < t.size() ? t.get(i).start() : sql.length();
      if (i == start) {
        throw syntax(i < t.size() ? t.get(i).text() : "end of input");
      }
      expr.append(sql, copied, Math.max(copied, exprEnd));
      names.add(col);
      exprs.add(expr.toString().trim());
      if (i < end && t.get(i).text().equals(",")) {
        i++;
        continue;
      }
      if (i < end && t.get(i).isWord("where")) {
        if (mysql) {
          throw syntax("WHERE");
        }
        where = sql.substring(t.get(i + 1).start(), end < t.size() ? t.get(end).start() : sql.length()).trim();
      }
      break;
    }
    return new Conflict(action, columns, constraint, names, exprs, where, excludedAlias);
  }

  /** The alias of an INSERT's target (INSERT INTO t AS x), else the table name; UPDATE/DELETE: alias or name. */
  private static String targetAlias(List<Token> t, String kind) {
    int i = 1;
    if (kind.equals("INSERT") || kind.equals("DELETE")) {
      while (i < t.size() && !(t.get(i).isWord("into") || t.get(i).isWord("from"))) {
        i++;
      }
      i++;
    }
    if (i < t.size() && t.get(i).isWord("only")) {
      i++;
    }
    if (i >= t.size() || !isName(t.get(i))) {
      return null;
    }
    String name = name(t.get(i));
    i++;
    while (i + 1 < t.size() && t.get(i).text().equals(".") && isName(t.get(i + 1))) {
      name = name(t.get(i + 1));
      i += 2;
    }
    if (i + 1 < t.size() && t.get(i).isWord("as") && isName(t.get(i + 1))) {
      return name(t.get(i + 1));
    }
    if (!kind.equals("INSERT") && i < t.size() && isName(t.get(i)) && !isKeyword(t.get(i))) {
      return name(t.get(i));
    }
    return name;
  }

  /** INSERT INTO t AS x (...): Calcite has no INSERT alias; RETURNING / DO UPDATE get it separately. */
  private static String stripTargetAlias(String base, String kind) {
    if (!kind.equals("INSERT")) {
      return base;
    }
    List<Token> t = SqlLexer.tokenize(base);
    int i = 0;
    while (i < t.size() && !t.get(i).isWord("into")) {
      i++;
    }
    i++;
    while (i + 2 < t.size() && isName(t.get(i)) && t.get(i + 1).text().equals(".")) {
      i += 2;
    }
    if (i + 2 < t.size() && t.get(i + 1).isWord("as") && isName(t.get(i + 2))) {
      return base.substring(0, t.get(i + 1).start()) + base.substring(t.get(i + 2).end());
    }
    return base;
  }

  private static boolean isKeyword(Token t) {
    return switch (t.text().toLowerCase(Locale.ROOT)) {
      case "set", "where", "using", "returning" -> true;
      default -> false;
    };
  }

  private static boolean isName(Token t) {
    return t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_IDENT;
  }

  /** An identifier as stored: quoted keeps its case, a bare word folds to lower case. */
  private static String name(Token t) {
    return t.kind() == Kind.QUOTED_IDENT ? DdlTranslator.ident(t.text()) : t.text().toLowerCase(Locale.ROOT);
  }

  static String quote(String ident) {
    return "\"" + ident.replace("\"", "\"\"") + "\"";
  }

  private static int markers(List<Token> t, int from, int to) {
    int n = 0;
    for (int i = from; i < Math.min(to, t.size()); i++) {
      Token tok = t.get(i);
      if (tok.kind() == Kind.OPERATOR) {
        for (int k = 0; k < tok.text().length(); k++) {
          if (tok.text().charAt(k) == '?') {
            n++;
          }
        }
      }
    }
    return n;
  }

  private static HeliosException syntax(String near) {
    return new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"" + near + "\"");
  }
}
