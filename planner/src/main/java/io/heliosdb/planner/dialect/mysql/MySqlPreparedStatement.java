package io.heliosdb.planner.dialect.mysql;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.PreparedStatement;
import java.util.Collections;
import java.util.List;

/**
 * A MySQL statement prepared with {@code ?} placeholders. Queries and DML are translated once and
 * prepared in the planner ({@code planned} non-null); statements the dialect answers itself (SET,
 * SHOW, USE, DDL ...) take no parameters and are kept as text, run as if sent with COM_QUERY.
 */
public final class MySqlPreparedStatement implements PreparedStatement {
  private final String sql;
  private final PreparedStatement planned;
  private final List<ColumnMeta> textColumns;
  private final String command;

  MySqlPreparedStatement(String sql, PreparedStatement planned, List<ColumnMeta> textColumns, String command) {
    this.sql = sql;
    this.planned = planned;
    this.textColumns = textColumns;
    this.command = command;
  }

  /** The statement as the client wrote it. */
  public String sql() {
    return sql;
  }

  /** The planner's prepared statement, or null for a statement run as text. */
  PreparedStatement planned() {
    return planned;
  }

  @Override
  public List<DataType> parameterTypes() {
    return planned == null ? List.of() : planned.parameterTypes();
  }

  @Override
  public List<ColumnMeta> resultColumns() {
    return planned == null ? Collections.unmodifiableList(textColumns) : planned.resultColumns();
  }

  @Override
  public String command() {
    return command;
  }

  @Override
  public void close() {
    if (planned != null) {
      planned.close();
    }
  }
}
