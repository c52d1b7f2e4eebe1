package io.heliosdb.planner.exec;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;

/**
 * A write met a version committed after the statement's snapshot (first committer wins). Under
 * READ COMMITTED the statement restarts with a new snapshot; otherwise it is 40001.
 */
public final class WriteConflict extends HeliosException {
  public WriteConflict(String message) {
    super(ErrorCode.SERIALIZATION_FAILURE, message);
  }
}
