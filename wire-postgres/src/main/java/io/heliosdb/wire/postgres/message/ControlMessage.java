package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/** Frontend messages without a body: Sync, Flush, Terminate, CopyDone. */
public enum ControlMessage implements FrontendMessage {
  SYNC('S'),
  FLUSH('H'),
  TERMINATE('X'),
  COPY_DONE('c');

  private final char type;

  ControlMessage(char type) {
    this.type = type;
  }

  public char type() {
    return type;
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(type);
    out.writeInt(4);
  }
}
