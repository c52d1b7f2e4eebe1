package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/** Sent on a new connection to cancel the running statement of the session with this key. */
public record CancelRequest(int processId, int secretKey) implements FrontendMessage {
  public static final int CODE = 80877102;

  /** Decodes the body after the length and code fields. */
  public static CancelRequest decode(ByteBuf body) {
    CancelRequest r = new CancelRequest(Buffers.readInt(body), Buffers.readInt(body));
    if (body.isReadable()) {
      throw Buffers.malformed("invalid length of cancel request");
    }
    return r;
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeInt(16);
    out.writeInt(CODE);
    out.writeInt(processId);
    out.writeInt(secretKey);
  }
}
