package io.heliosdb.hidb.error;

/** The one exception type that crosses module boundaries; front ends map {@link #code()} to their protocol. */
public class HeliosException extends RuntimeException {
  private final ErrorCode code;

  public HeliosException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public HeliosException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static HeliosException notSupported(String what) {
    return new HeliosException(ErrorCode.FEATURE_NOT_SUPPORTED, what + " is not supported");
  }
}
