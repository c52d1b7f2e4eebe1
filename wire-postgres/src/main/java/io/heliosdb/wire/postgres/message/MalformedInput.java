package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/**
 * Not a real message: what the frame decoder emits when the bytes cannot be a valid message. The
 * connection answers with a FATAL ErrorResponse carrying {@code sqlState} and closes.
 */
public record MalformedInput(String sqlState, String reason) implements FrontendMessage {
  @Override
  public void encode(ByteBuf out) {
    throw new UnsupportedOperationException("malformed input has no encoding");
  }
}
