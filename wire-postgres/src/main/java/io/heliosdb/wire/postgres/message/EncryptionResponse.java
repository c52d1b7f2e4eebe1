package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/** The one-byte answer to an SSLRequest/GSSENCRequest: 'S' (go ahead) or 'N' (not available). */
public enum EncryptionResponse implements BackendMessage {
  ACCEPTED('S'),
  REFUSED('N');

  private final char code;

  EncryptionResponse(char code) {
    this.code = code;
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(code);
  }
}
