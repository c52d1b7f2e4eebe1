package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/** 'S': reports the current value of a run-time setting. */
public record ParameterStatus(String name, String value) implements BackendMessage {
  @Override
  public void encode(ByteBuf out) {
    int at = Buffers.beginFrame(out, 'S');
    Buffers.writeCString(out, name);
    Buffers.writeCString(out, value);
    Buffers.endFrame(out, at);
  }
}
