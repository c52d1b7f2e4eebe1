package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/** A message the client sends. {@link #encode} writes the whole frame (used by tests and tools). */
public interface FrontendMessage {
  void encode(ByteBuf out);
}
