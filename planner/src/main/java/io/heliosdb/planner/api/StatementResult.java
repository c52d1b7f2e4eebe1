package io.heliosdb.planner.api;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one statement.
 *
 * @param command the SQL command word(s) as PostgreSQL tags them: "SELECT", "INSERT", "UPDATE",
 *     "DELETE", "CREATE TABLE", "DROP TABLE", "CREATE SCHEMA", "DROP SCHEMA", "BEGIN", "COMMIT",
 *     "ROLLBACK", "SET", "SHOW", "EXPLAIN"
 * @param columns result columns; empty when the statement returns no rows
 * @param rows the rows when {@code columns} is non-empty, else {@link ResultCursor#EMPTY}
 * @param rowCount rows affected (INSERT/UPDATE/DELETE); for queries the front end counts rows sent
 * @param changedSettings session settings this statement changed (name -> new value), for
 *     protocols that report them (PostgreSQL ParameterStatus)
 * @param copy non-null for COPY: the front end switches to copy mode (for copy-out it encodes
 *     {@code rows}); protocols without a copy mode refuse such a result
 * @param lastInsertId the first value a sequence or AUTO_INCREMENT column generated for this statement's
 *     rows, 0 when none (MySQL OK packets and LAST_INSERT_ID() report it)
 */
public record StatementResult(String command, List<ColumnMeta> columns, ResultCursor rows, long rowCount,
    Map<String, String> changedSettings, CopyRequest copy, long lastInsertId) {

  public StatementResult(String command, List<ColumnMeta> columns, ResultCursor rows, long rowCount,
      Map<String, String> changedSettings, CopyRequest copy) {
    this(command, columns, rows, rowCount, changedSettings, copy, 0L);
  }

  public StatementResult(String command, List<ColumnMeta> columns, ResultCursor rows, long rowCount,
      Map<String, String> changedSettings) {
    this(command, columns, rows, rowCount, changedSettings, null);
  }

  /** The same result reporting {@code id} as the statement's first generated key. */
  public StatementResult withLastInsertId(long id) {
    return new StatementResult(command, columns, rows, rowCount, changedSettings, copy, id);
  }

  /** True for a query's rows; false for COPY, whose rows travel in copy mode. */
  public boolean returnsRows() {
    return copy == null && !columns.isEmpty();
  }

  public boolean isCopy() {
    return copy != null;
  }

  public static StatementResult command(String command) {
    return new StatementResult(command, List.of(), ResultCursor.EMPTY, 0, Map.of());
  }

  public static StatementResult update(String command, long rowCount) {
    return new StatementResult(command, List.of(), ResultCursor.EMPTY, rowCount, Map.of());
  }

  /** COPY ... FROM STDIN: the front end feeds the request's loader. */
  public static StatementResult copyIn(CopyRequest copy) {
    return new StatementResult("COPY", List.of(), ResultCursor.EMPTY, 0, Map.of(), copy);
  }

  /** COPY ... TO STDOUT: the front end encodes {@code rows}. */
  public static StatementResult copyOut(CopyRequest copy, ResultCursor rows) {
    return new StatementResult("COPY", List.of(), rows, 0, Map.of(), copy);
  }
}
