package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/** 'K': the key a client sends in a CancelRequest to cancel this session's statement. */
public record BackendKeyData(int processId, int secretKey) implements BackendMessage {
  @Override
  public void encode(ByteBuf out) {
    int at = Buffers.beginFrame(out, 'K');
    out.writeInt(processId);
    out.writeInt(secretKey);
    Buffers.endFrame(out, at);
  }
}
