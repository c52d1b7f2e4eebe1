package io.heliosdb.planner.api;

import io.heliosdb.hidb.types.DataType;
import java.util.List;
import java.util.Map;

/**
 * One client connection's state in compute: settings, transaction, prepared plans. Methods are
 * called from one thread at a time (the connection's), and may block on cells. Errors are thrown
 * as io.heliosdb.hidb.error.HeliosException; after an error inside a transaction block the
 * session is in {@link TransactionState#FAILED} until ROLLBACK.
 */
public interface Session extends AutoCloseable {

  /** Splits a simple-query string into statements (dialect-aware: quotes, comments, dollar quotes). */
  List<String> splitStatements(String sql);

  /** Parses, plans (or reuses a cached plan) and runs one statement with literal values inline. */
  StatementResult execute(String sql);

  /**
   * Prepares one statement with parameter markers.
   *
   * @param parameterTypeHints types the client declared per parameter (null entries = infer)
   */
  PreparedStatement prepare(String sql, List<DataType> parameterTypeHints);

  /**
   * Prepares one statement whose client declared some parameters as arrays (PostgreSQL array type
   * OIDs in {@code declaredArrayTypes}, 0 elsewhere): those parameters take the array's text form.
   */
  default PreparedStatement prepare(String sql, List<DataType> parameterTypeHints, List<Integer> declaredArrayTypes) {
    return prepare(sql, parameterTypeHints);
  }

  /** Runs a prepared statement with values in the value model's Java form. */
  StatementResult execute(PreparedStatement statement, List<Object> parameters);

  /**
   * True when {@code sql} is a single statement whose cached plan reads at most one row by primary
   * key (no writes, no fan-out): cheap enough that a front end may run it on its I/O thread instead
   * of handing it to the statement pool. Never blocks; false when unsure.
   */
  default boolean isPointRead(String sql) {
    return false;
  }

  /**
   * True when {@code sql} is one statement that only reads or changes this session's own state in
   * memory and so never waits on a cell, a lock, Raft or a WAL sync: BEGIN / START TRANSACTION,
   * SET / SHOW / RESET, and COMMIT / ROLLBACK of a block that wrote nothing. A front end may run it
   * on its I/O thread, as a point read. Never blocks; false when unsure.
   */
  default boolean isSessionCommand(String sql) {
    return false;
  }

  TransactionState transactionState();

  /** Current value of a session setting (as SHOW would print it), or null when unknown. */
  String setting(String name);

  /** Settings a protocol reports at connect (PostgreSQL ParameterStatus). */
  Map<String, String> reportedSettings();

  /**
   * Notices and warnings the statements run since the last call left (oldest first), and forgets
   * them; a front end sends them before the statement's completion.
   */
  default List<Notice> drainNotices() {
    return List.of();
  }

  /** Asks the running statement (from another thread) to stop; it then fails with QUERY_CANCELED. */
  void cancel();

  @Override
  void close();
}
