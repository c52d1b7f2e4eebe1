package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** 't': the type OIDs of a prepared statement's parameters. */
public record ParameterDescription(List<Integer> typeOids) implements BackendMessage {
  public ParameterDescription {
    typeOids = List.copyOf(typeOids);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Buffers.beginFrame(out, 't');
    out.writeShort(typeOids.size());
    typeOids.forEach(out::writeInt);
    Buffers.endFrame(out, at);
  }
}
