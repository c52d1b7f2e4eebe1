package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/** SSLRequest or GSSENCRequest: 8 bytes, sent before the StartupMessage. */
public enum EncryptionRequest implements FrontendMessage {
  SSL(80877103),
  GSSENC(80877104);

  private final int code;

  EncryptionRequest(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The request with this code, or null. */
  public static EncryptionRequest of(int code) {
    for (EncryptionRequest r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    return null;
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeInt(8);
    out.writeInt(code);
  }
}
