package io.heliosdb.wire.postgres.session;

import io.heliosdb.planner.api.Session;
import io.heliosdb.planner.api.TransactionState;
import io.heliosdb.wire.postgres.message.ControlMessage;
import io.heliosdb.wire.postgres.message.Bind;
import io.heliosdb.wire.postgres.message.FrontendMessage;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL's implicit transaction block: outside BEGIN, everything up to a Sync runs as one
 * transaction, so when one statement of a pipeline or a driver batch (psycopg 3 pipeline, asyncpg
 * executemany, pgjdbc executeBatch) fails, none of the batch's writes stay. A lone Execute before
 * its Sync is left in autocommit (the same outcome, without the undo log). An explicit BEGIN inside
 * the block makes it the client's own; an explicit COMMIT or ROLLBACK ends it. Used by one
 * connection's serial executor only.
 */
final class ImplicitTransaction {
  private static final Set<String> TRANSACTION_CONTROL = Set.of("BEGIN", "START", "COMMIT", "END", "ROLLBACK",
      "ABORT", "SAVEPOINT", "RELEASE", "PREPARE");

  private boolean open;

  boolean isOpen() {
    return open;
  }

  /**
   * Whether another statement may run before the next Sync: a Bind (each run of a statement needs
   * one) follows in this batch, or the batch ended without a Sync (Flush or size limit). More
   * Executes of the same suspended portal do not count: they fetch rows of one statement.
   */
  static boolean statementMayFollow(List<FrontendMessage> batch, int from) {
    for (int i = from; i < batch.size(); i++) {
      FrontendMessage m = batch.get(i);
      if (m == ControlMessage.SYNC) {
        return false;
      }
      if (m instanceof Bind) {
        return true;
      }
    }
    return true;
  }

  /** Called before a statement runs with its command word; opens the block when the batch needs one. */
  void beforeExecute(Session session, String command, boolean moreInBatch) {
    if (open) {
      if (command.equals("BEGIN") || command.equals("START")) {
        open = false; // PostgreSQL turns the implicit block into the client's explicit one
      }
      return;
    }
    if (moreInBatch && !TRANSACTION_CONTROL.contains(command)
        && session.transactionState() == TransactionState.IDLE) {
      session.execute("BEGIN");
      open = true;
    }
  }

  /** Called after a statement succeeded: a COMMIT or ROLLBACK of the client's ended the block. */
  void afterStatement(Session session) {
    if (open && session.transactionState() == TransactionState.IDLE) {
      open = false;
    }
  }

  /** At Sync: commits the block, or rolls it back when a statement failed. */
  void end(Session session) {
    if (!open) {
      return;
    }
    open = false;
    session.execute(session.transactionState() == TransactionState.FAILED ? "ROLLBACK" : "COMMIT");
  }
}
