package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/** 'E': run a portal, returning at most {@code maxRows} rows (0 = all). */
public record Execute(String portalName, int maxRows) implements FrontendMessage {
  public static Execute decode(ByteBuf body) {
    return new Execute(Buffers.readCString(body), Buffers.readInt(body));
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Buffers.beginFrame(out, 'E');
    Buffers.writeCString(out, portalName);
    out.writeInt(maxRows);
    Buffers.endFrame(out, at);
  }
}
