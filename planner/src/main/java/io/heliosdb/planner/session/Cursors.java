package io.heliosdb.planner.session;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.planner.api.ResultCursor;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.planner.sql.SqlLexer;
import io.heliosdb.planner.sql.SqlLexer.Kind;
import io.heliosdb.planner.sql.SqlLexer.Token;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * SQL-level cursors (DECLARE / FETCH / MOVE / CLOSE), as psycopg2's named cursors use them: the
 * query's cursor stays open in the session and each FETCH streams the next rows from it, so a large
 * result is never held in memory. Forward-only; cursors without HOLD close when their transaction
 * ends.
 */
final class Cursors {
  private record Open(StatementResult query, boolean hold) {}

  private final Map<String, Open> open = new LinkedHashMap<>();

  /** DECLARE name [NO SCROLL] CURSOR [WITH[OUT] HOLD] FOR query. */
  StatementResult declare(List<Token> t, String sql, boolean inTransaction, Function<String, StatementResult> run) {
    if (t.size() < 2) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
    }
    String name = name(t.get(1));
    int i = 2;
    boolean hold = false;
    int forAt = -1;
    for (; i < t.size(); i++) {
      Token w = t.get(i);
      if (w.isWord("for")) {
        forAt = i;
        break;
      }
      if (w.isWord("binary")) {
        throw HeliosException.notSupported("BINARY cursors");
      }
      if (w.isWord("scroll") && !(i > 2 && t.get(i - 1).isWord("no"))) {
        throw HeliosException.notSupported("SCROLL cursors (cursors are forward-only)");
      }
      if (w.isWord("with") && i + 1 < t.size() && t.get(i + 1).isWord("hold")) {
        hold = true;
      }
    }
    if (forAt < 0 || forAt + 1 >= t.size()) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"" + t.get(t.size() - 1).text() + "\"");
    }
    if (!hold && !inTransaction) {
      throw new HeliosException(ErrorCode.NO_ACTIVE_TRANSACTION, "DECLARE CURSOR can only be used in transaction blocks");
    }
    if (open.containsKey(name)) {
      throw new HeliosException(ErrorCode.DUPLICATE_CURSOR, "cursor \"" + name + "\" already exists");
    }
    StatementResult query = run.apply(sql.substring(t.get(forAt + 1).start()));
    if (!query.returnsRows()) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "cursor query must return rows");
    }
    open.put(name, new Open(query, hold));
    return StatementResult.command("DECLARE CURSOR");
  }

  /** FETCH / MOVE [NEXT | FORWARD [n | ALL] | n | ALL] [FROM | IN] name. */
  StatementResult fetch(List<Token> t, boolean move) {
    long count = 1;
    int i = 1;
    if (i < t.size() && (t.get(i).isWord("next") || t.get(i).isWord("forward"))) {
      i++;
    } else if (i < t.size() && (t.get(i).isWord("prior") || t.get(i).isWord("backward") || t.get(i).isWord("first")
        || t.get(i).isWord("last") || t.get(i).isWord("absolute") || t.get(i).isWord("relative"))) {
      throw new HeliosException(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE,
          "cursor can only scan forward (" + t.get(i).text().toUpperCase(Locale.ROOT) + " needs a SCROLL cursor)");
    }
    if (i < t.size() && t.get(i).kind() == Kind.NUMBER) {
      count = Long.parseLong(t.get(i).text());
      i++;
    } else if (i < t.size() && t.get(i).isWord("all")) {
      count = Long.MAX_VALUE;
      i++;
    }
    if (i < t.size() && (t.get(i).isWord("from") || t.get(i).isWord("in"))) {
      i++;
    }
    if (i >= t.size()) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
    }
    Open cursor = open.get(name(t.get(i)));
    if (cursor == null) {
      throw new HeliosException(ErrorCode.INVALID_CURSOR_NAME, "cursor \"" + name(t.get(i)) + "\" does not exist");
    }
    ResultCursor source = cursor.query().rows();
    long limit = count;
    if (move) {
      long moved = 0;
      while (moved < limit && source.next()) {
        moved++;
      }
      return StatementResult.update("MOVE", moved);
    }
    // The front end closes what it streams: hand it a window that leaves the cursor open.
    ResultCursor window = new ResultCursor() {
      long left = limit;

      @Override
      public boolean next() {
        if (left <= 0 || !source.next()) {
          return false;
        }
        left--;
        return true;
      }

      @Override
      public Object[] row() {
        return source.row();
      }

      @Override
      public void close() {}
    };
    return new StatementResult("FETCH", cursor.query().columns(), window, 0, Map.of());
  }

  /** CLOSE name | CLOSE ALL. */
  StatementResult close(List<Token> t) {
    if (t.size() < 2) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
    }
    if (t.get(1).isWord("all")) {
      closeAll(true);
    } else {
      Open c = open.remove(name(t.get(1)));
      if (c == null) {
        throw new HeliosException(ErrorCode.INVALID_CURSOR_NAME, "cursor \"" + name(t.get(1)) + "\" does not exist");
      }
      c.query().rows().close();
    }
    return StatementResult.command("CLOSE CURSOR");
  }

  /** No cursor is open (ending the transaction closes no row stream). */
  boolean isEmpty() {
    return open.isEmpty();
  }

  /** At the end of a transaction: cursors without HOLD go away (all of them when {@code all}). */
  void closeAll(boolean all) {
    Iterator<Map.Entry<String, Open>> it = open.entrySet().iterator();
    while (it.hasNext()) {
      Open c = it.next().getValue();
      if (all || !c.hold()) {
        try {
          c.query().rows().close();
        } catch (RuntimeException ignored) {
          // the cursor's stream is gone with its transaction either way
        }
        it.remove();
      }
    }
  }

  private static String name(Token t) {
    if (t.kind() == Kind.QUOTED_IDENT) {
      return t.text().substring(1, t.text().length() - 1).replace("\"\"", "\"");
    }
    return t.text().toLowerCase(Locale.ROOT);
  }

  static boolean isCursorWord(SqlLexer.Token first) {
    return first.isWord("declare") || first.isWord("fetch") || first.isWord("move") || first.isWord("close");
  }
}
