package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** 'P': prepare a statement; parameter type OIDs may be 0 (unspecified). */
public record Parse(String statementName, String sql, List<Integer> parameterTypeOids) implements FrontendMessage {
  public Parse {
    parameterTypeOids = List.copyOf(parameterTypeOids);
  }

  public static Parse decode(ByteBuf body) {
    String name = Buffers.readCString(body);
    String sql = Buffers.readCString(body);
    int n = Buffers.readShort(body) & 0xffff;
    List<Integer> oids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      oids.add(Buffers.readInt(body));
    }
    return new Parse(name, sql, oids);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Buffers.beginFrame(out, 'P');
    Buffers.writeCString(out, statementName);
    Buffers.writeCString(out, sql);
    out.writeShort(parameterTypeOids.size());
    parameterTypeOids.forEach(out::writeInt);
    Buffers.endFrame(out, at);
  }
}
