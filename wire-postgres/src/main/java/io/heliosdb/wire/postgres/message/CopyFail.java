package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/** 'f': the client aborts a COPY FROM STDIN. */
public record CopyFail(String reason) implements FrontendMessage {
  public static CopyFail decode(ByteBuf body) {
    return new CopyFail(Buffers.readCString(body));
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Buffers.beginFrame(out, 'f');
    Buffers.writeCString(out, reason);
    Buffers.endFrame(out, at);
  }
}
