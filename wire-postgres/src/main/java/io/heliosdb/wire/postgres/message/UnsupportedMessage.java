package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/** A well-formed frontend message HeliosDB does not implement (FunctionCall 'F'); answered with 0A000. */
public record UnsupportedMessage(char type, String what) implements FrontendMessage {
  @Override
  public void encode(ByteBuf out) {
    int at = Buffers.beginFrame(out, type);
    Buffers.endFrame(out, at);
  }
}
