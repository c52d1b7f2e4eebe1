package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/** A message the server sends; {@link #encode} appends the whole frame (type byte, length, body). */
public interface BackendMessage {
  void encode(ByteBuf out);
}
