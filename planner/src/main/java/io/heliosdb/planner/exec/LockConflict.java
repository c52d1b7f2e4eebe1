package io.heliosdb.planner.exec;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.TxnMeta;

/**
 * A write or lock met a row another transaction holds (a pending intent or lock): the statement
 * waits for that transaction and restarts (ADR 0008). Thrown by {@link CellWriter}; if nobody
 * handles it, it is the 40001 it extends.
 */
public final class LockConflict extends HeliosException {
  private final TxnMeta holder;

  public LockConflict(TxnMeta holder, String message) {
    super(ErrorCode.SERIALIZATION_FAILURE, message);
    this.holder = holder;
  }

  /** The transaction holding the row. */
  public TxnMeta holder() {
    return holder;
  }
}
