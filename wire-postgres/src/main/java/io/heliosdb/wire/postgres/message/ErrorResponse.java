package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/**
 * 'E' (or 'N' as a notice): severity, SQLSTATE, message and optional detail and hint.
 *
 * @param severity "ERROR", "FATAL", "WARNING", "NOTICE", ... (sent as both S and V)
 * @param detail null when absent
 * @param hint null when absent
 * @param where the context ('W', e.g. "COPY t, line 3"); null when absent
 */
public record ErrorResponse(String severity, String sqlState, String message, String detail, String hint,
    String where) implements BackendMessage {

  public ErrorResponse {
    // S, V, C and M are always present: clients rely on them
    severity = severity == null ? "ERROR" : severity;
    sqlState = sqlState == null ? "XX000" : sqlState;
    message = message == null ? "" : message;
  }

  public ErrorResponse(String severity, String sqlState, String message, String detail, String hint) {
    this(severity, sqlState, message, detail, hint, null);
  }

  /** The same error with a context line ('W'), as PostgreSQL adds for COPY. */
  public ErrorResponse withWhere(String context) {
    return new ErrorResponse(severity, sqlState, message, detail, hint, context);
  }

  public static ErrorResponse error(String sqlState, String message) {
    return new ErrorResponse("ERROR", sqlState, message, null, null);
  }

  public static ErrorResponse fatal(String sqlState, String message) {
    return new ErrorResponse("FATAL", sqlState, message, null, null);
  }

  public boolean isFatal() {
    return severity.equals("FATAL") || severity.equals("PANIC");
  }

  @Override
  public void encode(ByteBuf out) {
    encodeFields(out, 'E', this);
  }

  static void encodeFields(ByteBuf out, char type, ErrorResponse e) {
    int at = Buffers.beginFrame(out, type);
    field(out, 'S', e.severity);
    field(out, 'V', e.severity);
    field(out, 'C', e.sqlState);
    field(out, 'M', e.message);
    field(out, 'D', e.detail);
    field(out, 'H', e.hint);
    field(out, 'W', e.where);
    out.writeByte(0);
    Buffers.endFrame(out, at);
  }

  private static void field(ByteBuf out, char code, String value) {
    if (value != null) {
      out.writeByte(code);
      Buffers.writeCString(out, value);
    }
  }
}
