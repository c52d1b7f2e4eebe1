package io.heliosdb.wire.postgres.copy;

/**
 * A COPY failed on a row: the SQLSTATE and message PostgreSQL gives, and its context line
 * ("COPY t, line 3, column a: \"x\"") for the ErrorResponse's W field.
 */
public final class CopyFailure extends RuntimeException {
  /** PostgreSQL's bad_copy_file_format: wrong column count, unterminated quote. */
  public static final String BAD_COPY_FILE_FORMAT = "22P04";

  private final String sqlState;
  private final String where;

  public CopyFailure(String sqlState, String message, String where) {
    super(message, null, false, false);
    this.sqlState = sqlState;
    this.where = where;
  }

  public String sqlState() {
    return sqlState;
  }

  /** The context line, or null. */
  public String where() {
    return where;
  }
}
