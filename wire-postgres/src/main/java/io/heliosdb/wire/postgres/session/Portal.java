package io.heliosdb.wire.postgres.session;

import io.heliosdb.planner.api.StatementResult;
import java.util.List;

/**
 * A bound statement ready to run, possibly part-way through its rows. Mutable only by its
 * connection's serial executor: Execute with a row limit leaves the cursor open in here.
 */
final class Portal {
  final String name;
  final PreparedEntry statement;
  final List<Object> parameters;
  final short[] resultFormats;
  final List<ColumnWriter> writers;
  private StatementResult result;
  private boolean done;

  Portal(String name, PreparedEntry statement, List<Object> parameters, short[] resultFormats,
      List<ColumnWriter> writers) {
    this.name = name;
    this.statement = statement;
    this.parameters = parameters;
    this.resultFormats = resultFormats;
    this.writers = writers;
  }

  StatementResult result() {
    return result;
  }

  void started(StatementResult result) {
    this.result = result;
  }

  boolean isDone() {
    return done;
  }

  /** The rows are all sent (or the run failed): release the cursor. */
  void finish() {
    done = true;
    if (result != null) {
      result.rows().close();
    }
  }
}
