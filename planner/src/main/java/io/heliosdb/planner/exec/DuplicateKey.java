package io.heliosdb.planner.exec;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;

/**
 * A cell refused an INSERT intent because a live row holds its primary key. Carries the encoded
 * key, so the writer of the rows can name the duplicate value as PostgreSQL's DETAIL and MySQL's
 * 1062 do.
 */
public final class DuplicateKey extends HeliosException {
  private final byte[] key;

  DuplicateKey(String message, byte[] key) {
    super(ErrorCode.UNIQUE_VIOLATION, message);
    this.key = key.clone();
  }

  /** The encoded primary key that already exists. */
  public byte[] key() {
    return key.clone();
  }
}
