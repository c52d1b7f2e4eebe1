package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** 'v': the newest minor protocol version the server speaks and the `_pq_.` options it does not know. */
public record NegotiateProtocolVersion(int newestMinorVersion, List<String> unrecognizedOptions)
    implements BackendMessage {
  public NegotiateProtocolVersion {
    unrecognizedOptions = List.copyOf(unrecognizedOptions);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Buffers.beginFrame(out, 'v');
    out.writeInt(newestMinorVersion);
    out.writeInt(unrecognizedOptions.size());
    unrecognizedOptions.forEach(o -> Buffers.writeCString(out, o));
    Buffers.endFrame(out, at);
  }
}
