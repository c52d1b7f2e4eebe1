package io.heliosdb.wire.mysql.packet;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Writes MySQL's length-encoded integers and strings into a payload buffer. */
public final class PayloadWriter {
  private PayloadWriter() {}

  public static void lenencInt(ByteBuf out, long v) {
    if (v < 0xFB && v >= 0) {
      out.writeByte((int) v);
    } else if (v >= 0 && v < (1 << 16)) {
      out.writeByte(0xFC).writeShortLE((int) v);
    } else if (v >= 0 && v < (1 << 24)) {
      out.writeByte(0xFD).writeMediumLE((int) v);
    } else {
      out.writeByte(0xFE).writeLongLE(v);
    }
  }

  public static void lenencBytes(ByteBuf out, byte[] bytes) {
    lenencInt(out, bytes.length);
    out.writeBytes(bytes);
  }

  public static void lenencString(ByteBuf out, String s) {
    lenencBytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  public static void nulTerminated(ByteBuf out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8)).writeByte(0);
  }
}
