package io.heliosdb.wire.mysql.packet;

import io.netty.buffer.ByteBuf;

/** Extra authentication data from the server: caching_sha2_password's status bytes or its RSA public key. */
public record AuthMoreData(byte[] data) {
  /** caching_sha2_password: the scramble matched the cached digest. */
  public static final AuthMoreData FAST_AUTH_SUCCESS = new AuthMoreData(new byte[] {3});
  /** caching_sha2_password: send the password (over TLS, or RSA-encrypted). */
  public static final AuthMoreData PERFORM_FULL_AUTH = new AuthMoreData(new byte[] {4});

  public AuthMoreData {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  public void encode(ByteBuf out) {
    out.writeByte(0x01);
    out.writeBytes(data);
  }
}
