package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/**
 * 'p': the authentication response. Its body depends on the phase: a SASLInitialResponse or a
 * SASLResponse (see {@link SaslInitialResponse}, {@link SaslResponse}).
 */
public record PasswordMessage(byte[] body) implements FrontendMessage {
  public static PasswordMessage decode(ByteBuf body) {
    return new PasswordMessage(Buffers.readBytes(body, body.readableBytes()));
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Buffers.beginFrame(out, 'p');
    out.writeBytes(body);
    Buffers.endFrame(out, at);
  }
}
