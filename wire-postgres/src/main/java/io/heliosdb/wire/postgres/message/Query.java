package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/** 'Q': a simple-protocol query string (possibly several statements). */
public record Query(String sql) implements FrontendMessage {
  public static Query decode(ByteBuf body) {
    return new Query(Buffers.readCString(body));
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Buffers.beginFrame(out, 'Q');
    Buffers.writeCString(out, sql);
    Buffers.endFrame(out, at);
  }
}
