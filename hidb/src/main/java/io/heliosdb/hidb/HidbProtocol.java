package io.heliosdb.hidb;

import io.heliosdb.hidb.proto.RequestHeader;
import io.heliosdb.hidb.proto.Status;
import io.heliosdb.hidb.proto.StatusCode;

/** Version of the HIDB contract. A cell refuses a request whose major version differs from its own. */
public final class HidbProtocol {
  public static final int MAJOR = 1;
  public static final int MINOR = 0;

  private static final RequestHeader CURRENT =
      RequestHeader.newBuilder().setProtocolMajor(MAJOR).setProtocolMinor(MINOR).build();
  private static final Status OK = Status.newBuilder().setCode(StatusCode.OK).build();

  private HidbProtocol() {}

  public static RequestHeader header() {
    return CURRENT;
  }

  public static Status ok() {
    return OK;
  }

  /** Returns OK when the peer speaks our major version, else a PROTOCOL_VERSION_MISMATCH status. */
  public static Status check(RequestHeader header) {
    if (header.getProtocolMajor() == MAJOR) {
      return OK;
    }
    return Status.newBuilder()
        .setCode(StatusCode.PROTOCOL_VERSION_MISMATCH)
        .setMessage("HIDB protocol major version " + header.getProtocolMajor()
            + " is not supported by this node (it speaks " + MAJOR + "." + MINOR + ")")
        .build();
  }
}
