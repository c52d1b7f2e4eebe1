package io.heliosdb.hidb.error;

/**
 * A row broke a constraint. Carries what each protocol shows besides the code: PostgreSQL's
 * DETAIL line and the constraint's name, and MySQL's own error number and wording, which name
 * things differently (e.g. "Duplicate entry '1' for key 't.t_a_key'").
 */
public final class ConstraintViolation extends HeliosException {
  private final String detail;
  private final String constraint;
  private final int mysqlErrno;
  private final String mysqlMessage;

  /**
   * @param message the PostgreSQL message
   * @param detail PostgreSQL's DETAIL, or null
   * @param constraint the violated constraint's name
   * @param mysqlErrno MySQL's error number (e.g. 1062, 1451, 1452, 3819)
   * @param mysqlMessage MySQL's message
   */
  public ConstraintViolation(ErrorCode code, String message, String detail, String constraint, int mysqlErrno,
      String mysqlMessage) {
    super(code, message);
    this.detail = detail;
    this.constraint = constraint;
    this.mysqlErrno = mysqlErrno;
    this.mysqlMessage = mysqlMessage;
  }

  public String detail() {
    return detail;
  }

  public String constraint() {
    return constraint;
  }

  public int mysqlErrno() {
    return mysqlErrno;
  }

  public String mysqlMessage() {
    return mysqlMessage;
  }
}
