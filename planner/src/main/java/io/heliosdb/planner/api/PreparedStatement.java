package io.heliosdb.planner.api;

import io.heliosdb.hidb.types.DataType;
import java.util.List;

/**
 * A statement parsed and planned once, executed many times with different parameters.
 * Parameters are numbered from 0 in the order of the dialect's markers ($1.. for PostgreSQL).
 */
public interface PreparedStatement extends AutoCloseable {
  /** Inferred (or client-declared) type of each parameter. */
  List<DataType> parameterTypes();

  /**
   * Per parameter, the PostgreSQL array type OID when the parameter is an array written as its
   * text form ({@code $1::oid[]}), else 0. Such a parameter's value is that text form (a String);
   * its {@link #parameterTypes() type} is TEXT, as the value model has no array type.
   */
  default List<Integer> parameterArrayTypes() {
    return java.util.Collections.nCopies(parameterTypes().size(), 0);
  }

  /** Result columns; empty when the statement returns no rows. */
  List<ColumnMeta> resultColumns();

  /** The command word (see {@link StatementResult#command()}). */
  String command();

  /**
   * True when the statement's current plan reads at most one row by primary key in a session that
   * can run it: cheap enough for a front end to execute on its I/O thread. Never blocks; false
   * when unsure.
   */
  default boolean isPointRead() {
    return false;
  }

  /**
   * True when the statement is, in the session's current state, a command that only touches the
   * session's memory (see {@link Session#isSessionCommand}): pgjdbc server-prepares its COMMIT.
   * Never blocks; false when unsure.
   */
  default boolean isSessionCommand() {
    return false;
  }

  @Override
  void close();
}
