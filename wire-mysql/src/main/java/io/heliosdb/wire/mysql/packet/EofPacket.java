package io.heliosdb.wire.mysql.packet;

import io.netty.buffer.ByteBuf;

/** EOF_Packet: ends column definitions and rows for clients without CLIENT_DEPRECATE_EOF. */
public record EofPacket(int warnings, int statusFlags) {
  public void encode(ByteBuf out) {
    out.writeByte(0xFE);
    out.writeShortLE(warnings);
    out.writeShortLE(statusFlags);
  }
}
