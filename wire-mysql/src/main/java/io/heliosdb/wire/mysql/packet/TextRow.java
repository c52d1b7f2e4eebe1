package io.heliosdb.wire.mysql.packet;

import io.netty.buffer.ByteBuf;

/** ProtocolText::ResultsetRow: each value as a length-encoded string, 0xFB for NULL. */
public final class TextRow {
  private TextRow() {}

  /** Encodes one row of values already in their text form (null = SQL NULL). */
  public static void encode(ByteBuf out, byte[][] values) {
    for (byte[] v : values) {
      if (v == null) {
        out.writeByte(0xFB);
      } else {
        PayloadWriter.lenencBytes(out, v);
      }
    }
  }
}
