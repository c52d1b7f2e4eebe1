package io.heliosdb.wire.mysql.packet;

import io.netty.buffer.ByteBuf;

/**
 * OK_Packet: success of a command, or (header 0xFE, with CLIENT_DEPRECATE_EOF) the end of a
 * result set's rows.
 *
 * @param endOfRows true for the 0xFE form that ends rows
 */
public record OkPacket(long affectedRows, long lastInsertId, int statusFlags, int warnings, boolean endOfRows) {

  public static OkPacket of(long affectedRows, int statusFlags) {
    return new OkPacket(affectedRows, 0, statusFlags, 0, false);
  }

  public static OkPacket endOfRows(int statusFlags) {
    return new OkPacket(0, 0, statusFlags, 0, true);
  }

  public void encode(ByteBuf out) {
    out.writeByte(endOfRows ? 0xFE : 0x00);
    PayloadWriter.lenencInt(out, affectedRows);
    PayloadWriter.lenencInt(out, lastInsertId);
    out.writeShortLE(statusFlags);
    out.writeShortLE(warnings);
  }
}
