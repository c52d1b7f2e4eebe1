package io.heliosdb.planner.session;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.planner.calcite.DirectScanPlan;
import io.heliosdb.planner.calcite.ExecutionContext;
import io.heliosdb.planner.exec.RowStream;
import io.heliosdb.planner.exec.ScanRequest;
import io.heliosdb.planner.sql.SqlLexer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * SELECT ... FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE / FOR KEY SHARE [NOWAIT], and MySQL's
 * LOCK IN SHARE MODE: finds the clause, and the keys of the rows the query returns, which the
 * session then locks with lock-only intents (ADR 0008). Every mode takes the same exclusive lock.
 */
final class RowLocks {
  private RowLocks() {}

  /** A locking clause found at the end of a SELECT: where it starts, and whether it said NOWAIT. */
  record Clause(int start, boolean nowait, String words) {}

  /** The locking clause at the end of the statement (outside parentheses), or null. */
  static Clause find(List<SqlLexer.Token> tokens) {
    int depth = 0;
    for (int i = 0; i < tokens.size(); i++) {
      SqlLexer.Token t = tokens.get(i);
      if (t.text().equals("(")) {
        depth++;
      } else if (t.text().equals(")")) {
        depth--;
      } else if (depth == 0 && t.isWord("for") && i + 1 < tokens.size() && (tokens.get(i + 1).isWord("update")
          || tokens.get(i + 1).isWord("share") || tokens.get(i + 1).isWord("no") || tokens.get(i + 1).isWord("key"))) {
        return clause(tokens, i);
      } else if (depth == 0 && t.isWord("lock") && i + 3 < tokens.size() && tokens.get(i + 1).isWord("in")
          && tokens.get(i + 2).isWord("share") && tokens.get(i + 3).isWord("mode")) {
        return clause(tokens, i);
      }
    }
    return null;
  }

  private static Clause clause(List<SqlLexer.Token> tokens, int from) {
    boolean nowait = false;
    StringBuilder words = new StringBuilder();
    for (int i = from; i < tokens.size(); i++) {
      SqlLexer.Token t = tokens.get(i);
      if (t.kind() == SqlLexer.Kind.SEMICOLON) {
        break;
      }
      if (t.isWord("of")) {
        throw HeliosException.notSupported("FOR UPDATE OF a list of tables");
      }
      if (t.isWord("skip")) {
        throw HeliosException.notSupported("SKIP LOCKED");
      }
      nowait |= t.isWord("nowait");
      if (i < from + 4 && !t.isWord("nowait") && !t.isWord("lock") && !t.isWord("in") && !t.isWord("mode")) {
        words.append(words.length() == 0 ? "" : " ").append(t.text().toUpperCase(java.util.Locale.ROOT));
      }
    }
    return new Clause(tokens.get(from).start(), nowait, words.length() == 0 ? "SHARE" : words.toString());
  }

  /**
   * The encoded keys of the rows the query returns at the context's snapshot: the same scan with
   * keys, sorted and cut by OFFSET / LIMIT as the query does, so only returned rows get locked.
   */
  static List<byte[]> keys(DirectScanPlan plan, ExecutionContext ctx) {
    ScanRequest request = plan.scan().request(ctx, true);
    if (request.aggregate() != null) {
      throw new HeliosException(ErrorCode.FEATURE_NOT_SUPPORTED,
          "FOR UPDATE is not allowed with aggregate functions");
    }
    record Keyed(Object[] row, byte[] key) {}
    List<Keyed> rows = new ArrayList<>();
    try (RowStream stream = ctx.scanner().scan(ctx.catalog(), request, ctx.snapshotTs(), ctx.txnId(), ctx.stats())) {
      Object[] r;
      while ((r = stream.next()) != null) {
        if (ctx.cancelFlag().get()) {
          throw new HeliosException(ErrorCode.QUERY_CANCELED, "canceling statement due to user request");
        }
        rows.add(new Keyed(r, stream.key()));
      }
    } catch (RuntimeException e) {
      throw Errors.translate(e);
    }
    if (!plan.sortKeys().isEmpty()) {
      Comparator<Object[]> order = DirectCursor.comparator(plan.sortKeys(), plan.scan().outputTypes());
      rows.sort((a, b) -> order.compare(a.row(), b.row()));
    }
    long offset = plan.offset() == null ? 0 : DirectCursor.count(plan.offset(), ctx, "OFFSET");
    long fetch = plan.fetch() == null ? Long.MAX_VALUE : DirectCursor.count(plan.fetch(), ctx, "LIMIT");
    List<byte[]> keys = new ArrayList<>();
    for (long i = offset; i < rows.size() && i - offset < fetch; i++) {
      keys.add(rows.get((int) i).key());
    }
    return keys;
  }
}
