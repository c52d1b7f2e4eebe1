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
 */
public record StatementResult(String command, List<ColumnMeta> columns, ResultCursor rows, long rowCount,
    Map<String, String> changedSettings) {

  public boolean returnsRows() {
    return !columns.isEmpty();
  }

  public static StatementResult command(String command) {
    return new StatementResult(command, List.of(), ResultCursor.EMPTY, 0, Map.of());
  }

  public static StatementResult update(String command, long rowCount) {
    return new StatementResult(command, List.of(), ResultCursor.EMPTY, rowCount, Map.of());
  }
}
