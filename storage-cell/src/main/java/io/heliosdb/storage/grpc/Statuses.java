package io.heliosdb.storage.grpc;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.Status;
import io.heliosdb.hidb.proto.StatusCode;

/** Builders of HIDB Status values. */
final class Statuses {
  private Statuses() {}

  static Status of(StatusCode code, String message) {
    return Status.newBuilder().setCode(code).setMessage(message).build();
  }

  static Status of(StatusCode code, ErrorCode errorCode, String message) {
    return Status.newBuilder().setCode(code).setMessage(message).setErrorCode(errorCode.name()).build();
  }

  static Status of(StatusCode code, HeliosException e) {
    return of(code, e.code(), e.getMessage());
  }
}
