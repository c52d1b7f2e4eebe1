package io.heliosdb.planner.exec;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.Status;
import io.heliosdb.hidb.proto.StatusCode;

/** Turns a cell's Status into the neutral exception compute throws. */
final class CellStatus {
  private CellStatus() {}

  static boolean isOk(Status status) {
    return status.getCode() == StatusCode.OK;
  }

  static HeliosException toException(Status status, String tableName) {
    ErrorCode code = switch (status.getCode()) {
      case UNIQUE_VIOLATION -> ErrorCode.UNIQUE_VIOLATION;
      case UNKNOWN_TABLE -> ErrorCode.UNDEFINED_TABLE;
      case PROTOCOL_VERSION_MISMATCH -> ErrorCode.INTERNAL_ERROR;
      case STALE_SCHEMA -> ErrorCode.SERIALIZATION_FAILURE;
      default -> fromName(status.getErrorCode());
    };
    String message = status.getMessage();
    if (code == ErrorCode.UNIQUE_VIOLATION) {
      message = "duplicate key value violates unique constraint \"" + tableName + "_pkey\"";
    }
    return new HeliosException(code, message);
  }

  private static ErrorCode fromName(String name) {
    if (name != null && !name.isEmpty()) {
      try {
        return ErrorCode.valueOf(name);
      } catch (IllegalArgumentException ignored) {
        // fall through
      }
    }
    return ErrorCode.INTERNAL_ERROR;
  }
}
