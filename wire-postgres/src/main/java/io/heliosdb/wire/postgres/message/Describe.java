package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/** 'D': describe a prepared statement ('S') or a portal ('P'). */
public record Describe(char kind, String name) implements FrontendMessage {
  public static Describe decode(ByteBuf body) {
    char kind = (char) Buffers.readByte(body);
    if (kind != 'S' && kind != 'P') {
      throw Buffers.malformed("invalid DESCRIBE message subtype " + (int) kind);
    }
    return new Describe(kind, Buffers.readCString(body));
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Buffers.beginFrame(out, 'D');
    out.writeByte(kind);
    Buffers.writeCString(out, name);
    Buffers.endFrame(out, at);
  }
}
