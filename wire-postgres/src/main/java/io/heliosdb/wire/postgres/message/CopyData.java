package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/** 'd': a chunk of COPY data. */
public record CopyData(byte[] data) implements FrontendMessage {
  public static CopyData decode(ByteBuf body) {
    return new CopyData(Buffers.readBytes(body, body.readableBytes()));
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Buffers.beginFrame(out, 'd');
    out.writeBytes(data);
    Buffers.endFrame(out, at);
  }
}
