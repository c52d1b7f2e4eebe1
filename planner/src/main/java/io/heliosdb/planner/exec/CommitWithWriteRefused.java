package io.heliosdb.planner.exec;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;

/**
 * A write round that was to commit its transaction did not (ADR 0027): a cell refused the write
 * (a conflict, a duplicate key, ...), or a read above the proposed commit timestamp came first.
 * The transaction is aborted and being undone; the session runs the statement again the two-round
 * way in a new transaction, where a conflict is waited for and an error reported as usual.
 */
public final class CommitWithWriteRefused extends HeliosException {
  public CommitWithWriteRefused(RuntimeException cause) {
    super(ErrorCode.SERIALIZATION_FAILURE, "the statement's write round did not commit"
        + (cause == null ? "" : ": " + cause.getMessage()), cause);
  }
}
