package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/** Backend messages without a body. */
public enum EmptyBackendMessage implements BackendMessage {
  PARSE_COMPLETE('1'),
  BIND_COMPLETE('2'),
  CLOSE_COMPLETE('3'),
  NO_DATA('n'),
  PORTAL_SUSPENDED('s'),
  EMPTY_QUERY_RESPONSE('I'),
  /** 'c': the end of a COPY TO STDOUT's data. */
  COPY_DONE('c');

  private final char type;

  EmptyBackendMessage(char type) {
    this.type = type;
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte(type);
    out.writeInt(4);
  }
}
