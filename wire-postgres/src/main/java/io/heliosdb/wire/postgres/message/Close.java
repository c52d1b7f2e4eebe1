package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/** 'C': close a prepared statement ('S') or a portal ('P'). */
public record Close(char kind, String name) implements FrontendMessage {
  public static Close decode(ByteBuf body) {
    char kind = (char) Buffers.readByte(body);
    if (kind != 'S' && kind != 'P') {
      throw Buffers.malformed("invalid CLOSE message subtype " + (int) kind);
    }
    return new Close(kind, Buffers.readCString(body));
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Buffers.beginFrame(out, 'C');
    out.writeByte(kind);
    Buffers.writeCString(out, name);
    Buffers.endFrame(out, at);
  }
}
